/**
 * Report endpoints (`/api/v1/reports*`, contract `packages/contract/src/reports.ts`) as TanStack Query hooks.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GenerateReportRequest, ReportDetail, ReportFormat, ReportSummary } from "@tracewater/contract";
import { API_BASE, ApiError, apiGet, apiPost } from "../../api/client.js";

export const reportKeys = {
  list: ["reports"] as const,
  one: (id: string) => ["reports", id] as const,
};

export function useReports() {
  return useQuery({
    queryKey: reportKeys.list,
    queryFn: ({ signal }) => apiGet<{ items: ReportSummary[] }>("/reports", undefined, signal).then((r) => r.items),
  });
}

export function useReport(id: string | null) {
  return useQuery({
    queryKey: reportKeys.one(id ?? ""),
    queryFn: ({ signal }) => apiGet<ReportDetail>(`/reports/${id}`, undefined, signal),
    enabled: id !== null,
  });
}

/** PATCH JSON (the shared client has GET/POST only). Throws {@link ApiError}. */
async function apiPatch<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${API_BASE}${path}`, {
    method: "PATCH",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-Requested-With": "tracewater" },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) throw new ApiError(response.status, json as never, `${response.status} ${response.statusText}`);
  return json as T;
}

function useReportMutation<V>(fn: (v: V) => Promise<ReportDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      client.setQueryData(reportKeys.one(detail.id), detail);
      void client.invalidateQueries({ queryKey: reportKeys.list, exact: true });
    },
  });
}

export function useGenerateReport() {
  return useReportMutation((body: GenerateReportRequest) => apiPost<ReportDetail>("/reports", body));
}

export function useSaveAnalystText() {
  return useReportMutation((v: { id: string; analystText: string }) =>
    apiPatch<ReportDetail>(`/reports/${v.id}`, { analystText: v.analystText }),
  );
}

export function useReportAction() {
  return useReportMutation((v: { id: string; action: "regenerate" | "review" | "issue" }) =>
    apiPost<ReportDetail>(`/reports/${v.id}/${v.action}`, {}),
  );
}

/** URL of the report file (a plain GET with the session cookie). */
export function reportFileUrl(id: string, format: ReportFormat): string {
  return `${API_BASE}/reports/${id}/file?format=${format}`;
}
