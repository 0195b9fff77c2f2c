/** Administration endpoints (`/admin/*`, 三权分立) for the admin pages. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AuditEventRecord, GrantSummary, OneTimeCredential, Problem, StaffSummary } from "@tracewater/contract";
import { ApiError, apiGet, apiPost, apiUrl } from "../../api/client.js";

const KEYS = {
  staff: ["admin", "staff"] as const,
  roles: ["admin", "roles"] as const,
  grants: ["admin", "grants"] as const,
  audit: (q: Record<string, string>) => ["admin", "audit", q] as const,
  verify: ["admin", "audit", "verify"] as const,
};

/** PUT JSON (CSRF header included). Throws {@link ApiError}. */
async function apiPut(path: string, body: unknown): Promise<void> {
  const res = await fetch(apiUrl(path), {
    method: "PUT",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-Requested-With": "tracewater" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const problem = (res.headers.get("content-type") ?? "").includes("json")
      ? ((await res.json().catch(() => null)) as Problem | null)
      : null;
    throw new ApiError(res.status, problem, `${res.status} ${res.statusText}`);
  }
}

export const useStaff = (enabled: boolean) =>
  useQuery({ queryKey: KEYS.staff, queryFn: () => apiGet<StaffSummary[]>("/admin/staff"), enabled });
export const useStaffRoles = (enabled: boolean) =>
  useQuery({ queryKey: KEYS.roles, queryFn: () => apiGet<StaffSummary[]>("/admin/roles"), enabled });
export const useGrants = (enabled: boolean) =>
  useQuery({ queryKey: KEYS.grants, queryFn: () => apiGet<GrantSummary[]>("/admin/grants"), enabled });
export const useAudit = (q: Record<string, string>, enabled: boolean) =>
  useQuery({
    queryKey: KEYS.audit(q),
    queryFn: () => apiGet<{ items: AuditEventRecord[]; nextBeforeSeq: number | null }>("/admin/audit", q),
    enabled,
  });

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["admin"] });
}

export function useCreateStaff() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (username: string) => apiPost<OneTimeCredential>("/admin/staff", { username }),
    onSuccess: done,
  });
}
export function useStaffAction() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ username, verb }: { username: string; verb: "disable" | "enable" | "reset" }) =>
      apiPost<OneTimeCredential | undefined>(`/admin/staff/${encodeURIComponent(username)}/${verb}`),
    onSuccess: done,
  });
}
export function useAssignRoles() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { username: string; roles: string[]; jurisdictionCode: string | null }) =>
      apiPut(`/admin/staff/${encodeURIComponent(v.username)}/roles`, {
        roles: v.roles,
        jurisdictionCode: v.jurisdictionCode,
      }),
    onSuccess: done,
  });
}
export function useCreateGrant() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: {
      username: string;
      jurisdictionCode: string;
      actions: string[];
      reason: string;
      expiresAt: string;
    }) => apiPost<{ id: string }>("/admin/grants", v),
    onSuccess: done,
  });
}
export function useRevokeGrant() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => apiPost<void>(`/admin/grants/${id}/revoke`), onSuccess: done });
}
export function useVerifyAudit() {
  return useMutation({
    mutationFn: () =>
      apiGet<{ ok: boolean; count: number; headSeq?: number; seq?: number; reason?: string }>("/admin/audit/verify"),
  });
}
/** URL of the JSON Lines export (a plain link: the browser downloads it with the session cookie). */
export const AUDIT_EXPORT_URL = apiUrl("/admin/audit/export");
