/** Auth endpoints: `/auth/login`, `/auth/logout`, `/auth/me`, `/auth/password` (TOTP: features/login/totp-api.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiGet, apiPost } from "./client.js";
import { queryKeys } from "./keys.js";
import type { Me } from "./types.js";

/** `GET /auth/me` → the signed-in user, or `null` when there is no valid session (401). */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<Me>("/auth/me", undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** `POST /auth/login` → Me (the server sets the session cookie). */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string; totpCode?: string }) => apiPost<Me>("/auth/login", body),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(queryKeys.me, me);
    },
  });
}

/** `POST /auth/logout`; clears every cached query. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<void>("/auth/logout"),
    onSettled: () => {
      client.clear();
      client.setQueryData(queryKeys.me, null);
    },
  });
}

/** `POST /auth/password` {oldPassword, newPassword (≥ 12 chars)}; refetches `/auth/me` afterwards. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { oldPassword: string; newPassword: string }) => apiPost<unknown>("/auth/password", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.me }),
  });
}
