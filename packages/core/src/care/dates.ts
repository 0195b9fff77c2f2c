/**
 * Calendar arithmetic for the legal periods of community treatment (no time zone, no clock).
 *
 * Dates are ISO calendar dates `YYYY-MM-DD` (type {@link IsoDate}); they are converted to integer day numbers by
 * `detect/day-number.ts`, so "15 days later" is integer arithmetic.
 *
 * Period convention (assumed for all deadlines in `care/`, to be confirmed by the city's legal office; the
 * 戒毒条例 itself gives no counting rule, so the general rules of the 民法典 are used):
 * - 民法典 §201: the day on which a period starts is not counted; counting starts the next day. A period of
 *   N days starting on day D therefore ends (last day) on D + N: "report within 15 days of 2025-01-01" means the
 *   report is in time up to and including 2025-01-16.
 * - 民法典 §202: a period counted in months or years ends on the corresponding day of the final month; if that
 *   month has no such day, on its last day (3 years from 2024-02-29 → 2027-02-28).
 * - 民法典 §1259: 「以上」「以内」 include the number itself; 「超过」 excludes it (">30 days" means ≥ 31).
 * - Not applied: 民法典 §203 ¶1 (a last day on a public holiday moves to the next working day) — the platform has
 *   no holiday calendar; deadline alerts therefore err on the early side.
 */

import { dateOfDayNumber, dayNumber } from "../detect/day-number.js";
import { ScienceInputError } from "../errors.js";

/** An ISO calendar date `YYYY-MM-DD` (a local calendar day in 长治, no time of day). */
export type IsoDate = string;

/** Validate an ISO date; returns it unchanged. @throws ScienceInputError naming `field` for an invalid date. */
export function requireIsoDate(field: string, date: IsoDate): IsoDate {
  dayNumber(date, field);
  return date;
}

/** `date` + `days` (days may be negative). @throws ScienceInputError for an invalid date or non-integer days */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new ScienceInputError("days", days, "an integer number of days");
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (`to − from`; negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to, "to") - dayNumber(from, "from");
}

/** −1, 0 or 1 as `a` is before, equal to or after `b` (ISO strings compare lexically once validated). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  const d = dayNumber(a, "a") - dayNumber(b, "b");
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}

/**
 * `date` + `months` calendar months with the 民法典 §202 end-of-month rule: the corresponding day of the target
 * month, or its last day when it has no such day (2024-01-31 + 1 month → 2024-02-29; 2024-02-29 + 36 → 2027-02-28).
 * @throws ScienceInputError for an invalid date or non-integer months
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new ScienceInputError("months", months, "an integer number of months");
  requireIsoDate("date", date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, "0")}-${String(tm).padStart(2, "0")}-${String(td).padStart(2, "0")}`;
}

/** `date` + `years` years (= 12·years months, same end-of-month rule as {@link addMonths}). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/**
 * Last day of a period of `days` days starting on `start` (民法典 §201: the start day is not counted).
 * Example: 15 days from 2025-01-01 → 2025-01-16.
 */
export function periodEndDays(start: IsoDate, days: number): IsoDate {
  return addDays(start, days);
}
