/**
 * Child process of the import benchmark (run alone so its peak memory is its own).
 * argv: mode, csv path, registry path, data dir. Prints one JSON line.
 * Each side is prepared by a setup process and measured in a second, fresh process that opens the prepared data
 * directory — as `tracewater import` does on an existing installation — so neither measurement carries the
 * database's one-time creation (initdb peaks at ≈ 450 MB of RSS in its process and the WASM heap never shrinks):
 * - `setup-copy`: creates the baseline database and `CREATE TABLE lab_long` with the file's 9 columns
 *   (text/date/float8, no index, no constraint).
 * - `copy` (timed): opens it, reads the file and runs one raw PGlite `COPY lab_long FROM '/dev/blob' WITH (FORMAT
 *   csv, HEADER true)` (the baseline: no parsing in JS, no validation, no unit conversion, no revision bookkeeping).
 * - `setup-import`: creates Tracewater's database (migrations) and imports the 50-site registry.
 * - `import` (timed): opens it (`createAppContext`) and runs `importFile` on the CSV (parse, validate, convert,
 *   classify, write, stats refresh).
 * Both use the same PGlite build and start-up settings (`pgliteWasmModule`: shared_buffers 16 MB, wal_level
 * minimal). Both children are plain JavaScript run by `node` without a TypeScript loader: the import side runs the
 * server's production build (packages/server/dist, `packages/server/bin/build.mjs`, rebuilt here when stale) — the
 * code `tracewater import` and `npm start` run. The detectors that `importFile` runs after the import has committed (issue #4,
 * `services/warning/after-import.ts`) are switched off (`TRACEWATER_DETECT_AFTER_IMPORT=0`): they are not part of
 * the import; docs/performance.md.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { ensureServerBuild } from "../packages/server/bin/build.mjs";

const { createAppContext, importFile, limitHeapGrowth, pgliteSharedBuffersMb, pgliteWasmModule } = await import(
  await ensureServerBuild()
);

process.env.TRACEWATER_DETECT_AFTER_IMPORT = "0";

const [mode, csvPath, registryPath, dataDir] = process.argv.slice(2);
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

/** @returns {Promise<PGlite>} */
async function openBaseline() {
  const wasmModule = await pgliteWasmModule(pgliteSharedBuffersMb());
  return PGlite.create({ dataDir: join(dataDir, "copy-baseline"), ...(wasmModule ? { wasmModule } : {}) });
}

if (mode === "setup-copy") {
  const db = await openBaseline();
  await db.exec(`CREATE TABLE lab_long (site_code text, sample_date date, analyte text, concentration text, unit text,
    lod float8, loq float8, flow_m3_per_day float8, population_served float8)`);
  await db.close();
  console.log(JSON.stringify({ ok: true }));
} else if (mode === "copy") {
  const db = await openBaseline();
  const t0 = performance.now();
  const blob = new Blob([await readFile(csvPath)]);
  await db.query("COPY lab_long FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], { blob });
  const ms = performance.now() - t0;
  const n = (await db.query("SELECT count(*)::int AS n FROM lab_long")).rows[0]?.n;
  await db.close();
  console.log(JSON.stringify({ ms, rows: n, maxRssMb: maxRssMb() }));
} else if (mode === "setup-import") {
  const ctx = await createAppContext({ dataDir });
  const reg = await importFile(ctx, registryPath, { actor: "bench" });
  if (reg.status === "rejected") throw new Error(`registry rejected: ${JSON.stringify(reg.errors.slice(0, 3))}`);
  await ctx.database.close();
  console.log(JSON.stringify({ ok: true }));
} else if (mode === "import") {
  limitHeapGrowth(); // as `tracewater` does at start (packages/server/bin/tracewater.mjs)
  const ctx = await createAppContext({ dataDir });
  const t0 = performance.now();
  const report = await importFile(ctx, csvPath, { actor: "bench" });
  const ms = performance.now() - t0;
  if (report.status !== "imported")
    throw new Error(`import ${report.status}: ${JSON.stringify(report.errors.slice(0, 3))}`);
  await ctx.database.close();
  console.log(JSON.stringify({ ms, rows: report.rows, inserted: report.measurements.inserted, maxRssMb: maxRssMb() }));
} else {
  throw new Error(`unknown mode ${mode}: setup-copy | copy | setup-import | import`);
}
