/**
 * Derived loads, computed on read from the current measurements with core's WBE chain (science.md §1):
 * concentration rows: load = C × Q / 1000 (mg/day), PNL = load / (P/1000); EUDA `pnl` rows: PNL as reported,
 * load = PNL × P/1000 when P is known; consumption = PNL × CF and doses = consumption / dose from the
 * parameter set's default entry for the analyte (null when there is none); Monte Carlo interval of consumption
 * (core `monteCarloConsumption` / `monteCarloConsumptionFromPnl`, default RSDs). Every row carries the
 * parameter-set version.
 *
 * Censoring: `censoringPolicy` (default `loq_half`) substitutes censored values (core `substituteCensored`).
 * When the limit the policy needs is unknown (EUDA rows: "< LOQ" reported as 0, LOQ not published) the row
 * falls back to `zero` — the EUDA convention — and is flagged `substituted: true`.
 *
 * Seeds: the row for date D uses `seed + days since 1970-01-01 of D`, so a row's interval does not depend on
 * the requested date range; default seed {@link DEFAULT_SEED}, default draws {@link DEFAULT_DRAWS}.
 */
import type { CensoringPolicy, LoadRow } from "@tracewater/contract";
import {
  consumptionMgPerDayPer1000,
  defaultEntryFor,
  DEFAULT_RSD,
  dosesPerDayPer1000,
  massLoadMgPerDay,
  monteCarloConsumption,
  monteCarloConsumptionFromPnl,
  pnlMgPerDayPer1000,
  substituteCensored,
} from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { requireAnalyte } from "./analytes.js";
import { siteIdOf } from "./sites.js";

export const DEFAULT_SEED = 20_240_313;
export const DEFAULT_DRAWS = 2000;
export const DEFAULT_CENSORING_POLICY: CensoringPolicy = "loq_half";
export const MAX_DRAWS = 100_000;

export interface LoadsOptions {
  site: string;
  analyte: string;
  from?: string;
  to?: string;
  censoringPolicy?: CensoringPolicy;
  seed?: number;
  draws?: number;
}

export interface LoadsResult {
  site: string;
  analyte: string;
  censoringPolicy: string;
  rows: LoadRow[];
}

interface Row {
  sample_date: string;
  quantity: "concentration" | "pnl";
  value_canonical: number | null;
  detection: LoadRow["detection"];
  lod_ng_per_l: number | null;
  loq_ng_per_l: number | null;
  flow_m3_per_day: number | null;
  population: number | null;
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** @throws NotFoundError (site/analyte), InvalidInputError (draws, seed) */
export async function computeLoads(ctx: AppContext, options: LoadsOptions): Promise<LoadsResult> {
  const policy = options.censoringPolicy ?? DEFAULT_CENSORING_POLICY;
  const seed = options.seed ?? DEFAULT_SEED;
  const draws = options.draws ?? DEFAULT_DRAWS;
  if (!Number.isInteger(seed)) throw new InvalidInputError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(draws) || draws < 2 || draws > MAX_DRAWS) throw new InvalidInputError(`draws must be an integer 2..${MAX_DRAWS}, got ${draws}`);
  const siteId = await siteIdOf(ctx, options.site);
  await requireAnalyte(ctx, options.analyte);
  const res = await ctx.database.raw.query<Row>(
    `SELECT m.sample_date, m.quantity, m.value_canonical, m.detection, m.lod_ng_per_l, m.loq_ng_per_l,
            p.flow_m3_per_day, COALESCE(p.population_served, t.population_served) AS population
       FROM measurement m JOIN sample p ON p.id = m.sample_id JOIN site t ON t.id = m.site_id
      WHERE m.site_id = $1 AND m.analyte_code = $2 AND m.superseded_by IS NULL
        AND ($3::date IS NULL OR m.sample_date >= $3) AND ($4::date IS NULL OR m.sample_date <= $4)
      ORDER BY m.sample_date, m.quantity`,
    [siteId, options.analyte, options.from ?? null, options.to ?? null],
  );
  const set = ctx.parameterSet;
  const entry = defaultEntryFor(set, options.analyte);
  const rows: LoadRow[] = res.rows.map((r) => {
    const censored = { valueCanonical: r.value_canonical, detection: r.detection, lod: r.lod_ng_per_l, loq: r.loq_ng_per_l };
    let sub = substituteCensored(censored, policy);
    if (sub.value === null && (r.detection === "below_lod" || r.detection === "below_loq")) sub = substituteCensored(censored, "zero");
    const value = sub.value;
    const population = r.population !== null && r.population > 0 ? r.population : null;
    let load: number | null = null;
    let pnl: number | null = null;
    let concentration: number | null = null;
    if (r.quantity === "concentration") {
      concentration = value;
      if (value !== null && r.flow_m3_per_day !== null) {
        load = massLoadMgPerDay(value, r.flow_m3_per_day);
        if (population !== null) pnl = pnlMgPerDayPer1000(load, population);
      }
    } else if (value !== null) {
      pnl = value;
      // inverse of PNL = L / (P/1000)
      if (population !== null) load = (value * population) / 1000;
    }
    const consumption = pnl !== null && entry ? consumptionMgPerDayPer1000(pnl, entry.correctionFactor) : null;
    const doses = consumption !== null && entry?.doseMg ? dosesPerDayPer1000(consumption, entry.doseMg) : null;
    let interval: LoadRow["interval"] = null;
    if (entry && pnl !== null) {
      const rowSeed = seed + dayNumber(r.sample_date);
      const mc =
        r.quantity === "concentration" && value !== null && r.flow_m3_per_day !== null && population !== null
          ? monteCarloConsumption({
              concentrationNgPerL: value,
              flowM3PerDay: r.flow_m3_per_day,
              population,
              correctionFactor: entry.correctionFactor,
              rsd: DEFAULT_RSD,
              draws,
              seed: rowSeed,
            })
          : monteCarloConsumptionFromPnl({ pnl, correctionFactor: entry.correctionFactor, rsd: DEFAULT_RSD, draws, seed: rowSeed });
      interval = { p2_5: mc.p2_5, p50: mc.p50, p97_5: mc.p97_5 };
    }
    return {
      date: r.sample_date,
      concentrationNgPerL: concentration,
      detection: r.detection,
      substituted: sub.substituted,
      loadMgPerDay: load,
      pnlMgPerDayPer1000: pnl,
      consumptionMgPerDayPer1000: consumption,
      dosesPerDayPer1000: doses,
      interval,
      parameterSet: set.version,
    };
  });
  return { site: options.site, analyte: options.analyte, censoringPolicy: policy, rows };
}
