import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../http/app.js";
import { isPublicRoute } from "../http/middleware/auth.js";
import { type AppContext, createAppContext } from "../services/context.js";
import { type Actor, decide } from "./policy.js";
import { ADMIN_ROLES, ROLES, type Role } from "./roles.js";
import { ROUTE_POLICY } from "./route-policy.js";

let ctx: AppContext;
const dataDir = mkdtempSync(join(tmpdir(), "tw-routes-"));
beforeAll(async () => {
  ctx = await createAppContext({ dataDir, pgliteDataDir: "memory://", log: pino({ level: "silent" }) });
}, 120_000);
afterAll(async () => {
  await ctx?.database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Who may use each data route, from docs/domain.md §8 (monitoring = wastewater data, not person data). */
const MAY_READ_MONITORING: Role[] = ["city_analyst", "county_analyst", "investigator", "leader"];
const MAY_IMPORT: Role[] = ["city_analyst", "county_analyst", "lab_technician"];

describe("route policy", () => {
  it("every registered /api/v1 route has a policy, and every policy names a registered route", () => {
    const registered = new Set(
      createApp(ctx)
        .routes.filter((r) => r.path.startsWith("/api/v1") && r.method !== "ALL")
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(
      [...registered].filter((r) => !(r in ROUTE_POLICY)),
      "routes without a policy",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_POLICY).filter((r) => !registered.has(r)),
      "policies without a route",
    ).toEqual([]);
  });

  it("`public` entries are exactly the routes the auth middleware lets through without a session", () => {
    for (const [key, p] of Object.entries(ROUTE_POLICY)) {
      const [method, path] = key.split(" ") as [string, string];
      expect(isPublicRoute(method, path.replace(/:(\w+)/g, "x")), key).toBe(p.kind === "public");
    }
  });

  it("for every role, each data route is allowed in scope exactly as domain.md §8 says, and denied out of scope", () => {
    const now = new Date("2026-03-01T08:00:00Z");
    for (const [key, p] of Object.entries(ROUTE_POLICY)) {
      // monitoring routes here (domain.md §8 spelled out); every route of every action: http/route-access.test.ts
      if (p.kind !== "action" || (p.action !== "monitoring.read" && p.action !== "monitoring.import")) continue;
      const allowedRoles = p.action === "monitoring.read" ? MAY_READ_MONITORING : MAY_IMPORT;
      for (const role of ROLES) {
        const actor: Actor = {
          id: "u",
          roles: [role],
          jurisdictionPath: ADMIN_ROLES.has(role) ? null : "140400/140403",
        };
        const inScope = decide(actor, p.action, { jurisdictionPath: "140400/140403/140403001" }, now);
        const outOfScope = decide(actor, p.action, { jurisdictionPath: "140400/140404" }, now);
        expect(inScope.allow, `${key} ${role} in scope`).toBe(allowedRoles.includes(role));
        expect(outOfScope.allow, `${key} ${role} out of scope`).toBe(false);
      }
    }
  });
});
