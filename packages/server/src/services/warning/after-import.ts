/**
 * Detection after an import (issue #4: "detection runs … after each import"): once an import has committed, planned
 * sampling points attach to the new samples and the detectors run over every data source the import touched with
 * daily samples. Called by `importFile`; a detection failure is logged and never undoes the import. Set
 * `TRACEWATER_DETECT_AFTER_IMPORT=0` to switch it off (benchmarks of the import path).
 */
import type { DetectRunResult, ImportReport } from "@tracewater/contract";
import type { AppContext } from "../context.js";
import { SYSTEM_CALLER } from "./access.js";
import { runDetection } from "./detect.js";
import { attachSamplingResults } from "./sampling-tasks.js";

/** Whether detection after imports is on (env `TRACEWATER_DETECT_AFTER_IMPORT`, default on). */
export const detectAfterImportEnabled = () => process.env.TRACEWATER_DETECT_AFTER_IMPORT !== "0";

/** Runs the post-import steps for a committed import; returns the detection runs (one per touched source). */
export async function detectAfterImport(ctx: AppContext, report: ImportReport): Promise<DetectRunResult[]> {
  if (report.status !== "imported" || !report.batchId || !detectAfterImportEnabled()) return [];
  try {
    await attachSamplingResults(ctx);
    // the sources of the batch's results, then per source whether one of those results has a day-precision sample
    // (an EXISTS that stops at the first; the former DISTINCT over the whole result–sample join took 6.2 s after a
    // 1M-row import, docs/performance.md "Detection after an import")
    const candidates = await ctx.database.raw.query<{ source: string; ids: string[] }>(
      `SELECT s.source, array_agg(s.id) AS ids FROM site s
        WHERE s.id IN (SELECT m.site_id FROM measurement m WHERE m.import_batch_id = $1)
        GROUP BY s.source ORDER BY s.source`,
      [report.batchId],
    );
    const runs: DetectRunResult[] = [];
    for (const { source, ids } of candidates.rows) {
      const daily = await ctx.database.raw.query<{ e: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM measurement m JOIN sample sa ON sa.id = m.sample_id
                         WHERE m.import_batch_id = $1 AND sa.date_precision = 'day' AND m.site_id = ANY($2::uuid[])) AS e`,
        [report.batchId, ids],
      );
      if (daily.rows[0]?.e) runs.push(await runDetection(ctx, SYSTEM_CALLER, { source }));
    }
    return runs;
  } catch (err) {
    ctx.log.error({ err, batchId: report.batchId }, "detection after import failed (the import itself is committed)");
    return [];
  }
}
