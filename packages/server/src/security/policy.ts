/**
 * THE access policy (docs/domain.md SEC-05…SEC-09): every service asks {@link decide} before touching data.
 * Access = role capability (roles.ts) ∩ jurisdiction scope (subtree of the staff member's code path, widened
 * only by an unexpired explicit grant) ∩ case assignment for field roles; plus purpose codes for person-level
 * look-ups and bulk exports, approval for bulk exports, and the sealed-record rule (治安管理处罚法 §136).
 * Pure: the caller passes `now`.
 */
import {
  ACTIONS,
  type Action,
  ADMIN_ROLES,
  FIELD_VIEWS,
  PERSON_ACTIONS,
  PURPOSE_REQUIRED,
  type RecordKind,
  ROLE_MATRIX,
  ROLES,
  type Role,
} from "./roles.js";

/** A cross-jurisdiction grant: extends the scope to `jurisdictionPath`'s subtree for `actions` until `expiresAt`. */
export interface Grant {
  id: string;
  jurisdictionPath: string;
  actions: readonly Action[];
  expiresAt: Date;
  revokedAt?: Date | null;
}

/** Who asks. `jurisdictionPath` is a code path like `140400/140402` (city/county/…); null for system-only staff. */
export interface Actor {
  id: string;
  roles: readonly Role[];
  jurisdictionPath: string | null;
  /** case ids assigned to this staff member (field roles) */
  assignedCaseIds?: ReadonlySet<string>;
  grants?: readonly Grant[];
}

/** What is touched. Omit `jurisdictionPath` for system objects (settings, accounts, the audit log). */
export interface Resource {
  jurisdictionPath?: string | null;
  caseId?: string | null;
  /** staff id a task is assigned to */
  assignedTo?: string | null;
  /** purpose code given by the user (SEC-06), e.g. `case:2026-0012`, `review`, `statistics` */
  purpose?: string | null;
  /** a bulk export was approved (SEC-18) */
  exportApproved?: boolean;
  /** a sealed record (SEC-09) */
  sealed?: boolean;
}

export type DenyReason =
  | "no-capability"
  | "out-of-jurisdiction"
  | "not-assigned"
  | "purpose-required"
  | "approval-required"
  | "sealed"
  | "no-jurisdiction";

export type Decision =
  | { allow: true; role: Role; reason: string; via: "scope" | "grant" | "system"; grantId?: string }
  | { allow: false; reason: DenyReason; message: string };

/** A role set an account may not hold. */
export class RoleConflictError extends Error {
  override name = "RoleConflictError";
}

/** True when `path` is `scope` or inside its subtree (`140400` covers `140400/140402/…`). */
export function inSubtree(scope: string, path: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

/**
 * Checks a role set: known roles only; 三权分立 — an administrator role is held alone (not two of them, nor one
 * plus a data role, since that would give the administrator person data). SEC-07.
 * @throws RoleConflictError naming the conflicting roles
 */
export function validateRoleSet(roles: readonly string[]): Role[] {
  const known = new Set<string>(ROLES);
  for (const r of roles)
    if (!known.has(r)) throw new RoleConflictError(`unknown role "${r}" (known: ${ROLES.join(", ")})`);
  const admins = roles.filter((r) => ADMIN_ROLES.has(r as Role));
  if (admins.length > 0 && roles.length > 1)
    throw new RoleConflictError(
      `separation of duties: ${admins.join(" + ")} cannot be combined with ${roles.filter((r) => r !== admins[0]).join(", ")}`,
    );
  return [...new Set(roles)] as Role[];
}

function liveGrants(actor: Actor, now: Date): Grant[] {
  return (actor.grants ?? []).filter((g) => g.expiresAt > now && !g.revokedAt);
}

/**
 * Decides whether `actor` may do `action` on `resource` at `now`. The first role (in the actor's order) that
 * allows wins; if none does, the most specific deny reason is returned (capability < jurisdiction <
 * assignment < purpose/approval/sealed).
 */
export function decide(actor: Actor, action: Action, resource: Resource, now: Date): Decision {
  const order: DenyReason[] = [
    "no-capability",
    "no-jurisdiction",
    "out-of-jurisdiction",
    "not-assigned",
    "sealed",
    "purpose-required",
    "approval-required",
  ];
  let worst: { reason: DenyReason; message: string } = {
    reason: "no-capability",
    message: `no role of ${actor.id} may ${action}`,
  };
  const deny = (reason: DenyReason, message: string) => {
    if (order.indexOf(reason) >= order.indexOf(worst.reason)) worst = { reason, message };
  };
  for (const role of actor.roles) {
    const def = ROLE_MATRIX[role];
    if (!def?.capabilities.includes(action)) continue;
    if (def.scope === "system") {
      if (resource.jurisdictionPath) {
        deny("no-capability", `${role} acts on system objects only, not on jurisdiction data`);
        continue;
      }
      return { allow: true, role, reason: `${role} may ${action}`, via: "system" };
    }
    // jurisdiction-scoped and assigned roles
    let via: "scope" | "grant" = "scope";
    let grantId: string | undefined;
    const path = resource.jurisdictionPath;
    if (path) {
      if (!actor.jurisdictionPath) {
        deny("no-jurisdiction", `${actor.id} has no jurisdiction`);
        continue;
      }
      if (!inSubtree(actor.jurisdictionPath, path)) {
        const grant = liveGrants(actor, now).find(
          (g) => g.actions.includes(action) && inSubtree(g.jurisdictionPath, path),
        );
        if (!grant) {
          deny("out-of-jurisdiction", `${path} is outside ${actor.jurisdictionPath} and no live grant covers it`);
          continue;
        }
        via = "grant";
        grantId = grant.id;
      }
    }
    if (def.scope === "assigned") {
      const assigned =
        (resource.caseId != null && (actor.assignedCaseIds?.has(resource.caseId) ?? false)) ||
        (resource.assignedTo != null && resource.assignedTo === actor.id);
      if (!assigned) {
        deny("not-assigned", `${role} may ${action} only on assigned cases or tasks`);
        continue;
      }
    }
    if (resource.sealed && PERSON_ACTIONS.has(action)) {
      // 治安管理处罚法 §136: sealed records only for state organs handling a case (purpose `case:<id>`)
      if (!(role === "investigator" && resource.purpose?.startsWith("case:"))) {
        deny("sealed", "sealed record: only an investigator handling a case (purpose case:<id>) may access it");
        continue;
      }
    }
    if (PURPOSE_REQUIRED.has(action) && def.scope !== "assigned" && !resource.purpose?.trim()) {
      deny("purpose-required", `${action} needs a purpose code`);
      continue;
    }
    if (action === "export.bulk" && !resource.exportApproved) {
      deny("approval-required", "a person-level bulk export needs an approval");
      continue;
    }
    return {
      allow: true,
      role,
      reason: `${role} may ${action}${via === "grant" ? ` via grant ${grantId}` : ""}`,
      via,
      ...(grantId ? { grantId } : {}),
    };
  }
  return { allow: false, ...worst };
}

/** The fields of a `kind` record that the roles may see (union over roles); empty when none. SEC-08. */
export function visibleFields(roles: readonly Role[], kind: RecordKind): Set<string> {
  const out = new Set<string>();
  for (const r of roles) for (const f of FIELD_VIEWS[r]?.[kind] ?? []) out.add(f);
  return out;
}

/** A copy of `record` with only the fields the roles may see (data minimisation). */
export function minimise<T extends Record<string, unknown>>(
  roles: readonly Role[],
  kind: RecordKind,
  record: T,
): Partial<T> {
  const allowed = visibleFields(roles, kind);
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(record)) if (allowed.has(k)) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Capabilities that put person data in front of the user (besides {@link PERSON_ACTIONS}): a task names a person
 * and a place (grid workers, county analysts).
 */
const PERSON_FACING: ReadonlySet<Action> = new Set<Action>([
  ...PERSON_ACTIONS,
  "task.read",
  "task.assign",
  "lead.read",
]);

/**
 * True when the roles need a TOTP second factor (issue #3, SEC-04; GB/T 22239 身份鉴别 level 3: two factors for
 * administrators and for access to personal information): any administrator role, or any role with a
 * person-facing capability. Leaders/inspectors (aggregates only) and labs (sample codes only) may use a password alone.
 */
export function secondFactorRequired(roles: readonly Role[]): boolean {
  return roles.some((r) => ADMIN_ROLES.has(r) || ROLE_MATRIX[r].capabilities.some((a) => PERSON_FACING.has(a)));
}

/** True when none of the roles has any person-level capability (aggregates shown to them are k-suppressed). */
export function lacksPersonAccess(roles: readonly Role[]): boolean {
  return roles.every((r) => !ROLE_MATRIX[r].capabilities.some((a) => PERSON_ACTIONS.has(a)));
}

export { ACTIONS, ROLES };
