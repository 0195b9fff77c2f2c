/**
 * Staff login and server-side sessions (docs/domain.md SEC-04; GB/T 22239 身份鉴别):
 * - argon2id passwords (`passwords.ts`), password policy and history (`security/password-policy.ts`);
 * - lockout after `lockoutThreshold` (default 5) failures for 15 min, doubling on each further lockout (max 24 h);
 * - TOTP second factor (`totp.ts`) required at login once enrolled;
 * - idle timeout (default 15 min) and absolute lifetime (default 12 h) — `auth-policy.ts`;
 * - logout, logout everywhere; sessions end on a password change (other sessions) and a role change (all);
 * - every login (success and failure), logout and password change is an audit event (`services/security/audit-log.ts`).
 */
import type { Me } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import {
  isReusedPassword,
  lockMinutes,
  PASSWORD_HISTORY,
  passwordProblems,
  verifyTotp,
} from "../../security/password-policy.js";
import { secondFactorRequired } from "../../security/policy.js";
import { ROLE_MATRIX, type Role } from "../../security/roles.js";
import type { AppContext } from "../context.js";
import { AuthError, InvalidInputError } from "../errors.js";
import { type AuditInput, appendAuditEvent } from "../security/audit-log.js";
import { fieldCrypto } from "../security/field-cipher.js";
import { insertStaffAccount, toPolicyRoles } from "../security/staff.js";
import { authPolicyFromEnv } from "./auth-policy.js";
import { hashPassword, newSessionId, randomPassword, verifyPassword } from "./passwords.js";

/** Defaults (see auth-policy.ts for the environment overrides). */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_IDLE_MINUTES = 15;
export const SESSION_ABSOLUTE_HOURS = 12;
export { MIN_PASSWORD_LENGTH } from "../../security/password-policy.js";

const MINUTE = 60_000;
let dummyHash: Promise<string> | undefined;

/** AAD location of the encrypted TOTP secret. */
export const TOTP_SECRET_FIELD = { table: "staff_profile", column: "totp_secret" } as const;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  roles: string[];
  must_change_password: boolean;
  failed_attempts: number;
  locked_until: Date | null;
  totp_enabled: boolean | null;
  totp_secret: string | null;
  totp_last_step: number | string | null;
  lockout_count: number | null;
  disabled_at: Date | null;
  jurisdiction_code: string | null;
}

const USER_SELECT = `SELECT u.*, p.totp_enabled, p.totp_secret, p.totp_last_step, p.lockout_count, p.disabled_at,
  p.jurisdiction_code FROM app_user u LEFT JOIN staff_profile p ON p.user_id = u.id`;

/**
 * The `Me` of an account: roles, password state, second-factor state (mandatory TOTP, SEC-04), jurisdiction, and
 * the capabilities of its roles (ROLE_MATRIX; for the UI's navigation only — every request is still decided).
 */
function toMe(
  u: Pick<UserRow, "username" | "roles" | "must_change_password" | "totp_enabled" | "jurisdiction_code">,
): Me {
  const totpRequired = secondFactorRequired(toPolicyRoles(u.roles));
  const totpEnabled = Boolean(u.totp_enabled);
  return {
    username: u.username,
    roles: u.roles,
    mustChangePassword: u.must_change_password,
    totpEnabled,
    totpRequired,
    mustEnrolTotp: totpRequired && !totpEnabled,
    jurisdictionCode: u.jurisdiction_code ?? null,
    capabilities: [...new Set(toPolicyRoles(u.roles).flatMap((r) => ROLE_MATRIX[r].capabilities))].sort(),
  };
}

async function audit(ctx: AppContext, input: AuditInput): Promise<void> {
  await appendAuditEvent(ctx, input);
}

/** An account created at first start, with its one-time password (printed once by `tracewater serve`). */
export interface InitialAccount {
  username: string;
  password: string;
  roles: Role[];
  jurisdictionCode: string | null;
}

/**
 * The accounts of a fresh installation: the three 三权分立 administrators (SEC-07; none can read monitoring or
 * person data) and one city analyst of 长治市 (140400) so the data can be seen at once. Every one gets a random
 * one-time password that must be changed at first login, and must enrol TOTP before using anything else.
 */
export const INITIAL_ACCOUNTS: ReadonlyArray<Omit<InitialAccount, "password">> = [
  { username: "sysadmin", roles: ["system_admin"], jurisdictionCode: null },
  { username: "secadmin", roles: ["security_admin"], jurisdictionCode: null },
  { username: "auditadmin", roles: ["audit_admin"], jurisdictionCode: null },
  { username: "analyst", roles: ["city_analyst"], jurisdictionCode: "140400" },
];

/**
 * On first start (no staff account at all) creates {@link INITIAL_ACCOUNTS} in one transaction, each with a random
 * one-time password (`mustChangePassword = true`); audited as `staff.create` (actor null, `initial: true`).
 * Returns the credentials to print once, or [] when any account exists. No shared or default password remains.
 */
export async function ensureInitialAccounts(ctx: AppContext): Promise<InitialAccount[]> {
  const existing = await ctx.database.raw.query("SELECT 1 FROM app_user LIMIT 1");
  if (existing.rows.length > 0) return [];
  const accounts: InitialAccount[] = INITIAL_ACCOUNTS.map((a) => ({ ...a, password: randomPassword() }));
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  return ctx.database.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [INITIAL_ACCOUNTS_LOCK_KEY]);
    const again = await tx.query("SELECT 1 FROM app_user LIMIT 1");
    if (again.rows.length > 0) return [];
    for (const [i, a] of accounts.entries()) {
      await insertStaffAccount(ctx, tx, {
        username: a.username,
        passwordHash: hashes[i] as string,
        roles: a.roles,
        jurisdictionCode: a.jurisdictionCode,
        mustChangePassword: true,
      });
      await appendAuditEvent(
        ctx,
        {
          actor: null,
          action: "staff.create",
          object: `staff:${a.username}`,
          outcome: "success",
          details: { roles: a.roles, jurisdiction: a.jurisdictionCode, initial: true },
        },
        tx,
      );
    }
    return accounts;
  });
}

const INITIAL_ACCOUNTS_LOCK_KEY = 7_274_002;

/**
 * Logs in. With TOTP enrolled, `totpCode` is required: without it → AuthError `totp-required` (no failure
 * counted); a wrong code counts as a failed attempt like a wrong password.
 * @throws AuthError `locked`, `bad-credentials` or `totp-required`
 */
export async function login(
  ctx: AppContext,
  input: { username: string; password: string; totpCode?: string; clientAddress?: string | null },
): Promise<{ sessionId: string; me: Me }> {
  const policy = authPolicyFromEnv();
  const now = ctx.now();
  const base = {
    actor: input.username,
    action: "auth.login",
    object: `staff:${input.username}`,
    clientAddress: input.clientAddress ?? null,
  } as const;
  const res = await ctx.database.raw.query<UserRow>(`${USER_SELECT} WHERE u.username = $1`, [input.username]);
  const user = res.rows[0];
  if (!user || user.disabled_at) {
    // same work as a real check so timing does not reveal whether the user exists
    dummyHash ??= hashPassword(randomPassword());
    await verifyPassword(await dummyHash, input.password);
    await audit(ctx, {
      ...base,
      actor: null,
      outcome: "failure",
      details: { reason: user ? "disabled" : "unknown-user" },
    });
    throw new AuthError("bad-credentials", "wrong username or password");
  }
  const withRoles = { ...base, roles: user.roles };
  if (user.locked_until && new Date(user.locked_until) > now) {
    await audit(ctx, {
      ...withRoles,
      outcome: "denied",
      details: { reason: "locked", lockedUntil: new Date(user.locked_until).toISOString() },
    });
    throw new AuthError("locked", `account locked until ${new Date(user.locked_until).toISOString()}`);
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  let failure: string | null = passwordOk ? null : "bad-password";
  let totpStep: number | null = null;
  if (passwordOk && user.totp_enabled && user.totp_secret) {
    if (!input.totpCode) {
      await audit(ctx, { ...withRoles, outcome: "failure", details: { reason: "totp-missing" } });
      throw new AuthError("totp-required", "enter the code of your authenticator app");
    }
    const secret = fieldCrypto(ctx).cipher.decrypt(user.totp_secret, TOTP_SECRET_FIELD);
    const v = await verifyTotp(secret, input.totpCode, {
      now,
      lastTimeStep: user.totp_last_step == null ? null : Number(user.totp_last_step),
    });
    if (v.valid) totpStep = v.timeStep;
    else failure = "bad-totp";
  }
  if (failure) {
    const attempts = user.failed_attempts + 1;
    const lockouts = (user.lockout_count ?? 0) + (attempts >= policy.lockoutThreshold ? 1 : 0);
    const lock =
      attempts >= policy.lockoutThreshold
        ? new Date(now.getTime() + lockMinutes(lockouts, policy.lockoutBaseMinutes) * MINUTE)
        : null;
    await ctx.database.transaction(async (tx) => {
      await tx.query("UPDATE app_user SET failed_attempts = $2, locked_until = $3 WHERE id = $1", [
        user.id,
        lock ? 0 : attempts,
        lock,
      ]);
      await tx.query(
        "INSERT INTO staff_profile (user_id, lockout_count) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET lockout_count = EXCLUDED.lockout_count",
        [user.id, lockouts],
      );
      await appendAuditEvent(
        ctx,
        {
          ...withRoles,
          outcome: "failure",
          details: {
            reason: failure,
            attempts,
            ...(lock ? { lockedUntil: lock.toISOString(), lockout: lockouts } : {}),
          },
        },
        tx,
      );
    });
    if (lock) throw new AuthError("locked", `too many failed attempts; account locked until ${lock.toISOString()}`);
    throw new AuthError(
      "bad-credentials",
      failure === "bad-totp" ? "wrong or reused authenticator code" : "wrong username or password",
    );
  }
  const sessionId = newSessionId();
  await ctx.database.transaction(async (tx) => {
    await tx.query("UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $1", [user.id]);
    await tx.query(
      "UPDATE staff_profile SET lockout_count = 0, totp_last_step = COALESCE($2, totp_last_step) WHERE user_id = $1",
      [user.id, totpStep],
    );
    await tx.query(
      "INSERT INTO session (id, user_id, client_address, created_at, last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$4,$5)",
      [
        sessionId,
        user.id,
        input.clientAddress ?? null,
        now,
        new Date(now.getTime() + policy.sessionAbsoluteHours * 60 * MINUTE),
      ],
    );
    await appendAuditEvent(ctx, { ...withRoles, outcome: "success", details: { secondFactor: totpStep !== null } }, tx);
  });
  return { sessionId, me: toMe(user) };
}

interface SessionJoin extends UserRow {
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
}

/** The live session joined with its user, or null (an expired session is deleted). */
export async function loadSession(ctx: AppContext, sessionId: string): Promise<SessionJoin | null> {
  if (!sessionId) return null;
  const policy = authPolicyFromEnv();
  const res = await ctx.database.raw.query<SessionJoin>(
    `SELECT u.*, p.totp_enabled, p.totp_secret, p.totp_last_step, p.lockout_count, p.disabled_at, p.jurisdiction_code,
            s.id AS session_id, s.user_id, s.last_seen_at, s.expires_at
       FROM session s JOIN app_user u ON u.id = s.user_id LEFT JOIN staff_profile p ON p.user_id = u.id WHERE s.id = $1`,
    [sessionId],
  );
  const row = res.rows[0];
  if (!row) return null;
  const now = ctx.now();
  const idleLimit = new Date(new Date(row.last_seen_at).getTime() + policy.sessionIdleMinutes * MINUTE);
  if (now > idleLimit || now > new Date(row.expires_at) || row.disabled_at) {
    await ctx.database.raw.query("DELETE FROM session WHERE id = $1", [sessionId]);
    return null;
  }
  return row;
}

/**
 * How stale `last_seen_at` may get before a request writes it again. Touching it on every request would make every
 * read a database write; a 30-second granularity shortens the 15-minute idle timeout by at most 30 s.
 */
export const SESSION_TOUCH_INTERVAL_MS = 30_000;

/** The user of a live session (touches last-seen at most every 30 s), or null when unknown, idle too long or too old. */
export async function getSessionUser(ctx: AppContext, sessionId: string): Promise<Me | null> {
  const row = await loadSession(ctx, sessionId);
  if (!row) return null;
  const now = ctx.now();
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    await ctx.database.raw.query("UPDATE session SET last_seen_at = $2 WHERE id = $1", [sessionId, now]);
  }
  return toMe(row);
}

/** Ends one session (audited when it was live). */
export async function logout(ctx: AppContext, sessionId: string, clientAddress?: string | null): Promise<void> {
  const res = await ctx.database.raw.query<{ username: string }>(
    "DELETE FROM session s USING app_user u WHERE s.id = $1 AND u.id = s.user_id RETURNING u.username",
    [sessionId],
  );
  const username = res.rows[0]?.username;
  if (username)
    await audit(ctx, {
      actor: username,
      action: "auth.logout",
      object: `staff:${username}`,
      outcome: "success",
      clientAddress: clientAddress ?? null,
    });
}

/** Ends every session of the session's user ("log out everywhere"). Returns how many ended. */
export async function logoutEverywhere(
  ctx: AppContext,
  sessionId: string,
  clientAddress?: string | null,
): Promise<number> {
  const row = await loadSession(ctx, sessionId);
  if (!row) throw new AuthError("unauthenticated", "not logged in or session expired");
  const res = await ctx.database.raw.query("DELETE FROM session WHERE user_id = $1 RETURNING id", [row.user_id]);
  await audit(ctx, {
    actor: row.username,
    roles: row.roles,
    action: "auth.logout-everywhere",
    object: `staff:${row.username}`,
    outcome: "success",
    clientAddress: clientAddress ?? null,
    details: { sessions: res.rows.length },
  });
  return res.rows.length;
}

/**
 * Changes the session user's password: policy (length ≥ 12, 3 of 4 classes, not the username), not the current
 * nor one of the last 5; clears `mustChangePassword` and ends the user's other sessions. Audited.
 * @throws AuthError `unauthenticated` / `bad-credentials`; InvalidInputError naming the broken rules
 */
export async function changePassword(
  ctx: AppContext,
  sessionId: string,
  input: { oldPassword: string; newPassword: string },
  clientAddress?: string | null,
): Promise<Me> {
  const row = await loadSession(ctx, sessionId);
  if (!row) throw new AuthError("unauthenticated", "not logged in or session expired");
  const base = {
    actor: row.username,
    roles: row.roles,
    action: "auth.password",
    object: `staff:${row.username}`,
    clientAddress: clientAddress ?? null,
  } as const;
  if (!(await verifyPassword(row.password_hash, input.oldPassword))) {
    await audit(ctx, { ...base, outcome: "failure", details: { reason: "bad-old-password" } });
    throw new AuthError("bad-credentials", "old password is wrong");
  }
  const problems = passwordProblems(input.newPassword, { username: row.username });
  if (problems.length) throw new InvalidInputError(`new password: ${problems.map((p) => p.message).join("; ")}`);
  const history = await ctx.database.raw.query<{ password_hash: string }>(
    "SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    [row.user_id, PASSWORD_HISTORY - 1],
  );
  if (await isReusedPassword(input.newPassword, [row.password_hash, ...history.rows.map((h) => h.password_hash)]))
    throw new InvalidInputError(
      `new password must differ from the current one and the last ${PASSWORD_HISTORY} passwords`,
    );
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.now();
  await ctx.database.transaction(async (tx) => {
    await tx.query("INSERT INTO password_history (id, user_id, password_hash, created_at) VALUES ($1,$2,$3,$4)", [
      uuidv7(),
      row.user_id,
      row.password_hash,
      now,
    ]);
    // keep the newest PASSWORD_HISTORY - 1 old hashes: with the current one that makes the last 5 passwords
    await tx.query(
      `DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
         (SELECT id FROM password_history WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
      [row.user_id, PASSWORD_HISTORY - 1],
    );
    await tx.query("UPDATE app_user SET password_hash = $2, must_change_password = false WHERE id = $1", [
      row.user_id,
      passwordHash,
    ]);
    await tx.query(
      "INSERT INTO staff_profile (user_id, password_changed_at) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET password_changed_at = EXCLUDED.password_changed_at",
      [row.user_id, now],
    );
    await tx.query("DELETE FROM session WHERE user_id = $1 AND id <> $2", [row.user_id, sessionId]);
    await appendAuditEvent(ctx, { ...base, outcome: "success" }, tx);
  });
  return toMe({ ...row, must_change_password: false });
}
