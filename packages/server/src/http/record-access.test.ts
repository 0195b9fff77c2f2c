/**
 * `authorizeRecordAccess` — the one call person/case routes make per record (purpose code + decide() + one audit
 * event; docs/SECURITY.md §2.2; SEC-03, SEC-05, SEC-06, SEC-09). Exercised through a minimal route on a real context.
 */
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resource } from "../security/policy.js";
import type { Action } from "../security/roles.js";
import { readAuditEvents, verifyAuditLog } from "../services/security/audit-log.js";
import type { AppEnv } from "./env.js";
import { authorizeRecordAccess, PURPOSE_HEADER } from "./middleware/policy.js";
import { toProblem } from "./problem.js";
import { createHttpTestEnv, type HttpTestEnv } from "./test-support.js";

let env: HttpTestEnv;
let app: Hono<AppEnv>;
const CASE_ID = "2026-0012";

beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  for (const [username, roles, code] of [
    ["inv", ["investigator"], "140403"],
    ["officer", ["drug_control_officer"], "140403"],
    ["boss", ["leader"], "140400"],
  ] as const)
    await env.loginAs({ username, roles: [...roles], jurisdictionCode: code, totp: false });
  await env.ctx.database.raw.query(
    "INSERT INTO case_assignment (user_id, case_id, assigned_at) SELECT id, $1, now() FROM app_user WHERE username = 'officer'",
    [CASE_ID],
  );
  // a stand-in for a person route: the user comes from the header, the record from the query
  app = new Hono<AppEnv>();
  app.onError((err, c) => {
    const p = toProblem(err);
    return c.json(p, p.status as 403);
  });
  app.get("/person", async (c) => {
    c.set("me", {
      username: c.req.header("x-user") as string,
      roles: [],
      mustChangePassword: false,
      totpEnabled: true,
      totpRequired: true,
      mustEnrolTotp: false,
      jurisdictionCode: null,
      capabilities: [],
    });
    const target: Resource & { object: string } = {
      object: "person:p1",
      jurisdictionPath: c.req.query("path") ?? "140400/140403",
      caseId: c.req.query("case") ?? null,
      sealed: c.req.query("sealed") === "1",
    };
    const d = await authorizeRecordAccess(env.ctx, c, (c.req.query("action") ?? "person.read") as Action, target);
    return c.json({ via: d.via });
  });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

async function call(user: string, query: string, purpose?: string) {
  const res = await app.request(`/person?${query}`, {
    headers: { "x-user": user, ...(purpose ? { [PURPOSE_HEADER]: purpose } : {}) },
  });
  const last = (await readAuditEvents(env.ctx, { limit: 100_000 })).at(-1);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, last };
}

describe("authorizeRecordAccess", () => {
  it("a person look-up needs a purpose code; with one it is allowed and audited with the purpose", async () => {
    const denied = await call("inv", "");
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: "forbidden", reason: "purpose-required" });
    expect(denied.last).toMatchObject({
      actor: "inv",
      action: "person.read",
      object: "person:p1",
      outcome: "denied",
      purpose: null,
      details: { reason: "purpose-required" },
    });
    const ok = await call("inv", "", "review");
    expect(ok.status).toBe(200);
    expect(ok.last).toMatchObject({
      actor: "inv",
      roles: ["investigator"],
      jurisdiction: "140400/140403",
      purpose: "review",
      outcome: "success",
      details: { via: "scope", recordJurisdiction: "140400/140403" },
    });
  });

  it("another county's person is denied even with a purpose (audited)", async () => {
    const r = await call("inv", "path=140400/140404", "review");
    expect(r.status).toBe(403);
    expect(r.body.reason).toBe("out-of-jurisdiction");
    expect(r.last).toMatchObject({ outcome: "denied", details: { reason: "out-of-jurisdiction" } });
  });

  it("a sealed record (治安管理处罚法 §136) opens only to an investigator with a case:<id> purpose", async () => {
    expect((await call("inv", "sealed=1", "review")).body.reason).toBe("sealed");
    const ok = await call("inv", "sealed=1", `case:${CASE_ID}`);
    expect(ok.status).toBe(200);
    expect(ok.last).toMatchObject({ purpose: `case:${CASE_ID}`, outcome: "success", details: { sealed: true } });
  });

  it("a field officer reads assigned cases only (no purpose needed for the own caseload); a leader never", async () => {
    expect((await call("officer", `case=${CASE_ID}`)).status).toBe(200);
    const other = await call("officer", "case=2026-9999");
    expect(other.status).toBe(403);
    expect(other.body.reason).toBe("not-assigned");
    const leader = await call("boss", "", "statistics");
    expect(leader.status).toBe(403);
    expect(leader.body.reason).toBe("no-capability");
  });

  it("every call above left one audit event and the chain verifies", async () => {
    const events = (await readAuditEvents(env.ctx, { limit: 100_000 })).filter((e) => e.object === "person:p1");
    // 2 (purpose) + 1 (other county) + 2 (sealed) + 3 (assignment, leader)
    expect(events).toHaveLength(8);
    expect((await verifyAuditLog(env.ctx)).ok).toBe(true);
  });
});
