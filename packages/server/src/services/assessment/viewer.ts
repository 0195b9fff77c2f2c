/**
 * Who reads assessment data, and what that implies (docs/domain.md SEC-05, SEC-12):
 * - a staff member (`{ actor }`, as loaded by `security/staff.ts` `loadActor`): aggregates are limited to the
 *   actor's jurisdiction subtrees (plus live grants) for `aggregate.read`, and small counts are suppressed
 *   (k = K_INTERNAL) when none of the actor's roles has person access; person-linked hair results need
 *   `test_result.read` / `test_result.write` per record (`decide()`), and every access is audited;
 * - the local operator of the CLI (`LOCAL_OPERATOR`): whoever runs `tracewater` on the server already holds the
 *   database, like the existing wastewater commands — full view, no suppression. Person-linked hair results
 *   are NOT available to it: the CLI must name a staff account (`--as`).
 */
import { K_INTERNAL } from "@tracewater/core";
import { type Actor, decide, inSubtree } from "../../security/policy.js";
import { type Action, PERSON_ACTIONS, ROLE_MATRIX } from "../../security/roles.js";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { appendAuditEvent } from "../security/audit-log.js";
import { loadActor, PermissionDeniedError } from "../security/staff.js";

export type StaffActor = Actor & { username: string };

export interface StaffViewer {
  actor: StaffActor;
  clientAddress?: string | null;
  /** purpose code (SEC-06) given with the request */
  purpose?: string | null;
}

export const LOCAL_OPERATOR = "local-operator" as const;
export type Viewer = StaffViewer | typeof LOCAL_OPERATOR;

/** The staff viewer of a user name (routes: `c.var.me.username`). @throws NotFoundError */
export async function staffViewer(
  ctx: AppContext,
  username: string,
  extra: { clientAddress?: string | null; purpose?: string | null } = {},
): Promise<StaffViewer> {
  const res = await ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError(`staff "${username}" not found`, "staff");
  return { actor: await loadActor(ctx, id), ...extra };
}

/** True when some role of the viewer has person-level access (then counts are not suppressed). */
export function hasPersonAccess(viewer: Viewer): boolean {
  if (viewer === LOCAL_OPERATOR) return true;
  return viewer.actor.roles.some((r) => ROLE_MATRIX[r]?.capabilities.some((a) => PERSON_ACTIONS.has(a)));
}

/** k applied to counts shown to the viewer, or null for no suppression. */
export function suppressionK(viewer: Viewer): number | null {
  return hasPersonAccess(viewer) ? null : K_INTERNAL;
}

/**
 * Jurisdiction filter for aggregates: null = everything (local operator), else a predicate on code paths.
 * @throws PermissionDeniedError when the viewer may not `aggregate.read` at all (audited as denied)
 */
export async function aggregateScope(ctx: AppContext, viewer: Viewer): Promise<((path: string) => boolean) | null> {
  if (viewer === LOCAL_OPERATOR) return null;
  const action: Action = "aggregate.read";
  const d = decide(viewer.actor, action, {}, ctx.now());
  if (!d.allow) {
    await appendAuditEvent(ctx, {
      actor: viewer.actor.username,
      roles: viewer.actor.roles,
      action,
      object: "assessment",
      outcome: "denied",
      clientAddress: viewer.clientAddress ?? null,
      details: { reason: d.reason },
    });
    throw new PermissionDeniedError(action, d.message);
  }
  const actor = viewer.actor;
  return (path: string) => decide(actor, action, { jurisdictionPath: path }, ctx.now()).allow;
}

/** Code → {path, nameZh} of the jurisdiction tree. */
export async function jurisdictionIndex(
  ctx: AppContext,
): Promise<Map<string, { path: string; nameZh: string; level: string }>> {
  const res = await ctx.database.raw.query<{ code: string; path: string; name_zh: string; level: string }>(
    "SELECT code, path, name_zh, level FROM jurisdiction",
  );
  return new Map(res.rows.map((r) => [r.code, { path: r.path, nameZh: r.name_zh, level: r.level }]));
}

/** Codes of `code`'s subtree (itself included), from the index. */
export function subtreeCodes(index: Map<string, { path: string }>, code: string): string[] {
  const root = index.get(code)?.path;
  if (!root) return [code];
  return [...index.entries()].filter(([, j]) => inSubtree(root, j.path)).map(([c]) => c);
}
