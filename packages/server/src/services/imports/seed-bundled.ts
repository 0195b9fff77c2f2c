/**
 * Seeds the bundled real data on first start (`tracewater serve`): the EUDA/SCORE 2025 release — the site
 * table first (registry), then all data 2011–2024. Each file is one import (one transaction). Files whose
 * sha256 was already imported successfully are skipped, so later starts do nothing.
 */
import type { ImportReport } from "@tracewater/contract";
import type { AppContext } from "../context.js";
import { EUDA_ALL_DATA_CSV, EUDA_SITES_CSV } from "../paths.js";
import { importFile, type ImportProgress } from "./import-file.js";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

export const BUNDLED_FILES = [EUDA_SITES_CSV, EUDA_ALL_DATA_CSV] as const;

export async function seedBundledData(
  ctx: AppContext,
  options: { onProgress?: (file: string, p: ImportProgress) => void; files?: readonly string[] } = {},
): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const file of options.files ?? BUNDLED_FILES) {
    const sha256 = createHash("sha256").update(await readFile(file)).digest("hex");
    const done = await ctx.database.raw.query(
      "SELECT 1 FROM import_batch WHERE sha256 = $1 AND status IN ('imported', 'unchanged') AND NOT dry_run LIMIT 1",
      [sha256],
    );
    if (done.rows.length > 0) continue;
    const report = await importFile(ctx, file, {
      actor: "seed",
      ...(options.onProgress ? { onProgress: (p: ImportProgress) => options.onProgress?.(file, p) } : {}),
    });
    reports.push(report);
    if (report.status === "rejected") {
      throw new Error(`bundled file ${file} was rejected: ${report.errors.slice(0, 3).map((e) => `row ${e.row} ${e.column}: ${e.message}`).join("; ")}`);
    }
  }
  return reports;
}
