/**
 * Deadline rules of community treatment and rehabilitation as functions of dates (period counting: `dates.ts`,
 * 民法典 §201–§202, §1259).
 *
 * | Rule | Function | Source |
 * |---|---|---|
 * | report within 15 days of receiving the decision | {@link reportDeadline}, {@link isReportInTime} | 戒毒条例 §14 ¶1, §38 ¶1 |
 * | agreement signed "promptly" (及时) after the report | {@link agreementDeadline} | 戒毒条例 §16 (days: ⚠ configurable) |
 * | term 3 years from the report / ≤ 3 years as ordered | `termClock` (term-clock.ts) | 戒毒条例 §14 ¶2, §37 |
 * | township notified within 7 days of release | {@link townshipNotificationDeadline} | 戒毒条例 §23, §40 |
 * | report to the new township within 15 days of a change | {@link transferReportDeadline} | 戒毒条例 §22 ¶2 |
 * | leaving the county for ≥ 3 days needs a prior written report | {@link classifyLeave} | 戒毒条例 §19(3) |
 */
import { ScienceInputError } from "../errors.js";
import { addDays, compareDates, daysBetween, type IsoDate, requireIsoDate } from "./dates.js";
import { REPORT_DEADLINE_DAYS, TRANSFER_REPORT_DEADLINE_DAYS } from "./measure-state-machine.js";

/** The police notify the township within 7 days of the release (戒毒条例 §23, §40). */
export const TOWNSHIP_NOTICE_DAYS = 7;
/** A leave of this many days or more out of the county needs a prior written report (戒毒条例 §19(3): 「3日以上」, includes 3 per 民法典 §1259). */
export const LEAVE_REPORT_MIN_DAYS = 3;

/**
 * Configurable numbers that the law leaves open. Defaults are assumptions to be confirmed by the city (⚠).
 */
export interface CareRulesConfig {
  /**
   * Days after the report within which the agreement should be signed. 戒毒条例 §16 says only 「及时」 (promptly);
   * default 7 (⚠ assumption).
   */
  agreementDueDays: number;
  /** Days before the term's expiry at which an "expiry approaching" alert starts (default 30, work practice). */
  expiryWarningDays: number;
  /** Days before a due date at which a "due" alert starts (default 3, work practice). */
  dueSoonDays: number;
  /** Cases per worker: lower and upper bound of the configured ratio (default 20–30: 仙游 1:20, 南京 1:30; domain.md §1.5). */
  caseloadRatioMin: number;
  caseloadRatioMax: number;
}

export const DEFAULT_CARE_RULES: Readonly<CareRulesConfig> = Object.freeze({
  agreementDueDays: 7,
  expiryWarningDays: 30,
  dueSoonDays: 3,
  caseloadRatioMin: 20,
  caseloadRatioMax: 30,
});

/** Last day to report: `servedAt` + 15 days (戒毒条例 §14 ¶1; 社区康复 §38 ¶1). 2025-01-01 → 2025-01-16. */
export function reportDeadline(servedAt: IsoDate): IsoDate {
  return addDays(servedAt, REPORT_DEADLINE_DAYS);
}

/** True when `reportedAt` is on or before {@link reportDeadline} (day 15 is in time, day 16 is late). */
export function isReportInTime(servedAt: IsoDate, reportedAt: IsoDate): boolean {
  return compareDates(reportedAt, reportDeadline(servedAt)) <= 0;
}

/** Target date for the agreement: `reportedAt + config.agreementDueDays` (戒毒条例 §16 「及时」, ⚠ days configurable). */
export function agreementDeadline(
  reportedAt: IsoDate,
  config: Pick<CareRulesConfig, "agreementDueDays"> = DEFAULT_CARE_RULES,
): IsoDate {
  return addDays(reportedAt, config.agreementDueDays);
}

/** Last day for the police to notify the township of a release: `releasedAt` + 7 days (戒毒条例 §23, §40). */
export function townshipNotificationDeadline(releasedAt: IsoDate): IsoDate {
  return addDays(releasedAt, TOWNSHIP_NOTICE_DAYS);
}

/** Last day to report at the new township: change date + 15 days (戒毒条例 §22 ¶2). */
export function transferReportDeadline(changedAt: IsoDate): IsoDate {
  return addDays(changedAt, TRANSFER_REPORT_DEADLINE_DAYS);
}

/** A period away from the place of execution (外出). */
export interface LeaveRecord {
  /** departure date */
  departedAt: IsoDate;
  /** planned return date (from the leave report), if known */
  plannedReturnAt: IsoDate | null;
  /** actual return date; null while away */
  returnedAt: IsoDate | null;
  /** true when the destination is outside the county (县/市/区) of execution — only such leaves are regulated */
  outOfCounty: boolean;
  /** date the written leave report (外出报告) was submitted; null when none */
  reportSubmittedAt: IsoDate | null;
  /** true when the working group approved the leave */
  approved: boolean;
}

/** What the rules say about one leave. */
export interface LeaveAssessment {
  /** Days away so far: `(returnedAt ?? asOf) − departedAt` (start day not counted, 民法典 §201). */
  days: number;
  /** Planned days: `plannedReturnAt − departedAt`, null when no planned return was given. */
  plannedDays: number | null;
  /** out of county and `max(days, plannedDays) ≥ 3` (戒毒条例 §19(3)) */
  requiresPriorReport: boolean;
  /** a written report was submitted on or before the departure date */
  reportedBeforeLeaving: boolean;
  /**
   * Unauthorised leave (擅自离开, 戒毒条例 §20): requires a prior report, but there was no report before leaving or
   * no approval. Leaves shorter than 3 days carry no report duty and are not counted (⚠ interpretation).
   */
  unauthorized: boolean;
  /** still away after the planned return date (`asOf > plannedReturnAt`, `returnedAt` null) */
  overdue: boolean;
}

/**
 * Apply 戒毒条例 §19(3) and §20 to one leave as of `asOf`.
 * @throws ScienceInputError for invalid dates or a return before the departure
 */
export function classifyLeave(leave: LeaveRecord, asOf: IsoDate): LeaveAssessment {
  requireIsoDate("departedAt", leave.departedAt);
  requireIsoDate("asOf", asOf);
  if (leave.returnedAt !== null && compareDates(leave.returnedAt, leave.departedAt) < 0) {
    throw new ScienceInputError("returnedAt", leave.returnedAt, `a date on or after departedAt ${leave.departedAt}`);
  }
  const end: IsoDate = leave.returnedAt ?? asOf;
  const days = Math.max(0, daysBetween(leave.departedAt, end));
  const plannedDays =
    leave.plannedReturnAt === null ? null : Math.max(0, daysBetween(leave.departedAt, leave.plannedReturnAt));
  const requiresPriorReport = leave.outOfCounty && Math.max(days, plannedDays ?? 0) >= LEAVE_REPORT_MIN_DAYS;
  const reportedBeforeLeaving =
    leave.reportSubmittedAt !== null && compareDates(leave.reportSubmittedAt, leave.departedAt) <= 0;
  const unauthorized = requiresPriorReport && !(reportedBeforeLeaving && leave.approved);
  const overdue =
    leave.returnedAt === null && leave.plannedReturnAt !== null && compareDates(asOf, leave.plannedReturnAt) > 0;
  return { days, plannedDays, requiresPriorReport, reportedBeforeLeaving, unauthorized, overdue };
}
