/**
 * Day-of-week-aware robust baseline on log values (science.md §3.4 and §4: compare like-with-like days; log PNL;
 * day-of-week baseline over ≥ 4 weeks → robust z).
 *
 * For each point t on day d with a log value x_t:
 *   baseline set B_t = log values on days d − 7, d − 14, …, d − 7W (same weekday, `sameWeekday: true`, default)
 *                      or on every day in [d − 7W, d − 1] (`sameWeekday: false`);
 *   points without a log value (censored, missing, ≤ 0: NaN) are skipped — they never enter the statistic;
 *   if |B_t| < minObservations → no baseline, z = NaN;
 *   median m_t = median(B_t) (mean of the two middle values for an even count);
 *   MAD_t = median(|b − m_t|, b ∈ B_t);
 *   scale s_t = max(1.4826 · MAD_t, minScale);
 *   z_t = (x_t − m_t) / s_t; NaN when x_t is NaN (a censored current point gives no z).
 *
 * Constants:
 * - 1.4826 = 1/Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data (Hampel 1974; Rousseeuw &
 *   Croux 1993 JASA 88:1273).
 * - W = 8 weeks, minimum 4 observations: science.md §4 ("day-of-week baseline (≥ 4 weeks)"); 8 weeks is our
 *   choice (two months: long enough for a median of 8, short enough to follow seasonality, science.md §3.4).
 * - minScale = 0.06 (log units): the MAD of 4–8 values can be 0 or tiny by chance (or for a flat series). The scale
 *   of ln(value) cannot really be below the analytical noise; for small σ, sd(ln x) ≈ RSD, and the lowest
 *   inter-laboratory chemical-analysis RSD is 6 % (Castiglioni et al. 2013 ES&T 47:1452, science.md §3.1).
 *
 * Hot path: {@link robustBaselineInto} works on typed arrays and allocates nothing per point (one scratch array per
 * call, or none when a workspace is passed).
 */
import { ScienceInputError } from "../errors.js";
import { dateOfDayNumber } from "./day-number.js";
import { checkDays, type SeriesPoint, toTypedLogSeries } from "./series.js";

/** 1/Φ⁻¹(0.75): MAD → σ for normal data (Hampel 1974; Rousseeuw & Croux 1993). */
export const MAD_TO_SD = 1.4826;
/** Default trailing window, weeks (our choice; science.md §4 asks for ≥ 4 weeks). */
export const DEFAULT_WINDOW_WEEKS = 8;
/** Default minimum number of baseline observations (science.md §4: ≥ 4 weeks of the same weekday). */
export const DEFAULT_MIN_OBSERVATIONS = 4;
/** Default floor of the log scale: 0.06 ≈ the lowest inter-lab analysis RSD, 6 % (Castiglioni et al. 2013). */
export const DEFAULT_MIN_LOG_SCALE = 0.06;

export interface RobustBaselineOptions {
  /** trailing window W in weeks (integer ≥ 1); default 8 */
  windowWeeks?: number;
  /** minimum baseline points for a z (integer ≥ 1); default 4 */
  minObservations?: number;
  /** floor of the scale 1.4826·MAD, log units (> 0); default 0.06 */
  minScale?: number;
  /** true (default): only the same weekday; false: every day of the window */
  sameWeekday?: boolean;
}

/** Output arrays (each of the series length); `median`, `scale` and `count` are optional. */
export interface RobustBaselineOut {
  /** robust z, NaN when there is no value or no baseline */
  z: Float64Array;
  /** baseline median of the log values, NaN when no baseline */
  median?: Float64Array;
  /** scale max(1.4826·MAD, minScale), NaN when no baseline */
  scale?: Float64Array;
  /** number of baseline points used (0 … W or 7W) */
  count?: Int32Array;
}

interface ResolvedOptions {
  windowWeeks: number;
  minObservations: number;
  minScale: number;
  sameWeekday: boolean;
}

function resolve(o: RobustBaselineOptions | undefined): ResolvedOptions {
  const windowWeeks = o?.windowWeeks ?? DEFAULT_WINDOW_WEEKS;
  const minObservations = o?.minObservations ?? DEFAULT_MIN_OBSERVATIONS;
  const minScale = o?.minScale ?? DEFAULT_MIN_LOG_SCALE;
  const sameWeekday = o?.sameWeekday ?? true;
  if (!Number.isInteger(windowWeeks) || windowWeeks < 1) throw new ScienceInputError("windowWeeks", windowWeeks, "an integer ≥ 1");
  if (!Number.isInteger(minObservations) || minObservations < 1) {
    throw new ScienceInputError("minObservations", minObservations, "an integer ≥ 1");
  }
  if (!(typeof minScale === "number" && minScale > 0 && Number.isFinite(minScale))) {
    throw new ScienceInputError("minScale", minScale, "a finite number > 0");
  }
  return { windowWeeks, minObservations, minScale, sameWeekday };
}

/** Size of the scratch array {@link robustBaselineInto} needs for these options. */
export function robustBaselineWorkspaceSize(options?: RobustBaselineOptions): number {
  const o = resolve(options);
  return o.sameWeekday ? o.windowWeeks : 7 * o.windowWeeks;
}

/** Sorts a[0..n) ascending in place (insertion sort: n ≤ 56 here). */
function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Median of sorted a[0..n), n ≥ 1. */
function sortedMedian(a: Float64Array, n: number): number {
  const h = n >> 1;
  return n & 1 ? (a[h] as number) : 0.5 * ((a[h - 1] as number) + (a[h] as number));
}

/**
 * MAD of sorted a[0..m) around its median `med` without sorting the deviations: the deviations left of the median
 * (med − a[i], i descending) and right of it (a[j] − med, j ascending) are two ascending runs; walking them in
 * merge order to rank ⌊m/2⌋ gives the median deviation in O(m).
 */
function sortedMad(a: Float64Array, m: number, med: number): number {
  let j = 0;
  while (j < m && (a[j] as number) < med) j++;
  let i = j - 1;
  const k = m >> 1;
  let prev = 0;
  let cur = 0;
  for (let r = 0; r <= k; r++) {
    const l = i >= 0 ? med - (a[i] as number) : Number.POSITIVE_INFINITY;
    const u = j < m ? (a[j] as number) - med : Number.POSITIVE_INFINITY;
    prev = cur;
    if (l <= u) {
      cur = l;
      i--;
    } else {
      cur = u;
      j++;
    }
  }
  return m & 1 ? cur : 0.5 * (prev + cur);
}

/**
 * Robust z of every point of a typed log series (see the module comment for the definition).
 * @param day day numbers, strictly increasing integers
 * @param logValue natural-log values; NaN = no value (censored/missing/≤ 0)
 * @param out output arrays of the series length (written at every index)
 * @param workspace optional scratch Float64Array of at least {@link robustBaselineWorkspaceSize} elements
 * @throws ScienceInputError for bad options, days not strictly increasing or arrays of the wrong length
 */
export function robustBaselineInto(
  day: ArrayLike<number>,
  logValue: ArrayLike<number>,
  out: RobustBaselineOut,
  options?: RobustBaselineOptions,
  workspace?: Float64Array,
): void {
  const o = resolve(options);
  const n = logValue.length;
  checkDays(day, n);
  const { z, median, scale, count } = out;
  if (z.length !== n) throw new ScienceInputError("out.z.length", z.length, `the series length ${n}`);
  if (median && median.length !== n) throw new ScienceInputError("out.median.length", median.length, `${n}`);
  if (scale && scale.length !== n) throw new ScienceInputError("out.scale.length", scale.length, `${n}`);
  if (count && count.length !== n) throw new ScienceInputError("out.count.length", count.length, `${n}`);
  const size = o.sameWeekday ? o.windowWeeks : 7 * o.windowWeeks;
  const buf = workspace ?? new Float64Array(size);
  if (buf.length < size) throw new ScienceInputError("workspace.length", buf.length, `≥ ${size}`);
  const W = o.windowWeeks;
  const minObs = o.minObservations;
  const minScale = o.minScale;

  for (let t = 0; t < n; t++) {
    const d = day[t] as number;
    let m = 0;
    if (o.sameWeekday) {
      // Day numbers are strictly increasing integers, so the point dated d − 7k has index ≥ t − 7k.
      let hi = t - 1;
      for (let k = 1; k <= W && hi >= 0; k++) {
        const target = d - 7 * k;
        let lo = t - 7 * k;
        if (lo < 0) lo = 0;
        let found = -1;
        if (lo <= hi && (day[lo] as number) === target) found = lo;
        else {
          // binary search for target in day[lo..hi]
          let a = lo;
          let b = hi;
          while (a <= b) {
            const mid = (a + b) >>> 1;
            const v = day[mid] as number;
            if (v < target) a = mid + 1;
            else if (v > target) b = mid - 1;
            else {
              found = mid;
              break;
            }
          }
          if (found < 0) {
            hi = b; // every index > b has a day > target
            continue;
          }
        }
        hi = found - 1;
        const v = logValue[found] as number;
        if (v === v) buf[m++] = v; // skip NaN
      }
    } else {
      const from = d - 7 * W;
      for (let j = t - 1; j >= 0 && (day[j] as number) >= from; j--) {
        const v = logValue[j] as number;
        if (v === v) buf[m++] = v;
      }
    }
    if (count) count[t] = m;
    if (m < minObs) {
      z[t] = Number.NaN;
      if (median) median[t] = Number.NaN;
      if (scale) scale[t] = Number.NaN;
      continue;
    }
    insertionSort(buf, m);
    const med = sortedMedian(buf, m);
    let s = MAD_TO_SD * sortedMad(buf, m, med);
    if (s < minScale) s = minScale;
    if (median) median[t] = med;
    if (scale) scale[t] = s;
    z[t] = ((logValue[t] as number) - med) / s; // NaN when the current value is NaN
  }
}

/** One point of {@link robustBaseline}: log-scale quantities are natural logs; null = not available. */
export interface RobustZPoint {
  date: string;
  value: number | null;
  censored: boolean;
  /** ln(value), null when censored, missing or ≤ 0 */
  logValue: number | null;
  /** baseline median of ln(value) */
  baselineLogMedian: number | null;
  /** exp(baseline median): the baseline in the value's unit */
  baselineValue: number | null;
  /** max(1.4826·MAD, minScale), log units */
  scale: number | null;
  /** number of baseline points */
  baselineCount: number;
  /** robust z */
  z: number | null;
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * Robust z for record points (convenience wrapper around {@link robustBaselineInto}).
 * @param points one site × analyte, dates strictly increasing
 * @throws ScienceInputError for invalid dates, values or options
 */
export function robustBaseline(points: readonly SeriesPoint[], options?: RobustBaselineOptions): RobustZPoint[] {
  const { day, logValue } = toTypedLogSeries(points);
  const n = points.length;
  const out = { z: new Float64Array(n), median: new Float64Array(n), scale: new Float64Array(n), count: new Int32Array(n) };
  robustBaselineInto(day, logValue, out, options);
  const res: RobustZPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i] as SeriesPoint;
    const med = orNull(out.median[i] as number);
    res[i] = {
      date: dateOfDayNumber(day[i] as number),
      value: p.value,
      censored: p.censored,
      logValue: orNull(logValue[i] as number),
      baselineLogMedian: med,
      baselineValue: med === null ? null : Math.exp(med),
      scale: orNull(out.scale[i] as number),
      baselineCount: out.count[i] as number,
      z: orNull(out.z[i] as number),
    };
  }
  return res;
}
