/**
 * The term clock of a community measure.
 *
 * - The term runs from the report date (戒毒条例 §14 ¶2: 「社区戒毒的期限为3年，自报到之日起计算」; 社区康复 as
 *   ordered, ≤ 3 years, 戒毒条例 §37–§38).
 * - Detention or arrest suspends (中止) the measure, it continues after release (戒毒条例 §24 ¶2): suspended days
 *   are added to the end of the term (the clock pauses).
 * - A change of execution place does not stop the clock (戒毒条例 §22 ¶2: 「连续计算」).
 * - The measure is released on the day the term expires (戒毒条例 §23, §40: 「自期满之日起解除」).
 * - Period arithmetic: `dates.ts` (民法典 §201–§202): term end = reportedAt + termMonths months (end-of-month
 *   rule) + paused days. 3 years from 2024-02-29 → 2027-02-28.
 */
import { addDays, addMonths, compareDates, daysBetween, type IsoDate, minDate } from "./dates.js";
import type { MeasureState } from "./measure-types.js";

/** The term months a measure must have (戒毒条例 §14 ¶2 for 社区戒毒; §37 "不超过3年" for 社区康复). */
export const COMMUNITY_TREATMENT_TERM_MONTHS = 36;
export const COMMUNITY_REHABILITATION_MAX_TERM_MONTHS = 36;

/** State of the term clock on a given day. */
export interface TermClock {
  /** false before the report (the term has not started) */
  started: boolean;
  /** report date, null before */
  startDate: IsoDate | null;
  termMonths: number;
  /** days suspended up to `asOf` (an ongoing suspension counts up to `asOf`) */
  pausedDays: number;
  /** true when a suspension is ongoing on `asOf` */
  paused: boolean;
  /**
   * Expiry date (期满之日) assuming no further suspension; null before the report. During an ongoing suspension
   * it moves one day later for every further day of detention.
   */
  termEndDate: IsoDate | null;
  /** days of the term served up to `asOf` (calendar days since the report minus paused days) */
  daysServed: number;
  /** days from `asOf` to `termEndDate` (0 when expired), null before the report */
  daysRemaining: number | null;
}

/** Total suspended days up to `asOf` (each suspension counts `min(to, asOf) − from` days, never negative). */
export function pausedDaysAsOf(state: Pick<MeasureState, "suspensions">, asOf: IsoDate): number {
  let total = 0;
  for (const s of state.suspensions) {
    if (compareDates(s.from, asOf) >= 0) continue;
    const end = s.to === null ? asOf : minDate(s.to, asOf);
    total += Math.max(0, daysBetween(s.from, end));
  }
  return total;
}

/**
 * Term clock of `state` on `asOf`.
 * @throws ScienceInputError for an invalid date
 */
export function termClock(state: MeasureState, asOf: IsoDate): TermClock {
  const pausedDays = pausedDaysAsOf(state, asOf);
  const paused = state.suspensions.some(
    (s) => compareDates(s.from, asOf) <= 0 && (s.to === null || compareDates(s.to, asOf) > 0),
  );
  if (state.reportedAt === null) {
    return {
      started: false,
      startDate: null,
      termMonths: state.termMonths,
      pausedDays,
      paused,
      termEndDate: null,
      daysServed: 0,
      daysRemaining: null,
    };
  }
  const termEndDate = termEndWithPause(state.reportedAt, state.termMonths, pausedDays);
  const elapsed = Math.max(0, daysBetween(state.reportedAt, asOf));
  return {
    started: true,
    startDate: state.reportedAt,
    termMonths: state.termMonths,
    pausedDays,
    paused,
    termEndDate,
    daysServed: Math.max(0, elapsed - pausedDays),
    daysRemaining: Math.max(0, daysBetween(asOf, termEndDate)),
  };
}

/**
 * Expiry date of a term: `reportedAt + termMonths` months (民法典 §202 end-of-month rule) `+ pausedDays` days.
 * Examples: 2025-03-10, 36, 0 → 2028-03-10; 2024-02-29, 36, 0 → 2027-02-28; 2025-03-10, 36, 20 → 2028-03-30.
 */
export function termEndWithPause(reportedAt: IsoDate, termMonths: number, pausedDays: number): IsoDate {
  return addDays(addMonths(reportedAt, termMonths), pausedDays);
}
