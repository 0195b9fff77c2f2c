/**
 * Four-eyes approval of person-level bulk exports (SEC-18) over HTTP: request with a purpose, approval by another
 * exporter of the jurisdiction, validity limited in time, subtree and requester; every step audited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAuditEvents } from "../services/security/audit-log.js";
import { liveExportApproval } from "../services/security/export-approvals.js";
import { PURPOSE_HEADER } from "./middleware/policy.js";
import { createHttpTestEnv, type HttpTestEnv, type TestSession } from "./test-support.js";

let env: HttpTestEnv;
let luzhou: TestSession;
let shangdang: TestSession;
let city: TestSession;
let leader: TestSession;
beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  luzhou = await env.loginAs({ username: "luzhou", roles: ["county_analyst"], jurisdictionCode: "140403" });
  shangdang = await env.loginAs({ username: "shangdang", roles: ["county_analyst"], jurisdictionCode: "140404" });
  city = await env.loginAs({ username: "city", roles: ["city_analyst"], jurisdictionCode: "140400" });
  leader = await env.loginAs({ username: "boss", roles: ["leader"], jurisdictionCode: "140400", totp: false });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const post = (s: TestSession, path: string, body: unknown, purpose?: string) =>
  s.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(purpose ? { [PURPOSE_HEADER]: purpose } : {}) },
    body: JSON.stringify(body),
  });

describe("bulk export approvals", () => {
  let id = "";
  it("a county analyst requests an export of 潞州区 with a purpose; without a purpose or as a leader → 403", async () => {
    const noPurpose = await post(luzhou, "/api/v1/export-approvals", {
      reason: "季度复核",
      jurisdictionCode: "140403",
    });
    expect(noPurpose.status).toBe(403);
    expect((await noPurpose.json()).reason).toBe("purpose-required");
    expect(
      (await post(leader, "/api/v1/export-approvals", { reason: "x", jurisdictionCode: "140403" }, "review")).status,
    ).toBe(403);
    // another county's data cannot be requested
    const other = await post(luzhou, "/api/v1/export-approvals", { reason: "x", jurisdictionCode: "140404" }, "review");
    expect(other.status).toBe(403);
    const res = await post(
      luzhou,
      "/api/v1/export-approvals",
      { reason: "季度复核 2026Q1", jurisdictionCode: "140403" },
      "review:2026Q1",
    );
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ requestedBy: "luzhou", purpose: "review:2026Q1", status: "requested" });
    id = body.id;
    expect(await liveExportApproval(env.ctx, "luzhou", id, "140400/140403")).toBe(false);
  });

  it("the requester cannot approve; another county cannot; the city analyst can (audited)", async () => {
    const decision = (s: TestSession) =>
      post(s, `/api/v1/export-approvals/${id}/decision`, { approve: true, validHours: 2 }, "approval");
    expect((await decision(luzhou)).status).toBe(400);
    expect((await decision(shangdang)).status).toBe(403);
    const ok = await decision(city);
    expect(ok.status).toBe(200);
    const approved = await ok.json();
    expect(approved).toMatchObject({ status: "approved", decidedBy: "city" });
    expect(new Date(approved.expiresAt).getTime() - new Date(approved.decidedAt).getTime()).toBe(2 * 3_600_000);
    expect((await decision(city)).status).toBe(400); // not pending any more
    const actions = (await readAuditEvents(env.ctx, { limit: 100_000 }))
      .filter((e) => e.object === `export-approval:${id}`)
      .map((e) => `${e.actor}:${e.action}:${e.outcome}`);
    expect(actions).toEqual([
      "luzhou:export.request:success",
      "shangdang:export.approval:denied",
      "city:export.approve:success",
    ]);
  });

  it("the approval opens decide() for its requester, inside its subtree, until it expires", async () => {
    expect(await liveExportApproval(env.ctx, "luzhou", id, "140400/140403/140403001")).toBe(true);
    expect(await liveExportApproval(env.ctx, "luzhou", id, "140400/140404")).toBe(false);
    expect(await liveExportApproval(env.ctx, "city", id, "140400/140403")).toBe(false);
    expect(await liveExportApproval(env.ctx, "luzhou", "00000000-0000-7000-8000-000000000000", null)).toBe(false);
    const realNow = env.ctx.now;
    env.ctx.now = () => new Date(Date.now() + 2 * 3_600_000 + 1000);
    try {
      expect(await liveExportApproval(env.ctx, "luzhou", id, "140400/140403")).toBe(false);
    } finally {
      env.ctx.now = realNow;
    }
    const list = await (
      await luzhou.request("/api/v1/export-approvals", { headers: { [PURPOSE_HEADER]: "review" } })
    ).json();
    expect(list.map((a: { id: string }) => a.id)).toEqual([id]);
  });
});
