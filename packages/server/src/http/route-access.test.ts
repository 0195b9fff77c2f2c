/**
 * Issue #3 acceptance test: EVERY registered API route × EVERY role × an in-scope and an out-of-scope jurisdiction,
 * over HTTP, against the outcome predicted by the capability matrix (`security/roles.ts`, docs/domain.md §8).
 * Data-driven from `ROUTE_POLICY`: a route added by anyone is exercised automatically (and `route-policy.test.ts`
 * fails when it has no policy entry).
 *
 * Fixture: two 长治市 test sites — HTTPTEST-02 in 潞州区 (140403) and HTTPTEST-01 in 上党区 (140404) — with lab
 * results; every data role's account sits in 潞州区 (140400/140403), administrators have no jurisdiction. Expected:
 * - `site` / `measurement` routes: `decide(role, action, {jurisdictionPath: site's path})` — 潞州区 allowed to the
 *   roles with the capability, 上党区 denied to every role (a county-A user is denied county-B data on every route);
 * - `scope` routes: allowed iff the role has the capability (the handler filters records to the scope);
 * - `none` routes: `decide(role, action, {})` (system objects);
 * - denied → 403 problem `forbidden` and an audit event `policy.deny`; allowed → neither 401 nor 403.
 * List routes are also checked for filtering: the 潞州区 user never sees the 上党区 site.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, decide } from "../security/policy.js";
import { ADMIN_ROLES, PURPOSE_REQUIRED, ROLES, type Role } from "../security/roles.js";
import { ROUTE_POLICY } from "../security/route-policy.js";
import { scopeFor } from "../security/scope.js";
import { importFile } from "../services/index.js";
import { readAuditEvents } from "../services/security/audit-log.js";
import { createHttpTestEnv, type HttpTestEnv, type TestSession } from "./test-support.js";

const IN = { site: "HTTPTEST-02", path: "140400/140403" };
const OUT = { site: "HTTPTEST-01", path: "140400/140404" };
const USER_PATH = "140400/140403";
const NOW = new Date();

let env: HttpTestEnv;
const sessions = new Map<Role, TestSession>();
const measurementOf: Record<string, string> = {};

beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  const fixtures = new URL("./fixtures/", import.meta.url);
  for (const [name, format] of [
    ["site-registry.csv", "sites"],
    ["lab-long.csv", undefined],
  ] as const) {
    const bytes = new Uint8Array(await readFile(new URL(name, fixtures)));
    const report = await importFile(env.ctx, { name, bytes }, format ? { format } : {});
    expect(report.status).toBe("imported");
  }
  for (const site of [IN.site, OUT.site]) {
    const r = await env.ctx.database.raw.query<{ id: string }>(
      "SELECT m.id FROM measurement m JOIN site s ON s.id = m.site_id WHERE s.code = $1 LIMIT 1",
      [site],
    );
    measurementOf[site] = r.rows[0]?.id as string;
  }
  for (const role of ROLES)
    sessions.set(
      role,
      await env.loginAs({
        username: `u-${role}`,
        roles: [role],
        jurisdictionCode: ADMIN_ROLES.has(role) ? null : "140403",
      }),
    );
}, 300_000);
afterAll(async () => {
  await env?.close();
});

async function headSeq(): Promise<number> {
  const r = await env.ctx.database.raw.query<{ s: number | string | null }>("SELECT max(seq) AS s FROM audit_event");
  return Number(r.rows[0]?.s ?? 0);
}

function actorOf(role: Role): Actor {
  return { id: `u-${role}`, roles: [role], jurisdictionPath: ADMIN_ROLES.has(role) ? null : USER_PATH };
}

/** The concrete request for a route pattern touching `target` (path params filled, `site` in the query). */
function requestFor(key: string, target: typeof IN): { method: string; url: string } {
  const [method = "GET", pattern = ""] = key.split(" ");
  const policy = ROUTE_POLICY[key];
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (name === "code") return target.site;
    if (name === "id" && policy?.kind === "action" && policy.jurisdictionFrom === "measurement")
      return measurementOf[target.site] as string;
    return "00000000-0000-7000-8000-000000000000";
  });
  const query = new URLSearchParams({ purpose: "route-access-test" });
  if (policy?.kind === "action" && policy.jurisdictionFrom === "site") query.set("site", target.site);
  return { method, url: `${path}?${query}` };
}

/** The outcome the matrix predicts for `role` on route `key` touching `target`. */
function expectedAllowed(role: Role, key: string, target: typeof IN): boolean {
  const p = ROUTE_POLICY[key];
  if (p?.kind !== "action") return true;
  const actor = actorOf(role);
  switch (p.jurisdictionFrom) {
    case "site":
    case "measurement":
      return decide(actor, p.action, { jurisdictionPath: target.path, purpose: "route-access-test" }, NOW).allow;
    case "scope":
      return scopeFor(actor, p.action, NOW) !== null;
    case "none":
      return decide(actor, p.action, {}, NOW).allow;
  }
}

describe("every route × every role × in/out of jurisdiction (issue #3)", () => {
  const actionRoutes = Object.entries(ROUTE_POLICY).filter(([, p]) => p.kind === "action");

  it("the matrix has routes to check, and both outcomes occur", () => {
    expect(actionRoutes.length).toBeGreaterThanOrEqual(13);
    const outcomes = new Set(actionRoutes.flatMap(([key]) => ROLES.map((r) => expectedAllowed(r, key, IN))));
    expect(outcomes).toEqual(new Set([true, false]));
  });

  for (const [key] of actionRoutes) {
    it(`${key}`, async () => {
      for (const role of ROLES) {
        const session = sessions.get(role) as TestSession;
        for (const [where, target] of [
          ["in scope (潞州区)", IN],
          ["out of scope (上党区)", OUT],
        ] as const) {
          const { method, url } = requestFor(key, target);
          const before = await headSeq();
          const init: RequestInit = { method };
          if (method !== "GET" && method !== "HEAD" && method !== "DELETE") {
            init.body = "{}";
            init.headers = { "content-type": "application/json" };
          }
          const res = await session.request(url, init);
          const allowed = expectedAllowed(role, key, target);
          const label = `${key} as ${role} ${where}: ${res.status}`;
          if (allowed) {
            expect([401, 403], label).not.toContain(res.status);
          } else {
            expect(res.status, label).toBe(403);
            expect((await res.json()).code, label).toBe("forbidden");
            const events = await readAuditEvents(env.ctx, { afterSeq: before });
            expect(
              events.some((e) => e.action === "policy.deny" && e.actor === `u-${role}` && e.outcome === "denied"),
              `${label}: audited`,
            ).toBe(true);
          }
        }
      }
    });
  }

  it("out of jurisdiction: no role reads a 上党区 site from a 潞州区 account, on any site/measurement route", () => {
    for (const [key, p] of actionRoutes)
      if (p.kind === "action" && (p.jurisdictionFrom === "site" || p.jurisdictionFrom === "measurement"))
        for (const role of ROLES) expect(expectedAllowed(role, key, OUT), `${key} ${role}`).toBe(false);
  });

  it("purpose-bound actions are never reachable without a purpose on `scope` routes", async () => {
    for (const [key, p] of actionRoutes) {
      if (p.kind !== "action" || p.jurisdictionFrom !== "scope" || !PURPOSE_REQUIRED.has(p.action)) continue;
      for (const role of ROLES) {
        const scope = scopeFor(actorOf(role), p.action, NOW);
        if (!scope || scope.assignedOnly) continue;
        const { method, url } = requestFor(key, IN);
        const res = await (sessions.get(role) as TestSession).request(url.replace(/purpose=[^&]*/, ""), { method });
        expect(res.status, `${key} ${role} without purpose`).toBe(403);
        expect((await res.json()).reason).toBe("purpose-required");
      }
    }
  });
});

describe("lists are filtered to the actor's jurisdiction", () => {
  async function json(role: Role, url: string) {
    const res = await (sessions.get(role) as TestSession).request(url);
    expect(res.status, url).toBe(200);
    return res.json();
  }

  it("a 潞州区 county analyst lists only 潞州区 sites, samples and measurements; a city analyst lists both", async () => {
    const county = await json("county_analyst", "/api/v1/sites");
    expect(county.items.map((s: { code: string }) => s.code)).toEqual([IN.site]);
    // the default test user `analyst` is the 长治市 (140400) city analyst
    const all = await (await env.request("/api/v1/sites")).json();
    expect(all.items.map((s: { code: string }) => s.code)).toEqual([OUT.site, IN.site]);
    for (const url of ["/api/v1/samples", "/api/v1/measurements"]) {
      const items = (await json("county_analyst", url)).items as { site: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.site))).toEqual(new Set([IN.site]));
    }
  });

  it("overview, trend and changes aggregate only sites in scope", async () => {
    const county = await json("county_analyst", "/api/v1/changes?analyte=methamphetamine&year=2025");
    expect(county.rows.map((r: { site: string }) => r.site)).toEqual([IN.site]);
    const all = await (await env.request("/api/v1/changes?analyte=methamphetamine&year=2025")).json();
    expect(all.rows.map((r: { site: string }) => r.site)).toEqual([OUT.site, IN.site]);
    const ov = await json("county_analyst", "/api/v1/overview");
    const meth = ov.analytes.find((a: { analyte: string }) => a.analyte === "methamphetamine");
    expect(meth.sites).toBe(1);
    const ovAll = await (await env.request("/api/v1/overview")).json();
    expect(ovAll.analytes.find((a: { analyte: string }) => a.analyte === "methamphetamine").sites).toBe(2);
    const trend = await json("county_analyst", "/api/v1/trend?analyte=methamphetamine&panel=all");
    const trendAll = await (await env.request("/api/v1/trend?analyte=methamphetamine&panel=all")).json();
    expect(trend.panel).toEqual([IN.site]);
    expect(trendAll.panel).toEqual([OUT.site, IN.site]);
  });
});
