import { z } from "zod";

export const LoginRequest = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  /** TOTP code (RFC 6238), required once the account has enrolled a second factor */
  totpCode: z
    .string()
    .regex(/^\d{6,8}$/)
    .optional(),
});
export const Me = z.object({
  username: z.string(),
  roles: z.array(z.string()),
  mustChangePassword: z.boolean(),
  /** the account has an active TOTP second factor */
  totpEnabled: z.boolean(),
  /** the account's roles require a second factor (person data or administration; SEC-04) */
  totpRequired: z.boolean(),
  /** TOTP is required but not enrolled: only /auth/me, /auth/logout, /auth/password and /auth/totp/* answer */
  mustEnrolTotp: z.boolean(),
  /** jurisdiction code of the account (null for administrators) */
  jurisdictionCode: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;
export const ChangePasswordRequest = z.object({ oldPassword: z.string(), newPassword: z.string().min(12) });

/** `POST /api/v1/auth/totp/enrol`: a new (not yet active) secret, shown once. */
export const TotpEnrolment = z.object({
  /** base32 secret (for manual entry, e.g. `oathtool --totp -b SECRET`) */
  secret: z.string(),
  /** `otpauth://totp/Tracewater:<user>?secret=…&issuer=Tracewater&period=30&digits=6` */
  uri: z.string(),
  /** the URI as a QR code: an SVG document rendered on the server */
  qrSvg: z.string(),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;
/** `POST /api/v1/auth/totp/confirm`: the current code of the authenticator. */
export const TotpConfirmRequest = z.object({ code: z.string().regex(/^\d{6}$/) });
