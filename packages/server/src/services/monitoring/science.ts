/**
 * The one place where the monitoring services call core's EUDA/statistics functions, adapted to the shapes the
 * services use. (Until core's `weekPartOf` etc. land this file holds the TEMPORARY stand-ins marked below.)
 */

/** ISO weekday 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * TEMPORARY stand-in for core `weekPartOf`: EUDA weekday = Tue–Thu, weekend = Fri–Mon; 2021: Tue–Fri / Sat–Mon
 * (data/euda-esdm-2025/PROVENANCE.md check 1).
 */
export function weekPartOf(year: number, isoWeekday: number): "weekday" | "weekend" {
  const weekday = year === 2021 ? [2, 3, 4, 5] : [2, 3, 4];
  return weekday.includes(isoWeekday) ? "weekday" : "weekend";
}

/** Description of the weekday definition of a year. */
export function weekDefinition(year: number): string {
  return year === 2021 ? "EUDA 2021: weekday Tue–Fri, weekend Sat–Mon" : "EUDA: weekday Tue–Thu, weekend Fri–Mon";
}

export interface WeekMeans {
  weekdayMean: number | null;
  weekendMean: number | null;
  dailyMean: number | null;
}

/** TEMPORARY stand-in for core `weeklyMeans`: means of the day values (null skipped) by the year's week parts. */
export function weeklyMeansOf(year: number, days: readonly { isoWeekday: number; value: number | null }[]): WeekMeans {
  const m = (pick: (d: { isoWeekday: number }) => boolean): number | null => {
    const v = days.filter((d) => d.value !== null && pick(d)).map((d) => d.value as number);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return {
    weekdayMean: m((d) => weekPartOf(year, d.isoWeekday) === "weekday"),
    weekendMean: m((d) => weekPartOf(year, d.isoWeekday) === "weekend"),
    dailyMean: m(() => true),
  };
}

export type ChangeClass = "increase" | "decrease" | "stable" | "no-previous-data";

/** TEMPORARY stand-in for core `yearOnYearChange`: EUDA ±10 % band (PROVENANCE check 3; 0 → 0 is stable). */
export function changeOf(current: number, previous: number | null): { changePercent: number | null; class: ChangeClass } {
  if (previous === null) return { changePercent: null, class: "no-previous-data" };
  if (previous === 0) return { changePercent: null, class: current === 0 ? "stable" : "increase" };
  const pct = ((current - previous) / previous) * 100;
  return { changePercent: pct, class: pct > 10 ? "increase" : pct < -10 ? "decrease" : "stable" };
}

/**
 * TEMPORARY stand-in for core `panelTrend`: yearly mean of site values; panel `constant` = sites with a value in
 * every year of the range (PROVENANCE check 2), `all` = every site of that year.
 */
export function panelTrendOf(
  values: ReadonlyMap<string, ReadonlyMap<number, number>>,
  years: readonly number[],
  mode: "constant" | "all",
): { panel: string[]; series: { year: number; value: number | null; sites: number }[] } {
  const sites = [...values.keys()].sort();
  const panel = mode === "constant" ? sites.filter((s) => years.every((y) => values.get(s)?.has(y))) : sites;
  const series = years.map((year) => {
    const v = panel.map((s) => values.get(s)?.get(year)).filter((x): x is number => x !== undefined);
    return { year, value: v.length ? v.reduce((a, b) => a + b, 0) / v.length : null, sites: v.length };
  });
  return { panel, series };
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

/** TEMPORARY: waits for core `mannKendall`; reports insufficient data. */
export function trendTestOf(points: readonly { year: number; value: number }[]): TrendTest {
  return { n: points.length, s: 0, z: null, pValue: null, tau: null, senSlopePerYear: null, direction: "insufficient-data" };
}
