/**
 * Minimal session login for the UI (the full identity model with RBAC, TOTP and audit is a later issue).
 * Lockout: 5 failed attempts lock the account for 15 minutes. Sessions: idle timeout 15 min, absolute 12 h.
 */
import type { Me } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { AppContext } from "../context.js";
import { AuthError, InvalidInputError } from "../errors.js";
import { hashPassword, newSessionId, randomPassword, verifyPassword } from "./passwords.js";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_IDLE_MINUTES = 15;
export const SESSION_ABSOLUTE_HOURS = 12;
export const MIN_PASSWORD_LENGTH = 12;
const MINUTE = 60_000;
let dummyHash: Promise<string> | undefined;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  roles: string[];
  must_change_password: boolean;
  failed_attempts: number;
  locked_until: Date | null;
}

function toMe(u: Pick<UserRow, "username" | "roles" | "must_change_password">): Me {
  return { username: u.username, roles: u.roles, mustChangePassword: u.must_change_password };
}

/**
 * Creates the user `admin` (roles `["admin"]`) with a random one-time password on first start
 * (`mustChangePassword = true`). Returns the credential to print once, or null when an admin exists.
 */
export async function ensureInitialAdmin(ctx: AppContext): Promise<{ username: string; password: string } | null> {
  const existing = await ctx.database.raw.query("SELECT 1 FROM app_user WHERE roles @> '[\"admin\"]'::jsonb LIMIT 1");
  if (existing.rows.length > 0) return null;
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  const res = await ctx.database.raw.query<{ id: string }>(
    `INSERT INTO app_user (id, username, password_hash, roles, must_change_password, failed_attempts, created_at)
     VALUES ($1, 'admin', $2, '["admin"]'::jsonb, true, 0, $3) ON CONFLICT (username) DO NOTHING RETURNING id`,
    [uuidv7(), passwordHash, ctx.now()],
  );
  if (res.rows.length === 0) return null;
  return { username: "admin", password };
}

/** @throws AuthError `locked` (account locked) or `bad-credentials` */
export async function login(
  ctx: AppContext,
  input: { username: string; password: string; clientAddress?: string | null },
): Promise<{ sessionId: string; me: Me }> {
  const now = ctx.now();
  const res = await ctx.database.raw.query<UserRow>("SELECT * FROM app_user WHERE username = $1", [input.username]);
  const user = res.rows[0];
  if (!user) {
    // same work as a real check so timing does not reveal whether the user exists
    dummyHash ??= hashPassword(randomPassword());
    await verifyPassword(await dummyHash, input.password);
    throw new AuthError("bad-credentials", "wrong username or password");
  }
  if (user.locked_until && new Date(user.locked_until) > now) throw new AuthError("locked", `account locked until ${new Date(user.locked_until).toISOString()}`);
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok) {
    const attempts = user.failed_attempts + 1;
    const lock = attempts >= MAX_FAILED_ATTEMPTS ? new Date(now.getTime() + LOCK_MINUTES * MINUTE) : null;
    await ctx.database.raw.query("UPDATE app_user SET failed_attempts = $2, locked_until = $3 WHERE id = $1", [
      user.id,
      lock ? 0 : attempts,
      lock,
    ]);
    if (lock) throw new AuthError("locked", `too many failed attempts; account locked until ${lock.toISOString()}`);
    throw new AuthError("bad-credentials", "wrong username or password");
  }
  const sessionId = newSessionId();
  await ctx.database.transaction(async (tx) => {
    await tx.query("UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = $1", [user.id]);
    await tx.query(
      "INSERT INTO session (id, user_id, client_address, created_at, last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$4,$5)",
      [sessionId, user.id, input.clientAddress ?? null, now, new Date(now.getTime() + SESSION_ABSOLUTE_HOURS * 60 * MINUTE)],
    );
  });
  return { sessionId, me: toMe(user) };
}

interface SessionJoin extends UserRow {
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
}

async function loadSession(ctx: AppContext, sessionId: string): Promise<SessionJoin | null> {
  if (!sessionId) return null;
  const res = await ctx.database.raw.query<SessionJoin>(
    `SELECT u.*, s.id AS session_id, s.user_id, s.last_seen_at, s.expires_at FROM session s JOIN app_user u ON u.id = s.user_id WHERE s.id = $1`,
    [sessionId],
  );
  const row = res.rows[0];
  if (!row) return null;
  const now = ctx.now();
  const idleLimit = new Date(new Date(row.last_seen_at).getTime() + SESSION_IDLE_MINUTES * MINUTE);
  if (now > idleLimit || now > new Date(row.expires_at)) {
    await ctx.database.raw.query("DELETE FROM session WHERE id = $1", [sessionId]);
    return null;
  }
  return row;
}

/** The user of a live session (touches last-seen), or null when unknown, idle > 15 min or older than 12 h. */
export async function getSessionUser(ctx: AppContext, sessionId: string): Promise<Me | null> {
  const row = await loadSession(ctx, sessionId);
  if (!row) return null;
  await ctx.database.raw.query("UPDATE session SET last_seen_at = $2 WHERE id = $1", [sessionId, ctx.now()]);
  return toMe(row);
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.database.raw.query("DELETE FROM session WHERE id = $1", [sessionId]);
}

/**
 * Changes the session user's password (at least 12 characters, different from the old one); clears
 * `mustChangePassword` and ends the user's other sessions.
 * @throws AuthError `unauthenticated` / `bad-credentials`; InvalidInputError for a weak new password
 */
export async function changePassword(
  ctx: AppContext,
  sessionId: string,
  input: { oldPassword: string; newPassword: string },
): Promise<Me> {
  const row = await loadSession(ctx, sessionId);
  if (!row) throw new AuthError("unauthenticated", "not logged in or session expired");
  if (!(await verifyPassword(row.password_hash, input.oldPassword))) throw new AuthError("bad-credentials", "old password is wrong");
  if (input.newPassword.length < MIN_PASSWORD_LENGTH)
    throw new InvalidInputError(`new password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (input.newPassword === input.oldPassword) throw new InvalidInputError("new password must differ from the old one");
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.database.transaction(async (tx) => {
    await tx.query("UPDATE app_user SET password_hash = $2, must_change_password = false WHERE id = $1", [row.user_id, passwordHash]);
    await tx.query("DELETE FROM session WHERE user_id = $1 AND id <> $2", [row.user_id, sessionId]);
  });
  return toMe({ ...row, must_change_password: false });
}
