/**
 * Calendar dates as integer day numbers (days since 1970-01-01, proleptic Gregorian, no time zone).
 * Detectors work on day numbers so that "7 days earlier" and "same weekday" are integer arithmetic.
 * A sample's collection day is already a local calendar date (DESIGN.md §6), so no time zone enters here.
 */
import { ScienceInputError } from "../errors.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Day number of an ISO calendar date `YYYY-MM-DD` (1970-01-01 → 0, 1970-01-02 → 1, 1969-12-31 → −1).
 * @throws ScienceInputError when the string is not a valid calendar date (e.g. `2023-02-30`)
 */
export function dayNumber(date: string, field = "date"): number {
  const m = typeof date === "string" ? ISO_DATE.exec(date) : null;
  if (!m) throw new ScienceInputError(field, date, "a calendar date YYYY-MM-DD");
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new ScienceInputError(field, date, "a calendar date YYYY-MM-DD");
  }
  return Math.round(ms / MS_PER_DAY);
}

/** ISO date `YYYY-MM-DD` of a day number (inverse of {@link dayNumber}). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday = 4). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
