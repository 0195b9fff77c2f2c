/**
 * The "continuous decline" table (五个持续下降 and any configured indicator set; docs/domain.md §3.4).
 *
 * For one indicator × jurisdiction series and the last N periods ending at `asOf` (default: the latest period
 * with a value):
 * - year-on-year change of each period: Δ = v(p) − v(p − 1 year) and Δ% = Δ / v(p − 1 year) × 100 (null when the
 *   earlier value is 0 or missing). Year-on-year (同比), not period-on-period, so months and quarters are compared
 *   with the same season;
 * - `improved` = Δ strictly in the good direction (Δ < 0 for lower-is-better, Δ > 0 for higher-is-better); an
 *   unchanged value is NOT an improvement; null when a value is missing;
 * - `continuous` = improved in every one of the N periods (null when any of them is undecidable);
 * - a monotonic-trend test over the series up to `asOf`: Mann-Kendall with Sen's slope (`stats/mann-kendall.ts`;
 *   Mann 1945, Kendall 1975, Gilbert 1987 §16.4) on (period ordinal, value), reported as improving/worsening
 *   by the indicator's direction. Monthly series are tested as they are (no seasonal adjustment; the YoY
 *   changes carry the seasonal comparison).
 */
import { ScienceInputError } from "../errors.js";
import { mannKendall } from "../stats/mann-kendall.js";
import type { IndicatorDirection } from "./indicators.js";
import { formatPeriod, type Period, parsePeriod, periodOrdinal, samePeriodLastYear, shiftPeriod } from "./periods.js";

export interface IndicatorPoint {
  /** `2024`, `2024Q1` or `2024-03` */
  period: string;
  value: number | null;
}

export interface IndicatorSeries {
  indicatorCode: string;
  direction: IndicatorDirection;
  jurisdictionCode: string;
  points: readonly IndicatorPoint[];
}

export interface DeclinePeriod {
  period: string;
  value: number | null;
  lastYearValue: number | null;
  yoyChange: number | null;
  /** percent */
  yoyChangePct: number | null;
  improved: boolean | null;
}

export type TrendVerdict = "improving" | "worsening" | "no-trend" | "insufficient-data";

export interface DeclineRow {
  indicatorCode: string;
  jurisdictionCode: string;
  direction: IndicatorDirection;
  /** the N periods, oldest first */
  periods: DeclinePeriod[];
  improvedCount: number;
  /** improved in every period; null when a period is undecidable (missing values) */
  continuous: boolean | null;
  trend: {
    verdict: TrendVerdict;
    n: number;
    s: number;
    z: number | null;
    pValue: number | null;
    /** Sen's slope, value units per period */
    senSlope: number | null;
  };
}

export interface DeclineOptions {
  /** number of periods (default 3) */
  lastN?: number;
  /** last period of the table (default: the latest period with a value) */
  asOf?: string;
  /** two-sided level of the trend test (default 0.05) */
  alpha?: number;
}

/**
 * One row of the decline table.
 * @throws ScienceInputError for mixed period kinds, a duplicate period, lastN < 1, or asOf of another kind
 */
export function declineRow(series: IndicatorSeries, options: DeclineOptions = {}): DeclineRow {
  const lastN = options.lastN ?? 3;
  if (!Number.isInteger(lastN) || lastN < 1) throw new ScienceInputError("lastN", lastN, "an integer ≥ 1");
  const byKey = new Map<string, number | null>();
  let kind: Period["kind"] | null = null;
  for (const pt of series.points) {
    const p = parsePeriod(pt.period);
    if (kind !== null && p.kind !== kind)
      throw new ScienceInputError("period", pt.period, `periods of one kind (${kind}) in a series`);
    kind = p.kind;
    const key = formatPeriod(p);
    if (byKey.has(key)) throw new ScienceInputError("period", pt.period, "each period once per series");
    if (pt.value !== null && !Number.isFinite(pt.value))
      throw new ScienceInputError("value", pt.value, "a finite number or null");
    byKey.set(key, pt.value);
  }
  const valued = [...byKey.entries()].filter(([, v]) => v !== null).map(([k]) => parsePeriod(k));
  const asOf = options.asOf ? parsePeriod(options.asOf) : valued.sort((a, b) => periodOrdinal(b) - periodOrdinal(a))[0];
  const empty: DeclineRow = {
    indicatorCode: series.indicatorCode,
    jurisdictionCode: series.jurisdictionCode,
    direction: series.direction,
    periods: [],
    improvedCount: 0,
    continuous: null,
    trend: { verdict: "insufficient-data", n: 0, s: 0, z: null, pValue: null, senSlope: null },
  };
  if (!asOf) return empty;
  if (kind !== null && asOf.kind !== kind)
    throw new ScienceInputError("asOf", options.asOf, `a period of the series' kind (${kind})`);
  const sign = series.direction === "lower-is-better" ? -1 : 1;
  const periods: DeclinePeriod[] = [];
  for (let i = lastN - 1; i >= 0; i--) {
    const p = shiftPeriod(asOf, -i);
    const value = byKey.get(formatPeriod(p)) ?? null;
    const lastYearValue = byKey.get(formatPeriod(samePeriodLastYear(p))) ?? null;
    const yoyChange = value !== null && lastYearValue !== null ? value - lastYearValue : null;
    periods.push({
      period: formatPeriod(p),
      value,
      lastYearValue,
      yoyChange,
      yoyChangePct: yoyChange !== null && lastYearValue !== 0 ? (yoyChange / (lastYearValue as number)) * 100 : null,
      improved: yoyChange === null ? null : Math.sign(yoyChange) === sign,
    });
  }
  const improvedCount = periods.filter((p) => p.improved === true).length;
  const continuous = periods.some((p) => p.improved === false)
    ? false
    : periods.every((p) => p.improved === true)
      ? true
      : null;
  const pts = [...byKey.entries()]
    .filter((e): e is [string, number] => e[1] !== null)
    .map(([k, v]) => ({ t: periodOrdinal(parsePeriod(k)), x: v }))
    .filter((pt) => pt.t <= periodOrdinal(asOf));
  const mk = mannKendall(pts, options.alpha ?? 0.05);
  const verdict: TrendVerdict =
    mk.direction === "insufficient-data" || mk.direction === "no-trend"
      ? mk.direction
      : (mk.direction === "decreasing") === (series.direction === "lower-is-better")
        ? "improving"
        : "worsening";
  return {
    ...empty,
    periods,
    improvedCount,
    continuous,
    trend: { verdict, n: mk.n, s: mk.s, z: mk.z, pValue: mk.pValue, senSlope: mk.senSlope },
  };
}

/** Rows for every series (in input order). */
export function declineTable(series: readonly IndicatorSeries[], options: DeclineOptions = {}): DeclineRow[] {
  return series.map((s) => declineRow(s, options));
}
