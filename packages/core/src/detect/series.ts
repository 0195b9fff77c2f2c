/**
 * Input series of the detectors: one site × analyte, one value per sample date.
 *
 * Record form `{date, value, censored}` (dates `YYYY-MM-DD`, strictly increasing) is converted once to the typed
 * form used by every hot loop: `day` (Int32Array of day numbers) and `logValue` (Float64Array of natural logs,
 * NaN where there is no log-scale value). Censored, missing and non-positive values become NaN — they never enter
 * a log statistic as zeros (science.md §3.3; METHODS.md §3).
 */
import { ScienceInputError } from "../errors.js";
import { isLogSafe } from "../wbe/censoring.js";
import { dayNumber, parseDayNumber } from "./day-number.js";

/** One result of a series: `value` in any positive unit (e.g. PNL mg/day/1000 inh), null when not available. */
export interface SeriesPoint {
  /** sample (collection) date, `YYYY-MM-DD` */
  date: string;
  /** measured value (PNL or load), null when missing */
  value: number | null;
  /** true when the value is below LOD/LOQ (a substituted or limit value, not a measurement) */
  censored: boolean;
}

/** Typed form of a series: parallel arrays of equal length. */
export interface TypedLogSeries {
  /** day numbers (days since 1970-01-01), strictly increasing */
  day: Int32Array;
  /** ln(value), NaN when censored, missing or ≤ 0 */
  logValue: Float64Array;
}

/**
 * Converts record points to the typed log series.
 * @throws ScienceInputError (field `points[i].date`) for an invalid date or dates that are not strictly increasing,
 *   (field `points[i].value`) for a value that is neither null nor a finite number
 */
export function toTypedLogSeries(points: readonly SeriesPoint[]): TypedLogSeries {
  const n = points.length;
  const day = new Int32Array(n);
  const logValue = new Float64Array(n);
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const p = points[i] as SeriesPoint;
    let d = parseDayNumber(p.date);
    if (Number.isNaN(d)) d = dayNumber(p.date, `points[${i}].date`); // throws
    if (d <= prev) {
      throw new ScienceInputError(`points[${i}].date`, p.date, "dates strictly increasing (one value per day; aggregate duplicates first)");
    }
    prev = d;
    day[i] = d;
    if (p.value !== null && (typeof p.value !== "number" || !Number.isFinite(p.value))) {
      throw new ScienceInputError(`points[${i}].value`, p.value, "null or a finite number");
    }
    logValue[i] = !p.censored && isLogSafe(p.value) ? Math.log(p.value) : Number.NaN;
  }
  return { day, logValue };
}

/**
 * Checks that `day` holds strictly increasing integers and has the length of `values` (one pass, no allocation).
 * @throws ScienceInputError naming the first offending index
 */
export function checkDays(day: ArrayLike<number>, length: number): void {
  if (day.length !== length) throw new ScienceInputError("day.length", day.length, `the series length ${length}`);
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const d = day[i] as number;
    if (!Number.isInteger(d) || d <= prev) {
      throw new ScienceInputError(`day[${i}]`, d, "integer day numbers, strictly increasing");
    }
    prev = d;
  }
}
