/**
 * Account administration (issue #3; docs/domain.md SEC-04, SEC-06, SEC-07): list, create, disable/enable and reset
 * staff accounts (system administrator, `staff.manage`), list grants (security administrator, `grant.manage`),
 * browse and export the audit log (audit administrator, `audit.read` / `audit.export`). Roles and scopes are
 * assigned by the security administrator (`staff.ts` `assignRoles`), never by the system administrator.
 * Every change is authorised by `decide()` and audited in the same transaction.
 */
import type { AuditEvent } from "../../security/audit-chain.js";
import type { Action } from "../../security/roles.js";
import { hashPassword, randomPassword } from "../auth/passwords.js";
import type { AppContext } from "../context.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import { type AuditInput, appendAuditEvent } from "./audit-log.js";
import { authorise, type ChangeContext, insertStaffAccount } from "./staff.js";

export interface StaffSummary {
  username: string;
  roles: string[];
  jurisdictionCode: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

/** The columns of a staff account both listings show (`app_user` + `staff_profile`). */
interface StaffRow {
  username: string;
  roles: string[];
  jurisdiction_code: string | null;
  must_change_password: boolean;
  totp_enabled: boolean | null;
  disabled_at: Date | null;
  locked_until: Date | null;
}

/** Every account with the {@link StaffRow} columns and `extraColumns` (`, expr AS name …`), by user name. */
function staffSql(extraColumns: string): string {
  return `SELECT u.username, u.roles, p.jurisdiction_code, u.must_change_password, p.totp_enabled, p.disabled_at,
            u.locked_until${extraColumns}
       FROM app_user u LEFT JOIN staff_profile p ON p.user_id = u.id ORDER BY u.username`;
}

/** ISO instant while the account is locked out at `now`, else null. */
function lockedUntilIso(r: StaffRow, now: Date): string | null {
  return r.locked_until && new Date(r.locked_until) > now ? new Date(r.locked_until).toISOString() : null;
}

/** Every staff account, by user name. @throws PermissionDeniedError unless `by` may `staff.manage` or `role.assign` */
export async function listStaff(
  ctx: AppContext,
  by: ChangeContext,
  action: Action = "staff.manage",
): Promise<StaffSummary[]> {
  await authorise(ctx, by, action, "staff:*");
  const res = await ctx.database.raw.query<StaffRow & { created_at: Date }>(staffSql(", u.created_at"));
  const now = ctx.now();
  return res.rows.map((r) => ({
    username: r.username,
    roles: r.roles,
    jurisdictionCode: r.jurisdiction_code,
    mustChangePassword: r.must_change_password,
    totpEnabled: Boolean(r.totp_enabled),
    disabled: r.disabled_at !== null,
    lockedUntil: lockedUntilIso(r, now),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/**
 * Creates an account WITHOUT roles (三权分立: the security administrator assigns roles and scope) with a random
 * one-time password that must be changed at first login. Audited as `staff.create`.
 * @returns the one-time password, to hand over out of band
 * @throws PermissionDeniedError, InvalidInputError (user name), ConflictError (taken)
 */
export async function createStaff(
  ctx: AppContext,
  by: ChangeContext,
  input: { username: string },
): Promise<{ username: string; password: string }> {
  await authorise(ctx, by, "staff.manage", `staff:${input.username}`);
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  await ctx.database.transaction(async (tx) => {
    await insertStaffAccount(ctx, tx, {
      username: input.username,
      passwordHash,
      roles: [],
      jurisdictionCode: null,
      mustChangePassword: true,
    });
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        action: "staff.create",
        object: `staff:${input.username}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
      },
      tx,
    );
  });
  return { username: input.username, password };
}

async function userIdOf(ctx: AppContext, username: string): Promise<string> {
  const res = await ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError(`staff "${username}" not found`, "staff");
  return id;
}

/**
 * Disables (deprovisions) or re-enables an account. Disabling ends its sessions at once; a disabled account cannot
 * log in. Nobody disables their own account. Audited as `staff.disable` / `staff.enable`.
 */
export async function setStaffDisabled(
  ctx: AppContext,
  by: ChangeContext,
  username: string,
  disabled: boolean,
): Promise<void> {
  await authorise(ctx, by, "staff.manage", `staff:${username}`);
  if (username === by.actor.username) throw new InvalidInputError("you cannot disable your own account");
  const userId = await userIdOf(ctx, username);
  await ctx.database.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO staff_profile (user_id, disabled_at) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET disabled_at = EXCLUDED.disabled_at`,
      [userId, disabled ? ctx.now() : null],
    );
    if (disabled) await tx.query("DELETE FROM session WHERE user_id = $1", [userId]);
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        action: disabled ? "staff.disable" : "staff.enable",
        object: `staff:${username}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
      },
      tx,
    );
  });
}

/**
 * Resets an account's credentials (forgotten password or lost authenticator): a new one-time password
 * (must be changed at first login), TOTP removed (to be enrolled again), lockout cleared, sessions ended.
 * Audited as `staff.reset`. Nobody resets their own account this way.
 * @returns the one-time password
 */
export async function resetStaff(
  ctx: AppContext,
  by: ChangeContext,
  username: string,
): Promise<{ username: string; password: string }> {
  await authorise(ctx, by, "staff.manage", `staff:${username}`);
  if (username === by.actor.username) throw new InvalidInputError("use the password change for your own account");
  const userId = await userIdOf(ctx, username);
  const { password } = await resetCredentials(ctx, userId, true, (details) => ({
    actor: by.actor.username,
    roles: by.actor.roles,
    action: "staff.reset",
    object: `staff:${username}`,
    outcome: "success",
    clientAddress: by.clientAddress ?? null,
    details: { totpRemoved: details.totpRemoved },
  }));
  return { username, password };
}

/** What {@link resetCredentials} did, for the audit event. */
interface ResetDetails {
  totpRemoved: boolean;
  /** sessions deleted (count) */
  sessionsEnded: number;
  /** the account was locked (`locked_until` in the future) before the reset */
  unlocked: boolean;
}

/**
 * In one transaction: a new random one-time password (same generator and argon2id hashing as the first-start
 * accounts: `auth/passwords.ts`), `must_change_password = true`, failed attempts, lock and lockout back-off cleared,
 * every session of the user deleted, TOTP removed only when `resetTotp`; then the audit event built by `audit`.
 * @returns the one-time password and what was done
 */
async function resetCredentials(
  ctx: AppContext,
  userId: string,
  resetTotp: boolean,
  audit: (d: ResetDetails) => AuditInput,
): Promise<{ password: string } & ResetDetails> {
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  const now = ctx.now();
  return ctx.database.transaction(async (tx) => {
    const before = await tx.query<{ locked_until: Date | null }>("SELECT locked_until FROM app_user WHERE id = $1", [
      userId,
    ]);
    const lockedUntil = before.rows[0]?.locked_until;
    const unlocked = Boolean(lockedUntil && new Date(lockedUntil) > now);
    await tx.query(
      "UPDATE app_user SET password_hash = $2, must_change_password = true, failed_attempts = 0, locked_until = NULL WHERE id = $1",
      [userId, passwordHash],
    );
    await tx.query(
      resetTotp
        ? `INSERT INTO staff_profile (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE
             SET totp_secret = NULL, totp_enabled = false, totp_last_step = NULL, lockout_count = 0`
        : `INSERT INTO staff_profile (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE SET lockout_count = 0`,
      [userId],
    );
    const ended = await tx.query("DELETE FROM session WHERE user_id = $1 RETURNING id", [userId]);
    const details: ResetDetails = { totpRemoved: resetTotp, sessionsEnded: ended.rows.length, unlocked };
    await appendAuditEvent(ctx, audit(details), tx);
    return { password, ...details };
  });
}

export interface GrantSummary {
  id: string;
  username: string;
  jurisdictionCode: string;
  actions: string[];
  reason: string;
  grantedBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  active: boolean;
}

/** Grants, newest first; `activeOnly` keeps unexpired, unrevoked ones. */
export async function listGrants(
  ctx: AppContext,
  by: ChangeContext,
  options: { activeOnly?: boolean } = {},
): Promise<GrantSummary[]> {
  await authorise(ctx, by, "grant.manage", "grant:*");
  const res = await ctx.database.raw.query<{
    id: string;
    username: string;
    jurisdiction_code: string;
    actions: string[];
    reason: string;
    granted_by: string;
    created_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
    revoked_by: string | null;
  }>(
    `SELECT g.id, u.username, g.jurisdiction_code, g.actions, g.reason, g.granted_by, g.created_at, g.expires_at,
            g.revoked_at, g.revoked_by
       FROM access_grant g JOIN app_user u ON u.id = g.user_id
      WHERE NOT $1::bool OR (g.revoked_at IS NULL AND g.expires_at > $2)
      ORDER BY g.created_at DESC, g.id DESC`,
    [options.activeOnly ?? false, ctx.now()],
  );
  const now = ctx.now();
  return res.rows.map((g) => ({
    id: g.id,
    username: g.username,
    jurisdictionCode: g.jurisdiction_code,
    actions: g.actions,
    reason: g.reason,
    grantedBy: g.granted_by,
    createdAt: new Date(g.created_at).toISOString(),
    expiresAt: new Date(g.expires_at).toISOString(),
    revokedAt: g.revoked_at ? new Date(g.revoked_at).toISOString() : null,
    revokedBy: g.revoked_by,
    active: !g.revoked_at && new Date(g.expires_at) > now,
  }));
}

/** Filters of the audit browser. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  outcome?: string;
  /** ISO instants, inclusive / exclusive */
  from?: string;
  to?: string;
  /** keyset: events with seq < beforeSeq (newest first) */
  beforeSeq?: number;
  limit?: number;
}

/**
 * Audit events newest first, filtered (audit administrator, `audit.read`). Browsing is itself audited
 * (`audit.read`, with the filters) — the audit of the auditors.
 */
export async function searchAuditEvents(
  ctx: AppContext,
  by: ChangeContext,
  q: AuditQuery,
): Promise<{ items: AuditEvent[]; nextBeforeSeq: number | null }> {
  await authorise(ctx, by, "audit.read", "audit_event");
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const res = await ctx.database.raw.query<Record<string, unknown>>(
    `SELECT * FROM audit_event
      WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR outcome = $3)
        AND ($4::text IS NULL OR at >= $4) AND ($5::text IS NULL OR at < $5) AND ($6::bigint IS NULL OR seq < $6)
      ORDER BY seq DESC LIMIT $7`,
    [
      q.actor ?? null,
      q.action ?? null,
      q.outcome ?? null,
      q.from ?? null,
      q.to ?? null,
      q.beforeSeq ?? null,
      limit + 1,
    ],
  );
  const rows = res.rows.slice(0, limit).map(eventOfRow);
  await appendAuditEvent(ctx, {
    actor: by.actor.username,
    roles: by.actor.roles,
    action: "audit.read",
    object: "audit_event",
    outcome: "success",
    clientAddress: by.clientAddress ?? null,
    details: { filter: { ...q }, returned: rows.length },
  });
  return { items: rows, nextBeforeSeq: res.rows.length > limit ? (rows.at(-1)?.seq ?? null) : null };
}

/** An `audit_event` row as an {@link AuditEvent}. */
export function eventOfRow(r: Record<string, unknown>): AuditEvent {
  return {
    seq: Number(r.seq),
    at: r.at as string,
    actor: (r.actor as string | null) ?? null,
    roles: r.roles as string[],
    jurisdiction: (r.jurisdiction as string | null) ?? null,
    purpose: (r.purpose as string | null) ?? null,
    action: r.action as string,
    object: (r.object as string | null) ?? null,
    outcome: r.outcome as AuditEvent["outcome"],
    clientAddress: (r.client_address as string | null) ?? null,
    details: r.details as Record<string, unknown>,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

/**
 * Exports the audit events with seq in (afterSeq, throughSeq] as JSON Lines (one event per line, with its hashes, so
 * the export can be verified offline with the same chain rule). Audit administrator only (`audit.export`); the
 * export itself is audited (`audit.export`: range, count) BEFORE the data is returned.
 */
export async function exportAuditEvents(
  ctx: AppContext,
  by: ChangeContext,
  range: { afterSeq?: number; throughSeq?: number } = {},
): Promise<{ lines: string; count: number }> {
  await authorise(ctx, by, "audit.export", "audit_event");
  const res = await ctx.database.raw.query<Record<string, unknown>>(
    "SELECT * FROM audit_event WHERE seq > $1 AND ($2::bigint IS NULL OR seq <= $2) ORDER BY seq",
    [range.afterSeq ?? 0, range.throughSeq ?? null],
  );
  const events = res.rows.map(eventOfRow);
  await appendAuditEvent(ctx, {
    actor: by.actor.username,
    roles: by.actor.roles,
    action: "audit.export",
    object: "audit_event",
    outcome: "success",
    clientAddress: by.clientAddress ?? null,
    details: {
      afterSeq: range.afterSeq ?? 0,
      throughSeq: range.throughSeq ?? events.at(-1)?.seq ?? null,
      count: events.length,
    },
  });
  return { lines: events.map((e) => JSON.stringify(e)).join("\n") + (events.length ? "\n" : ""), count: events.length };
}

/**
 * Creates an account with roles and jurisdiction from the server console (`tracewater staff add`): whoever runs
 * the CLI on the server already controls the database, so no session is involved; the creation is audited with
 * actor `cli:<os user>`. One-time password, must be changed at first login. 三权分立 is still checked.
 * @throws InvalidInputError, ConflictError, RoleConflictError
 */
export async function addStaffAtConsole(
  ctx: AppContext,
  input: { username: string; roles: string[]; jurisdictionCode: string | null; consoleUser: string },
): Promise<{ username: string; password: string }> {
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  await ctx.database.transaction(async (tx) => {
    await insertStaffAccount(ctx, tx, {
      username: input.username,
      passwordHash,
      roles: input.roles,
      jurisdictionCode: input.jurisdictionCode,
      mustChangePassword: true,
    });
    await appendAuditEvent(
      ctx,
      {
        actor: `cli:${input.consoleUser}`,
        action: "staff.create",
        object: `staff:${input.username}`,
        outcome: "success",
        details: { roles: input.roles, jurisdiction: input.jurisdictionCode, console: true },
      },
      tx,
    );
  });
  return { username: input.username, password };
}

/** One account as `tracewater staff list` shows it (no secrets: no hash, no TOTP secret). */
export interface ConsoleStaffEntry {
  username: string;
  roles: string[];
  jurisdictionCode: string | null;
  /** false when disabled (deprovisioned) */
  active: boolean;
  mustChangePassword: boolean;
  /** TOTP enrolment confirmed */
  totpEnrolled: boolean;
  /** ISO instant of the newest successful `auth.login` in the audit log; null when none (or purged by retention) */
  lastLoginAt: string | null;
  /** ISO instant while the account is locked out, else null */
  lockedUntil: string | null;
}

/**
 * Every staff account, by user name, for the server console (`tracewater staff list`): the operator already controls
 * the database, so no session or `decide()` is involved and the listing is not audited (it changes nothing).
 */
export async function listStaffAtConsole(ctx: AppContext): Promise<ConsoleStaffEntry[]> {
  const res = await ctx.database.raw.query<StaffRow & { last_login_at: string | null }>(
    staffSql(`, (SELECT max(e.at) FROM audit_event e
              WHERE e.actor = u.username AND e.action = 'auth.login' AND e.outcome = 'success') AS last_login_at`),
  );
  const now = ctx.now();
  return res.rows.map((r) => ({
    username: r.username,
    roles: r.roles,
    jurisdictionCode: r.jurisdiction_code,
    active: r.disabled_at === null,
    mustChangePassword: r.must_change_password,
    totpEnrolled: Boolean(r.totp_enabled),
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
    lockedUntil: lockedUntilIso(r, now),
  }));
}

/**
 * Recovery path of the server console (`tracewater staff reset-password`): works for ANY account, administrators
 * included (a lost first-start password would otherwise need a new data dir) — the operator at the console already
 * controls the database, so 三权分立 cannot be enforced against them (docs/SECURITY.md §3). New random one-time
 * password (must be changed at next login), lock and back-off cleared, all sessions ended; TOTP removed only when
 * `resetTotp`. A disabled account stays disabled. Audited as `staff.reset` with actor `cli:<os user>`,
 * details `{console: true, totpRemoved, sessionsEnded, unlocked}`.
 * @returns the one-time password (print it once)
 * @throws NotFoundError when no such account
 */
export async function resetStaffAtConsole(
  ctx: AppContext,
  input: { username: string; resetTotp: boolean; consoleUser: string },
): Promise<{ username: string; password: string }> {
  const userId = await userIdOf(ctx, input.username);
  const { password } = await resetCredentials(ctx, userId, input.resetTotp, (details) => ({
    actor: `cli:${input.consoleUser}`,
    action: "staff.reset",
    object: `staff:${input.username}`,
    outcome: "success",
    details: { ...details, console: true },
  }));
  return { username: input.username, password };
}
