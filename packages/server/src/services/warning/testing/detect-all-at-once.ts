/**
 * Test reference: the detection of one source as `detect` ran it before the grouped run (commit 6f35e4c,
 * services/warning/detect.ts): every day-precision result of the source loaded at once, one engine run over all
 * series and sites, then the graded points filtered to `since` (default: {@link DEFAULT_CURRENT_DAYS} days before
 * the newest point). Kept only so detect.test.ts can check that the grouped `detectSource` gives exactly the same
 * graded points; not used by the application.
 */
import { dateOfDayNumber, dayNumber } from "@tracewater/core";
import type { SqlClient } from "../../../storage/open-database.js";
import { DEFAULT_CURRENT_DAYS, type DetectOptions, type SourceFindings } from "../detect.js";
import {
  type Detection,
  operationalRules,
  type RawResult,
  runDetectors,
  seriesFromResults,
} from "../detection-engine.js";

/** The former `loadResults` (unchanged): one `json_agg` row per site × analyte, then one RawResult per result. */
async function loadResults(sqlc: SqlClient, source: string): Promise<RawResult[]> {
  const res = await sqlc.query<{ site: string; analyte_code: string; pts: string }>(
    `SELECT s.code AS site, m.analyte_code,
            json_agg(json_build_array(m.sample_date, m.quantity, m.value_canonical, m.detection, sa.flow_m3_per_day,
                                      COALESCE(sa.population_served, s.population_served)))::text AS pts
       FROM measurement m JOIN sample sa ON sa.id = m.sample_id JOIN site s ON s.id = m.site_id
      WHERE m.superseded_by IS NULL AND sa.date_precision = 'day' AND s.source = $1
      GROUP BY s.code, m.analyte_code`,
    [source],
  );
  const out: RawResult[] = [];
  for (const r of res.rows) {
    const pts = JSON.parse(r.pts) as [string, string, number | null, Detection, number | null, number | null][];
    for (const [date, quantity, value, detection, flow, pop] of pts)
      out.push({
        site: r.site,
        analyte: r.analyte_code,
        date,
        concentrationNgPerL: quantity === "concentration" ? value : null,
        detection,
        flowM3PerDay: flow,
        populationServed: pop,
        ...(quantity === "pnl" ? { pnlMgPerDayPer1000: value } : {}),
      });
  }
  return out;
}

/** The former per-source body of `runDetection` up to (not including) applying the graded points. */
export async function detectSourceAllAtOnce(
  sqlc: SqlClient,
  source: string,
  sites: readonly { code: string; downstream: string | null }[],
  options: Pick<DetectOptions, "since" | "detectors" | "rules"> = {},
): Promise<SourceFindings | null> {
  const raw = await loadResults(sqlc, source);
  if (raw.length === 0) return null;
  const series = seriesFromResults(raw);
  const findings = runDetectors(
    sites.map((s) => ({ code: s.code, downstream: s.downstream })),
    series,
    {
      ...(options.detectors ? { detectors: options.detectors } : {}),
      rules: options.rules ?? operationalRules(),
    },
  );
  let since: string | null;
  if (options.since !== undefined) since = options.since;
  else {
    let max = "";
    for (const s of series) {
      const last = s.points[s.points.length - 1];
      if (last && last.date > max) max = last.date;
    }
    since = max ? dateOfDayNumber(dayNumber(max) - DEFAULT_CURRENT_DAYS) : null;
  }
  const current = since === null ? findings : findings.filter((f) => f.date >= (since as string));
  return {
    series: series.length,
    points: series.reduce((t, s) => t + s.points.length, 0),
    since,
    groups: 1,
    findings: current,
  };
}
