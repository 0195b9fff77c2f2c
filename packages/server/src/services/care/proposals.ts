/**
 * The advisory police-report proposal of a case (戒毒条例 §20–§21): reads the case's recorded violations, test
 * outcomes and confirmed police reports and asks the core rules (`rules.ts proposePoliceReport`). Advisory only —
 * a person confirms a report (`records.ts confirmPoliceReport`).
 */
import type { TestOutcome } from "@tracewater/core";
import type { SqlClient } from "../../storage/open-database.js";
import { type MeasureState, proposePoliceReport } from "./rules.js";

export interface PoliceReportProposal {
  proposed: boolean;
  trigger: string | null;
  reasons: string[];
}

/** Core test outcome of a stored test row. */
export function testOutcome(status: string, result: string | null): TestOutcome {
  if (status === "done") return result === "positive" ? "positive" : "negative";
  return status as TestOutcome;
}

/** Test outcomes of a measure, dated by due date (or the local collection date of an unplanned test). */
export async function testOutcomes(
  db: SqlClient,
  measureId: string,
): Promise<{ date: string; outcome: TestOutcome }[]> {
  const rows = (
    await db.query<{ date: string | null; status: string; result: string | null }>(
      `SELECT to_char(coalesce(due_on, (collected_at AT TIME ZONE 'Asia/Shanghai')::date),'YYYY-MM-DD') AS date, status, result
         FROM care_test WHERE measure_id = $1`,
      [measureId],
    )
  ).rows;
  return rows.filter((r) => r.date).map((r) => ({ date: r.date as string, outcome: testOutcome(r.status, r.result) }));
}

/** The current proposal for measure `measureId` as of `today`. */
export async function policeReportProposal(
  db: SqlClient,
  measureId: string,
  _state: MeasureState,
  today: string,
): Promise<PoliceReportProposal> {
  const violations = (
    await db.query<{ type: string; occurred_on: string; days: number | null }>(
      "SELECT type, to_char(occurred_on,'YYYY-MM-DD') AS occurred_on, days FROM care_violation WHERE measure_id = $1 ORDER BY occurred_on",
      [measureId],
    )
  ).rows;
  const reported = (
    await db.query<{ trigger: string; on: string }>(
      "SELECT trigger, to_char(confirmed_at AT TIME ZONE 'Asia/Shanghai','YYYY-MM-DD') AS on FROM care_police_report WHERE measure_id = $1",
      [measureId],
    )
  ).rows;
  return proposePoliceReport({ today, violations, tests: await testOutcomes(db, measureId), reported });
}
