/**
 * Published weekly means of EUDA all-data files (`Weekday mean`, `Weekend mean`, `Daily mean`, mg/day/1000 inh).
 *
 * Why: for incomplete weeks EUDA's means were computed from more days than the file publishes (e.g. 2024 BE
 * HR002 Zagreb: six published days average 651.07, the published Daily mean is 677.38), and EUDA's own
 * aggregated BE trend (ww2025-aggregated-trends.csv) is the mean of the published Daily means. So the published
 * means are stored as reported (`reported_mean`) and used by the statistics where present.
 *
 * Reading reuses the parser's file/table reader (`imports/parse/read-input.ts`) and core's EUDA metabolite
 * resolver; rows the parser rejects make the whole import rejected anyway, so bad cells are skipped here.
 */
import type { ImportError } from "@tracewater/contract";
import { resolveEudaMetabolite } from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import { detectTableKind } from "./parse/detect.js";
import { readInput, readTables } from "./parse/read-input.js";
import type { FileInput } from "./parse/types.js";
import { cellText, parseNumber } from "./parse/values.js";
import type { SqlClient } from "../storage/open-database.js";
import type { StatsKey } from "./refresh-stats.js";

export interface PublishedMean {
  siteCode: string;
  analyte: string;
  year: number;
  weekdayMean: number | null;
  weekendMean: number | null;
  dailyMean: number | null;
  row: number;
}

/** Reads the published means of every EUDA all-data table of a file (none for other layouts). */
export async function readEudaPublishedMeans(input: FileInput): Promise<PublishedMean[]> {
  const { name, bytes } = await readInput(input);
  const read = await readTables(name, bytes, { format: "euda" });
  const out: PublishedMean[] = [];
  for (const table of read.tables) {
    if (detectTableKind(table.headers) !== "euda-all-data") continue;
    const col = (h: string) => table.headers.findIndex((x) => x.trim().toLowerCase() === h.toLowerCase());
    const [year, metabolite, site, wd, we, daily] = ["Year", "Metabolite", "Site ID", "Weekday mean", "Weekend mean", "Daily mean"].map(col);
    const siteIdx = site !== undefined && site >= 0 ? site : col("SiteID");
    if ([year, metabolite, wd, we, daily].some((i) => i === undefined || i < 0) || siteIdx < 0) continue;
    const num = (cells: readonly unknown[], i: number) => {
      const v = parseNumber((cells[i] ?? null) as never, table.decimalComma);
      return v !== null && v >= 0 ? v : null;
    };
    for (const r of table.rows) {
      const y = num(r.cells, year as number);
      const analyte = resolveEudaMetabolite(cellText(r.cells[metabolite as number]));
      const code = cellText(r.cells[siteIdx]);
      if (y === null || !Number.isInteger(y) || !analyte || code === "") continue;
      const m = { weekdayMean: num(r.cells, wd as number), weekendMean: num(r.cells, we as number), dailyMean: num(r.cells, daily as number) };
      if (m.weekdayMean === null && m.weekendMean === null && m.dailyMean === null) continue;
      out.push({ siteCode: code, analyte, year: y, ...m, row: r.row });
    }
  }
  return out;
}

/**
 * Writes published means inside the import transaction: unchanged values are left alone, changed ones get a new
 * revision superseding the old row. Returns the touched (site, analyte, year) keys.
 */
export async function writePublishedMeans(
  tx: SqlClient,
  means: readonly PublishedMean[],
  siteIds: ReadonlyMap<string, string>,
  batchId: string,
  now: Date,
): Promise<{ changed: number; touched: StatsKey[]; errors: ImportError[] }> {
  if (means.length === 0) return { changed: 0, touched: [], errors: [] };
  const current = await tx.query<{ id: string; site_id: string; analyte_code: string; year: number; weekday_mean: number | null; weekend_mean: number | null; daily_mean: number | null; revision: number }>(
    "SELECT id, site_id, analyte_code, year, weekday_mean, weekend_mean, daily_mean, revision FROM reported_mean WHERE superseded_by IS NULL AND site_id = ANY($1::uuid[])",
    [[...new Set(means.map((m) => siteIds.get(m.siteCode)).filter((x): x is string => !!x))]],
  );
  const byKey = new Map(current.rows.map((r) => [`${r.site_id}|${r.analyte_code}|${r.year}`, r]));
  const inserts: unknown[][] = [];
  const supersede: [string, string][] = [];
  const touched: StatsKey[] = [];
  for (const m of means) {
    const siteId = siteIds.get(m.siteCode);
    if (!siteId) continue; // reported as an unknown site code by the measurement writer
    const old = byKey.get(`${siteId}|${m.analyte}|${m.year}`);
    if (old && old.weekday_mean === m.weekdayMean && old.weekend_mean === m.weekendMean && old.daily_mean === m.dailyMean) continue;
    const id = uuidv7();
    inserts.push([id, siteId, m.analyte, m.year, m.weekdayMean, m.weekendMean, m.dailyMean, m.row, (old?.revision ?? 0) + 1, batchId, now.toISOString()]);
    if (old) supersede.push([old.id, id]);
    touched.push({ siteId, analyte: m.analyte, year: m.year });
  }
  for (const [oldId, newId] of supersede) await tx.query("UPDATE reported_mean SET superseded_by = $2 WHERE id = $1", [oldId, newId]);
  await tx.bulkInsert(
    "reported_mean",
    [
      { name: "id", type: "uuid" },
      { name: "site_id", type: "uuid" },
      { name: "analyte_code", type: "text" },
      { name: "year", type: "int4" },
      { name: "weekday_mean", type: "float8" },
      { name: "weekend_mean", type: "float8" },
      { name: "daily_mean", type: "float8" },
      { name: "source_row", type: "int4" },
      { name: "revision", type: "int4" },
      { name: "import_batch_id", type: "uuid" },
      { name: "recorded_at", type: "timestamptz" },
    ],
    inserts,
  );
  return { changed: inserts.length, touched, errors: [] };
}
