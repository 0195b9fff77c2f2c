/**
 * Anonymous population hair surveys (docs/domain.md §2.4): groups (occupation, venue…) by area and period with n
 * tested and positives per analyte — no person key or link exists. Positivity with Wilson 95 % score intervals
 * (core `wilsonInterval`; Newcombe 1998). For viewers without person access each count x is published as the
 * 1×2 table [x, n − x] (columns keyed `positive`, `negative`) through core `suppressLabelledTable`
 * (k = K_INTERNAL): a positive count or its complement below k is hidden, together with its interval.
 */

import type { HairSurveyOut, HairSurveySummary, HairSurveysResponse } from "@tracewater/contract";
import { parsePeriod, periodBounds, suppressLabelledTable, wilsonInterval } from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { scopedJurisdictions } from "./indicators.js";
import { jurisdictionIndex, LOCAL_OPERATOR, subtreeCodes, suppressionK, type Viewer } from "./viewer.js";

export interface HairSurveysQuery {
  jurisdiction?: string;
  /** surveys whose period lies inside this period */
  period?: string;
}

/** True when the positive count `x` of `n` tested is hidden at `k` (null k: never). */
export function positiveCountHidden(x: number, n: number, k: number | null): boolean {
  if (k === null || n <= 0) return false;
  const t = suppressLabelledTable({ rowKeys: ["survey"], columnKeys: ["positive", "negative"], counts: [[x, n - x]] }, k);
  return t.cells[0]?.[0] === null;
}

function shown(
  x: number,
  n: number,
  k: number | null,
): { count: number | null; interval: HairSurveyOut["positivityAny"]; suppressed: boolean } {
  const hidden = positiveCountHidden(x, n, k);
  if (hidden) return { count: null, interval: { proportion: null, lower: null, upper: null }, suppressed: true };
  const w = wilsonInterval(x, n);
  return { count: x, interval: { proportion: w.proportion, lower: w.lower, upper: w.upper }, suppressed: false };
}

/** @throws InvalidInputError (period, jurisdiction), PermissionDeniedError */
export async function listHairSurveys(
  ctx: AppContext,
  viewer: Viewer,
  q: HairSurveysQuery = {},
): Promise<HairSurveysResponse> {
  const { codes } = await scopedJurisdictions(ctx, viewer, q.jurisdiction);
  const index = await jurisdictionIndex(ctx);
  const allowed = [...new Set(codes.flatMap((c) => subtreeCodes(index, c)))];
  let bounds: { start: string; end: string } | null = null;
  if (q.period) {
    try {
      bounds = periodBounds(parsePeriod(q.period));
    } catch (e) {
      throw new InvalidInputError((e as Error).message);
    }
  }
  const res = await ctx.database.raw.query<{
    id: string;
    survey_code: string;
    group_kind: string;
    group_label: string;
    jurisdiction_code: string;
    period: string;
    n_tested: number;
    positives_any: number;
    cutoff_set_id: string;
    simulated: boolean;
    source: string;
  }>(
    `SELECT id, survey_code, group_kind, group_label, jurisdiction_code, period, n_tested, positives_any, cutoff_set_id, simulated, source
       FROM hair_survey WHERE jurisdiction_code = ANY($1) AND ($2::date IS NULL OR (period_start >= $2::date AND period_end <= $3::date))
      ORDER BY period_start, jurisdiction_code, survey_code`,
    [allowed, bounds?.start ?? null, bounds?.end ?? null],
  );
  const counts = await ctx.database.raw.query<{ survey_id: string; analyte_code: string; positives: number }>(
    "SELECT survey_id, analyte_code, positives FROM hair_survey_count WHERE superseded_by IS NULL AND survey_id = ANY($1) ORDER BY analyte_code",
    [res.rows.map((r) => r.id)],
  );
  const k = suppressionK(viewer);
  const items: HairSurveyOut[] = res.rows.map((r) => {
    const any = shown(r.positives_any, r.n_tested, k);
    return {
      surveyCode: r.survey_code,
      groupKind: r.group_kind,
      groupLabel: r.group_label,
      jurisdiction: r.jurisdiction_code,
      period: r.period,
      nTested: r.n_tested,
      positivesAny: any.count,
      positivityAny: any.interval,
      cutoffSet: r.cutoff_set_id,
      simulated: r.simulated,
      source: r.source,
      analytes: counts.rows
        .filter((c) => c.survey_id === r.id)
        .map((c) => {
          const s = shown(c.positives, r.n_tested, k);
          return { analyte: c.analyte_code, positives: s.count, positivity: s.interval, suppressed: s.suppressed };
        }),
    };
  });
  return { items, k };
}

/**
 * The surveys of `jurisdiction` (its subtree) inside `period`, pooled: Σ positives ÷ Σ tested for any analyte and
 * per analyte, with Wilson 95 % intervals and the same k-suppression as {@link listHairSurveys}. Pooling treats
 * the groups as one sample (no weighting by group size in the population — the surveys are not a random sample of
 * it; docs/METHODS.md §7).
 * @throws InvalidInputError (period, jurisdiction), PermissionDeniedError
 */
export async function summariseHairSurveys(
  ctx: AppContext,
  viewer: Viewer,
  q: { jurisdiction: string; period: string },
): Promise<HairSurveySummary> {
  await scopedJurisdictions(ctx, viewer, q.jurisdiction); // scope check (throws when outside)
  // pooled from the unsuppressed survey counts; the pooled counts are suppressed below
  const all = await listHairSurveys(ctx, LOCAL_OPERATOR, q);
  const k = suppressionK(viewer);
  const n = all.items.reduce((s, x) => s + x.nTested, 0);
  const xAny = all.items.reduce((s, x) => s + (x.positivesAny ?? 0), 0);
  const per = new Map<string, number>();
  for (const s of all.items)
    for (const a of s.analytes) per.set(a.analyte, (per.get(a.analyte) ?? 0) + (a.positives ?? 0));
  const any =
    n > 0
      ? shown(xAny, n, k)
      : { count: null, interval: { proportion: null, lower: null, upper: null }, suppressed: false };
  return {
    jurisdiction: q.jurisdiction,
    period: q.period,
    surveys: all.items.length,
    nTested: n,
    positivesAny: any.count,
    positivityAny: any.interval,
    suppressedAny: any.suppressed,
    analytes: [...per.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([analyte, x]) => {
        const s = shown(x, n, k);
        return { analyte, positives: s.count, positivity: s.interval, suppressed: s.suppressed };
      }),
    simulated: all.items.some((s) => s.simulated),
    k,
  };
}
