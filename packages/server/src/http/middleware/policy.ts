/**
 * Route-level enforcement of the access policy — the ONE place where API requests meet `decide()`
 * (issue #3; docs/domain.md SEC-05…SEC-09; docs/SECURITY.md §2).
 *
 * `enforceRoutePolicy` runs inside the auth middleware after the session check. It finds the matched route's
 * entry in `security/route-policy.ts` `ROUTE_POLICY` (no entry → 403: deny by default) and, for `action` routes,
 * loads the actor (roles, jurisdiction path, live grants, assigned cases) and:
 * - `site` / `measurement`: resolves the jurisdiction of the site named by the request and calls `decide()`;
 *   a list request (no site named) gets `c.var.access.siteScope`, the jurisdictions the handler must filter on;
 * - `scope`: requires the capability and leaves `c.var.access.scope` for the handler;
 * - `none`: `decide()` on a system object.
 * The purpose code (SEC-06) is read from the header `X-Purpose` or the query `purpose`. A denial is a 403
 * problem `forbidden` (with `reason`) and an audit event `policy.deny`.
 *
 * {@link authorizeRecordAccess} is the helper for routes that read or write person-level records
 * (persons, cases, tests…): one call checks `decide()` with the request's purpose and writes the audit event of
 * the access (allowed or denied).
 */
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import { type Actor, type Decision, decide, type Resource } from "../../security/policy.js";
import { type Action, PURPOSE_REQUIRED } from "../../security/roles.js";
import { ROUTE_POLICY, type RoutePolicy } from "../../security/route-policy.js";
import { type AccessScope, scopeFor } from "../../security/scope.js";
import type { AppContext } from "../../services/index.js";
import type { SiteScope } from "../../services/monitoring/sites.js";
import {
  loadActorByUsername,
  measurementJurisdiction,
  type RecordJurisdiction,
  siteJurisdiction,
  siteScopeOf,
} from "../../services/security/access.js";
import { appendAuditEvent } from "../../services/security/audit-log.js";
import { liveExportApproval } from "../../services/security/export-approvals.js";
import type { AppEnv } from "../env.js";
import { ProblemError, problem } from "../problem.js";

export const PURPOSE_HEADER = "X-Purpose";
/** Header naming the approval of a person-level bulk export (`/api/v1/export-approvals`). */
export const EXPORT_APPROVAL_HEADER = "X-Export-Approval";

/** What the policy middleware leaves for the handler of an `action` route. */
export interface RequestAccess {
  actor: Actor & { username: string };
  /** `METHOD /api/v1/path` of the matched route */
  route: string;
  policy: Extract<RoutePolicy, { kind: "action" }>;
  /** the actor's reach for the route's action (lists filter on it) */
  scope: AccessScope;
  /** for `site` list routes: the sites the handler must restrict to */
  siteScope?: SiteScope;
  /** purpose code of the request (header `X-Purpose` or query `purpose`), if any */
  purpose: string | null;
}

/** The matched route `METHOD /path` (Hono pattern) of the request, or undefined when none matched. */
export function matchedRouteKey(c: Context): string | undefined {
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  const route = matchedRoutes(c)
    .filter((r) => r.method === method && r.path.startsWith("/api/"))
    .at(-1);
  return route ? `${method} ${route.path}` : undefined;
}

/** Path parameters of `pattern` (`/a/:code/b`) in `path`. */
function paramsOf(pattern: string, path: string): Record<string, string> {
  const p = pattern.split("/");
  const a = path.split("/");
  const out: Record<string, string> = {};
  p.forEach((seg, i) => {
    if (seg.startsWith(":") && a[i] !== undefined) out[seg.slice(1).replace(/\{.*\}$/, "")] = decodeURIComponent(a[i]);
  });
  return out;
}

/** The purpose code of a request: header `X-Purpose`, else query `purpose`; null when absent or blank. */
export function purposeOf(c: Context): string | null {
  const p = (c.req.header(PURPOSE_HEADER) ?? c.req.query("purpose") ?? "").trim();
  return p === "" ? null : p.slice(0, 200);
}

/** Audits a policy denial and throws the 403 problem. */
async function deny(
  ctx: AppContext,
  c: Context<AppEnv>,
  actor: Actor & { username: string },
  action: string,
  object: string,
  decision: Extract<Decision, { allow: false }>,
  details: Record<string, unknown> = {},
): Promise<never> {
  await appendAuditEvent(ctx, {
    actor: actor.username,
    roles: actor.roles,
    jurisdiction: actor.jurisdictionPath,
    purpose: purposeOf(c),
    action: "policy.deny",
    object,
    outcome: "denied",
    clientAddress: clientAddressOfRequest(c),
    details: { requested: action, reason: decision.reason, ...details },
  });
  throw new ProblemError(problem(403, "forbidden", decision.message, { reason: decision.reason }));
}

function clientAddressOfRequest(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

/**
 * Enforces the matched route's policy (see the module comment). Sets `c.var.access` for `action` routes.
 * @throws ProblemError 403 `forbidden` (audited)
 */
export async function enforceRoutePolicy(ctx: AppContext, c: Context<AppEnv>): Promise<void> {
  const key = matchedRouteKey(c);
  if (!key) return; // no route: the 404 handler answers
  const policy = ROUTE_POLICY[key];
  const me = c.get("me");
  if (!policy) {
    const actor = await loadActorByUsername(ctx, me.username);
    await deny(ctx, c, actor, "unknown", key, {
      allow: false,
      reason: "no-capability",
      message: `route ${key} has no access policy (security/route-policy.ts): denied by default`,
    });
    return;
  }
  if (policy.kind !== "action") return;
  const actor = await loadActorByUsername(ctx, me.username);
  const now = ctx.now();
  const purpose = purposeOf(c);
  const [, pattern = ""] = key.split(" ");
  const params = paramsOf(pattern, c.req.path);
  const scope = scopeFor(actor, policy.action, now);
  const check = async (resource: Resource, object: string): Promise<void> => {
    const d = decide(actor, policy.action, { ...resource, purpose }, now);
    if (!d.allow) await deny(ctx, c, actor, policy.action, object, d, { route: key });
  };
  let siteScope: SiteScope | undefined;
  let record: RecordJurisdiction | undefined;
  let object = key;
  if (policy.jurisdictionFrom === "site") {
    const code = params.code ?? c.req.query("site");
    if (code !== undefined) {
      record = await siteJurisdiction(ctx, code);
      object = `site:${code}`;
    }
  } else if (policy.jurisdictionFrom === "measurement" && params.id !== undefined) {
    record = await measurementJurisdiction(ctx, params.id);
    object = `measurement:${params.id}`;
  }
  if (record) await check({ jurisdictionPath: record.jurisdictionPath }, object);
  else if (policy.jurisdictionFrom === "none") await check({}, object);
  else if (!scope) await check({}, object); // no role has the capability: deny with decide's message
  if (!scope) return; // unreachable: check() threw
  if (policy.jurisdictionFrom === "scope" && PURPOSE_REQUIRED.has(policy.action) && !scope.assignedOnly && !purpose)
    await deny(ctx, c, actor, policy.action, object, {
      allow: false,
      reason: "purpose-required",
      message: `${policy.action} needs a purpose code (header ${PURPOSE_HEADER} or query purpose)`,
    });
  if (policy.jurisdictionFrom === "site" && !record) siteScope = await siteScopeOf(ctx, scope);
  c.set("access", { actor, route: key, policy, scope, ...(siteScope ? { siteScope } : {}), purpose });
}

/**
 * For routes on person-level records (persons, cases, test results, tasks): checks `decide()` for `action` on
 * the record with the request's purpose code (SEC-06) and writes ONE audit event of the access — outcome
 * `success` or `denied` — with actor, roles, jurisdiction, purpose, object and client address (SEC-03).
 * Call it once per record read or written, inside the route handler, before returning data:
 *
 * ```ts
 * await authorizeRecordAccess(ctx, c, "person.read", {
 *   object: `person:${id}`, jurisdictionPath: person.jurisdictionPath, caseId, sealed: person.sealed,
 * });
 * ```
 * For `export.bulk`, the approval comes from the header `X-Export-Approval: <id>` (a live approval of this user
 * covering the record, `services/security/export-approvals.ts`) unless `exportApproved` is passed.
 * Pass `tx` to write the audit event inside the caller's transaction (writes). Returns the decision (allowed).
 * @throws ProblemError 403 `forbidden` with `reason` (`purpose-required`, `out-of-jurisdiction`, `sealed`, …)
 */
export async function authorizeRecordAccess(
  ctx: AppContext,
  c: Context<AppEnv>,
  action: Action,
  target: Resource & { object: string; details?: Record<string, unknown> },
  tx?: Parameters<typeof appendAuditEvent>[2],
): Promise<Extract<Decision, { allow: true }>> {
  const access = c.get("access") as RequestAccess | undefined;
  const actor = access?.actor ?? (await loadActorByUsername(ctx, c.get("me").username));
  const purpose = target.purpose ?? purposeOf(c);
  const { object, details, ...resource } = target;
  // a bulk export is approved only by a live approval record of this user covering the record (SEC-18)
  const approvalId = c.req.header(EXPORT_APPROVAL_HEADER);
  if (action === "export.bulk" && resource.exportApproved === undefined)
    resource.exportApproved = approvalId
      ? await liveExportApproval(ctx, actor.username, approvalId, resource.jurisdictionPath)
      : false;
  const d = decide(actor, action, { ...resource, purpose }, ctx.now());
  await appendAuditEvent(
    ctx,
    {
      actor: actor.username,
      roles: actor.roles,
      jurisdiction: actor.jurisdictionPath,
      purpose,
      action,
      object,
      outcome: d.allow ? "success" : "denied",
      clientAddress: clientAddressOfRequest(c),
      details: {
        ...(d.allow ? { via: d.via, ...(d.grantId ? { grantId: d.grantId } : {}) } : { reason: d.reason }),
        ...(resource.jurisdictionPath ? { recordJurisdiction: resource.jurisdictionPath } : {}),
        ...(resource.sealed ? { sealed: true } : {}),
        ...(action === "export.bulk" && approvalId ? { exportApproval: approvalId } : {}),
        ...details,
      },
    },
    tx,
  );
  if (!d.allow) throw new ProblemError(problem(403, "forbidden", d.message, { reason: d.reason }));
  return d;
}
