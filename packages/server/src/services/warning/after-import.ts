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
    const sources = await ctx.database.raw.query<{ source: string }>(
      `SELECT DISTINCT s.source FROM measurement m JOIN sample sa ON sa.id = m.sample_id JOIN site s ON s.id = m.site_id
        WHERE m.import_batch_id = $1 AND sa.date_precision = 'day' ORDER BY s.source`,
      [report.batchId],
    );
    const runs: DetectRunResult[] = [];
    for (const { source } of sources.rows) runs.push(await runDetection(ctx, SYSTEM_CALLER, { source }));
    return runs;
  } catch (err) {
    ctx.log.error({ err, batchId: report.batchId }, "detection after import failed (the import itself is committed)");
    return [];
  }
}
