/**
 * Statistics over the per (site, analyte, year) cache `site_year_stats` (refreshed in every import):
 * weekly means of one site-year, multi-year panel trend, year-on-year changes, a site's series, the overview.
 */
import type { ChangesResponse, OverviewResponse, SiteSeriesResponse, TrendResponse, WeeklyResponse } from "@tracewater/contract";
import { median } from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { PNL_SQL } from "../../imports/refresh-stats.js";
import { listAnalytes, requireAnalyte } from "./analytes.js";
import { getSite, type SiteScope, siteIdOf, siteInScopeSql, siteScopeParam } from "./sites.js";
import { changeOf, panelTrendOf, trendTestOf, weekDefinition, weeklyMeansOf, weekPartOf } from "./science.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** Weekday of a `YYYY-MM-DD` date as ISO number 1 = Mon … 7 = Sun. */
export function isoWeekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Weekday/weekend/daily mean PNL of one site-year (censored values as 0, the EUDA convention). */
export async function weekly(ctx: AppContext, options: { site: string; analyte: string; year: number }): Promise<WeeklyResponse> {
  const siteId = await siteIdOf(ctx, options.site);
  await requireAnalyte(ctx, options.analyte);
  const res = await ctx.database.raw.query<{ sample_date: string; detection: WeeklyResponse["days"][number]["detection"]; v: number | null }>(
    `SELECT m.sample_date, m.detection, ${PNL_SQL} AS v
       FROM measurement m JOIN sample p ON p.id = m.sample_id JOIN site t ON t.id = m.site_id
      WHERE m.site_id = $1 AND m.analyte_code = $2 AND m.superseded_by IS NULL
        AND m.sample_date >= make_date($3, 1, 1) AND m.sample_date < make_date($3 + 1, 1, 1)
      ORDER BY m.sample_date, m.quantity DESC`,
    [siteId, options.analyte, options.year],
  );
  const seen = new Set<string>();
  const days = res.rows
    .filter((r) => (seen.has(r.sample_date) ? false : (seen.add(r.sample_date), true)))
    .map((r) => {
      const wd = isoWeekdayOf(r.sample_date);
      return {
        date: r.sample_date,
        weekday: WEEKDAYS[wd - 1] as (typeof WEEKDAYS)[number],
        pnlMgPerDayPer1000: r.v,
        detection: r.detection,
        part: weekPartOf(options.year, wd),
        isoWeekday: wd,
      };
    });
  const means = weeklyMeansOf(
    options.year,
    days.map((d) => ({ isoWeekday: d.isoWeekday, value: d.pnlMgPerDayPer1000 })),
  );
  // EUDA files publish the means (computed by EUDA from more days than published for incomplete weeks): use them
  const published = await ctx.database.raw.query<{ weekday_mean: number | null; weekend_mean: number | null; daily_mean: number | null }>(
    "SELECT weekday_mean, weekend_mean, daily_mean FROM reported_mean WHERE site_id = $1 AND analyte_code = $2 AND year = $3 AND superseded_by IS NULL",
    [siteId, options.analyte, options.year],
  );
  const p = published.rows[0];
  return {
    site: options.site,
    analyte: options.analyte,
    year: options.year,
    definition: weekDefinition(options.year) + (p ? "; means as published by EUDA" : ""),
    weekdayMean: p?.weekday_mean ?? means.weekdayMean,
    weekendMean: p?.weekend_mean ?? means.weekendMean,
    dailyMean: p?.daily_mean ?? means.dailyMean,
    days: days.map(({ isoWeekday: _, ...d }) => d),
  };
}

interface StatRow {
  code: string;
  year: number;
  daily_mean: number | null;
  weekday_mean: number | null;
  weekend_mean: number | null;
  profile: (number | null)[] | string;
  analyte_code: string;
}

async function statRows(ctx: AppContext, where: string, params: unknown[]): Promise<StatRow[]> {
  const res = await ctx.database.raw.query<StatRow>(
    `SELECT s.code, y.year, y.daily_mean, y.weekday_mean, y.weekend_mean, y.profile, y.analyte_code
       FROM site_year_stats y JOIN site s ON s.id = y.site_id WHERE ${where}`,
    params,
  );
  return res.rows;
}

/** Multi-year mean of site daily means over a panel of sites (`constant`: sites present in every year). */
export async function trend(
  ctx: AppContext,
  options: { analyte: string; panel?: "constant" | "all"; fromYear?: number; toYear?: number; source?: string; scope?: SiteScope },
): Promise<TrendResponse> {
  await requireAnalyte(ctx, options.analyte);
  const mode = options.panel ?? "constant";
  if (options.fromYear !== undefined && options.toYear !== undefined && options.fromYear > options.toYear)
    throw new InvalidInputError(`fromYear ${options.fromYear} is after toYear ${options.toYear}`);
  const rows = await statRows(
    ctx,
    `y.analyte_code = $1 AND y.daily_mean IS NOT NULL AND ($2::text IS NULL OR s.source = $2)
     AND ($3::int IS NULL OR y.year >= $3) AND ($4::int IS NULL OR y.year <= $4) AND ${siteInScopeSql("s", 5)}`,
    [options.analyte, options.source ?? null, options.fromYear ?? null, options.toYear ?? null, siteScopeParam(options.scope)],
  );
  const values = new Map<string, Map<number, number>>();
  const yearSet = new Set<number>();
  for (const r of rows) {
    let m = values.get(r.code);
    if (!m) values.set(r.code, (m = new Map()));
    m.set(r.year, r.daily_mean as number);
    yearSet.add(r.year);
  }
  const present = [...yearSet].sort((a, b) => a - b);
  const from = options.fromYear ?? present[0];
  const to = options.toYear ?? present[present.length - 1];
  const t = panelTrendOf(values, from === undefined || to === undefined ? [] : [from, to], mode);
  return { analyte: options.analyte, panelMode: mode, panel: t.panel, series: t.series };
}

/** Year-on-year change per site with data in `year` (EUDA ±10 % stable band). */
export async function changes(
  ctx: AppContext,
  options: { analyte: string; year: number; source?: string; scope?: SiteScope },
): Promise<ChangesResponse> {
  await requireAnalyte(ctx, options.analyte);
  const rows = await statRows(
    ctx,
    `y.analyte_code = $1 AND y.year IN ($2, $2 - 1) AND y.daily_mean IS NOT NULL AND ($3::text IS NULL OR s.source = $3)
     AND ${siteInScopeSql("s", 4)}`,
    [options.analyte, options.year, options.source ?? null, siteScopeParam(options.scope)],
  );
  return { analyte: options.analyte, year: options.year, rows: changeRows(rows, options.year) };
}

function changeRows(rows: StatRow[], year: number): ChangesResponse["rows"] {
  const prev = new Map(rows.filter((r) => r.year === year - 1).map((r) => [r.code, r.daily_mean as number]));
  return rows
    .filter((r) => r.year === year)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => {
      const current = r.daily_mean as number;
      const previous = prev.get(r.code) ?? null;
      const c = changeOf(current, previous);
      return { site: r.code, current, previous, changePercent: c.changePercent, class: c.class };
    });
}

function parseProfile(p: StatRow["profile"]): (number | null)[] {
  return typeof p === "string" ? (JSON.parse(p) as (number | null)[]) : p;
}

/** A site's page: per analyte, yearly means, Mon..Sun profile and the Mann-Kendall/Sen test of the yearly daily means. */
export async function siteSeries(ctx: AppContext, code: string): Promise<SiteSeriesResponse> {
  const site = await getSite(ctx, code);
  const rows = await statRows(ctx, "s.code = $1 ORDER BY y.analyte_code, y.year", [code]);
  const order = (await listAnalytes(ctx)).map((a) => a.code);
  const byAnalyte = new Map<string, StatRow[]>();
  for (const r of rows) {
    let l = byAnalyte.get(r.analyte_code);
    if (!l) byAnalyte.set(r.analyte_code, (l = []));
    l.push(r);
  }
  const analytes = [...byAnalyte.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([analyte, list]) => ({
      analyte,
      years: list.map((r) => ({
        year: r.year,
        weekdayMean: r.weekday_mean,
        weekendMean: r.weekend_mean,
        dailyMean: r.daily_mean,
        weekdayProfile: parseProfile(r.profile),
      })),
      trendTest: trendTestOf(list.filter((r) => r.daily_mean !== null).map((r) => ({ year: r.year, value: r.daily_mean as number }))),
    }));
  return { site, analytes };
}

/**
 * Per analyte: sites with data in the latest year, the latest year, the median of the site daily means in that
 * year (type-7 median), and the counts of change classes latest vs previous year.
 */
export async function overview(
  ctx: AppContext,
  options: { source?: string; scope?: SiteScope } = {},
): Promise<OverviewResponse> {
  const version = await dataVersion(ctx);
  const scopeParam = siteScopeParam(options.scope);
  const cacheKey = `${options.source ?? ""}|${version}|${scopeParam ? scopeParam.join(",") : "*"}`;
  const cached = overviewCache.get(ctx);
  if (cached && cached.key === cacheKey) return cached.value;
  const res = await ctx.database.raw.query<StatRow>(
    `WITH filtered AS (
       SELECT s.code, y.year, y.daily_mean, y.analyte_code
         FROM site_year_stats y JOIN site s ON s.id = y.site_id
        WHERE y.daily_mean IS NOT NULL AND ($1::text IS NULL OR s.source = $1) AND ${siteInScopeSql("s", 2)}),
     latest AS (SELECT analyte_code, max(year) AS y FROM filtered GROUP BY analyte_code)
     SELECT f.* FROM filtered f JOIN latest l ON l.analyte_code = f.analyte_code AND f.year >= l.y - 1`,
    [options.source ?? null, scopeParam],
  );
  const rows = res.rows;
  const byAnalyte = new Map<string, StatRow[]>();
  for (const r of rows) {
    let l = byAnalyte.get(r.analyte_code);
    if (!l) byAnalyte.set(r.analyte_code, (l = []));
    l.push(r);
  }
  const catalogue = await listAnalytes(ctx);
  const analytes = catalogue
    .filter((a) => byAnalyte.has(a.code))
    .map((a) => {
      const list = byAnalyte.get(a.code) as StatRow[];
      const latestYear = Math.max(...list.map((r) => r.year));
      const latest = list.filter((r) => r.year === latestYear);
      const classes = { increase: 0, decrease: 0, stable: 0, "no-previous-data": 0 };
      for (const c of changeRows(list, latestYear)) classes[c.class]++;
      return {
        analyte: a.code,
        sites: latest.length,
        latestYear,
        medianPnlMgPerDayPer1000: latest.length ? median(latest.map((r) => r.daily_mean as number)) : null,
        classes,
      };
    });
  const value = { source: options.source ?? "all", analytes };
  overviewCache.set(ctx, { key: cacheKey, value });
  return value;
}

/** Last overview per context, valid while {@link dataVersion} is unchanged. */
const overviewCache = new WeakMap<AppContext, { key: string; value: OverviewResponse }>();

/**
 * A token that changes whenever stored data may have changed: the newest accepted import batch and the number of
 * batches (imports are the only writers of monitoring data). Cheap (index on created_at).
 */
export async function dataVersion(ctx: AppContext): Promise<string> {
  const now = Date.now();
  const memo = dataVersionMemo.get(ctx);
  if (memo && now - memo.at < DATA_VERSION_TTL_MS) return memo.version;
  const r = await ctx.database.raw.query<{ v: string | null }>(
    "SELECT (SELECT id::text FROM import_batch ORDER BY created_at DESC, id DESC LIMIT 1) || ':' || (SELECT count(*) FROM import_batch) AS v",
  );
  const version = r.rows[0]?.v ?? "empty";
  dataVersionMemo.set(ctx, { version, at: now });
  return version;
}

/**
 * How long a data version read from the database is reused. Imports in this process clear it at once
 * ({@link invalidateDataVersion}); a writer in another process (a second server on the same PostgreSQL) is seen
 * within this time.
 */
const DATA_VERSION_TTL_MS = 1_000;
const dataVersionMemo = new WeakMap<AppContext, { version: string; at: number }>();

/** Forget the memoised data version (called after every import that wrote data). */
export function invalidateDataVersion(ctx: AppContext): void {
  dataVersionMemo.delete(ctx);
}
