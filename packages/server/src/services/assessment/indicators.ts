/**
 * Outcome indicators (issue #5; docs/METHODS.md "Outcome indicators"): definitions as data (seeded from
 * `@tracewater/core` SEEDED_INDICATORS), imported values per jurisdiction and period, and the values COMPUTED
 * from stored results:
 * - `ww.total.<analyte>` (g/day) and `ww.pnl.<analyte>` (mg/day/1000 inh) from the current concentration
 *   measurements of the treatment-plant influents (`site.kind = wwtp_influent`) in the jurisdiction's subtree:
 *   per plant the mean daily load over its sampled days in the period (load = ng/L × m³/day × 1000 L/m³;
 *   below-LOD/LOQ values as 0, the EUDA convention; days without a flow skipped); total = Σ plant means; PNL =
 *   Σ plant mean loads (mg/day) ÷ Σ plant mean populations × 1000 (population-weighted city PNL);
 * - `hair.positivity` (%) from the anonymous surveys whose period lies inside the period: Σ positives (any
 *   analyte) ÷ Σ persons tested × 100.
 *
 * Imported values are used at the period kind asked for; when only finer values exist they are aggregated by
 * the definition's `aggregation` — `sum` and `mean` need every sub-period (else null), `last` takes the last
 * sub-period. Values of counts (units persons, person-times, cases) below k are suppressed for viewers without
 * person access.
 */

import type { IndicatorDefinitionOut, IndicatorValueOut } from "@tracewater/contract";
import {
  formatPeriod,
  INDICATOR_SET_VERSION,
  type IndicatorDefinition,
  type Period,
  type PeriodKind,
  parsePeriod,
  periodBounds,
  periodOrdinal,
  periodsWithin,
  SEEDED_INDICATORS,
  shiftPeriod,
} from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import { aggregateScope, jurisdictionIndex, subtreeCodes, suppressionK, type Viewer } from "./viewer.js";

/** Units whose values are counts of persons or events (k-suppressed). */
const COUNT_UNITS = new Set(["persons", "person-times", "cases"]);

/** Seeds the indicator definitions (idempotent: existing codes are left as they are, so edits survive). */
export async function seedIndicatorDefinitions(ctx: AppContext): Promise<number> {
  let inserted = 0;
  await ctx.database.transaction(async (tx) => {
    for (const d of SEEDED_INDICATORS) {
      const r = await tx.query(
        `INSERT INTO indicator_definition (code, name_zh, name_en, unit, direction, origin, analyte_code, aggregation, source, baseline_year, target, version)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [
          d.code,
          d.nameZh,
          d.nameEn,
          d.unit,
          d.direction,
          d.origin,
          d.analyte,
          d.aggregation,
          d.source,
          d.baselineYear,
          d.target,
          INDICATOR_SET_VERSION,
        ],
      );
      inserted += r.rows.length;
    }
  });
  return inserted;
}

interface DefRow {
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  direction: IndicatorDefinition["direction"];
  origin: IndicatorDefinition["origin"];
  analyte_code: string | null;
  aggregation: IndicatorDefinition["aggregation"];
  source: string;
  baseline_year: number | null;
  target: number | null;
  version: string;
}

function defOut(r: DefRow): IndicatorDefinitionOut {
  return {
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    unit: r.unit,
    direction: r.direction,
    origin: r.origin,
    analyte: r.analyte_code,
    aggregation: r.aggregation,
    source: r.source,
    baselineYear: r.baseline_year,
    target: r.target,
    version: r.version,
  };
}

/** All indicator definitions, by code. Seeds them first when the table is empty. */
export async function listIndicatorDefinitions(ctx: AppContext): Promise<IndicatorDefinitionOut[]> {
  let res = await ctx.database.raw.query<DefRow>("SELECT * FROM indicator_definition ORDER BY code");
  if (res.rows.length === 0) {
    await seedIndicatorDefinitions(ctx);
    res = await ctx.database.raw.query<DefRow>("SELECT * FROM indicator_definition ORDER BY code");
  }
  return res.rows.map(defOut);
}

/** One definition. @throws NotFoundError */
export async function getIndicatorDefinition(ctx: AppContext, code: string): Promise<IndicatorDefinitionOut> {
  const d = (await listIndicatorDefinitions(ctx)).find((x) => x.code === code);
  if (!d) throw new NotFoundError(`unknown indicator "${code}"`, "indicator");
  return d;
}

/** The periods from `from` to `to` inclusive (same kind). @throws InvalidInputError */
export function periodRange(from: string, to: string): string[] {
  let a: Period;
  let b: Period;
  try {
    a = parsePeriod(from);
    b = parsePeriod(to);
  } catch (e) {
    throw new InvalidInputError((e as Error).message);
  }
  if (a.kind !== b.kind) throw new InvalidInputError(`from (${from}) and to (${to}) must be periods of one kind`);
  const n = periodOrdinal(b) - periodOrdinal(a);
  if (n < 0) throw new InvalidInputError(`from (${from}) is after to (${to})`);
  if (n > 600) throw new InvalidInputError("at most 600 periods at once");
  return Array.from({ length: n + 1 }, (_, i) => formatPeriod(shiftPeriod(a, i)));
}

type Cell = { value: number | null; simulated: boolean; revision: number | null; basis: Record<string, number> | null };

async function importedCells(
  ctx: AppContext,
  def: IndicatorDefinitionOut,
  jurisdictions: readonly string[],
  periods: readonly Period[],
): Promise<Map<string, Cell>> {
  const res = await ctx.database.raw.query<{
    jurisdiction_code: string;
    period: string;
    value: number;
    simulated: boolean;
    revision: number;
  }>(
    `SELECT jurisdiction_code, period, value, simulated, revision FROM indicator_value
      WHERE indicator_code = $1 AND superseded_by IS NULL AND jurisdiction_code = ANY($2)`,
    [def.code, jurisdictions],
  );
  const stored = new Map<string, (typeof res.rows)[number]>();
  for (const r of res.rows) stored.set(`${r.jurisdiction_code}|${r.period}`, r);
  const out = new Map<string, Cell>();
  for (const j of jurisdictions) {
    for (const p of periods) {
      const key = `${j}|${formatPeriod(p)}`;
      const exact = stored.get(key);
      if (exact) {
        out.set(key, { value: exact.value, simulated: exact.simulated, revision: exact.revision, basis: null });
        continue;
      }
      let cell: Cell = { value: null, simulated: false, revision: null, basis: null };
      for (const finer of ["quarter", "month"] as const) {
        if (p.kind === "month" || (p.kind === "quarter" && finer === "quarter")) continue;
        const subs = periodsWithin(p, finer).map((s) => stored.get(`${j}|${formatPeriod(s)}`));
        const have = subs.filter((s) => s !== undefined);
        if (have.length === 0) continue;
        let value: number | null = null;
        if (def.aggregation === "last") value = subs[subs.length - 1]?.value ?? null;
        else if (have.length === subs.length) {
          const sum = have.reduce((s, x) => s + x.value, 0);
          value = def.aggregation === "sum" ? sum : sum / have.length;
        }
        cell = {
          value,
          simulated: have.some((s) => s.simulated),
          revision: null,
          basis: { [`${finer}s`]: have.length, expected: subs.length },
        };
        break;
      }
      out.set(key, cell);
    }
  }
  return out;
}

async function wastewaterCells(
  ctx: AppContext,
  def: IndicatorDefinitionOut,
  jurisdictions: readonly string[],
  periods: readonly Period[],
): Promise<Map<string, Cell>> {
  const out = new Map<string, Cell>();
  if (periods.length === 0 || jurisdictions.length === 0) return out;
  const index = await jurisdictionIndex(ctx);
  const allCodes = [...new Set(jurisdictions.flatMap((j) => subtreeCodes(index, j)))];
  const bounds = periods.map(periodBounds);
  const from = bounds.map((b) => b.start).sort()[0];
  const to = bounds
    .map((b) => b.end)
    .sort()
    .at(-1);
  const res = await ctx.database.raw.query<{
    site_id: string;
    jurisdiction_code: string;
    source: string;
    month: string;
    days: number | string;
    load_mg: number;
    pop: number | null;
  }>(
    `SELECT sa.site_id, si.jurisdiction_code, si.source, to_char(m.sample_date, 'YYYY-MM') AS month, COUNT(*) AS days,
            SUM(CASE WHEN m.detection = 'detected' THEN COALESCE(m.value_canonical, 0) ELSE 0 END * sa.flow_m3_per_day * 1e-3) AS load_mg,
            SUM(COALESCE(sa.population_served, si.population_served)) AS pop
       FROM measurement m JOIN sample sa ON sa.id = m.sample_id JOIN site si ON si.id = m.site_id
      WHERE m.superseded_by IS NULL AND m.quantity = 'concentration' AND m.analyte_code = $1 AND m.detection <> 'not_analysed'
        AND si.kind = 'wwtp_influent' AND si.jurisdiction_code = ANY($2) AND m.sample_date BETWEEN $3 AND $4
        AND sa.flow_m3_per_day IS NOT NULL
      GROUP BY sa.site_id, si.jurisdiction_code, si.source, to_char(m.sample_date, 'YYYY-MM')`,
    [def.analyte, allCodes, from, to],
  );
  for (const j of jurisdictions) {
    const codes = new Set(subtreeCodes(index, j));
    for (const p of periods) {
      const months = new Set((p.kind === "month" ? [p] : periodsWithin(p, "month")).map(formatPeriod));
      const perSite = new Map<
        string,
        { days: number; load: number; pop: number; popDays: number; simulated: boolean }
      >();
      for (const r of res.rows) {
        if (!codes.has(r.jurisdiction_code) || !months.has(r.month)) continue;
        const s = perSite.get(r.site_id) ?? { days: 0, load: 0, pop: 0, popDays: 0, simulated: false };
        s.days += Number(r.days);
        s.load += Number(r.load_mg);
        if (r.pop !== null) {
          s.pop += Number(r.pop);
          s.popDays += Number(r.days);
        }
        s.simulated ||= r.source === "changzhi-demo";
        perSite.set(r.site_id, s);
      }
      const sites = [...perSite.values()];
      const key = `${j}|${formatPeriod(p)}`;
      if (sites.length === 0) {
        out.set(key, { value: null, simulated: false, revision: null, basis: { sites: 0, sampleDays: 0 } });
        continue;
      }
      const totalMg = sites.reduce((s, x) => s + x.load / x.days, 0);
      const withPop = sites.filter((x) => x.popDays > 0);
      const popSum = withPop.reduce((s, x) => s + x.pop / x.popDays, 0);
      const popLoad = withPop.reduce((s, x) => s + x.load / x.days, 0);
      const value = def.code.startsWith("ww.total.") ? totalMg / 1000 : popSum > 0 ? (popLoad / popSum) * 1000 : null;
      out.set(key, {
        value,
        simulated: sites.some((x) => x.simulated),
        revision: null,
        basis: {
          sites: sites.length,
          sampleDays: sites.reduce((s, x) => s + x.days, 0),
          population: Math.round(popSum),
        },
      });
    }
  }
  return out;
}

async function hairCells(
  ctx: AppContext,
  jurisdictions: readonly string[],
  periods: readonly Period[],
): Promise<Map<string, Cell>> {
  const index = await jurisdictionIndex(ctx);
  const res = await ctx.database.raw.query<{
    jurisdiction_code: string;
    period_start: string;
    period_end: string;
    n_tested: number;
    positives_any: number;
    simulated: boolean;
  }>("SELECT jurisdiction_code, period_start, period_end, n_tested, positives_any, simulated FROM hair_survey");
  const out = new Map<string, Cell>();
  for (const j of jurisdictions) {
    const codes = new Set(subtreeCodes(index, j));
    for (const p of periods) {
      const b = periodBounds(p);
      const inside = res.rows.filter(
        (r) => codes.has(r.jurisdiction_code) && r.period_start >= b.start && r.period_end <= b.end,
      );
      const n = inside.reduce((s, r) => s + r.n_tested, 0);
      const x = inside.reduce((s, r) => s + r.positives_any, 0);
      out.set(`${j}|${formatPeriod(p)}`, {
        value: n > 0 ? (x / n) * 100 : null,
        simulated: inside.some((r) => r.simulated),
        revision: null,
        basis: { surveys: inside.length, tested: n },
      });
    }
  }
  return out;
}

/**
 * Values of one indicator for every jurisdiction × period asked (no access check: callers check the scope).
 * Result keys `${jurisdiction}|${period}`.
 */
export async function indicatorCells(
  ctx: AppContext,
  def: IndicatorDefinitionOut,
  jurisdictions: readonly string[],
  periodTexts: readonly string[],
): Promise<Map<string, Cell>> {
  const periods = periodTexts.map((p) => parsePeriod(p));
  if (def.origin === "computed-wastewater") return wastewaterCells(ctx, def, jurisdictions, periods);
  if (def.origin === "computed-hair") return hairCells(ctx, jurisdictions, periods);
  return importedCells(ctx, def, jurisdictions, periods);
}

/** Applies k-suppression to a count value. */
export function suppressCount(
  def: IndicatorDefinitionOut,
  value: number | null,
  k: number | null,
): { value: number | null; suppressed: boolean } {
  if (k === null || value === null || !COUNT_UNITS.has(def.unit)) return { value, suppressed: false };
  return value > 0 && value < k ? { value: null, suppressed: true } : { value, suppressed: false };
}

/** The city and county codes in the viewer's scope (default jurisdictions of tables). */
export async function scopedJurisdictions(
  ctx: AppContext,
  viewer: Viewer,
  requested?: string,
): Promise<{ codes: string[]; names: Map<string, string> }> {
  const scope = await aggregateScope(ctx, viewer);
  const index = await jurisdictionIndex(ctx);
  const names = new Map([...index.entries()].map(([c, j]) => [c, j.nameZh]));
  if (requested) {
    const j = index.get(requested);
    if (!j) throw new InvalidInputError(`unknown jurisdiction code "${requested}"`);
    if (scope && !scope(j.path)) throw new InvalidInputError(`jurisdiction ${requested} is outside your scope`);
    return { codes: [requested], names };
  }
  const codes = [...index.entries()]
    .filter(([, j]) => (j.level === "city" || j.level === "county") && (!scope || scope(j.path)))
    .sort((a, b) => a[1].path.localeCompare(b[1].path))
    .map(([c]) => c);
  return { codes, names };
}

export interface IndicatorValuesQuery {
  indicator: string;
  jurisdiction?: string;
  periodKind?: PeriodKind;
  from?: string;
  to?: string;
}

/**
 * Values of an indicator per jurisdiction (the viewer's city/counties, or one) and period.
 * Default range: the last 3 years before now (years), or the last 12 months / 8 quarters.
 * @throws NotFoundError (indicator), InvalidInputError (periods, jurisdiction), PermissionDeniedError
 */
export async function indicatorValues(
  ctx: AppContext,
  viewer: Viewer,
  q: IndicatorValuesQuery,
): Promise<IndicatorValueOut[]> {
  const def = await getIndicatorDefinition(ctx, q.indicator);
  const kind = q.periodKind ?? "year";
  const { codes } = await scopedJurisdictions(ctx, viewer, q.jurisdiction);
  const now = ctx.now();
  const current: Period =
    kind === "year"
      ? { kind, year: now.getUTCFullYear(), index: 0 }
      : kind === "quarter"
        ? { kind, year: now.getUTCFullYear(), index: Math.floor(now.getUTCMonth() / 3) + 1 }
        : { kind, year: now.getUTCFullYear(), index: now.getUTCMonth() + 1 };
  const span = kind === "year" ? 3 : kind === "quarter" ? 8 : 12;
  const to = q.to ?? formatPeriod(current);
  const from = q.from ?? formatPeriod(shiftPeriod(parsePeriod(to), -(span - 1)));
  const periods = periodRange(from, to);
  if (parsePeriod(from).kind !== kind) throw new InvalidInputError(`from/to must be ${kind} periods`);
  const cells = await indicatorCells(ctx, def, codes, periods);
  const k = suppressionK(viewer);
  const out: IndicatorValueOut[] = [];
  for (const j of codes) {
    for (const p of periods) {
      const c = cells.get(`${j}|${p}`) ?? { value: null, simulated: false, revision: null, basis: null };
      const s = suppressCount(def, c.value, k);
      out.push({
        indicator: def.code,
        jurisdiction: j,
        period: p,
        periodKind: kind,
        value: s.value,
        origin: def.origin,
        simulated: c.simulated,
        suppressed: s.suppressed,
        revision: c.revision,
        basis: c.basis,
      });
    }
  }
  return out;
}
