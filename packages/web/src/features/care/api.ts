/**
 * Care endpoints (issue #6, contract `packages/contract/src/care.ts`) as TanStack Query hooks. Case reads send the
 * purpose code the user stated (SEC-06, header `X-Purpose`; the server audits it with every read).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CareAggregates,
  CareCaseFile,
  CareCaseSummary,
  CareStageCreate,
  CareTask,
  CareTestRecord,
} from "@tracewater/contract";
import { apiGet, apiPost } from "../../api/client.js";
import { PURPOSE_HEADER } from "../security/purpose.js";

export const careKeys = {
  all: ["care"] as const,
  myCases: ["care", "cases", "mine"] as const,
  myTasks: ["care", "tasks", "mine"] as const,
  caseFile: (id: string) => ["care", "case", id] as const,
  aggregates: (jurisdiction?: string) => ["care", "aggregates", jurisdiction ?? ""] as const,
};

export function useMyCases() {
  return useQuery({
    queryKey: careKeys.myCases,
    queryFn: ({ signal }) =>
      apiGet<{ items: CareCaseSummary[] }>("/care/cases/mine", undefined, signal).then((r) => r.items),
  });
}

export function useMyTasks() {
  return useQuery({
    queryKey: careKeys.myTasks,
    queryFn: ({ signal }) => apiGet<{ items: CareTask[] }>("/care/tasks/mine", undefined, signal).then((r) => r.items),
  });
}

/**
 * The case file, read with the purpose code (SEC-06, `features/security/purpose.ts`) as header `X-Purpose` and
 * query `purpose`; not fetched while `purpose` is null (the page asks for it first).
 */
export function useCaseFile(id: string, purpose: string | null) {
  return useQuery({
    queryKey: careKeys.caseFile(id), // the purpose is not part of the data
    enabled: purpose !== null,
    queryFn: ({ signal }) =>
      apiGet<CareCaseFile>(
        `/care/cases/${encodeURIComponent(id)}`,
        { purpose },
        signal,
        purpose ? { [PURPOSE_HEADER]: purpose } : undefined,
      ),
  });
}

export function useAggregates(jurisdiction?: string) {
  return useQuery({
    queryKey: careKeys.aggregates(jurisdiction),
    queryFn: ({ signal }) => apiGet<CareAggregates>("/care/aggregates", { jurisdiction }, signal),
  });
}

/** Records a test of a case; refreshes the case file, my tasks and my cases. */
export function useRecordTest(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CareTestRecord) =>
      apiPost<CareCaseFile>(`/care/cases/${encodeURIComponent(caseId)}/tests`, body),
    onSuccess: (file) => {
      client.setQueryData(careKeys.caseFile(caseId), file);
      void client.invalidateQueries({ queryKey: careKeys.myTasks });
      void client.invalidateQueries({ queryKey: careKeys.myCases });
    },
  });
}

/** Applies a legal-state event to a case (the server's state machine decides; illegal → 409). */
export function useTransition(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { event: string; reason: string; occurredAt?: string }) =>
      apiPost<CareCaseFile>(`/care/cases/${encodeURIComponent(caseId)}/transitions`, body),
    onSuccess: (file) => {
      client.setQueryData(careKeys.caseFile(caseId), file);
      void client.invalidateQueries({ queryKey: careKeys.myTasks });
      void client.invalidateQueries({ queryKey: careKeys.myCases });
    },
  });
}

/** Marks a task done (not test tasks: those are completed by recording the test). */
export function useCompleteTask(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => apiPost<void>(`/care/tasks/${encodeURIComponent(taskId)}/complete`, {}),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: careKeys.caseFile(caseId) });
      void client.invalidateQueries({ queryKey: careKeys.myTasks });
      void client.invalidateQueries({ queryKey: careKeys.myCases });
    },
  });
}

/** Records a stage evaluation (生理脱毒 → 身心康复 → 融入社会; the server checks the order with core's rules). */
export function useRecordStage(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CareStageCreate) =>
      apiPost<CareCaseFile>(`/care/cases/${encodeURIComponent(caseId)}/stages`, body),
    onSuccess: (file) => client.setQueryData(careKeys.caseFile(caseId), file),
  });
}

/** The caller's open tasks between two dates (inclusive), by due date. */
export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: ["care", "calendar", from, to] as const,
    queryFn: ({ signal }) => apiGet<{ items: CareTask[] }>("/care/calendar", { from, to }, signal).then((r) => r.items),
  });
}
