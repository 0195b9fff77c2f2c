/**
 * Sub-catchment versus parent plant (science.md §4, after the Houston pathogen-WBE approach: the standardised
 * difference of a sub-sewershed to its treatment plant; Sci Rep 2024 s41598-024-56175-2): a venue or residential
 * sub-catchment is judged against its own plant, so that city-wide changes (holidays, rain, seasons) cancel out.
 *
 *   d_t = ln L_sub,t − ln L_parent,t            on the dates of the sub-catchment series
 *   (NaN when either load is censored, missing or ≤ 0, or the plant has no sample that day)
 *   z_t = robust z of d_t against its own trailing baseline (robust-baseline.ts: median and 1.4826·MAD of d on the
 *         same weekday over the last W weeks, scale floor 0.06)
 * A positive z means the sub-catchment carries a larger share of the plant's load than usual. The difference of
 * logs is unit-free, so loads (mg/day) or PNLs give the same d up to a constant (the population ratio), which the
 * baseline median absorbs.
 */
import { dateOfDayNumber } from "./day-number.js";
import { type RobustBaselineOptions, robustBaselineInto } from "./robust-baseline.js";
import { type SeriesPoint, toTypedLogSeries } from "./series.js";

/** One date of {@link subcatchmentDifference}; null = not available. */
export interface SubcatchmentPoint {
  date: string;
  /** d = ln(sub) − ln(parent) */
  logRatio: number | null;
  /** baseline median of d */
  baselineLogRatio: number | null;
  /** max(1.4826·MAD, floor) of d */
  scale: number | null;
  baselineCount: number;
  /** robust z of d */
  z: number | null;
}

/**
 * Aligns `parentLog` (on `parentDay`) to `day`: writes the parent's log value on the same day, else NaN, into
 * `out`. Both day arrays strictly increasing. O(n + m), no allocation.
 */
export function alignByDayInto(day: ArrayLike<number>, parentDay: ArrayLike<number>, parentLog: ArrayLike<number>, out: Float64Array): void {
  let j = 0;
  for (let i = 0; i < day.length; i++) {
    const d = day[i] as number;
    while (j < parentDay.length && (parentDay[j] as number) < d) j++;
    out[i] = j < parentDay.length && parentDay[j] === d ? (parentLog[j] as number) : Number.NaN;
  }
}

/**
 * Standardised difference of a sub-catchment's log load to its parent plant's log load.
 * @param sub sub-catchment loads (or PNLs), dates strictly increasing
 * @param parent plant loads (or PNLs) in the same unit, dates strictly increasing
 * @param options robust-baseline options for the baseline of d
 * @throws ScienceInputError for invalid or unsorted dates, bad values or options
 */
export function subcatchmentDifference(
  sub: readonly SeriesPoint[],
  parent: readonly SeriesPoint[],
  options?: RobustBaselineOptions,
): SubcatchmentPoint[] {
  const s = toTypedLogSeries(sub);
  const p = toTypedLogSeries(parent);
  const n = sub.length;
  const d = new Float64Array(n);
  alignByDayInto(s.day, p.day, p.logValue, d);
  for (let i = 0; i < n; i++) d[i] = (s.logValue[i] as number) - (d[i] as number);
  const out = { z: new Float64Array(n), median: new Float64Array(n), scale: new Float64Array(n), count: new Int32Array(n) };
  robustBaselineInto(s.day, d, out, options);
  const nul = (x: number) => (Number.isNaN(x) ? null : x);
  return Array.from({ length: n }, (_, i) => ({
    date: dateOfDayNumber(s.day[i] as number),
    logRatio: nul(d[i] as number),
    baselineLogRatio: nul(out.median[i] as number),
    scale: nul(out.scale[i] as number),
    baselineCount: out.count[i] as number,
    z: nul(out.z[i] as number),
  }));
}
