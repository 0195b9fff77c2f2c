/**
 * Who calls a warning service and what they may touch (docs/domain.md SEC-05; `security/policy.ts` `decide()`).
 *
 * - Alerts are wastewater products: reading them needs `monitoring.read`, changing them (acknowledge, dismiss,
 *   suppress, run detection) `alert.write`, both on the jurisdiction of the alert's SITE.
 * - Leads need `lead.read` / `lead.write` on the jurisdiction of the lead's assigned org unit (the assigning
 *   unit's staff see it too, when their scope covers that unit — e.g. the city office for a county lead).
 * Jurisdiction of a record: its code path; `null` for a site without jurisdiction (public reference data, readable
 * by every holder of the capability, as in `services/security/access.ts`); `unknown:<code>` for a code missing
 * from the tree (in nobody's scope).
 *
 * The local operator (CLI, scheduler, start-up seeding) has `actor: null`: it runs with direct database access and
 * is not policy-checked (the same trust as every other CLI command); its changes are recorded under its name.
 */
import type { Actor } from "../../security/policy.js";
import { decide } from "../../security/policy.js";
import type { Action } from "../../security/roles.js";
import type { AppContext } from "../context.js";
import { PermissionDeniedError } from "../security/staff.js";

export interface WarningCaller {
  /** recorded as the actor of every change (staff username, `cli`, `system`) */
  username: string;
  /** the policy actor; null = the local operator (see the module comment) */
  actor: Actor | null;
}

/** The CLI operator. */
export const CLI_CALLER: WarningCaller = { username: "cli", actor: null };
/** Detection runs (scheduler, after imports, seeding). */
export const SYSTEM_CALLER: WarningCaller = { username: "system", actor: null };

/** SQL expression of the jurisdiction path of a joined site `s` with jurisdiction `j` (see the module comment). */
export const SITE_PATH_SQL =
  "CASE WHEN s.jurisdiction_code IS NULL THEN NULL ELSE COALESCE(j.path, 'unknown:' || s.jurisdiction_code) END";

/** Whether the caller may do `action` on data at `jurisdictionPath`. */
export function may(ctx: AppContext, by: WarningCaller, action: Action, jurisdictionPath: string | null): boolean {
  if (by.actor === null) return true;
  return decide(by.actor, action, { jurisdictionPath }, ctx.now()).allow;
}

/**
 * Requires `action` on `jurisdictionPath`.
 * @throws PermissionDeniedError (HTTP 403) with the policy's reason
 */
export function requireMay(
  ctx: AppContext,
  by: WarningCaller,
  action: Action,
  jurisdictionPath: string | null,
  what: string,
): void {
  if (by.actor === null) return;
  const d = decide(by.actor, action, { jurisdictionPath }, ctx.now());
  if (!d.allow) throw new PermissionDeniedError(action, `${what}: ${d.message}`);
}

/** The code path of a jurisdiction code (null code → null; unknown → `unknown:<code>`). */
export async function unitPath(ctx: AppContext, code: string | null): Promise<string | null> {
  if (code === null) return null;
  const r = await ctx.database.raw.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [code]);
  return r.rows[0]?.path ?? `unknown:${code}`;
}
