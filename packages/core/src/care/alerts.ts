/**
 * Deadline alerts for work management ("my tasks", supervision of overdue items) and the caseload ratio check.
 *
 * Alert kinds and their rules (due dates from `deadlines.ts`, `term-clock.ts`):
 * | kind | when | basis |
 * |---|---|---|
 * | `report_due` | `ordered`, report deadline not passed | 戒毒条例 §14 |
 * | `report_overdue` | `ordered`, deadline passed: record the report (good cause) or the refusal | 戒毒条例 §14 |
 * | `agreement_not_signed` | `reported`, agreement target date (config) | 戒毒条例 §16 |
 * | `transfer_not_reported` | `transfer_pending`, report at the new township not recorded | 戒毒条例 §22 |
 * | `test_due` / `test_missed` | a `scheduled` test due soon / past its date without a result (not while detained) | 禁毒法 §35; 戒毒条例 §19(2), §24 |
 * | `leave_overdue` | still away after the planned return | 戒毒条例 §19(3), §20 |
 * | `leave_unreported` | out-of-county leave of ≥ 3 days without a prior report/approval | 戒毒条例 §19(3), §20 |
 * | `expiry_approaching` / `expiry_reached` | term end within `expiryWarningDays` / reached: complete the measure | 戒毒条例 §23, §40 |
 * | `township_notice_due` | `completed`, township not yet notified (7 days) | 戒毒条例 §23, §40 |
 * | `task_due` / `task_overdue` | an obligation task not done | obligation template |
 * | `severe_breach_proposal`, `relapse_proposal` | advisory police-report proposal awaiting confirmation | 戒毒条例 §20–§21 |
 *
 * Sorting: overdue first (most days overdue first), then by due date, then kind — the order of "my tasks".
 */
import { ScienceInputError } from "../errors.js";
import { compareDates, daysBetween, type IsoDate, requireIsoDate } from "./dates.js";
import {
  agreementDeadline,
  type CareRulesConfig,
  classifyLeave,
  DEFAULT_CARE_RULES,
  type LeaveRecord,
  townshipNotificationDeadline,
} from "./deadlines.js";
import type { TestRecord } from "./drug-tests.js";
import type { MeasureState } from "./measure-types.js";
import { deriveViolations, proposePoliceReports, type Violation } from "./severe-breach.js";
import { termClock } from "./term-clock.js";

export type AlertKind =
  | "report_due"
  | "report_overdue"
  | "agreement_not_signed"
  | "transfer_not_reported"
  | "test_due"
  | "test_missed"
  | "leave_overdue"
  | "leave_unreported"
  | "expiry_approaching"
  | "expiry_reached"
  | "township_notice_due"
  | "task_due"
  | "task_overdue"
  | "severe_breach_proposal"
  | "relapse_proposal";

export interface CareAlert {
  kind: AlertKind;
  caseId: string;
  dueDate: IsoDate;
  overdue: boolean;
  /** `today − dueDate` (positive when overdue, ≤ 0 when due in the future) */
  daysOverdue: number;
  basis: string;
  /** id of the test, task or leave the alert is about, when it has one */
  refId: string | null;
  /** short English description (UI text comes from i18n keys `care.alert.<kind>`) */
  message: string;
}

export interface CaseTask {
  id: string;
  code: string;
  title?: string;
  dueDate: IsoDate;
  doneAt: IsoDate | null;
}

/** Everything the alert rules read about one case. */
export interface CaseSnapshot {
  caseId: string;
  measure: MeasureState;
  tasks?: readonly CaseTask[];
  tests?: readonly (TestRecord & { id?: string })[];
  leaves?: readonly (LeaveRecord & { id?: string })[];
  /** violations recorded by workers (in addition to those derived from tests and leaves) */
  violations?: readonly Violation[];
  /** true once a person confirmed or dismissed the current police-report proposal (suppresses proposal alerts) */
  proposalHandled?: boolean;
  /**
   * date up to which proposals were handled (confirmed or dismissed): a proposal whose `latestFactAt` is on or
   * before it is not shown again; a later evasion, leave or positive brings it back
   */
  proposalsHandledThrough?: IsoDate | null;
}

function alert(
  kind: AlertKind,
  caseId: string,
  dueDate: IsoDate,
  today: IsoDate,
  basis: string,
  message: string,
  refId: string | null = null,
): CareAlert {
  const daysOverdue = daysBetween(dueDate, today);
  return { kind, caseId, dueDate, overdue: daysOverdue > 0, daysOverdue, basis, refId, message };
}

/** Overdue first (most overdue first), then by due date, then kind and case id. */
export function sortAlerts(alerts: readonly CareAlert[]): CareAlert[] {
  return alerts.slice().sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.overdue && a.daysOverdue !== b.daysOverdue) return b.daysOverdue - a.daysOverdue;
    return compareDates(a.dueDate, b.dueDate) || a.kind.localeCompare(b.kind) || a.caseId.localeCompare(b.caseId);
  });
}

const ACTIVE_LIKE = new Set(["reported", "active", "transfer_pending", "suspended"]);

/**
 * Due and overdue items of one case on `today`, sorted by {@link sortAlerts}. Items due more than
 * `config.dueSoonDays` ahead (or `expiryWarningDays` for the expiry) are not listed.
 * @throws ScienceInputError for an invalid `today`
 */
export function deadlineAlerts(
  snapshot: CaseSnapshot,
  today: IsoDate,
  config: CareRulesConfig = DEFAULT_CARE_RULES,
): CareAlert[] {
  requireIsoDate("today", today);
  const m = snapshot.measure;
  const id = snapshot.caseId;
  const out: CareAlert[] = [];
  const soon = (due: IsoDate) => daysBetween(today, due) <= config.dueSoonDays;

  if (m.status === "ordered") {
    if (compareDates(today, m.reportDue) > 0) {
      out.push(
        alert(
          "report_overdue",
          id,
          m.reportDue,
          today,
          "戒毒条例 §14",
          "No report within 15 days: record the report (good cause) or the refusal",
        ),
      );
    } else if (soon(m.reportDue)) {
      out.push(alert("report_due", id, m.reportDue, today, "戒毒条例 §14", "Report to the township due"));
    }
  }
  if (m.status === "reported" && m.reportedAt !== null) {
    const due = agreementDeadline(m.reportedAt, config);
    if (soon(due)) out.push(alert("agreement_not_signed", id, due, today, "戒毒条例 §16", "Agreement not signed"));
  }
  if (
    m.status === "transfer_pending" ||
    (m.status === "suspended" && m.suspensions.at(-1)?.resumeTo === "transfer_pending")
  ) {
    const t = m.transfers.at(-1);
    if (t && t.reportedAt === null && soon(t.reportDue)) {
      out.push(
        alert(
          "transfer_not_reported",
          id,
          t.reportDue,
          today,
          "戒毒条例 §22",
          `Report at the new township ${t.toJurisdiction} not recorded`,
        ),
      );
    }
  }
  if (ACTIVE_LIKE.has(m.status)) {
    // no test is expected while the person is detained (戒毒条例 §24 ¶2: the measure is suspended)
    const detained = (d: IsoDate) =>
      m.suspensions.some((x) => compareDates(d, x.from) >= 0 && (x.to === null || compareDates(d, x.to) < 0));
    for (const t of snapshot.tests ?? []) {
      if (t.outcome !== "scheduled" || detained(t.date)) continue;
      if (compareDates(today, t.date) > 0) {
        out.push(
          alert(
            "test_missed",
            id,
            t.date,
            today,
            "禁毒法 §35; 戒毒条例 §19(2)",
            "Scheduled test without a result",
            t.id ?? null,
          ),
        );
      } else if (soon(t.date)) {
        out.push(alert("test_due", id, t.date, today, "禁毒法 §35; 戒毒条例 §19(2)", "Test due", t.id ?? null));
      }
    }
    for (const l of snapshot.leaves ?? []) {
      if (compareDates(l.departedAt, today) > 0) continue;
      const a = classifyLeave(l, today);
      if (a.overdue && l.plannedReturnAt !== null) {
        out.push(
          alert(
            "leave_overdue",
            id,
            l.plannedReturnAt,
            today,
            "戒毒条例 §19(3), §20",
            "Not back from leave",
            l.id ?? null,
          ),
        );
      }
      if (a.unauthorized) {
        out.push(
          alert(
            "leave_unreported",
            id,
            l.departedAt,
            today,
            "戒毒条例 §19(3), §20",
            `Leave of ${a.days} days without prior report/approval`,
            l.id ?? null,
          ),
        );
      }
    }
  }
  if ((m.status === "active" || m.status === "transfer_pending") && m.reportedAt !== null) {
    const c = termClock(m, today);
    const end = c.termEndDate as IsoDate;
    if (compareDates(today, end) >= 0) {
      out.push(alert("expiry_reached", id, end, today, "戒毒条例 §23, §40", "Term expired: record the release (解除)"));
    } else if (daysBetween(today, end) <= config.expiryWarningDays) {
      out.push(alert("expiry_approaching", id, end, today, "戒毒条例 §23, §40", "Term expires soon"));
    }
  }
  if (m.status === "completed" && m.townshipNotifiedAt === null && m.endedAt !== null) {
    out.push(
      alert(
        "township_notice_due",
        id,
        townshipNotificationDeadline(m.endedAt),
        today,
        "戒毒条例 §23, §40",
        "Township not yet notified of the release",
      ),
    );
  }
  for (const t of snapshot.tasks ?? []) {
    if (t.doneAt !== null) continue;
    if (compareDates(today, t.dueDate) > 0)
      out.push(alert("task_overdue", id, t.dueDate, today, "obligation template", t.title ?? t.code, t.id));
    else if (soon(t.dueDate))
      out.push(alert("task_due", id, t.dueDate, today, "obligation template", t.title ?? t.code, t.id));
  }
  if (
    !snapshot.proposalHandled &&
    (m.status === "active" || m.status === "reported" || m.status === "transfer_pending")
  ) {
    const violations = [
      ...deriveViolations({ tests: snapshot.tests, leaves: snapshot.leaves, asOf: today }),
      ...(snapshot.violations ?? []),
    ].filter((v) => m.reportedAt === null || compareDates(v.at, m.reportedAt) >= 0);
    const handled = snapshot.proposalsHandledThrough ?? null;
    for (const p of proposePoliceReports(violations, { to: today })) {
      if (handled !== null && compareDates(p.latestFactAt, handled) <= 0) continue;
      // a re-proposal (ground reached before the last handling) is due from the new fact
      const due = handled !== null && compareDates(p.since, handled) <= 0 ? p.latestFactAt : p.since;
      // the report is due "promptly" (及时, 戒毒条例 §21): shown as due on the day the ground was reached
      out.push(
        alert(
          p.trigger === "relapse" ? "relapse_proposal" : "severe_breach_proposal",
          id,
          due,
          today,
          p.basis,
          `Advisory: ${p.explanation} — confirm or dismiss the police report`,
        ),
      );
    }
  }
  return sortAlerts(out);
}

/** Alerts of many cases, merged and sorted (overdue first). */
export function deadlineAlertsForCases(
  snapshots: readonly CaseSnapshot[],
  today: IsoDate,
  config: CareRulesConfig = DEFAULT_CARE_RULES,
): CareAlert[] {
  return sortAlerts(snapshots.flatMap((s) => deadlineAlerts(s, today, config)));
}

export type CaseloadStatus = "under" | "within" | "over";

export interface CaseloadCheck {
  workerId: string;
  cases: number;
  status: CaseloadStatus;
}

export interface UnitCaseloadCheck {
  cases: number;
  workers: number;
  /** cases per worker (Infinity with cases and no worker, 0 with neither) */
  casesPerWorker: number;
  /** workers needed to stay at or below the upper ratio: ceil(cases / ratioMax) */
  workersNeededAtMax: number;
  /** workers for the lower ratio: ceil(cases / ratioMin) */
  workersNeededAtMin: number;
  status: CaseloadStatus;
  perWorker: CaseloadCheck[];
}

/**
 * Caseload against the configured ratio of one worker per `ratioMin`–`ratioMax` cases (defaults 1:20–1:30;
 * 仙游 1:20, 南京 1:30, domain.md §1.5 ◐). A worker above `ratioMax` is `over`; below `ratioMin` is `under` (spare
 * capacity). The unit is `over` when cases per worker exceed `ratioMax`.
 * @throws ScienceInputError for a negative count or a ratio with min > max
 */
export function checkCaseload(
  workers: readonly { workerId: string; cases: number }[],
  config: Pick<CareRulesConfig, "caseloadRatioMin" | "caseloadRatioMax"> = DEFAULT_CARE_RULES,
): UnitCaseloadCheck {
  const { caseloadRatioMin: lo, caseloadRatioMax: hi } = config;
  if (!(lo > 0) || !(hi >= lo)) throw new ScienceInputError("caseloadRatio", `${lo}–${hi}`, "0 < min ≤ max");
  const classify = (n: number): CaseloadStatus => (n > hi ? "over" : n < lo ? "under" : "within");
  const perWorker = workers.map((w, i) => {
    if (!Number.isInteger(w.cases) || w.cases < 0)
      throw new ScienceInputError(`workers[${i}].cases`, w.cases, "an integer ≥ 0");
    return { workerId: w.workerId, cases: w.cases, status: classify(w.cases) };
  });
  const cases = perWorker.reduce((s, w) => s + w.cases, 0);
  const n = perWorker.length;
  const casesPerWorker = n === 0 ? (cases === 0 ? 0 : Number.POSITIVE_INFINITY) : cases / n;
  return {
    cases,
    workers: n,
    casesPerWorker,
    workersNeededAtMax: Math.ceil(cases / hi),
    workersNeededAtMin: Math.ceil(cases / lo),
    status: classify(casesPerWorker),
    perWorker,
  };
}
