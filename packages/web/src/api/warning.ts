/**
 * Early-warning endpoints (issue #4, contract `packages/contract/src/warning.ts`): alerts, leads (线索), the in-app
 * inbox, source tracing and the sewer network — one TanStack Query hook per endpoint. Types only from the contract.
 */
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  Alert,
  AlertDetail,
  AlertSeries,
  AlertTransitionRequest,
  DetectRunResult,
  InboxResponse,
  Lead,
  LeadAttachment,
  LeadCreate,
  LeadDetail,
  LeadFeedbackInput,
  LeadTransitionRequest,
  NetworkTree,
  Notification,
  SamplingTask,
  SamplingTaskCreate,
  SupervisionOrder,
  TracePlan,
} from "@tracewater/contract";
import { ApiError, apiGet, apiPost } from "./client.js";
import type { Page } from "./types.js";

/** Query keys of the warning endpoints (one family per endpoint). */
export const warningKeys = {
  all: ["warning"] as const,
  alerts: (filter: object) => ["warning", "alerts", filter] as const,
  alert: (id: string) => ["warning", "alert", id] as const,
  alertSeries: (id: string) => ["warning", "alert", id, "series"] as const,
  trace: (id: string, k: number, budgetHours: number | null = null) =>
    ["warning", "alert", id, "trace", k, budgetHours] as const,
  leads: (filter: object) => ["warning", "leads", filter] as const,
  lead: (id: string) => ["warning", "lead", id] as const,
  supervisionOrders: ["warning", "supervision-orders"] as const,
  inbox: ["warning", "inbox"] as const,
  network: (site: string) => ["warning", "network", site] as const,
  samplingTasks: (alertId: string) => ["warning", "sampling-tasks", alertId] as const,
};

/** Server-side filters of `GET /alerts` (status/level may be comma lists; `from` = raising date on or after). */
export interface AlertFilter {
  status?: string;
  level?: string;
  site?: string;
  analyte?: string;
  detector?: string;
  source?: string;
  from?: string;
}

/** Follows `nextCursor` of a cursor page (at most `maxPages` pages of `limit`). */
async function allPages<T>(
  path: string,
  params: Record<string, string | number | undefined>,
  signal: AbortSignal,
  limit = 500,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await apiGet<Page<T>>(path, { ...params, cursor, limit }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** `GET /alerts?status=&level=&site=&analyte=&detector=&source=&from=` — every page. */
export function useAlerts(filter: AlertFilter) {
  return useQuery({
    queryKey: warningKeys.alerts(filter),
    queryFn: ({ signal }) => allPages<Alert>("/alerts", { ...filter }, signal),
  });
}

/** `GET /alerts/{id}` (alert + evidence + history). */
export function useAlert(id: string) {
  return useQuery({
    queryKey: warningKeys.alert(id),
    queryFn: ({ signal }) => apiGet<AlertDetail>(`/alerts/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** `GET /alerts/{id}` for each id (a lead's alerts). */
export function useAlertsByIds(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: warningKeys.alert(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiGet<AlertDetail>(`/alerts/${encodeURIComponent(id)}`, undefined, signal),
    })),
  });
}

/** `GET /alerts/{id}/series` — values, baseline and threshold per sample date (the explanation chart). */
export function useAlertSeries(id: string) {
  return useQuery({
    queryKey: warningKeys.alertSeries(id),
    queryFn: ({ signal }) => apiGet<AlertSeries>(`/alerts/${encodeURIComponent(id)}/series`, undefined, signal),
  });
}

/** `GET /alerts/{id}/trace?k=` — candidate upstream sources and the proposed next sampling round. */
export function useTracePlan(id: string | undefined, k = 2, budgetHours: number | null = null) {
  return useQuery({
    queryKey: warningKeys.trace(id ?? "", k, budgetHours),
    queryFn: ({ signal }) =>
      apiGet<TracePlan>(`/alerts/${encodeURIComponent(id ?? "")}/trace`, { k, budgetHours }, signal),
    enabled: Boolean(id),
    retry: false,
  });
}

/** `GET /network/{site}` — the sewer tree (rooted at the plant) containing the site. */
export function useNetwork(site: string | undefined) {
  return useQuery({
    queryKey: warningKeys.network(site ?? ""),
    queryFn: ({ signal }) => apiGet<NetworkTree>(`/network/${encodeURIComponent(site ?? "")}`, undefined, signal),
    enabled: Boolean(site),
    retry: false,
  });
}

/** `POST /alerts/{id}/transition` (acknowledge / dismiss with reason / close). */
export function useAlertTransition(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertTransitionRequest) =>
      apiPost<AlertDetail>(`/alerts/${encodeURIComponent(id)}/transition`, body),
    onSuccess: (detail) => {
      client.setQueryData(warningKeys.alert(id), detail);
      void client.invalidateQueries({ queryKey: ["warning", "alerts"] });
      void client.invalidateQueries({ queryKey: warningKeys.inbox });
    },
  });
}

/** `POST /detect` — run detection now over the stored data. */
export function useRunDetection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<DetectRunResult>("/detect"),
    onSuccess: () => void client.invalidateQueries({ queryKey: warningKeys.all }),
  });
}

/** Server-side filters of `GET /leads`. */
export interface LeadFilter {
  status?: string;
  orgUnit?: string;
  overdue?: boolean;
}

/** `GET /leads?status=&orgUnit=&overdue=` — every page. */
export function useLeads(filter: LeadFilter = {}) {
  return useQuery({
    queryKey: warningKeys.leads(filter),
    queryFn: ({ signal }) =>
      allPages<Lead>(
        "/leads",
        { ...filter, overdue: filter.overdue === undefined ? undefined : String(filter.overdue) },
        signal,
      ),
  });
}

/** `GET /leads/{id}` (lead + history + attachments + supervision orders). */
export function useLead(id: string) {
  return useQuery({
    queryKey: warningKeys.lead(id),
    queryFn: ({ signal }) => apiGet<LeadDetail>(`/leads/${encodeURIComponent(id)}`, undefined, signal),
  });
}

function useLeadMutation<V>(id: string, call: (vars: V) => Promise<LeadDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (detail) => {
      client.setQueryData(warningKeys.lead(id), detail);
      void client.invalidateQueries({ queryKey: ["warning", "leads"] });
      void client.invalidateQueries({ queryKey: warningKeys.supervisionOrders });
    },
  });
}

/** `POST /leads` (201) — from alerts (they move to `lead`) or by hand. */
export function useCreateLead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LeadCreate) => apiPost<LeadDetail>("/leads", body),
    onSuccess: (detail) => {
      client.setQueryData(warningKeys.lead(detail.id), detail);
      void client.invalidateQueries({ queryKey: warningKeys.all });
    },
  });
}

/** `POST /leads/{id}/transition` (open → in_progress → reported → closed). */
export function useLeadTransition(id: string) {
  return useLeadMutation(id, (body: LeadTransitionRequest) =>
    apiPost<LeadDetail>(`/leads/${encodeURIComponent(id)}/transition`, body),
  );
}

/** `POST /leads/{id}/feedback` (findings + outcome; an open/in-progress lead becomes `reported`). */
export function useLeadFeedback(id: string) {
  return useLeadMutation(id, (body: LeadFeedbackInput) =>
    apiPost<LeadDetail>(`/leads/${encodeURIComponent(id)}/feedback`, body),
  );
}

/** `POST /leads/{id}/attachments` multipart field `file` → the stored attachment (201). */
export function useUploadLeadAttachment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append("file", file, file.name);
      return apiPost<LeadAttachment>(`/leads/${encodeURIComponent(id)}/attachments`, body);
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: warningKeys.lead(id) }),
  });
}

/** URL of an attachment's stored bytes (`GET /leads/{id}/attachments/{attachmentId}`). */
export function leadAttachmentUrl(leadId: string, attachmentId: string): string {
  return `/api/v1/leads/${encodeURIComponent(leadId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** `GET /supervision-orders?status=` */
export function useSupervisionOrders(status?: "open" | "resolved") {
  return useQuery({
    queryKey: [...warningKeys.supervisionOrders, status ?? null],
    queryFn: ({ signal }) => apiGet<{ items: SupervisionOrder[] }>("/supervision-orders", { status }, signal),
  });
}

/**
 * `GET /inbox` — the user's notifications and unread count, polled every minute. A 403/404 (role without an
 * inbox, or an older server) is shown as an empty inbox rather than an error.
 */
export function useInbox() {
  return useQuery({
    queryKey: warningKeys.inbox,
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<InboxResponse>("/inbox", undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 403 || error.status === 404))
          return { items: [], unread: 0 };
        throw error;
      }
    },
    refetchInterval: 60_000,
    retry: false,
  });
}

/** `POST /inbox/{id}/read` */
export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiPost<Notification>(`/inbox/${encodeURIComponent(id)}/read`),
    onSuccess: () => void client.invalidateQueries({ queryKey: warningKeys.inbox }),
  });
}

/** `POST /inbox/read-all` */
export function useMarkAllNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<{ updated: number }>("/inbox/read-all"),
    onSuccess: () => void client.invalidateQueries({ queryKey: warningKeys.inbox }),
  });
}

/** `GET /sampling-tasks?alertId=` — the sampling rounds planned for an alert's tracing. */
export function useSamplingTasks(alertId: string | undefined) {
  return useQuery({
    queryKey: warningKeys.samplingTasks(alertId ?? ""),
    queryFn: ({ signal }) => apiGet<{ items: SamplingTask[] }>("/sampling-tasks", { alertId }, signal),
    enabled: Boolean(alertId),
  });
}

/** `POST /sampling-tasks` (201) — plan a sampling round (points with dates; custody codes are assigned). */
export function useCreateSamplingTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SamplingTaskCreate) => apiPost<SamplingTask>("/sampling-tasks", body),
    onSuccess: (task) => {
      if (task.alertId) void client.invalidateQueries({ queryKey: warningKeys.samplingTasks(task.alertId) });
    },
  });
}
