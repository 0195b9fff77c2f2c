/**
 * TOTP enrolment (RFC 6238 second factor; docs/domain.md SEC-04). The secret is stored field-encrypted
 * (`staff_profile.totp_secret`, AES-256-GCM with AAD `staff_profile.totp_secret`) and becomes active only after
 * the user proves the authenticator works by entering one code.
 */
import type { Me } from "@tracewater/contract";
import QRCode from "qrcode";
import { newTotpSecret, totpUri, verifyTotp } from "../../security/password-policy.js";
import type { AppContext } from "../context.js";
import { AuthError, InvalidInputError } from "../errors.js";
import { appendAuditEvent } from "../security/audit-log.js";
import { fieldCrypto } from "../security/field-cipher.js";
import { getSessionUser, loadSession, TOTP_SECRET_FIELD } from "./auth.js";

/**
 * Starts (or restarts, while not yet confirmed) TOTP enrolment for the session's user.
 * @returns the base32 secret, the otpauth URI and that URI as a QR code (SVG rendered here, no external service)
 * @throws AuthError `unauthenticated`; InvalidInputError when TOTP is already active
 */
export async function beginTotpEnrolment(
  ctx: AppContext,
  sessionId: string,
): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const row = await loadSession(ctx, sessionId);
  if (!row) throw new AuthError("unauthenticated", "not logged in or session expired");
  if (row.totp_enabled) throw new InvalidInputError("TOTP is already active for this account");
  const secret = newTotpSecret();
  const encrypted = fieldCrypto(ctx).cipher.encrypt(secret, TOTP_SECRET_FIELD);
  await ctx.database.raw.query(
    `INSERT INTO staff_profile (user_id, totp_secret, totp_enabled) VALUES ($1, $2, false)
     ON CONFLICT (user_id) DO UPDATE SET totp_secret = EXCLUDED.totp_secret, totp_enabled = false, totp_last_step = NULL`,
    [row.user_id, encrypted],
  );
  const uri = totpUri(secret, row.username);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrSvg };
}

/**
 * Confirms enrolment with a current code; from then on login needs a code. Audited as `auth.totp-enrol`.
 * @returns the session user (now `totpEnabled`)
 * @throws AuthError `unauthenticated` / `bad-credentials` (wrong code); InvalidInputError when not started
 */
export async function confirmTotpEnrolment(
  ctx: AppContext,
  sessionId: string,
  code: string,
  clientAddress?: string | null,
): Promise<Me> {
  const row = await loadSession(ctx, sessionId);
  if (!row) throw new AuthError("unauthenticated", "not logged in or session expired");
  if (row.totp_enabled) throw new InvalidInputError("TOTP is already active for this account");
  if (!row.totp_secret) throw new InvalidInputError("start TOTP enrolment first");
  const secret = fieldCrypto(ctx).cipher.decrypt(row.totp_secret, TOTP_SECRET_FIELD);
  const v = await verifyTotp(secret, code, { now: ctx.now() });
  const base = {
    actor: row.username,
    roles: row.roles,
    action: "auth.totp-enrol",
    object: `staff:${row.username}`,
    clientAddress: clientAddress ?? null,
  } as const;
  if (!v.valid) {
    await appendAuditEvent(ctx, { ...base, outcome: "failure" });
    throw new AuthError("bad-credentials", "wrong authenticator code");
  }
  await ctx.database.transaction(async (tx) => {
    await tx.query("UPDATE staff_profile SET totp_enabled = true, totp_last_step = $2 WHERE user_id = $1", [
      row.user_id,
      v.timeStep,
    ]);
    await appendAuditEvent(ctx, { ...base, outcome: "success" }, tx);
  });
  const me = await getSessionUser(ctx, sessionId);
  if (!me) throw new AuthError("unauthenticated", "not logged in or session expired");
  return me;
}
