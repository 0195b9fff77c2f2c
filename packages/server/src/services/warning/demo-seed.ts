/**
 * The simulated demonstration city beside the real data (issue #4): on first start the bundled `changzhi-demo`
 * scenario is generated with the simulator (core `simulateScenario`, seed 1, docs/simulator.md) and imported like
 * lab files — a site registry, then lab-long results — under the data source `changzhi-demo` (listed as simulated
 * by `services/monitoring/sources.ts`; every site name starts with `[模拟]`). Then detection runs over it so the
 * demo city has alerts. Idempotent: nothing happens when the source already has sites.
 */

import type { DetectRunResult, ImportReport } from "@tracewater/contract";
import { changzhiDemoScenario, simulateScenario } from "@tracewater/core";
import Papa from "papaparse";
import type { AppContext } from "../context.js";
import { importFile } from "../imports/import-file.js";
import { SYSTEM_CALLER } from "./access.js";
import { runDetection } from "./detect.js";

export const DEMO_SOURCE = "changzhi-demo";
/** Alerts of the demo are raised from this date on (the scenario's last year; the baselines use all three years). */
export const DEMO_ALERTS_SINCE = "2025-01-01";

const BOM = "\uFEFF";

/** Seeds the demo city when absent. Returns null when it was already there. */
export async function seedDemoCity(
  ctx: AppContext,
  options: { from?: string; to?: string; since?: string } = {},
): Promise<{ reports: ImportReport[]; detection: DetectRunResult } | null> {
  const have = await ctx.database.raw.query("SELECT 1 FROM site WHERE source = $1 LIMIT 1", [DEMO_SOURCE]);
  if (have.rows.length > 0) return null;
  const sim = simulateScenario(changzhiDemoScenario(), {
    seed: 1,
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  });
  const enc = (rows: object[]) => new TextEncoder().encode(BOM + Papa.unparse(rows));
  const reports: ImportReport[] = [];
  const prev = process.env.TRACEWATER_DETECT_AFTER_IMPORT;
  process.env.TRACEWATER_DETECT_AFTER_IMPORT = "0"; // one detection run below, with the demo's window
  try {
    for (const [name, rows] of [
      [`${DEMO_SOURCE}-sites.csv`, sim.sites],
      [`${DEMO_SOURCE}-lab-long.csv`, sim.labRows],
    ] as const) {
      const report = await importFile(
        ctx,
        { name, bytes: enc(rows as unknown as object[]) },
        { source: DEMO_SOURCE, actor: "seed" },
      );
      if (report.status === "rejected")
        throw new Error(
          `demo file ${name} was rejected: ${report.errors
            .slice(0, 3)
            .map((e) => `row ${e.row} ${e.column}: ${e.message}`)
            .join("; ")}`,
        );
      reports.push(report);
    }
  } finally {
    if (prev === undefined) delete process.env.TRACEWATER_DETECT_AFTER_IMPORT;
    else process.env.TRACEWATER_DETECT_AFTER_IMPORT = prev;
  }
  const detection = await runDetection(ctx, SYSTEM_CALLER, {
    source: DEMO_SOURCE,
    since: options.since ?? DEMO_ALERTS_SINCE,
  });
  return { reports, detection };
}
