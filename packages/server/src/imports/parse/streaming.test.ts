import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import iconv from "iconv-lite";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFile, parseFileStreaming, type ParseBatch } from "./index.js";
import { GENERATED_ANALYTE_CODES, generateLabLongCsv } from "./testing/generate-lab-long.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(path: string, batchSize: number, progress?: Array<[number, number]>) {
  const batches: ParseBatch[] = [];
  for await (const b of parseFileStreaming(path, { batchSize, onProgress: (r, t) => progress?.push([r, t]) })) batches.push(b);
  return batches;
}

describe("parseFileStreaming", () => {
  let dir = "";
  let big = "";
  const ROWS = 12_000;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tw-parse-"));
    big = join(dir, "lab-long.csv");
    await generateLabLongCsv(big, ROWS, 7);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("yields the same records as the in-memory parse, in batches, with progress", async () => {
    const whole = await parseFile(big);
    expect(whole.errors).toEqual([]);
    expect(whole.measurements).toHaveLength(ROWS);
    const progress: Array<[number, number]> = [];
    const batches = await collect(big, 5000, progress);
    expect(batches.map((b) => b.measurements.length)).toEqual([5000, 5000, 2000]);
    expect(batches.map((b) => b.done)).toEqual([false, false, true]);
    expect(batches.at(-1)?.rowsSoFar).toBe(ROWS);
    expect(batches.every((b) => b.format === "lab-long" && b.encoding === "utf-8")).toBe(true);
    expect(batches.flatMap((b) => b.measurements)).toEqual(whole.measurements);
    const size = (await stat(big)).size;
    expect(progress.at(-1)).toEqual([size, size]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    // the generator's analytes resolve to the listed codes
    expect(new Set(whole.measurements.map((m) => m.analyte))).toEqual(new Set(GENERATED_ANALYTE_CODES));
  });

  it("reports the same errors as the in-memory parse", async () => {
    const path = fixture("bad-values.csv");
    const whole = await parseFile(path);
    const batches = await collect(path, 2);
    expect(batches.flatMap((b) => b.errors)).toEqual(whole.errors);
    expect(batches.flatMap((b) => b.measurements)).toEqual(whole.measurements);
  });

  it("falls back to the in-memory parse for other layouts, in the same batch shape", async () => {
    const path = fixture("lab-wide.csv");
    const whole = await parseFile(path);
    const batches = await collect(path, 3);
    expect(batches.map((b) => b.measurements.length)).toEqual([3, 3, 1]);
    expect(batches.flatMap((b) => b.measurements)).toEqual(whole.measurements);
    expect(batches[0]?.format).toBe("lab-wide");
  });

  it("streams a GBK file like its UTF-8 twin", async () => {
    const utf8 = fixture("lab-long-zh.csv");
    const gbk = join(dir, "lab-long-gbk.csv");
    await writeFile(gbk, iconv.encode(await readFile(utf8, "utf8"), "gbk"));
    const whole = await parseFile(utf8);
    const batches = await collect(gbk, 4);
    expect(batches.map((b) => b.encoding)).toEqual(["gb18030", "gb18030"]);
    expect(batches.flatMap((b) => b.errors)).toEqual([]);
    const strip = (ms: typeof whole.measurements) => ms.map(({ file, ...m }) => m);
    expect(strip(batches.flatMap((b) => b.measurements))).toEqual(strip(whole.measurements));
  });
});
