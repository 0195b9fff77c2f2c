/**
 * Deadline alerts of a case (core `deadlineAlerts`: report due/overdue, agreement not signed, transfer not
 * reported, test due/missed, leave overdue/unreported, expiry, township notice, obligation tasks due/overdue,
 * police-report proposals), from the stored case. Leave reports are about leaving the county (戒毒条例 §19(3)), so
 * each is taken as out of county.
 */
import { type CareAlert, type CaseSnapshot, deadlineAlerts } from "@tracewater/core";
import type { SqlClient } from "../../storage/open-database.js";
import { testOutcome } from "./proposals.js";
import type { MeasureState, ViolationKindOf } from "./rules.js";

/** The alerts of case `caseId` on `today`, overdue first. */
export async function caseAlerts(
  db: SqlClient,
  caseId: string,
  state: MeasureState,
  today: string,
): Promise<CareAlert[]> {
  const q = <T extends object>(sql: string) => db.query<T>(sql, [caseId]).then((r) => r.rows);
  const [tasks, tests, leaves, violations, reports] = await Promise.all([
    q<{ id: string; kind: string; title_zh: string | null; due_on: string; done_on: string | null }>(
      `SELECT id, kind, title_zh, to_char(due_on,'YYYY-MM-DD') AS due_on,
              to_char(done_at AT TIME ZONE 'Asia/Shanghai','YYYY-MM-DD') AS done_on
         FROM care_task WHERE measure_id = $1 AND source_code LIKE 'obligation:%' AND status <> 'cancelled'`,
    ),
    q<{
      id: string;
      date: string | null;
      status: string;
      result: string | null;
      matrix: string | null;
      random: boolean;
    }>(
      `SELECT id, to_char(coalesce(due_on, (collected_at AT TIME ZONE 'Asia/Shanghai')::date),'YYYY-MM-DD') AS date,
              status, result, matrix, random FROM care_test WHERE measure_id = $1`,
    ),
    q<{
      id: string;
      leave_from: string;
      leave_to: string;
      returned_on: string | null;
      submitted_on: string;
      approved_by: string | null;
    }>(
      `SELECT id, to_char(leave_from,'YYYY-MM-DD') AS leave_from, to_char(leave_to,'YYYY-MM-DD') AS leave_to,
              to_char(returned_on,'YYYY-MM-DD') AS returned_on, to_char(submitted_on,'YYYY-MM-DD') AS submitted_on, approved_by
         FROM care_leave_report WHERE measure_id = $1`,
    ),
    q<{ type: string; occurred_on: string; days: number | null }>(
      "SELECT type, to_char(occurred_on,'YYYY-MM-DD') AS occurred_on, days FROM care_violation WHERE measure_id = $1",
    ),
    q<{ through: string | null }>(
      "SELECT to_char(max(confirmed_at) AT TIME ZONE 'Asia/Shanghai','YYYY-MM-DD') AS through FROM care_police_report WHERE measure_id = $1",
    ),
  ]);
  const snapshot: CaseSnapshot = {
    caseId,
    measure: state,
    tasks: tasks.map((t) => ({
      id: t.id,
      code: t.kind,
      ...(t.title_zh ? { title: t.title_zh } : {}),
      dueDate: t.due_on,
      doneAt: t.done_on,
    })),
    tests: tests
      .filter((t) => t.date)
      .map((t) => ({
        id: t.id,
        date: t.date as string,
        outcome: testOutcome(t.status, t.result),
        ...(t.matrix ? { matrix: t.matrix as "urine" } : {}),
        scheduleKind: t.random ? ("random" as const) : ("scheduled" as const),
      })),
    leaves: leaves.map((l) => ({
      id: l.id,
      departedAt: l.leave_from,
      plannedReturnAt: l.leave_to,
      returnedAt: l.returned_on,
      outOfCounty: true,
      reportSubmittedAt: l.submitted_on,
      approved: l.approved_by !== null,
    })),
    violations: violations.map((v) => ({
      kind: v.type as ViolationKindOf,
      at: v.occurred_on,
      ...(v.days != null ? { days: v.days } : {}),
    })),
    proposalsHandledThrough: reports[0]?.through ?? null,
  };
  return deadlineAlerts(snapshot, today);
}
