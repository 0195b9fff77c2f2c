/**
 * The one place where the monitoring services call core's EUDA/statistics functions (`weekPartOf`,
 * `weeklyMeans`, `yearOnYearChange`, `panelTrend`, `mannKendall`), adapted to the shapes the services use.
 */
import {
  mannKendall,
  panelTrend,
  WEEKDAYS,
  weekDefinitionFor,
  weeklyMeans,
  weekPartOf as coreWeekPartOf,
  yearOnYearChange,
  type ChangeClass,
  type PanelMode,
  type WeekPart,
} from "@tracewater/core";

export type { ChangeClass };

/** Week part of an ISO weekday (1 = Mon … 7 = Sun) under the EUDA definition of `year` (core `weekPartOf`). */
export function weekPartOf(year: number, isoWeekday: number): WeekPart {
  const label = WEEKDAYS[isoWeekday - 1];
  if (!label) throw new RangeError(`ISO weekday must be 1..7, got ${isoWeekday}`);
  return coreWeekPartOf(year, label);
}

/** Description of the weekday definition of a year (core `weekDefinitionFor`). */
export function weekDefinition(year: number): string {
  return `EUDA: ${weekDefinitionFor(year)}`;
}

export interface WeekMeans {
  weekdayMean: number | null;
  weekendMean: number | null;
  dailyMean: number | null;
}

/**
 * Means of a site-year's day values (null skipped). One campaign week (each weekday at most once, e.g. EUDA) →
 * core `weeklyMeans`; several weeks (lab series) → the same definition applied to every day of the year: mean of
 * the days whose core `weekPartOf` is weekday / weekend, and of all days.
 */
export function weeklyMeansOf(year: number, days: readonly { isoWeekday: number; value: number | null }[]): WeekMeans {
  const weekdays = days.map((d) => d.isoWeekday);
  if (new Set(weekdays).size === weekdays.length) {
    const m = weeklyMeans(
      year,
      days.map((d) => ({ weekday: WEEKDAYS[d.isoWeekday - 1]!, value: d.value })),
    );
    return { weekdayMean: m.weekdayMean, weekendMean: m.weekendMean, dailyMean: m.dailyMean };
  }
  const acc = { weekday: [0, 0], weekend: [0, 0] };
  for (const d of days) {
    if (d.value === null) continue;
    const a = acc[weekPartOf(year, d.isoWeekday)];
    a[0]! += d.value;
    a[1]! += 1;
  }
  const mean = (s: number, n: number) => (n > 0 ? s / n : null);
  return {
    weekdayMean: mean(acc.weekday[0]!, acc.weekday[1]!),
    weekendMean: mean(acc.weekend[0]!, acc.weekend[1]!),
    dailyMean: mean(acc.weekday[0]! + acc.weekend[0]!, acc.weekday[1]! + acc.weekend[1]!),
  };
}

/** Year-on-year change with the EUDA ±10 % band (core `yearOnYearChange`). */
export function changeOf(current: number, previous: number | null): { changePercent: number | null; class: ChangeClass } {
  return yearOnYearChange(current, previous);
}

/** Panel trend over site × year values (core `panelTrend`) for the years `years[0]..years[last]`. */
export function panelTrendOf(
  values: ReadonlyMap<string, ReadonlyMap<number, number>>,
  years: readonly number[],
  mode: PanelMode,
): { panel: string[]; series: { year: number; value: number | null; sites: number }[] } {
  if (years.length === 0) return { panel: [], series: [] };
  const flat = [...values.entries()].flatMap(([site, m]) => [...m.entries()].map(([year, value]) => ({ site, year, value })));
  return panelTrend(flat, { fromYear: years[0]!, toYear: years[years.length - 1]!, panel: mode });
}

export interface TrendTest {
  n: number;
  s: number;
  z: number | null;
  pValue: number | null;
  tau: number | null;
  senSlopePerYear: number | null;
  direction: "increasing" | "decreasing" | "no-trend" | "insufficient-data";
}

/** Mann-Kendall test with Sen's slope over yearly values (core `mannKendall`, α = 0.05). */
export function trendTestOf(points: readonly { year: number; value: number }[]): TrendTest {
  const r = mannKendall(points.map((p) => ({ t: p.year, x: p.value })));
  return { n: r.n, s: r.s, z: r.z, pValue: r.pValue, tau: r.tau, senSlopePerYear: r.senSlope, direction: r.direction };
}
