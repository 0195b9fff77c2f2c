/**
 * The wastewater numbers of a report (the part of the data snapshot built from services/monitoring).
 *
 * Per site and analyte, the period mean of the daily population-normalised loads (PNL, mg/day/1000 inhabitants;
 * censored values as 0, the EUDA convention used by `site_year_stats`):
 * - annual periods: the site's daily mean of the year from the monitoring statistics (`changes()` — for EUDA
 *   data the means EUDA published), and its year-on-year class;
 * - quarters and months: the mean of the daily values in the period (same PNL definition, one value per day),
 *   compared with the same period one year earlier.
 * Year-on-year classes: EUDA ±10 % stable band (core `yearOnYearChange`, via services/monitoring/science).
 *
 * Per analyte over the scope's plants: population-weighted PNL Σ(PNLᵢ·Pᵢ)/ΣPᵢ (core `populationWeightedMean`;
 * EMCDDA multi-plant city value, science.md §1 step 6), total load ΣPNLᵢ·Pᵢ/1000 (mg/day, shown in g/day),
 * consumption = weighted PNL × correction factor of the active parameter set (core `consumptionMgPerDayPer1000`),
 * the year-on-year change of the weighted PNL over the matched panel (sites with a value in both periods), and the
 * annual trend (weighted PNL per year over the sites with data that year; Mann-Kendall/Sen, α = 0.05).
 */

import type { Site } from "@tracewater/contract";
import {
  type ChangeClass,
  consumptionMgPerDayPer1000,
  defaultEntryFor,
  populationWeightedMean,
} from "@tracewater/core";
import { PNL_SQL } from "../../imports/refresh-stats.js";
import type { AppContext } from "../../services/context.js";
import { listAnalytes } from "../../services/monitoring/analytes.js";
import { changeOf, type TrendTest, trendTestOf } from "../../services/monitoring/science.js";
import { changes, siteSeries } from "../../services/monitoring/stats.js";
import type { ReportPeriodRange } from "../period.js";
import { previousYearPeriod } from "../period.js";
import type { ReportScope } from "../scope.js";

export interface SiteValue {
  site: string;
  analyte: string;
  populationServed: number | null;
  /** period mean PNL, mg/day/1000 inhabitants */
  pnl: number;
  previousPnl: number | null;
  changePercent: number | null;
  class: ChangeClass;
}

export interface AnalyteSummary {
  analyte: string;
  nameZh: string;
  /** sites of the scope with a value in the period */
  sites: number;
  /** Σ population of the sites used for the weighted values (sites with a known population) */
  populationCovered: number;
  weightedPnl: number | null;
  totalLoadGPerDay: number | null;
  /** consumption, mg/day/1000 inhabitants (null: no correction factor in the parameter set) */
  consumptionMgPerDayPer1000: number | null;
  /** matched panel: weighted PNL now and a year earlier over the sites with both */
  matchedSites: number;
  matchedPnl: number | null;
  matchedPreviousPnl: number | null;
  changePercent: number | null;
  class: ChangeClass | null;
  classes: Record<ChangeClass, number>;
  trend: { years: { year: number; weightedPnl: number; sites: number }[]; test: TrendTest };
}

export interface UnitValue {
  unit: string;
  name: string;
  analyte: string;
  weightedPnl: number;
  sites: number;
  /** 1 = highest PNL among the units with a value */
  rank: number;
}

export interface WastewaterData {
  analytes: AnalyteSummary[];
  siteValues: SiteValue[];
  units: UnitValue[];
  /** the analyte the comparison chart and map show (methamphetamine when measured, the most-measured otherwise) */
  keyAnalyte: string | null;
  /** the last sample date used, ≤ the period end */
  dataAsOf: string | null;
  /** year-on-year definition used */
  method: "annual-daily-mean" | "period-mean-of-days";
}

interface MeanRow {
  code: string;
  analyte: string;
  mean: number;
  last: string;
}

/** Period mean of the daily PNL values per site and analyte (one value per day: a reported PNL before a concentration). */
async function periodMeans(
  ctx: AppContext,
  siteCodes: readonly string[],
  from: string,
  to: string,
): Promise<MeanRow[]> {
  if (siteCodes.length === 0) return [];
  const res = await ctx.database.raw.query<{ code: string; analyte: string; mean: number; last: string }>(
    `SELECT code, analyte, avg(v)::float8 AS mean, max(sample_date)::text AS last
       FROM (SELECT DISTINCT ON (t.code, m.analyte_code, m.sample_date)
                    t.code, m.analyte_code AS analyte, m.sample_date, ${PNL_SQL} AS v
               FROM measurement m JOIN sample p ON p.id = m.sample_id JOIN site t ON t.id = m.site_id
              WHERE t.code = ANY($1::text[]) AND m.superseded_by IS NULL
                AND m.sample_date >= $2::date AND m.sample_date <= $3::date
              ORDER BY t.code, m.analyte_code, m.sample_date, m.quantity DESC) d
      WHERE v IS NOT NULL
      GROUP BY code, analyte`,
    [siteCodes, from, to],
  );
  return res.rows;
}

async function lastSampleDate(
  ctx: AppContext,
  siteCodes: readonly string[],
  from: string,
  to: string,
): Promise<string | null> {
  if (siteCodes.length === 0) return null;
  const res = await ctx.database.raw.query<{ last: string | null }>(
    `SELECT max(m.sample_date)::text AS last FROM measurement m JOIN site t ON t.id = m.site_id
      WHERE t.code = ANY($1::text[]) AND m.superseded_by IS NULL AND m.sample_date >= $2::date AND m.sample_date <= $3::date`,
    [siteCodes, from, to],
  );
  return res.rows[0]?.last ?? null;
}

function weighted(
  values: readonly { value: number; population: number | null }[],
): { value: number; population: number } | null {
  const items = values.filter(
    (v): v is { value: number; population: number } => v.population !== null && v.population > 0,
  );
  if (items.length === 0) return null;
  return { value: populationWeightedMean(items), population: items.reduce((a, b) => a + b.population, 0) };
}

/** Collects the wastewater part of the snapshot for `scope` and `period`. */
export async function collectWastewater(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriodRange,
): Promise<WastewaterData> {
  const catalogue = await listAnalytes(ctx);
  const population = new Map<string, number | null>(scope.comparisonSites.map((s) => [s.code, s.populationServed]));
  const comparisonCodes = scope.comparisonSites.map((s) => s.code);
  const scopeCodes = new Set(scope.sites.map((s) => s.code));
  const all: SiteValue[] = [];
  if (period.kind === "year") {
    const wanted = new Set(comparisonCodes);
    for (const a of catalogue) {
      const c = await changes(ctx, { analyte: a.code, year: period.year });
      for (const r of c.rows) {
        if (!wanted.has(r.site) || r.current === null) continue;
        all.push({
          site: r.site,
          analyte: a.code,
          populationServed: population.get(r.site) ?? null,
          pnl: r.current,
          previousPnl: r.previous,
          changePercent: r.changePercent,
          class: r.class,
        });
      }
    }
  } else {
    const prev = previousYearPeriod(period);
    const now = await periodMeans(ctx, comparisonCodes, period.from, period.to);
    const before = new Map(
      (await periodMeans(ctx, comparisonCodes, prev.from, prev.to)).map((r) => [`${r.code}|${r.analyte}`, r.mean]),
    );
    for (const r of now) {
      const previousPnl = before.get(`${r.code}|${r.analyte}`) ?? null;
      const c = changeOf(r.mean, previousPnl);
      all.push({
        site: r.code,
        analyte: r.analyte,
        populationServed: population.get(r.code) ?? null,
        pnl: r.mean,
        previousPnl,
        changePercent: c.changePercent,
        class: c.class,
      });
    }
  }
  const order = new Map(catalogue.map((a, i) => [a.code, i]));
  all.sort((a, b) => (order.get(a.analyte) ?? 999) - (order.get(b.analyte) ?? 999) || a.site.localeCompare(b.site));
  const siteValues = all.filter((v) => scopeCodes.has(v.site));

  // annual series of the scope's sites (for the trend), from the monitoring statistics
  const yearly = new Map<string, { year: number; site: string; value: number }[]>();
  for (const s of scope.sites) {
    const series = await siteSeries(ctx, s.code);
    for (const a of series.analytes)
      for (const y of a.years) {
        if (y.dailyMean === null || y.year > period.year) continue;
        const l = yearly.get(a.analyte) ?? [];
        yearly.set(a.analyte, l);
        l.push({ year: y.year, site: s.code, value: y.dailyMean });
      }
  }

  const analytes: AnalyteSummary[] = [];
  for (const a of catalogue) {
    const vals = siteValues.filter((v) => v.analyte === a.code);
    if (vals.length === 0) continue;
    const w = weighted(vals.map((v) => ({ value: v.pnl, population: v.populationServed })));
    const matched = vals.filter((v) => v.previousPnl !== null && v.populationServed !== null && v.populationServed > 0);
    const mNow = weighted(matched.map((v) => ({ value: v.pnl, population: v.populationServed })));
    const mPrev = weighted(matched.map((v) => ({ value: v.previousPnl as number, population: v.populationServed })));
    const change = mNow && mPrev ? changeOf(mNow.value, mPrev.value) : null;
    const classes: Record<ChangeClass, number> = { increase: 0, decrease: 0, stable: 0, "no-previous-data": 0 };
    for (const v of vals) classes[v.class]++;
    const entry = defaultEntryFor(ctx.parameterSet, a.code);
    const byYear = new Map<number, { value: number; population: number | null }[]>();
    for (const p of yearly.get(a.code) ?? []) {
      const l = byYear.get(p.year) ?? [];
      byYear.set(p.year, l);
      l.push({ value: p.value, population: population.get(p.site) ?? null });
    }
    const years = [...byYear.entries()]
      .sort((x, y) => x[0] - y[0])
      .flatMap(([year, list]) => {
        const yw = weighted(list);
        return yw ? [{ year, weightedPnl: yw.value, sites: list.length }] : [];
      });
    analytes.push({
      analyte: a.code,
      nameZh: a.nameZh,
      sites: vals.length,
      populationCovered: w?.population ?? 0,
      weightedPnl: w?.value ?? null,
      totalLoadGPerDay: w ? (w.value * w.population) / 1000 / 1000 : null,
      consumptionMgPerDayPer1000: w && entry ? consumptionMgPerDayPer1000(w.value, entry.correctionFactor) : null,
      matchedSites: matched.length,
      matchedPnl: mNow?.value ?? null,
      matchedPreviousPnl: mPrev?.value ?? null,
      changePercent: change?.changePercent ?? null,
      class: change?.class ?? null,
      classes,
      trend: { years, test: trendTestOf(years.map((y) => ({ year: y.year, value: y.weightedPnl }))) },
    });
  }

  const units: UnitValue[] = [];
  for (const a of analytes) {
    const list = scope.units.flatMap((u) => {
      const vals = all.filter((v) => v.analyte === a.analyte && u.siteCodes.includes(v.site));
      const w = weighted(vals.map((v) => ({ value: v.pnl, population: v.populationServed })));
      return w
        ? [{ unit: u.code, name: u.name, analyte: a.analyte, weightedPnl: w.value, sites: vals.length, rank: 0 }]
        : [];
    });
    list.sort((x, y) => y.weightedPnl - x.weightedPnl || x.unit.localeCompare(y.unit));
    list.forEach((u, i) => {
      u.rank = i + 1;
    });
    units.push(...list);
  }

  const measured = analytes.map((a) => a.analyte);
  const keyAnalyte = measured.includes("methamphetamine")
    ? "methamphetamine"
    : ([...analytes].sort((x, y) => y.sites - x.sites || (order.get(x.analyte) ?? 0) - (order.get(y.analyte) ?? 0))[0]
        ?.analyte ?? null);
  const dataAsOf = await lastSampleDate(
    ctx,
    scope.sites.map((s: Site) => s.code),
    period.from,
    period.to,
  );
  return {
    analytes,
    siteValues,
    units,
    keyAnalyte,
    dataAsOf,
    method: period.kind === "year" ? "annual-daily-mean" : "period-mean-of-days",
  };
}
