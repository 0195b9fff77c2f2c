/**
 * Password and second-factor policy (docs/domain.md SEC-04; GB/T 22239-2019 身份鉴别: complexity, login-failure
 * handling, two factors of which one cryptographic).
 *
 * - Length ≥ {@link MIN_PASSWORD_LENGTH} (12) and at least 3 of the 4 character classes (lower, upper, digit,
 *   other) — the usual reading of MLPS level-3 "complexity"; must not contain the username.
 * - No reuse of the last {@link PASSWORD_HISTORY} (5) passwords: compared against their argon2id hashes
 *   (`services/auth/passwords.ts`).
 * - TOTP (RFC 6238) with otplib: HMAC-SHA-1, 6 digits, 30 s steps, ±1 step of clock drift, and replay
 *   protection by remembering the last accepted time step.
 * - Lockout back-off: after `maxFailures` failures the account locks for `baseLockMinutes × 2^(n−1)` on its n-th
 *   consecutive lockout, capped at 24 h.
 */
import { generateSecret, generateURI, verify } from "otplib";
import { verifyPassword } from "../services/auth/passwords.js";

export const MIN_PASSWORD_LENGTH = 12;
export const MIN_CHARACTER_CLASSES = 3;
export const PASSWORD_HISTORY = 5;
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Accepted clock drift: one step either side (RFC 6238 §5.2 recommends at most one step of delay). */
export const TOTP_DRIFT_STEPS = 1;
export const MAX_LOCK_MINUTES = 24 * 60;

/** The problems of a candidate password (empty = acceptable), as stable codes with English messages. */
export function passwordProblems(
  password: string,
  opts: { username?: string } = {},
): { code: string; message: string }[] {
  const out: { code: string; message: string }[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    out.push({ code: "too-short", message: `at least ${MIN_PASSWORD_LENGTH} characters (got ${length})` });
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
  if (classes < MIN_CHARACTER_CLASSES)
    out.push({
      code: "too-simple",
      message: `at least ${MIN_CHARACTER_CLASSES} of: lower case, upper case, digits, other characters (got ${classes})`,
    });
  if (opts.username && opts.username.length >= 3 && password.toLowerCase().includes(opts.username.toLowerCase()))
    out.push({ code: "contains-username", message: "must not contain the username" });
  return out;
}

/** True when `password` matches one of the argon2id hashes (the current and the last {@link PASSWORD_HISTORY}). */
export async function isReusedPassword(password: string, recentHashes: readonly string[]): Promise<boolean> {
  for (const h of recentHashes.slice(0, PASSWORD_HISTORY)) if (await verifyPassword(h, password)) return true;
  return false;
}

/** A new TOTP secret: 20 random bytes (160 bits, RFC 4226 §4 recommendation), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://totp/…` URI for an authenticator app (QR code). */
export function totpUri(secretBase32: string, username: string, issuer = "Tracewater"): string {
  return generateURI({
    issuer,
    label: username,
    secret: secretBase32,
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
  });
}

/**
 * Verifies a TOTP code at `now`. `lastTimeStep` (the step of the previously accepted code) rejects replays.
 * @returns `{valid: true, timeStep}` (store `timeStep` as the new last step) or `{valid: false}`
 */
export async function verifyTotp(
  secret: string | Uint8Array,
  token: string,
  opts: { now: Date; lastTimeStep?: number | null; digits?: 6 | 7 | 8; algorithm?: "sha1" | "sha256" | "sha512" },
): Promise<{ valid: true; timeStep: number } | { valid: false }> {
  const digits = opts.digits ?? TOTP_DIGITS;
  if (!new RegExp(`^\\d{${digits}}$`).test(token)) return { valid: false };
  const res = await verify({
    secret,
    token,
    digits,
    algorithm: opts.algorithm ?? "sha1",
    period: TOTP_PERIOD_SECONDS,
    epoch: Math.floor(opts.now.getTime() / 1000),
    epochTolerance: TOTP_DRIFT_STEPS * TOTP_PERIOD_SECONDS,
    ...(opts.lastTimeStep != null ? { afterTimeStep: opts.lastTimeStep } : {}),
  }).catch(() => ({ valid: false as const }));
  if (!res.valid) return { valid: false };
  return { valid: true, timeStep: (res as { timeStep: number }).timeStep };
}

/** Lock duration for the n-th consecutive lockout (n ≥ 1): base × 2^(n−1) minutes, at most 24 h. */
export function lockMinutes(lockoutCount: number, baseLockMinutes = 15): number {
  const n = Math.max(1, Math.floor(lockoutCount));
  return Math.min(MAX_LOCK_MINUTES, baseLockMinutes * 2 ** Math.min(n - 1, 30));
}
