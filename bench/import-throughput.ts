/**
 * Import throughput of a generated 1-million-row lab-long CSV versus a raw PGlite COPY of the same rows, and the
 * peak memory (max RSS) of the import process. Targets: throughput ratio ≥ 0.5; peak memory < 500 MB.
 * Each side runs in its own child process on a data directory prepared by a setup process (`import-child.mjs` says
 * exactly what each does; docs/performance.md "Import" has the figures and the floors).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLabLongCsv, GENERATED_SITES } from "../packages/server/src/imports/parse/testing/generate-lab-long.js";
import { type BenchResult, runChild } from "./lib.js";

interface ChildResult {
  ms: number;
  rows: number;
  inserted?: number;
  maxRssMb: number;
}

export async function benchImport(rows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000)): Promise<BenchResult[]> {
  const work = await mkdtemp(join(tmpdir(), "tw-bench-import-"));
  try {
    const csv = join(work, `lab-long-${rows}.csv`);
    if (!existsSync(csv)) await generateLabLongCsv(csv, rows, 42);
    const registry = join(work, "sites.csv");
    const lines = ["site_code,name,kind,population_served"];
    for (let s = 1; s <= GENERATED_SITES; s++) lines.push(`S${String(s).padStart(3, "0")},Bench site ${s},WWTP,${50_000 + s}`);
    await writeFile(registry, `${lines.join("\n")}\n`);

    // each side: a setup process creates the database, a fresh process is measured (import-child.mjs)
    const copyDir = await mkdtemp(join(work, "c-"));
    await runChild("bench/import-child.mjs", ["setup-copy", csv, registry, copyDir]);
    const copy = await runChild<ChildResult>("bench/import-child.mjs", ["copy", csv, registry, copyDir]);
    const importDir = await mkdtemp(join(work, "i-"));
    await runChild("bench/import-child.mjs", ["setup-import", csv, registry, importDir]);
    const imp = await runChild<ChildResult>("bench/import-child.mjs", ["import", csv, registry, importDir]);
    const subjectRowsPerS = rows / (imp.ms / 1000);
    const baselineRowsPerS = copy.rows / (copy.ms / 1000);
    const ratio = subjectRowsPerS / baselineRowsPerS;
    return [
      {
        name: "import-throughput",
        subject: `tracewater importFile, ${rows.toLocaleString("en")}-row lab-long CSV`,
        baseline: "raw PGlite COPY of the same file (same PGlite build and settings, 9-column table, no index)",
        value: Math.round(subjectRowsPerS),
        unit: "rows/s",
        baselineValue: Math.round(baselineRowsPerS),
        ratio,
        target: "ratio ≥ 0.5",
        pass: ratio >= 0.5,
        notes: `import ${(imp.ms / 1000).toFixed(1)} s (${imp.inserted} measurements inserted), COPY ${(copy.ms / 1000).toFixed(1)} s`,
      },
      {
        name: "import-peak-memory",
        subject: "max RSS of the import process",
        baseline: "max RSS of the raw COPY process",
        value: Math.round(imp.maxRssMb),
        unit: "MB",
        baselineValue: Math.round(copy.maxRssMb),
        ratio: imp.maxRssMb / copy.maxRssMb,
        target: "< 500 MB",
        pass: imp.maxRssMb < 500,
      },
    ];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
