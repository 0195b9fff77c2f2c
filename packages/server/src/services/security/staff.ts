/**
 * Staff roles, jurisdiction scopes, grants and case assignments (docs/domain.md SEC-05, SEC-07; §8).
 * Every change is authorised by the policy (`security/policy.ts`) and written to the audit chain in the same
 * transaction as the change.
 */
import { uuidv7 } from "uuidv7";
import { type Actor, decide, type Grant, RoleConflictError, validateRoleSet } from "../../security/policy.js";
import { ACTIONS, type Action, ROLES, type Role } from "../../security/roles.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { appendAuditEvent } from "./audit-log.js";

/** Allowed user names: 2–64 letters, digits, `.`, `_` or `-`. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;

/**
 * Inserts a staff account (no authorisation check: callers are the first start, the server-console CLI and the
 * audited admin API, which checks `staff.manage` / `role.assign` first). Roles are checked for 三权分立.
 * The password is stored as an argon2id hash; `mustChangePassword` forces a change at first login.
 * @throws InvalidInputError (user name, unknown jurisdiction), ConflictError (user name taken), RoleConflictError
 */
export async function insertStaffAccount(
  ctx: AppContext,
  tx: SqlClient,
  input: {
    username: string;
    passwordHash: string;
    roles: readonly string[];
    jurisdictionCode: string | null;
    mustChangePassword: boolean;
  },
): Promise<string> {
  if (!USERNAME_PATTERN.test(input.username))
    throw new InvalidInputError(`username "${input.username}": expected 2–64 letters, digits, ".", "_" or "-"`);
  const roles = validateRoleSet(input.roles);
  if (input.jurisdictionCode) {
    const j = await tx.query("SELECT 1 FROM jurisdiction WHERE code = $1", [input.jurisdictionCode]);
    if (j.rows.length === 0) throw new InvalidInputError(`unknown jurisdiction code "${input.jurisdictionCode}"`);
  }
  const id = uuidv7();
  const res = await tx.query(
    `INSERT INTO app_user (id, username, password_hash, roles, must_change_password, failed_attempts, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, 0, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
    [id, input.username, input.passwordHash, JSON.stringify(roles), input.mustChangePassword, ctx.now()],
  );
  if (res.rows.length === 0) throw new ConflictError(`staff "${input.username}" already exists`);
  await tx.query("INSERT INTO staff_profile (user_id, jurisdiction_code) VALUES ($1, $2)", [
    id,
    input.jurisdictionCode,
  ]);
  return id;
}

/** Who performs a change, and from where. */
export interface ChangeContext {
  actor: Actor & { username: string };
  clientAddress?: string | null;
}

/** Roles stored before issue #3 (`["admin"]` of the first-start account) mapped to policy roles. */
const LEGACY_ROLES: Record<string, Role> = { admin: "system_admin" };

/** Policy roles of stored role names: known roles kept, legacy names mapped, unknown names dropped. */
export function toPolicyRoles(stored: readonly string[]): Role[] {
  const known = new Set<string>(ROLES);
  const out = new Set<Role>();
  for (const r of stored) {
    if (known.has(r)) out.add(r as Role);
    else if (LEGACY_ROLES[r]) out.add(LEGACY_ROLES[r]);
  }
  return [...out];
}

/** Loads the policy actor of a staff account: roles, jurisdiction path, live grants, assigned cases. */
export async function loadActor(ctx: AppContext, userId: string): Promise<Actor & { username: string }> {
  const res = await ctx.database.raw.query<{ id: string; username: string; roles: string[]; path: string | null }>(
    `SELECT u.id, u.username, u.roles, j.path FROM app_user u LEFT JOIN staff_profile p ON p.user_id = u.id
       LEFT JOIN jurisdiction j ON j.code = p.jurisdiction_code WHERE u.id = $1`,
    [userId],
  );
  const u = res.rows[0];
  if (!u) throw new NotFoundError(`staff ${userId} not found`, "staff");
  const grants = await ctx.database.raw.query<{
    id: string;
    path: string;
    actions: Action[];
    expires_at: Date;
    revoked_at: Date | null;
  }>(
    `SELECT g.id, j.path, g.actions, g.expires_at, g.revoked_at FROM access_grant g JOIN jurisdiction j ON j.code = g.jurisdiction_code
      WHERE g.user_id = $1 AND g.revoked_at IS NULL AND g.expires_at > $2`,
    [userId, ctx.now()],
  );
  const cases = await ctx.database.raw.query<{ case_id: string }>(
    "SELECT case_id FROM case_assignment WHERE user_id = $1",
    [userId],
  );
  return {
    id: u.id,
    username: u.username,
    roles: toPolicyRoles(u.roles),
    jurisdictionPath: u.path,
    grants: grants.rows.map(
      (g): Grant => ({
        id: g.id,
        jurisdictionPath: g.path,
        actions: g.actions,
        expiresAt: new Date(g.expires_at),
        revokedAt: g.revoked_at,
      }),
    ),
    assignedCaseIds: new Set(cases.rows.map((c) => c.case_id)),
  };
}

async function userIdOf(ctx: AppContext, username: string): Promise<string> {
  const res = await ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError(`staff "${username}" not found`, "staff");
  return id;
}

async function requireJurisdiction(ctx: AppContext, code: string): Promise<void> {
  const res = await ctx.database.raw.query("SELECT 1 FROM jurisdiction WHERE code = $1", [code]);
  if (res.rows.length === 0) throw new InvalidInputError(`unknown jurisdiction code "${code}"`);
}

/** Checks the policy for a system action; a denial is audited (`outcome: denied`) and thrown. */
export async function authorise(ctx: AppContext, by: ChangeContext, action: Action, object: string): Promise<void> {
  const d = decide(by.actor, action, {}, ctx.now());
  if (!d.allow) {
    await appendAuditEvent(ctx, {
      actor: by.actor.username,
      roles: by.actor.roles,
      action,
      object,
      outcome: "denied",
      clientAddress: by.clientAddress ?? null,
      details: { reason: d.reason },
    });
    throw new PermissionDeniedError(action, d.message);
  }
}

/** The policy denied an action (HTTP 403). */
export class PermissionDeniedError extends Error {
  override name = "PermissionDeniedError";
  constructor(
    readonly action: string,
    message: string,
    /** the policy's reason (`purpose-required`, `out-of-jurisdiction`…), answered as the problem's `reason` */
    readonly reason?: string,
  ) {
    super(`${action} denied: ${message}`);
  }
}

/**
 * Sets the roles and jurisdiction of a staff account (security administrator; 三权分立 checked by
 * `validateRoleSet`). Ends the account's sessions so the new rights apply at once. Audited as `staff.roles`.
 * @throws PermissionDeniedError, RoleConflictError, NotFoundError, InvalidInputError (unknown jurisdiction)
 */
export async function assignRoles(
  ctx: AppContext,
  by: ChangeContext,
  input: { username: string; roles: string[]; jurisdictionCode: string | null },
): Promise<void> {
  await authorise(ctx, by, "role.assign", `staff:${input.username}`);
  const roles = validateRoleSet(input.roles);
  if (input.username === by.actor.username) throw new RoleConflictError("nobody may change their own roles");
  const userId = await userIdOf(ctx, input.username);
  if (input.jurisdictionCode) await requireJurisdiction(ctx, input.jurisdictionCode);
  const before = await ctx.database.raw.query<{ roles: string[]; code: string | null }>(
    "SELECT u.roles, p.jurisdiction_code AS code FROM app_user u LEFT JOIN staff_profile p ON p.user_id = u.id WHERE u.id = $1",
    [userId],
  );
  await ctx.database.transaction(async (tx) => {
    await tx.query("UPDATE app_user SET roles = $2::jsonb WHERE id = $1", [userId, JSON.stringify(roles)]);
    await tx.query(
      `INSERT INTO staff_profile (user_id, jurisdiction_code) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET jurisdiction_code = EXCLUDED.jurisdiction_code`,
      [userId, input.jurisdictionCode],
    );
    await tx.query("DELETE FROM session WHERE user_id = $1", [userId]);
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        action: "staff.roles",
        object: `staff:${input.username}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
        details: {
          before: { roles: before.rows[0]?.roles ?? [], jurisdiction: before.rows[0]?.code ?? null },
          after: { roles, jurisdiction: input.jurisdictionCode },
        },
      },
      tx,
    );
  });
}

/**
 * Grants `username` the `actions` in the subtree of `jurisdictionCode` until `expiresAt` (cross-jurisdiction
 * access, SEC-05). The grant never adds capabilities the account's roles lack (see `decide`). Audited as `grant.create`.
 */
export async function createGrant(
  ctx: AppContext,
  by: ChangeContext,
  input: { username: string; jurisdictionCode: string; actions: string[]; reason: string; expiresAt: Date },
): Promise<string> {
  await authorise(ctx, by, "grant.manage", `staff:${input.username}`);
  const known = new Set<string>(ACTIONS);
  const bad = input.actions.filter((a) => !known.has(a));
  if (bad.length || input.actions.length === 0)
    throw new InvalidInputError(`unknown or missing actions: ${bad.join(", ") || "(none)"}`);
  if (!input.reason.trim()) throw new InvalidInputError("a grant needs a reason");
  if (!(input.expiresAt > ctx.now())) throw new InvalidInputError("expiresAt must be in the future");
  await requireJurisdiction(ctx, input.jurisdictionCode);
  const userId = await userIdOf(ctx, input.username);
  const id = uuidv7();
  await ctx.database.transaction(async (tx) => {
    await tx.query(
      "INSERT INTO access_grant (id, user_id, jurisdiction_code, actions, reason, granted_by, created_at, expires_at) VALUES ($1,$2,$3,$4::jsonb,$5,$6,$7,$8)",
      [
        id,
        userId,
        input.jurisdictionCode,
        JSON.stringify(input.actions),
        input.reason,
        by.actor.username,
        ctx.now(),
        input.expiresAt,
      ],
    );
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        action: "grant.create",
        object: `grant:${id}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
        details: {
          username: input.username,
          jurisdiction: input.jurisdictionCode,
          actions: input.actions,
          reason: input.reason,
          expiresAt: input.expiresAt.toISOString(),
        },
      },
      tx,
    );
  });
  return id;
}

/** Revokes a grant now. Audited as `grant.revoke`. */
export async function revokeGrant(ctx: AppContext, by: ChangeContext, grantId: string): Promise<void> {
  await authorise(ctx, by, "grant.manage", `grant:${grantId}`);
  await ctx.database.transaction(async (tx) => {
    const res = await tx.query(
      "UPDATE access_grant SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id",
      [grantId, ctx.now(), by.actor.username],
    );
    if (res.rows.length === 0) throw new NotFoundError(`live grant ${grantId} not found`, "grant");
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        action: "grant.revoke",
        object: `grant:${grantId}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
      },
      tx,
    );
  });
}

/** Assigns a case to a field worker (county analyst within its jurisdiction would be the usual caller). Audited. */
export async function assignCase(
  ctx: AppContext,
  by: ChangeContext,
  input: { username: string; caseId: string; caseJurisdictionPath: string },
): Promise<void> {
  const d = decide(by.actor, "task.assign", { jurisdictionPath: input.caseJurisdictionPath }, ctx.now());
  if (!d.allow) {
    await appendAuditEvent(ctx, {
      actor: by.actor.username,
      roles: by.actor.roles,
      action: "case.assign",
      object: `case:${input.caseId}`,
      outcome: "denied",
      clientAddress: by.clientAddress ?? null,
      details: { reason: d.reason },
    });
    throw new PermissionDeniedError("case.assign", d.message);
  }
  const userId = await userIdOf(ctx, input.username);
  await ctx.database.transaction(async (tx) => {
    await tx.query(
      "INSERT INTO case_assignment (user_id, case_id, assigned_at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
      [userId, input.caseId, ctx.now()],
    );
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        action: "case.assign",
        object: `case:${input.caseId}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
        details: { username: input.username },
      },
      tx,
    );
  });
}
