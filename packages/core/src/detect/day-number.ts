/**
 * Calendar dates as integer day numbers (days since 1970-01-01, proleptic Gregorian, no time zone).
 * Detectors work on day numbers so that "7 days earlier" and "same weekday" are integer arithmetic.
 * A sample's collection day is already a local calendar date (DESIGN.md §6), so no time zone enters here.
 */
import { ScienceInputError } from "../errors.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Day number of an ISO calendar date `YYYY-MM-DD`, or NaN when the string is not a valid calendar date — the same
 * dates {@link dayNumber} accepts (years 0000–0099 are rejected there: `Date.UTC` reads them as 1900–1999). Parses
 * the characters directly and counts days with the civil-from-days algorithm (H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms", `days_from_civil`, proleptic Gregorian); no allocation. For hot loops: call
 * `dayNumber(date, field)` only when this returns NaN, to throw its error.
 */
export function parseDayNumber(date: string): number {
  if (typeof date !== "string" || date.length !== 10) return Number.NaN;
  if (date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return Number.NaN; // "-"
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = date.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    y = y * 10 + c;
  }
  const m1 = date.charCodeAt(5) - 48;
  const m2 = date.charCodeAt(6) - 48;
  const d1 = date.charCodeAt(8) - 48;
  const d2 = date.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return Number.NaN;
  const mo = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return Number.NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (d > monthDays) return Number.NaN;
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400; // [0, 399]
  const doy = Math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1; // day of the year starting 1 March
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146_097 + doe - 719_468; // 719 468 = days from 0000-03-01 to 1970-01-01
}

/**
 * Day number of an ISO calendar date `YYYY-MM-DD` (1970-01-01 → 0, 1970-01-02 → 1, 1969-12-31 → −1).
 * @throws ScienceInputError when the string is not a valid calendar date (e.g. `2023-02-30`)
 */
export function dayNumber(date: string, field = "date"): number {
  const fast = parseDayNumber(date);
  if (!Number.isNaN(fast)) return fast;
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

/** Dates of recent day numbers (the detectors ask for the same few thousand dates again and again). */
const DATE_CACHE = new Map<number, string>();
const DATE_CACHE_MAX = 200_000;

/** ISO date `YYYY-MM-DD` of a day number (inverse of {@link dayNumber}). */
export function dateOfDayNumber(day: number): string {
  let s = DATE_CACHE.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (DATE_CACHE.size >= DATE_CACHE_MAX) DATE_CACHE.clear();
    DATE_CACHE.set(day, s);
  }
  return s;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday = 4). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
