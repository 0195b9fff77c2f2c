/**
 * Composite drug-situation index per county for one period (core `compositeIndex`; method docs/METHODS.md):
 * values of the weighted indicators per county (imported or computed), populations of the counties, ranking and
 * grade. Populations: the 2020 census figures of the bundled changzhi-demo scenario (`CHANGZHI_COUNTIES`, cited
 * there) for 长治市's counties (a county without one makes per-population weights fail with an error naming it).
 * All counties are normalised and ranked together; a viewer sees the counties of their scope.
 */

import type { IndexResponse } from "@tracewater/contract";
import {
  CHANGZHI_COUNTIES,
  compositeIndex,
  DEFAULT_INDEX_METHOD,
  formatPeriod,
  type IndexMethod,
  type Normalisation,
  parsePeriod,
  ScienceInputError,
} from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { getIndicatorDefinition, indicatorCells, scopedJurisdictions, suppressCount } from "./indicators.js";
import { jurisdictionIndex, suppressionK, type Viewer } from "./viewer.js";

export interface IndexQuery {
  period: string;
  /** overrides the method's normalisation */
  normalisation?: Normalisation;
  /** a whole method (weights, grades); default DEFAULT_INDEX_METHOD */
  method?: IndexMethod;
}

/** Persons per county code (2020 census / documented approximations of the demo scenario). */
export function countyPopulations(): Record<string, number> {
  return Object.fromEntries(CHANGZHI_COUNTIES.map((c) => [c.code, c.population]));
}

/** @throws InvalidInputError (period, bad method: weights, missing population), PermissionDeniedError */
export async function situationIndex(ctx: AppContext, viewer: Viewer, q: IndexQuery): Promise<IndexResponse> {
  let period: string;
  try {
    period = formatPeriod(parsePeriod(q.period));
  } catch (e) {
    throw new InvalidInputError((e as Error).message);
  }
  const base = q.method ?? DEFAULT_INDEX_METHOD;
  const method: IndexMethod = q.normalisation ? { ...base, normalisation: q.normalisation } : base;
  const { codes, names } = await scopedJurisdictions(ctx, viewer);
  const index = await jurisdictionIndex(ctx);
  // normalised across ALL counties (the ranking is a city-wide comparison); only the viewer's are returned
  const counties = [...index.entries()]
    .filter(([, j]) => j.level === "county")
    .map(([c]) => c)
    .sort();
  const visible = new Set(codes);
  const directions: Record<string, "lower-is-better" | "higher-is-better"> = {};
  const defs = new Map<string, Awaited<ReturnType<typeof getIndicatorDefinition>>>();
  const values: Record<string, Record<string, number | null>> = Object.fromEntries(counties.map((c) => [c, {}]));
  let simulated = false;
  for (const w of method.weights) {
    const def = await getIndicatorDefinition(ctx, w.indicatorCode);
    directions[def.code] = def.direction;
    defs.set(def.code, def);
    const cells = await indicatorCells(ctx, def, counties, [period]);
    for (const c of counties) {
      const cell = cells.get(`${c}|${period}`);
      (values[c] as Record<string, number | null>)[def.code] = cell?.value ?? null;
      simulated ||= cell?.simulated ?? false;
    }
  }
  let districts: ReturnType<typeof compositeIndex>;
  try {
    districts = compositeIndex({ directions, values, population: countyPopulations() }, method);
  } catch (e) {
    if (e instanceof ScienceInputError) throw new InvalidInputError(`index method ${method.version}: ${e.message}`);
    throw e;
  }
  const k = suppressionK(viewer);
  return {
    period,
    method: {
      version: method.version,
      normalisation: method.normalisation,
      weights: method.weights.map((w) => ({ ...w })),
      grades: method.grades.map((g) => ({ ...g })),
    },
    simulated,
    districts: districts
      .filter((d) => visible.has(d.jurisdictionCode))
      .map((d) => ({
        jurisdiction: d.jurisdictionCode,
        jurisdictionNameZh: names.get(d.jurisdictionCode) ?? null,
        score: d.score,
        rank: d.rank,
        grade: d.grade,
        coverage: d.coverage,
        contributions: d.contributions.map((c) => {
          // a county's raw count (e.g. 3 relapses) is hidden below k for viewers without person access
          const def = defs.get(c.indicatorCode);
          const hidden = def ? suppressCount(def, c.value, k).suppressed : false;
          return {
            indicator: c.indicatorCode,
            weight: c.weight,
            value: hidden ? null : c.value,
            scaledValue: hidden ? null : c.scaledValue,
            normalised: c.normalised,
            contribution: c.contribution,
          };
        }),
      })),
  };
}
