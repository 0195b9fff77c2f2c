import { z } from "zod";

/** The staff roles of docs/domain.md §8 (the server's capability matrix: server `security/roles.ts`). */
export const ROLES = [
  "system_admin",
  "security_admin",
  "audit_admin",
  "city_analyst",
  "county_analyst",
  "lab_technician",
  "investigator",
  "drug_control_officer",
  "grid_worker",
  "leader",
] as const;
export type Role = (typeof ROLES)[number];

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
  /**
   * the actions the account's roles grant (union of the server's capability matrix, `security/roles.ts`), sorted;
   * the UI hides what the user cannot use — the server still decides every request
   */
  capabilities: z.array(z.string()),
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
