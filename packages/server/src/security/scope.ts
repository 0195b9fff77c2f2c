/**
 * The reach of an actor for one action, for LIST queries (docs/domain.md SEC-05): the same rule as
 * {@link decide} (capability ∩ jurisdiction subtree, widened only by live grants naming the action), expressed as
 * a set of jurisdiction subtrees a query can filter on instead of a yes/no for one record.
 * `scope.test.ts` checks that `pathInScope(scopeFor(a, x, now), p) === decide(a, x, {jurisdictionPath: p}, now).allow`
 * for jurisdiction-scoped roles and actions without purpose/approval. Pure.
 */
import { type Actor, inSubtree } from "./policy.js";
import { type Action, ROLE_MATRIX, type Role } from "./roles.js";

export interface AccessScope {
  action: Action;
  /** roles of the actor holding the capability */
  roles: Role[];
  /** jurisdiction subtrees (code paths) reachable: the actor's own path plus live grants for `action` */
  paths: string[];
  /** true when the only capable roles are field roles (scope `assigned`): records must also be assigned */
  assignedOnly: boolean;
  /** true when a capable role is a system role (objects without jurisdiction only) */
  system: boolean;
}

/**
 * The scope of `actor` for `action` at `now`, or null when no role of the actor has the capability.
 * Paths are de-duplicated and a path inside another listed path is dropped.
 */
export function scopeFor(actor: Actor, action: Action, now: Date): AccessScope | null {
  const roles = actor.roles.filter((r) => ROLE_MATRIX[r]?.capabilities.includes(action));
  if (roles.length === 0) return null;
  const dataRoles = roles.filter((r) => ROLE_MATRIX[r].scope !== "system");
  const paths: string[] = [];
  // as in decide(): staff without a jurisdiction reach no jurisdiction data, grants included
  if (dataRoles.length > 0 && actor.jurisdictionPath) {
    paths.push(actor.jurisdictionPath);
    for (const g of actor.grants ?? [])
      if (g.expiresAt > now && !g.revokedAt && g.actions.includes(action)) paths.push(g.jurisdictionPath);
  }
  const minimal = [...new Set(paths)].filter((p, _, all) => !all.some((q) => q !== p && inSubtree(q, p))).sort();
  return {
    action,
    roles,
    paths: minimal,
    assignedOnly: dataRoles.length > 0 && dataRoles.every((r) => ROLE_MATRIX[r].scope === "assigned"),
    system: roles.some((r) => ROLE_MATRIX[r].scope === "system"),
  };
}

/** True when a record at jurisdiction `path` lies in one of the scope's subtrees. */
export function pathInScope(scope: AccessScope, path: string): boolean {
  return scope.paths.some((p) => inSubtree(p, path));
}
