/** Exports through the one auth middleware are audited (docs/domain.md SEC-03, SEC-18). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { readAuditEvents, verifyAuditLog } from "../services/security/audit-log.js";
import { createHttpTestEnv, type HttpTestEnv } from "./test-support.js";

let env: HttpTestEnv;
beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

it("a CSV export is an audit event (user, roles, path, query); a JSON read is not", async () => {
  const before = (await readAuditEvents(env.ctx, { limit: 10_000 })).length;
  const json = await env.request("/api/v1/sites?limit=5");
  expect(json.status).toBe(200);
  expect(await readAuditEvents(env.ctx, { afterSeq: before })).toEqual([]);
  const csv = await env.request("/api/v1/sites?format=csv", { headers: { "x-forwarded-for": "203.0.113.9" } });
  expect(csv.status).toBe(200);
  const events = await readAuditEvents(env.ctx, { afterSeq: before });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    actor: "analyst",
    roles: ["city_analyst"],
    action: "export.csv",
    object: "/api/v1/sites",
    outcome: "success",
    details: { query: { format: "csv" }, forwardedFor: "203.0.113.9" },
  });
});

it("logins through the API are audited and the chain verifies", async () => {
  const res = await env.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "analyst", password: "Wrong-password-1" }),
  });
  expect(res.status).toBe(401);
  const last = (await readAuditEvents(env.ctx, { limit: 10_000 })).at(-1);
  expect(last).toMatchObject({
    action: "auth.login",
    outcome: "failure",
    details: { reason: "bad-password", attempts: 1 },
  });
  expect((await verifyAuditLog(env.ctx)).ok).toBe(true);
});
