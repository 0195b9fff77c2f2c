/**
 * Child process of the import benchmark (run alone so its peak memory is its own).
 * argv: mode (`copy` | `import`), csv path, registry path, data dir. Prints one JSON line.
 * - copy: a raw PGlite `COPY … FROM '/dev/blob'` of the CSV into a table with the file's columns (the baseline:
 *   no parsing in JS, no validation, no unit conversion, no revision bookkeeping).
 * - import: Tracewater's `importFile` of the same CSV (parse, validate, convert, classify, write, stats refresh).
 *   The detectors that `importFile` runs after the import has committed (issue #4, `services/warning/after-import.ts`)
 *   are switched off (`TRACEWATER_DETECT_AFTER_IMPORT=0`): they are not part of the import; docs/performance.md.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteSharedBuffersMb, pgliteWasmModule } from "../packages/server/src/storage/open-database.js";
import { createAppContext } from "../packages/server/src/services/context.js";
import { importFile } from "../packages/server/src/services/imports/import-file.js";

process.env.TRACEWATER_DETECT_AFTER_IMPORT = "0";

const [mode, csvPath, registryPath, dataDir] = process.argv.slice(2) as [string, string, string, string];

if (mode === "copy") {
  // the same PGlite build and start-up settings as Tracewater's embedded database (shared_buffers)
  const wasmModule = await pgliteWasmModule(pgliteSharedBuffersMb());
  const db = await PGlite.create({ dataDir: join(dataDir, "copy-baseline"), ...(wasmModule ? { wasmModule } : {}) });
  await db.exec(`CREATE TABLE lab_long (site_code text, sample_date date, analyte text, concentration text, unit text,
    lod float8, loq float8, flow_m3_per_day float8, population_served float8)`);
  const t0 = performance.now();
  const blob = new Blob([await readFile(csvPath)]);
  await db.query("COPY lab_long FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], { blob });
  const ms = performance.now() - t0;
  const n = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM lab_long")).rows[0]?.n;
  await db.close();
  console.log(JSON.stringify({ ms, rows: n, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  const ctx = await createAppContext({ dataDir });
  const reg = await importFile(ctx, registryPath, { actor: "bench" });
  if (reg.status === "rejected") throw new Error(`registry rejected: ${JSON.stringify(reg.errors.slice(0, 3))}`);
  const t0 = performance.now();
  const report = await importFile(ctx, csvPath, { actor: "bench" });
  const ms = performance.now() - t0;
  if (report.status !== "imported") throw new Error(`import ${report.status}: ${JSON.stringify(report.errors.slice(0, 3))}`);
  await ctx.database.close();
  console.log(
    JSON.stringify({ ms, rows: report.rows, inserted: report.measurements.inserted, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
}
