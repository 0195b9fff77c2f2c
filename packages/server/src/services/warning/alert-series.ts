/**
 * The series behind an alert's explanation chart: for every sample date of the alert's site × analyte, the value the
 * detector looked at, its baseline and threshold and the score (recomputed from the stored data with the same
 * engine functions as `detect`). Censored results are shown as censored with no value — never as zeros.
 */
import type { AlertSeries } from "@tracewater/contract";
import { DEFAULT_GRADING_RULES, runSeriesDetectors, type SeriesPoint, subcatchmentDifference } from "@tracewater/core";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { may, type WarningCaller } from "./access.js";
import { alertRow } from "./alerts.js";
import { type Detection, type EngineSeries, engineTree, seriesFromResults } from "./detection-engine.js";

async function loadSeries(ctx: AppContext, sites: readonly string[], analyte: string): Promise<EngineSeries[]> {
  const res = await ctx.database.raw.query<{
    site: string;
    sample_date: string;
    quantity: string;
    value_canonical: number | null;
    detection: Detection;
    flow: number | null;
    pop: number | null;
  }>(
    `SELECT s.code AS site, m.sample_date, m.quantity, m.value_canonical, m.detection, sa.flow_m3_per_day AS flow,
            COALESCE(sa.population_served, s.population_served) AS pop
       FROM measurement m JOIN sample sa ON sa.id = m.sample_id JOIN site s ON s.id = m.site_id
      WHERE m.superseded_by IS NULL AND sa.date_precision = 'day' AND s.code = ANY($1::text[]) AND m.analyte_code = $2`,
    [[...sites], analyte],
  );
  return seriesFromResults(
    res.rows.map((r) => ({
      site: r.site,
      analyte,
      date: r.sample_date,
      concentrationNgPerL: r.quantity === "concentration" ? r.value_canonical : null,
      detection: r.detection,
      flowM3PerDay: r.flow,
      populationServed: r.pop,
      ...(r.quantity === "pnl" ? { pnlMgPerDayPer1000: r.value_canonical } : {}),
    })),
  );
}

/** The chart series of an alert. @throws NotFoundError (unknown or out of the caller's scope) */
export async function alertSeries(ctx: AppContext, by: WarningCaller, alertId: string): Promise<AlertSeries> {
  const a = await alertRow(ctx.database.raw, alertId);
  if (!may(ctx, by, "monitoring.read", a.jpath)) throw new NotFoundError(`alert ${alertId} not found`, "alert");
  const sites = await ctx.database.raw.query<{ code: string; downstream: string | null }>(
    "SELECT s.code, d.code AS downstream FROM site s LEFT JOIN site d ON d.id = s.downstream_site_id WHERE s.source = $1",
    [a.source],
  );
  const tree = engineTree(sites.rows.map((s) => ({ code: s.code, downstream: s.downstream })));
  let root = tree.index.get(a.site) as number;
  while (tree.parent[root] !== -1) root = tree.parent[root] as number;
  const plant = tree.ids[root] as string;
  const all = await loadSeries(ctx, a.detector === "subcatchment" ? [a.site, plant] : [a.site], a.analyte_code);
  const own = all.find((s) => s.site === a.site);
  const base = { alertId, site: a.site, analyte: a.analyte_code, detector: a.detector };
  if (!own) return { ...base, valueUnit: "", points: [] };
  const sp = (s: EngineSeries): SeriesPoint[] =>
    s.points.map((p) => ({ date: p.date, value: p.value, censored: p.value === null }));
  const censored = new Map(own.points.map((p) => [p.date, p.value === null]));
  const threshold = DEFAULT_GRADING_RULES[a.detector].conditions[0]?.minScore ?? null;
  if (a.detector === "subcatchment") {
    const parent = all.find((s) => s.site === plant);
    const diff = parent ? subcatchmentDifference(sp(own), sp(parent)) : [];
    return {
      ...base,
      valueUnit: `ratio ${a.site}/${plant}`,
      points: diff.map((p) => ({
        date: p.date,
        value: p.logRatio === null ? null : Math.exp(p.logRatio),
        baseline: p.baselineLogRatio === null ? null : Math.exp(p.baselineLogRatio),
        score: p.z,
        threshold,
        censored: censored.get(p.date) ?? false,
      })),
    };
  }
  if (
    a.detector === "robust-z" ||
    a.detector === "ewma" ||
    a.detector === "cusum" ||
    a.detector === "step-cusum" ||
    a.detector.startsWith("ears")
  ) {
    const scores = runSeriesDetectors(sp(own));
    const z = scores["robust-z"];
    const mine = scores[a.detector as keyof typeof scores];
    return {
      ...base,
      valueUnit: own.valueUnit,
      // the observed value and its robust baseline (what the chart plots) with the detector's own score
      points: own.points.map((p, i) => ({
        date: p.date,
        value: p.value,
        baseline: z[i]?.baseline ?? null,
        score: mine[i]?.score ?? null,
        // on the score's scale: the grading rules' alarm threshold (EWMA Z/UCL and CUSUM S/h alarm at 1)
        threshold,
        censored: p.value === null,
      })),
    };
  }
  // mass balance and new substance: the observed values (the detector's numbers are in the explanation)
  return {
    ...base,
    valueUnit: own.valueUnit,
    points: own.points.map((p) => ({
      date: p.date,
      value: p.value,
      baseline: null,
      score: null,
      threshold: null,
      censored: p.value === null,
    })),
  };
}
