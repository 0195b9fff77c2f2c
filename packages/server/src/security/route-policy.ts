/**
 * The policy of every API route (issue #3: "a new route without a policy fails the build"). Each route under
 * `/api/v1` maps to: `public` (no session), `session` (any logged-in user; no jurisdiction data), or an
 * {@link Action} checked with `decide()` against the jurisdiction of the data it touches (`jurisdictionFrom`).
 * `route-policy.test.ts` enumerates the routes registered in `createApp` and fails for any route missing here;
 * `http/route-access.test.ts` calls every `action` route as every role, in and out of scope.
 * Enforced in ONE place: `http/middleware/policy.ts` (run by the auth middleware after the session check).
 */
import type { Action } from "./roles.js";

export type RoutePolicy =
  | { kind: "public" }
  | { kind: "session" }
  | {
      kind: "action";
      action: Action;
      /**
       * Where the jurisdiction of the touched data comes from (`http/middleware/policy.ts`):
       * - `site`: the site named by the path parameter `:code` or the query `site` → `decide()` on its
       *   jurisdiction; without one (a list), the handler filters with `c.get("access").siteScope`;
       * - `measurement`: the site of the measurement `:id`;
       * - `scope`: the handler filters or checks records itself with `c.get("access").scope` (lists of
       *   jurisdiction records) — the middleware only requires the capability; person-level reads use
       *   `authorizeRecordAccess` (purpose + audit) from `http/middleware/policy.ts`;
       * - `none`: system objects (accounts, audit log, settings): `decide()` with no jurisdiction.
       */
      jurisdictionFrom: "site" | "measurement" | "scope" | "none";
    };

const monitoringRead: RoutePolicy = { kind: "action", action: "monitoring.read", jurisdictionFrom: "site" };

/** `METHOD /api/v1/path` (Hono path syntax) → policy. */
export const ROUTE_POLICY: Readonly<Record<string, RoutePolicy>> = {
  "GET /api/v1/health": { kind: "public" },
  "GET /api/v1/openapi.json": { kind: "public" },
  "POST /api/v1/auth/login": { kind: "public" },
  "POST /api/v1/auth/logout": { kind: "session" },
  "GET /api/v1/auth/me": { kind: "session" },
  "POST /api/v1/auth/password": { kind: "session" },
  "GET /api/v1/sources": { kind: "session" },
  "GET /api/v1/analytes": { kind: "session" },
  "GET /api/v1/geo/:name": { kind: "session" },
  "GET /api/v1/overview": monitoringRead,
  "GET /api/v1/sites": monitoringRead,
  "GET /api/v1/sites/:code": monitoringRead,
  "GET /api/v1/sites/:code/series": monitoringRead,
  "GET /api/v1/samples": monitoringRead,
  "GET /api/v1/measurements": monitoringRead,
  "GET /api/v1/measurements/:id/revisions": {
    kind: "action",
    action: "monitoring.read",
    jurisdictionFrom: "measurement",
  },
  "GET /api/v1/loads": monitoringRead,
  "GET /api/v1/weekly": monitoringRead,
  "GET /api/v1/trend": monitoringRead,
  "GET /api/v1/changes": monitoringRead,
  "GET /api/v1/imports": { kind: "action", action: "monitoring.import", jurisdictionFrom: "scope" },
  "POST /api/v1/imports": { kind: "action", action: "monitoring.import", jurisdictionFrom: "scope" },
  // assessment reports (issue #5): reading = aggregate.read, changing = report.publish; the handler checks the
  // report's jurisdiction against the actor's scope (http/routes/reports.ts)
  "GET /api/v1/reports": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "POST /api/v1/reports": { kind: "action", action: "report.publish", jurisdictionFrom: "scope" },
  "GET /api/v1/reports/:id": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "PATCH /api/v1/reports/:id": { kind: "action", action: "report.publish", jurisdictionFrom: "scope" },
  "POST /api/v1/reports/:id/regenerate": { kind: "action", action: "report.publish", jurisdictionFrom: "scope" },
  "POST /api/v1/reports/:id/review": { kind: "action", action: "report.publish", jurisdictionFrom: "scope" },
  "POST /api/v1/reports/:id/issue": { kind: "action", action: "report.publish", jurisdictionFrom: "scope" },
  "GET /api/v1/reports/:id/file": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "GET /api/v1/reports/:id/snapshot": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
};

/** The policy of a registered route (`method` upper case, `routePath` as registered), or undefined. */
export function policyForRoute(method: string, routePath: string): RoutePolicy | undefined {
  return ROUTE_POLICY[`${method.toUpperCase()} ${routePath}`];
}
