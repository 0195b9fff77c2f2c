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
  "POST /api/v1/auth/totp/enrol": { kind: "session" },
  "POST /api/v1/auth/totp/confirm": { kind: "session" },
  "POST /api/v1/auth/logout-everywhere": { kind: "session" },
  "GET /api/v1/sources": { kind: "session" },
  "GET /api/v1/analytes": { kind: "session" },
  "GET /api/v1/geo/:name": { kind: "session" },
  "GET /api/v1/jurisdictions": { kind: "session" },
  // administration (三权分立): system objects, no jurisdiction data
  "GET /api/v1/admin/staff": { kind: "action", action: "staff.manage", jurisdictionFrom: "none" },
  "POST /api/v1/admin/staff": { kind: "action", action: "staff.manage", jurisdictionFrom: "none" },
  "POST /api/v1/admin/staff/:username/disable": { kind: "action", action: "staff.manage", jurisdictionFrom: "none" },
  "POST /api/v1/admin/staff/:username/enable": { kind: "action", action: "staff.manage", jurisdictionFrom: "none" },
  "POST /api/v1/admin/staff/:username/reset": { kind: "action", action: "staff.manage", jurisdictionFrom: "none" },
  "GET /api/v1/admin/roles": { kind: "action", action: "role.assign", jurisdictionFrom: "none" },
  "PUT /api/v1/admin/staff/:username/roles": { kind: "action", action: "role.assign", jurisdictionFrom: "none" },
  "GET /api/v1/admin/grants": { kind: "action", action: "grant.manage", jurisdictionFrom: "none" },
  "POST /api/v1/admin/grants": { kind: "action", action: "grant.manage", jurisdictionFrom: "none" },
  "POST /api/v1/admin/grants/:id/revoke": { kind: "action", action: "grant.manage", jurisdictionFrom: "none" },
  "GET /api/v1/admin/audit": { kind: "action", action: "audit.read", jurisdictionFrom: "none" },
  "GET /api/v1/admin/audit/verify": { kind: "action", action: "audit.verify", jurisdictionFrom: "none" },
  "GET /api/v1/admin/audit/export": { kind: "action", action: "audit.export", jurisdictionFrom: "none" },
  // four-eyes approvals of person-level bulk exports (SEC-18); the service decide()s on the request's jurisdiction
  "GET /api/v1/export-approvals": { kind: "action", action: "export.bulk", jurisdictionFrom: "scope" },
  "POST /api/v1/export-approvals": { kind: "action", action: "export.bulk", jurisdictionFrom: "scope" },
  "POST /api/v1/export-approvals/:id/decision": { kind: "action", action: "export.bulk", jurisdictionFrom: "scope" },
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
  // hair testing and the assessment (issue #5): aggregates = aggregate.read (k-suppressed without person access),
  // person-linked hair results = test_result.* (the service decides and audits per sample)
  "GET /api/v1/assessment/indicators": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "GET /api/v1/assessment/indicator-values": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "GET /api/v1/assessment/decline": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "GET /api/v1/assessment/index": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "GET /api/v1/assessment/hair-surveys": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "GET /api/v1/assessment/cutoff-sets": { kind: "session" },
  "POST /api/v1/assessment/imports": { kind: "action", action: "monitoring.import", jurisdictionFrom: "scope" },
  "GET /api/v1/assessment/hair-results": { kind: "action", action: "test_result.read", jurisdictionFrom: "scope" },
  "POST /api/v1/assessment/hair-results": { kind: "action", action: "test_result.write", jurisdictionFrom: "scope" },
  // closed-loop care (issue #6): the care services decide() per person/case record and audit every access
  "POST /api/v1/care/persons": { kind: "action", action: "person.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/persons/lookup": { kind: "action", action: "person.read", jurisdictionFrom: "scope" },
  "GET /api/v1/care/persons/:id": { kind: "action", action: "person.read", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "GET /api/v1/care/cases/mine": { kind: "action", action: "case.read", jurisdictionFrom: "scope" },
  "GET /api/v1/care/cases/:id": { kind: "action", action: "case.read", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/transitions": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/tests": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/violations": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/police-reports": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/leave-reports": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/services": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/stages": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/visits": { kind: "action", action: "task.assign", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/entries": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/tasks/:id/complete": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/work-group": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "GET /api/v1/care/tasks/overdue": { kind: "action", action: "task.read", jurisdictionFrom: "scope" },
  "GET /api/v1/care/tasks/mine": { kind: "action", action: "task.read", jurisdictionFrom: "scope" },
  "GET /api/v1/care/calendar": { kind: "action", action: "task.read", jurisdictionFrom: "scope" },
  "GET /api/v1/care/aggregates": { kind: "action", action: "aggregate.read", jurisdictionFrom: "scope" },
  "POST /api/v1/care/cases/:id/risk-assessments": { kind: "action", action: "case.write", jurisdictionFrom: "scope" },
  "POST /api/v1/care/risk-assessments/:id/decision": {
    kind: "action",
    action: "risk.confirm",
    jurisdictionFrom: "scope",
  },
  "POST /api/v1/care/persons/:id/seal": { kind: "action", action: "person.seal", jurisdictionFrom: "scope" },
  // early warning, leads, tracing (issue #4): the warning services decide() per alert (its site), per lead (assigned
  // or assigning unit) and per sampling task (its sites); out-of-scope records answer 404
  "GET /api/v1/alerts": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "GET /api/v1/alerts/:id": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "POST /api/v1/alerts/:id/transition": { kind: "action", action: "alert.write", jurisdictionFrom: "scope" },
  "GET /api/v1/alerts/:id/series": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "GET /api/v1/alerts/:id/trace": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "GET /api/v1/alert-suppressions": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "POST /api/v1/alert-suppressions": { kind: "action", action: "alert.write", jurisdictionFrom: "scope" },
  "DELETE /api/v1/alert-suppressions/:id": { kind: "action", action: "alert.write", jurisdictionFrom: "scope" },
  "POST /api/v1/detect": { kind: "action", action: "alert.write", jurisdictionFrom: "scope" },
  "GET /api/v1/leads": { kind: "action", action: "lead.read", jurisdictionFrom: "scope" },
  "POST /api/v1/leads": { kind: "action", action: "lead.write", jurisdictionFrom: "scope" },
  "GET /api/v1/leads/:id": { kind: "action", action: "lead.read", jurisdictionFrom: "scope" },
  "PATCH /api/v1/leads/:id": { kind: "action", action: "lead.write", jurisdictionFrom: "scope" },
  "POST /api/v1/leads/:id/transition": { kind: "action", action: "lead.write", jurisdictionFrom: "scope" },
  "POST /api/v1/leads/:id/feedback": { kind: "action", action: "lead.write", jurisdictionFrom: "scope" },
  "POST /api/v1/leads/:id/attachments": { kind: "action", action: "lead.write", jurisdictionFrom: "scope" },
  "GET /api/v1/leads/:id/attachments/:attachmentId": { kind: "action", action: "lead.read", jurisdictionFrom: "scope" },
  "GET /api/v1/supervision-orders": { kind: "action", action: "lead.read", jurisdictionFrom: "scope" },
  "GET /api/v1/inbox": { kind: "session" },
  "POST /api/v1/inbox/:id/read": { kind: "session" },
  "POST /api/v1/inbox/read-all": { kind: "session" },
  "GET /api/v1/sampling-tasks": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "POST /api/v1/sampling-tasks": { kind: "action", action: "alert.write", jurisdictionFrom: "scope" },
  "GET /api/v1/sampling-tasks/:id": { kind: "action", action: "monitoring.read", jurisdictionFrom: "scope" },
  "POST /api/v1/sampling-tasks/:id/transition": { kind: "action", action: "alert.write", jurisdictionFrom: "scope" },
  "GET /api/v1/network/:code": monitoringRead,
};

/** The policy of a registered route (`method` upper case, `routePath` as registered), or undefined. */
export function policyForRoute(method: string, routePath: string): RoutePolicy | undefined {
  return ROUTE_POLICY[`${method.toUpperCase()} ${routePath}`];
}
