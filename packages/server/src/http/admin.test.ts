/**
 * Administration under 三权分立 over HTTP (issue #3; SEC-04…SEC-07): accounts by the system administrator, roles
 * and grants by the security administrator, audit browse/verify/export by the audit administrator — each audited,
 * none able to do another's job, nobody changing their own roles.
 */
import { AuditPage, GrantSummary, OneTimeCredential, StaffSummary } from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../security/audit-chain.js";
import { loadActorByUsername } from "../services/security/access.js";
import { readAuditEvents } from "../services/security/audit-log.js";
import { CSRF_HEADER, CSRF_HEADER_VALUE } from "./middleware/auth.js";
import { createHttpTestEnv, type HttpTestEnv, type TestSession } from "./test-support.js";

let env: HttpTestEnv;
let sys: TestSession;
let sec: TestSession;
let aud: TestSession;
beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  sys = await env.loginAs({ username: "sys1", roles: ["system_admin"], jurisdictionCode: null });
  sec = await env.loginAs({ username: "sec1", roles: ["security_admin"], jurisdictionCode: null });
  aud = await env.loginAs({ username: "aud1", roles: ["audit_admin"], jurisdictionCode: null });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const jsonBody = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function lastEvent() {
  return (await readAuditEvents(env.ctx, { limit: 100_000 })).at(-1);
}

describe("accounts (system administrator)", () => {
  let oneTime = "";
  it("creates an account without roles and a one-time password; the security administrator cannot", async () => {
    const res = await sys.request("/api/v1/admin/staff", jsonBody({ username: "newbie" }));
    expect(res.status).toBe(201);
    const cred = OneTimeCredential.parse(await res.json());
    expect(cred.username).toBe("newbie");
    expect(cred.password).toHaveLength(24);
    oneTime = cred.password;
    expect(await lastEvent()).toMatchObject({ actor: "sys1", action: "staff.create", object: "staff:newbie" });
    const list = StaffSummary.array().parse(await (await sys.request("/api/v1/admin/staff")).json());
    expect(list.find((s) => s.username === "newbie")).toMatchObject({ roles: [], mustChangePassword: true });
    expect((await sec.request("/api/v1/admin/staff", jsonBody({ username: "x2" }))).status).toBe(403);
    expect((await sys.request("/api/v1/admin/staff", jsonBody({ username: "newbie" }))).status).toBe(409);
  });

  it("disable ends the sessions and blocks login; enable restores; nobody disables themselves", async () => {
    const login = () =>
      env.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", [CSRF_HEADER]: CSRF_HEADER_VALUE },
        body: JSON.stringify({ username: "newbie", password: oneTime }),
      });
    const first = await login();
    expect(first.status).toBe(200);
    const cookie = (first.headers.getSetCookie()[0] as string).split(";")[0] as string;
    expect((await sys.request("/api/v1/admin/staff/newbie/disable", { method: "POST" })).status).toBe(204);
    expect((await env.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
    expect((await login()).status).toBe(401);
    expect((await sys.request("/api/v1/admin/staff/sys1/disable", { method: "POST" })).status).toBe(400);
    expect((await sys.request("/api/v1/admin/staff/newbie/enable", { method: "POST" })).status).toBe(204);
    expect((await login()).status).toBe(200);
    expect((await sys.request("/api/v1/admin/staff/nobody/disable", { method: "POST" })).status).toBe(404);
  });

  it("reset gives a new one-time password, removes TOTP and ends sessions (audited)", async () => {
    const target = await env.loginAs({ username: "forgetful", roles: ["leader"], jurisdictionCode: "140400" });
    const res = await sys.request("/api/v1/admin/staff/forgetful/reset", { method: "POST" });
    expect(res.status).toBe(200);
    expect(OneTimeCredential.parse(await res.json()).username).toBe("forgetful");
    expect((await target.request("/api/v1/auth/me")).status).toBe(401);
    const list = StaffSummary.array().parse(await (await sys.request("/api/v1/admin/staff")).json());
    expect(list.find((s) => s.username === "forgetful")).toMatchObject({
      mustChangePassword: true,
      totpEnabled: false,
    });
    expect(await lastEvent()).toMatchObject({ action: "staff.reset", object: "staff:forgetful", outcome: "success" });
  });
});

describe("roles and grants (security administrator)", () => {
  it("assigns roles + jurisdiction; 三权分立 conflicts and self-assignment are refused; the system administrator cannot", async () => {
    const put = (s: TestSession, user: string, body: unknown) =>
      s.request(`/api/v1/admin/staff/${user}/roles`, { ...jsonBody(body), method: "PUT" });
    expect((await put(sec, "newbie", { roles: ["county_analyst"], jurisdictionCode: "140404" })).status).toBe(204);
    expect(await loadActorByUsername(env.ctx, "newbie")).toMatchObject({
      roles: ["county_analyst"],
      jurisdictionPath: "140400/140404",
    });
    const conflict = await put(sec, "newbie", { roles: ["audit_admin", "city_analyst"], jurisdictionCode: null });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).code).toBe("role-conflict");
    expect((await put(sec, "sec1", { roles: ["security_admin"], jurisdictionCode: null })).status).toBe(409);
    expect((await put(sys, "newbie", { roles: ["leader"], jurisdictionCode: "140400" })).status).toBe(403);
    expect((await put(sec, "newbie", { roles: ["county_analyst"], jurisdictionCode: "999999" })).status).toBe(400);
    const roles = StaffSummary.array().parse(await (await sec.request("/api/v1/admin/roles")).json());
    expect(roles.find((s) => s.username === "newbie")).toMatchObject({
      roles: ["county_analyst"],
      jurisdictionCode: "140404",
    });
  });

  it("grants with expiry widen the scope for their actions only, and revoke ends them", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await sec.request(
      "/api/v1/admin/grants",
      jsonBody({
        username: "newbie",
        jurisdictionCode: "140403",
        actions: ["monitoring.read"],
        reason: "户籍地/居住地 transfer case 2026-0012",
        expiresAt,
      }),
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const actor = await loadActorByUsername(env.ctx, "newbie");
    expect(actor.grants?.map((g) => g.jurisdictionPath)).toEqual(["140400/140403"]);
    const list = GrantSummary.array().parse(await (await sec.request("/api/v1/admin/grants?activeOnly=true")).json());
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, username: "newbie", active: true, grantedBy: "sec1" });
    expect((await sec.request(`/api/v1/admin/grants/${id}/revoke`, { method: "POST" })).status).toBe(204);
    expect((await sec.request(`/api/v1/admin/grants/${id}/revoke`, { method: "POST" })).status).toBe(404);
    expect((await loadActorByUsername(env.ctx, "newbie")).grants).toEqual([]);
    expect((await aud.request("/api/v1/admin/grants")).status).toBe(403);
  });
});

describe("audit log (audit administrator only)", () => {
  it("browse with filters (the browse is audited); other administrators and analysts are refused", async () => {
    const res = await aud.request("/api/v1/admin/audit?action=staff.create&limit=5");
    expect(res.status).toBe(200);
    const page = AuditPage.parse(await res.json());
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.action === "staff.create")).toBe(true);
    expect(page.items.map((e) => e.object)).toContain("staff:newbie");
    const all = AuditPage.parse(await (await aud.request("/api/v1/admin/audit?limit=3")).json());
    expect(all.items.map((e) => e.seq)).toEqual([...all.items.map((e) => e.seq)].sort((a, b) => b - a));
    expect(all.nextBeforeSeq).toBe(all.items.at(-1)?.seq);
    expect(await lastEvent()).toMatchObject({ actor: "aud1", action: "audit.read", outcome: "success" });
    for (const s of [sys, sec]) expect((await s.request("/api/v1/admin/audit")).status).toBe(403);
    expect((await env.request("/api/v1/admin/audit")).status).toBe(403);
  });

  it("verify and export: the JSON Lines export re-verifies offline, and the export is itself audited", async () => {
    const v = await (await aud.request("/api/v1/admin/audit/verify")).json();
    expect(v).toMatchObject({ ok: true });
    const res = await aud.request("/api/v1/admin/audit/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const events = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.length).toBe(v.count);
    expect(verifyChain(events)).toMatchObject({ ok: true, count: events.length });
    expect(await lastEvent()).toMatchObject({
      actor: "aud1",
      action: "audit.export",
      details: { afterSeq: 0, count: events.length },
    });
    expect((await sec.request("/api/v1/admin/audit/export")).status).toBe(403);
  });
});
