/** TOTP enrolment endpoints (`/auth/totp/enrol`, `/auth/totp/confirm`) and logout everywhere. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Me, TotpEnrolment } from "@tracewater/contract";
import { apiPost } from "../../api/client.js";
import { queryKeys } from "../../api/keys.js";

/** `POST /auth/totp/enrol` → a new secret, its otpauth URI and a server-rendered QR code (SVG). */
export function useBeginTotp() {
  return useMutation({ mutationFn: () => apiPost<TotpEnrolment>("/auth/totp/enrol") });
}

/** `POST /auth/totp/confirm` {code} → Me (now with `totpEnabled`). */
export function useConfirmTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiPost<Me>("/auth/totp/confirm", { code }),
    onSuccess: (me) => client.setQueryData(queryKeys.me, me),
  });
}

/** `POST /auth/logout-everywhere` → {sessions}; clears every cached query. */
export function useLogoutEverywhere() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<{ sessions: number }>("/auth/logout-everywhere"),
    onSettled: () => {
      client.clear();
      client.setQueryData(queryKeys.me, null);
    },
  });
}
