/**
 * Generator of synthetic lab-long CSV files for tests and the memory benchmark (not real data).
 * Rows are unique by (site, date, analyte): the analyte varies fastest, then the site, then the date
 * (8 analytes × 50 sites = 400 rows per day from 2015-01-01). Values are seeded (mulberry32), so a given
 * (rows, seed) always gives the same bytes. About 1 row in 20 is `<0.5` (below LOQ), 1 in 50 `ND`.
 *
 * CLI: `npx tsx packages/server/src/imports/parse/testing/generate-lab-long.ts out.csv 1000000 42`
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";

export const GENERATED_ANALYTES = ["METH", "甲基苯丙胺", "benzoylecgonine", "氯胺酮", "MDMA", "吗啡", "THC-COOH", "6-MAM"] as const;
/** core codes of {@link GENERATED_ANALYTES}, in the same order */
export const GENERATED_ANALYTE_CODES = ["methamphetamine", "methamphetamine", "benzoylecgonine", "ketamine", "mdma", "morphine", "thc-cooh", "6-mam"] as const;
export const GENERATED_SITES = 50;
export const GENERATED_HEADER = "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served";

/** mulberry32: small seeded PRNG (public domain, Tommy Ettinger) giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The `i`-th data line (0-based) of the generated file. Note analytes 0 and 1 (METH, 甲基苯丙胺) resolve to the
 * same code, so site/date pairs repeat that analyte: analyte index 1 uses the next day's date to stay unique.
 */
export function generatedLine(i: number, rand: () => number): string {
  const nA = GENERATED_ANALYTES.length;
  const a = i % nA;
  const s = Math.floor(i / nA) % GENERATED_SITES;
  const day = Math.floor(i / (nA * GENERATED_SITES)) * 2 + (a === 1 ? 1 : 0);
  const t = new Date(Date.UTC(2015, 0, 1) + day * 86_400_000);
  const date = t.toISOString().slice(0, 10);
  const site = `S${String(s + 1).padStart(3, "0")}`;
  const r = rand();
  const value = r < 0.05 ? "<0.5" : r < 0.07 ? "ND" : (rand() * 500).toFixed(2);
  const flow = (2 + (s % 7)).toFixed(1);
  const pop = 50 + s;
  return `${site},${date},${GENERATED_ANALYTES[a]},${value},ng/L,0.2,0.5,${flow},${pop}`;
}

/** Write `rows` data rows (plus the header) to `path`. Flow header is `flow_m3_per_day`; population in persons. */
export async function generateLabLongCsv(path: string, rows: number, seed: number): Promise<void> {
  const out = createWriteStream(path, { encoding: "utf8" });
  const rand = mulberry32(seed);
  let buf = `${GENERATED_HEADER}\n`;
  for (let i = 0; i < rows; i++) {
    buf += `${generatedLine(i, rand)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  out.write(buf);
  out.end();
  await once(out, "finish");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "\0")) {
  const [path, rows, seed] = process.argv.slice(2);
  if (!path) {
    console.error("usage: generate-lab-long.ts <out.csv> [rows=1000000] [seed=42]");
    process.exit(2);
  }
  await generateLabLongCsv(path, Number(rows ?? 1_000_000), Number(seed ?? 42));
}
