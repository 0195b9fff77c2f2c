import { z } from "zod";

export const LoginRequest = z.object({ username: z.string().min(1), password: z.string().min(1) });
export const Me = z.object({
  username: z.string(),
  roles: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof Me>;
export const ChangePasswordRequest = z.object({ oldPassword: z.string(), newPassword: z.string().min(12) });
