/**
 * `npm run bench`: runs every benchmark, prints each figure with its same-run baseline and ratio, and writes the
 * results to `bench/results/latest.json`. Exit code 1 when a target is missed. Not part of `npm test`.
 * Options: `--only name[,name]` (monte-carlo, overview, import, detectors); env BENCH_IMPORT_ROWS (default 1 000 000),
 * BENCH_DETECTOR_SITES (default 5 000).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { benchDetectors } from "./detector-throughput.js";
import { benchImport } from "./import-throughput.js";
import type { BenchResult } from "./lib.js";
import { ROOT } from "./lib.js";
import { benchMonteCarlo } from "./monte-carlo.js";
import { benchOverview } from "./overview-latency.js";

// The import benchmark measures the import itself: detection after imports (issue #4) is measured on its own
// (docs/performance.md, "Early warning"), so the import child runs without it.
process.env.TRACEWATER_DETECT_AFTER_IMPORT ??= "0";
const only = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1] ?? "").split(",") : null;
const want = (name: string) => !only || only.includes(name);

const results: BenchResult[] = [];
if (want("monte-carlo")) results.push(await benchMonteCarlo());
if (want("overview")) results.push(await benchOverview());
if (want("import")) results.push(...(await benchImport()));
if (want("detectors")) results.push(await benchDetectors());

const fmt = (n: number | null) => (n === null ? "—" : n >= 100 ? Math.round(n).toLocaleString("en") : n.toFixed(2));
console.log("\nbenchmark            subject                 baseline                ratio   target                          ok");
for (const r of results) {
  console.log(
    `${r.name.padEnd(20)} ${`${fmt(r.value)} ${r.unit}`.padEnd(23)} ${`${fmt(r.baselineValue)} ${r.unit}`.padEnd(23)} ${fmt(r.ratio).padEnd(7)} ${r.target.padEnd(31)} ${r.pass ? "yes" : "NO"}`,
  );
  if (r.notes) console.log(`${"".padEnd(21)}${r.notes}`);
}
await mkdir(join(ROOT, "bench/results"), { recursive: true });
await writeFile(
  join(ROOT, "bench/results/latest.json"),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
