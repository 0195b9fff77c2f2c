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
});
export type Me = z.infer<typeof Me>;
export const ChangePasswordRequest = z.object({ oldPassword: z.string(), newPassword: z.string().min(12) });
