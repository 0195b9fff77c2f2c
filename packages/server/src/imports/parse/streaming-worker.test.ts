/**
 * The parser worker (`streaming-worker.ts`) yields exactly what the in-thread streaming parser yields — records,
 * errors, batch boundaries, progress — and the packed form that carries rows between threads is lossless.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NULL_REF, PackedMeasurementsBuilder, packMeasurements, unpackMeasurements } from "./packed-measurements.js";
import { type ParseBatch, parseFileStreaming, parseFileStreamingPacked, type StreamOptions } from "./streaming.js";
import { parseFileStreamingInWorker } from "./streaming-worker.js";
import { generateLabLongCsv } from "./testing/generate-lab-long.js";
import type { ParsedMeasurement } from "./types.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(gen: AsyncGenerator<ParseBatch>): Promise<ParseBatch[]> {
  const out: ParseBatch[] = [];
  for await (const b of gen) out.push(b);
  return out;
}

async function both(path: string, opts: StreamOptions) {
  const inThread: Array<[number, number]> = [];
  const inWorker: Array<[number, number]> = [];
  const a = await collect(parseFileStreaming(path, { ...opts, onProgress: (r, t) => inThread.push([r, t]) }));
  const b = await collect(parseFileStreamingInWorker(path, { ...opts, onProgress: (r, t) => inWorker.push([r, t]) }));
  return { a, b, inThread, inWorker };
}

describe("parseFileStreamingInWorker", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tw-parse-worker-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("yields the same batches as the in-thread parser (12 000 generated rows, batches of 5 000)", async () => {
    const big = join(dir, "lab-long.csv");
    await generateLabLongCsv(big, 12_000, 7);
    const { a, b, inWorker } = await both(big, { batchSize: 5000 });
    expect(b.map((x) => x.measurements.length)).toEqual([5000, 5000, 2000]);
    expect(b).toEqual(a);
    const size = (await stat(big)).size;
    expect(inWorker.at(-1)).toEqual([size, size]);
  });

  it("packs as it parses: parseFileStreamingPacked's batches unpack to parseFileStreaming's", async () => {
    const big = join(dir, "lab-long-packed.csv");
    await generateLabLongCsv(big, 7_001, 11);
    const plain = await collect(parseFileStreaming(big, { batchSize: 3000 }));
    const packed: ParseBatch[] = [];
    for await (const { packed: p, ...rest } of parseFileStreamingPacked(big, { batchSize: 3000 })) {
      packed.push({ ...rest, measurements: unpackMeasurements(p) });
    }
    expect(packed.map((b) => b.measurements.length)).toEqual([3000, 3000, 1001]);
    expect(packed).toEqual(plain);
  });

  it("reports the same errors, censored values and rows (bad values, a GB18030 file)", async () => {
    const bad = await both(fixture("bad-values.csv"), { batchSize: 2 });
    expect(bad.b.flatMap((x) => x.errors).length).toBeGreaterThan(0);
    expect(bad.b).toEqual(bad.a);
    const gbk = join(dir, "gbk.csv");
    const text = [
      "采样点编号,采样日期,目标物,浓度,单位,检出限,定量限,流量(m³/d),服务人口",
      "S001,2024-03-01,甲基苯丙胺,12.5,ng/L,0.5,1,50000,100000",
      "S001,2024-03-01,氯胺酮,<LOQ,ng/L,0.5,1,50000,100000",
      "S001,2024-03-02,吗啡,未检出,ng/L,0.5,1,51000,100000",
    ].join("\r\n");
    await writeFile(gbk, iconv.encode(text, "gb18030"));
    const g = await both(gbk, { batchSize: 2 });
    expect(g.b).toEqual(g.a);
    const rows = g.b.flatMap((x) => x.measurements);
    expect(rows.map((m) => [m.analyte, m.detection, m.valueCanonical])).toEqual([
      ["methamphetamine", "detected", 12.5],
      ["ketamine", "below_loq", null],
      ["morphine", "below_lod", null],
    ]);
    expect(g.b[0]?.encoding).toBe("gb18030");
  });

  it("hands other layouts over in the same batch shape (in-memory fallback inside the worker)", async () => {
    const wide = await both(fixture("lab-wide.csv"), { batchSize: 3 });
    expect(wide.b).toEqual(wide.a);
  });

  it("rejects with the file error when the file cannot be read", async () => {
    await expect(collect(parseFileStreamingInWorker(join(dir, "missing.csv")))).rejects.toThrow(/ENOENT|no such file/);
  });

  it("stops the worker when the consumer stops early", async () => {
    const big = join(dir, "early.csv");
    await generateLabLongCsv(big, 20_000, 3);
    const gen = parseFileStreamingInWorker(big, { batchSize: 1000 });
    const first = await gen.next();
    expect(first.value?.measurements).toHaveLength(1000);
    await gen.return(undefined as never); // terminates the worker; a later next() is done
    expect((await gen.next()).done).toBe(true);
  });
});

describe("packMeasurements / unpackMeasurements", () => {
  const text = fc.option(fc.string({ maxLength: 12 }), { nil: null });
  const num = fc.option(fc.double({ noNaN: true }), { nil: null });
  const measurement: fc.Arbitrary<ParsedMeasurement> = fc.record({
    siteCode: fc.string({ maxLength: 8 }),
    sampleDate: fc.constantFrom("2024-01-01", "2024-01-02", "2025-12-31"),
    datePrecision: fc.constantFrom("day" as const, "nominal-week" as const),
    analyte: fc.constantFrom("methamphetamine", "ketamine", "thc-cooh"),
    quantity: fc.constantFrom("concentration" as const, "pnl" as const),
    valueReported: text,
    unitReported: text,
    valueCanonical: num,
    detection: fc.constantFrom(
      "detected" as const,
      "below_lod" as const,
      "below_loq" as const,
      "not_analysed" as const,
    ),
    lodNgPerL: num,
    loqNgPerL: num,
    flowM3PerDay: num,
    populationServed: num,
    file: fc.constant("lab.csv"),
    sheet: text,
    row: fc.integer({ min: 1, max: 2_000_000 }),
    column: text,
  });

  it("round-trips every field (null, −0, ±∞, empty strings included)", () => {
    fc.assert(
      fc.property(fc.array(measurement, { maxLength: 40 }), (rows) => {
        expect(unpackMeasurements(packMeasurements(rows))).toEqual(rows);
      }),
    );
  });

  it("builder: grows past its capacity, and each take() starts a new dictionary", () => {
    fc.assert(
      fc.property(fc.array(measurement, { maxLength: 30 }), fc.array(measurement, { maxLength: 30 }), (a, b) => {
        const builder = new PackedMeasurementsBuilder(4);
        for (const m of a) builder.push(m);
        expect(builder.length).toBe(a.length);
        const pa = builder.take();
        for (const m of b) builder.push(m);
        const pb = builder.take();
        expect(unpackMeasurements(pa)).toEqual(a);
        expect(unpackMeasurements(pb)).toEqual(b);
        // the second batch's dictionary holds only its own strings
        expect(pb.dict.length).toBe(packMeasurements(b).dict.length);
        expect(builder.length).toBe(0);
      }),
    );
  });

  it("stores each distinct text once: 3 rows of one site and date → 10 dictionary entries", () => {
    const base: ParsedMeasurement = {
      siteCode: "S001",
      sampleDate: "2024-03-01",
      datePrecision: "day",
      analyte: "methamphetamine",
      quantity: "concentration",
      valueReported: "12.5",
      unitReported: "ng/L",
      valueCanonical: 12.5,
      detection: "detected",
      lodNgPerL: 0.5,
      loqNgPerL: 1,
      flowM3PerDay: 50_000,
      populationServed: 100_000,
      file: "lab.csv",
      sheet: null,
      row: 2,
      column: "concentration",
    };
    const rows = [
      base,
      { ...base, analyte: "ketamine", row: 3 },
      { ...base, analyte: "morphine", row: 4, unitReported: null },
    ];
    const p = packMeasurements(rows);
    // S001, 2024-03-01, day, methamphetamine, concentration, ng/L, detected, lab.csv, ketamine, morphine
    // ("concentration" is both the quantity and the column: one entry) → 10 entries
    expect(p.dict).toEqual([
      "S001",
      "2024-03-01",
      "day",
      "methamphetamine",
      "concentration",
      "ng/L",
      "detected",
      "lab.csv",
      "ketamine",
      "morphine",
    ]);
    expect(p.refs[8]).toBe(NULL_REF); // the sheet
    expect(p.refs[25]).toBe(NULL_REF); // the third row's unit
    expect(Array.from(p.rows)).toEqual([2, 3, 4]);
  });
});
