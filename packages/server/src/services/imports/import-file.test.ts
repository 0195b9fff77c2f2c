/**
 * Import write side on both backends: idempotent re-import, revisions, all-or-nothing on errors, unknown site
 * codes, dry run; loads of the science.md §1 worked example.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { withTestContexts } from "../testing.js";
import { GENERATED_SITES, generateLabLongCsv } from "../../imports/parse/testing/generate-lab-long.js";
import { parseFile } from "../../imports/parse/index.js";
import { importFile } from "./import-file.js";
import { computeLoads, listImportBatches, listMeasurements, measurementRevisions } from "../index.js";
import type { AppContext } from "../context.js";

const dir = mkdtempSync(path.join(tmpdir(), "tw-import-"));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SITES = file(
  "sites.csv",
  ["site_code,name,kind,longitude,latitude,population_served", "CZ-WWTP1,长治市第一污水处理厂,wwtp_influent,113.1,36.2,400000", "CZ-PS2,泵站2,pumping_station,113.12,36.21,50000"].join("\n"),
);
// science.md §1 worked example: METH 100 ng/L, Q 100 000 m³/d, P 400 000
const HEADER = "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served";
const LAB = file(
  "lab.csv",
  [
    HEADER,
    "CZ-WWTP1,2025-03-10,methamphetamine,100,ng/L,0.5,1.5,100000,400000",
    "CZ-WWTP1,2025-03-10,ketamine,20,ng/L,0.5,1.5,100000,400000",
    "CZ-WWTP1,2025-03-11,methamphetamine,80,ng/L,0.5,1.5,90000,400000",
    "CZ-WWTP1,2025-03-11,ketamine,<LOQ,ng/L,0.5,1.5,90000,400000",
    "CZ-PS2,2025-03-10,methamphetamine,300,ng/L,0.5,1.5,8000,50000",
  ].join("\n"),
);
// the same file with one corrected value (2025-03-11 METH 80 → 85)
const LAB_CORRECTED = file(
  "lab-corrected.csv",
  [
    HEADER,
    "CZ-WWTP1,2025-03-10,methamphetamine,100,ng/L,0.5,1.5,100000,400000",
    "CZ-WWTP1,2025-03-10,ketamine,20,ng/L,0.5,1.5,100000,400000",
    "CZ-WWTP1,2025-03-11,methamphetamine,85,ng/L,0.5,1.5,90000,400000",
    "CZ-WWTP1,2025-03-11,ketamine,<LOQ,ng/L,0.5,1.5,90000,400000",
    "CZ-PS2,2025-03-10,methamphetamine,300,ng/L,0.5,1.5,8000,50000",
  ].join("\n"),
);
const LAB_UNKNOWN_SITE = file(
  "lab-unknown.csv",
  [HEADER, "CZ-WWTP1,2025-03-12,methamphetamine,90,ng/L,0.5,1.5,95000,400000", "CZ-XX9,2025-03-12,methamphetamine,90,ng/L,0.5,1.5,95000,400000"].join("\n"),
);
const LAB_NEW = file("lab-new.csv", [HEADER, "CZ-WWTP1,2025-03-13,methamphetamine,70,ng/L,0.5,1.5,95000,400000"].join("\n"));

async function counts(ctx: AppContext): Promise<{ measurements: number; samples: number; sites: number; stats: number }> {
  const r = await ctx.database.raw.query<{ measurements: number; samples: number; sites: number; stats: number }>(
    `SELECT (SELECT count(*)::int FROM measurement) AS measurements, (SELECT count(*)::int FROM sample) AS samples,
            (SELECT count(*)::int FROM site) AS sites, (SELECT count(*)::int FROM site_year_stats) AS stats`,
  );
  return r.rows[0]!;
}

withTestContexts("importFile", (h) => {
  it("imports a site registry and a lab file", async () => {
    const s = await importFile(h.ctx, SITES);
    expect(s).toMatchObject({ status: "imported", format: "sites", sites: 2, errors: [] });
    const r = await importFile(h.ctx, LAB);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "imported", format: "lab-long", rows: 5, samples: 3, measurements: { inserted: 5, unchanged: 0, revised: 0 } });
    expect(r.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await counts(h.ctx);
    const r = await importFile(h.ctx, LAB);
    expect(r).toMatchObject({ status: "unchanged", samples: 0, sites: 0, measurements: { inserted: 0, unchanged: 5, revised: 0 }, errors: [] });
    expect(await counts(h.ctx)).toEqual(before);
    const again = await importFile(h.ctx, SITES);
    expect(again).toMatchObject({ status: "unchanged", sites: 0 });
  });

  it("a corrected file records a revision and keeps the old value", async () => {
    const r = await importFile(h.ctx, LAB_CORRECTED);
    expect(r).toMatchObject({ status: "imported", measurements: { inserted: 0, unchanged: 4, revised: 1 } });
    const all = await listMeasurements(h.ctx, { site: "CZ-WWTP1", analyte: "methamphetamine", from: "2025-03-11", to: "2025-03-11", includeSuperseded: true });
    expect(all.items.map((m) => [m.valueCanonical, m.revision, m.superseded]).sort()).toEqual([
      [80, 1, true],
      [85, 2, false],
    ]);
    const current = await listMeasurements(h.ctx, { site: "CZ-WWTP1", analyte: "methamphetamine", from: "2025-03-11", to: "2025-03-11" });
    expect(current.items.map((m) => m.valueCanonical)).toEqual([85]);
    const revisions = await measurementRevisions(h.ctx, current.items[0]!.id);
    expect(revisions.map((m) => m.valueReported)).toEqual(["85", "80"]);
    // and importing the corrected file again is unchanged
    const again = await importFile(h.ctx, LAB_CORRECTED);
    expect(again).toMatchObject({ status: "unchanged", measurements: { inserted: 0, unchanged: 5, revised: 0 } });
  });

  it("a file with an unknown site code is rejected, writes nothing and names row, column and value", async () => {
    const before = await counts(h.ctx);
    const r = await importFile(h.ctx, LAB_UNKNOWN_SITE);
    expect(r.status).toBe("rejected");
    expect(r.measurements).toEqual({ inserted: 0, unchanged: 0, revised: 0 });
    expect(r.errors).toEqual([
      {
        file: "lab-unknown.csv",
        sheet: null,
        row: 3,
        column: "site_code",
        value: "CZ-XX9",
        message: "unknown site code; define it in a site registry file or in the same file",
        code: "unknown-site",
        params: {},
      },
    ]);
    expect(await counts(h.ctx)).toEqual(before);
    // the rejected batch is listed with its report
    const batches = await listImportBatches(h.ctx, { limit: 1 });
    expect(batches.items[0]).toMatchObject({ file: "lab-unknown.csv", status: "rejected", errors: r.errors });
  });

  it("a dry run validates with exact counts and writes nothing", async () => {
    const before = await counts(h.ctx);
    const batchesBefore = (await listImportBatches(h.ctx, { limit: 1000 })).items.length;
    const r = await importFile(h.ctx, LAB_NEW, { dryRun: true });
    expect(r).toMatchObject({ status: "validated", dryRun: true, batchId: null, samples: 1, measurements: { inserted: 1, unchanged: 0, revised: 0 } });
    expect(await counts(h.ctx)).toEqual(before);
    expect((await listImportBatches(h.ctx, { limit: 1000 })).items.length).toBe(batchesBefore);
  });

  it("loads reproduce the science.md §1 worked example (METH 100 ng/L, 100 000 m³/d, 400 000 inh)", async () => {
    const r = await computeLoads(h.ctx, { site: "CZ-WWTP1", analyte: "methamphetamine", from: "2025-03-10", to: "2025-03-10" });
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    // L = 100 ng/L × 100 000 m³/d × 1000 L/m³ / 10⁶ ng/mg = 10 000 mg/d; PNL = 10 000 / 400 = 25
    expect(row.loadMgPerDay).toBeCloseTo(10_000, 6);
    expect(row.pnlMgPerDayPer1000).toBeCloseTo(25, 9);
    // default METH entry: excretion 43 %, CF 2.326 → 58.15; dose 30 mg → 1.938 doses
    expect(row.consumptionMgPerDayPer1000).toBeCloseTo(58.15, 6);
    expect(row.dosesPerDayPer1000).toBeCloseTo(58.15 / 30, 6);
    expect(row.parameterSet).toBe(h.ctx.parameterSet.version);
    expect(row.interval!.p2_5).toBeLessThan(58.15);
    expect(row.interval!.p97_5).toBeGreaterThan(58.15);
    // seeded: the same request gives the same interval
    const again = await computeLoads(h.ctx, { site: "CZ-WWTP1", analyte: "methamphetamine", from: "2025-03-10", to: "2025-03-10" });
    expect(again.rows[0]!.interval).toEqual(row.interval);
  });

  it("a censored concentration is substituted by the policy and flagged", async () => {
    const half = await computeLoads(h.ctx, { site: "CZ-WWTP1", analyte: "ketamine", from: "2025-03-11", to: "2025-03-11" });
    // <LOQ with LOQ 1.5 ng/L → LOQ/2 = 0.75 ng/L; load = 0.75 × 90 000 / 1000 = 67.5 mg/d
    expect(half.rows[0]).toMatchObject({ detection: "below_loq", substituted: true, concentrationNgPerL: 0.75 });
    expect(half.rows[0]!.loadMgPerDay).toBeCloseTo(67.5, 9);
    const zero = await computeLoads(h.ctx, { site: "CZ-WWTP1", analyte: "ketamine", from: "2025-03-11", to: "2025-03-11", censoringPolicy: "zero" });
    expect(zero.rows[0]!.loadMgPerDay).toBe(0);
  });
});

// A streamed import (CSV over the streaming threshold; here the threshold is 0) parses in a worker thread
// (`imports/parse/streaming-worker.ts`) and must store exactly what the parser reads, on both backends.
const GEN_SITES = file(
  "gen-sites.csv",
  ["site_code,name,kind,population_served", ...Array.from({ length: GENERATED_SITES }, (_, i) => `S${String(i + 1).padStart(3, "0")},Site ${i + 1},WWTP,${50_001 + i}`)].join("\n"),
);
const GEN_LAB = path.join(dir, "gen-lab.csv");

withTestContexts("importFile, streamed through the parser worker", (h) => {
  it("stores every parsed row (values, censoring, flow) and a re-import is unchanged", async () => {
    await generateLabLongCsv(GEN_LAB, 5_432, 11);
    expect((await importFile(h.ctx, GEN_SITES)).status).toBe("imported");
    const parsed = await parseFile(GEN_LAB);
    expect(parsed.errors).toEqual([]);
    const r = await importFile(h.ctx, GEN_LAB, { streamingThresholdBytes: 0, chunkRows: 1000 });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "imported", format: "lab-long", encoding: "utf-8", rows: 5_432, measurements: { inserted: 5_432, unchanged: 0, revised: 0 } });
    const stored = await h.ctx.database.raw.query<{ site: string; d: string; analyte: string; v: number | null; det: string; reported: string | null; flow: number | null }>(
      `SELECT s.code AS site, to_char(m.sample_date, 'YYYY-MM-DD') AS d, m.analyte_code AS analyte, m.value_canonical AS v,
              m.detection AS det, m.value_reported AS reported, p.flow_m3_per_day AS flow
         FROM measurement m JOIN site s ON s.id = m.site_id JOIN sample p ON p.id = m.sample_id`,
    );
    const key = (site: string, d: string, a: string) => `${site}|${d}|${a}`;
    const got = new Map(stored.rows.map((x) => [key(x.site, x.d, x.analyte), x]));
    expect(got.size).toBe(5_432);
    const mismatches = parsed.measurements.filter((m) => {
      const x = got.get(key(m.siteCode, m.sampleDate, m.analyte));
      return !x || x.v !== m.valueCanonical || x.det !== m.detection || x.reported !== m.valueReported || x.flow !== m.flowM3PerDay;
    });
    expect(mismatches).toEqual([]);
    // the generator censors ≈ 1 row in 20 (<0.5) and 1 in 50 (ND): both kinds arrive as censored values
    expect(stored.rows.some((x) => x.det === "below_loq" && x.v === null)).toBe(true);
    expect(stored.rows.some((x) => x.det === "below_lod")).toBe(true);
    const again = await importFile(h.ctx, GEN_LAB, { streamingThresholdBytes: 0, chunkRows: 1000 });
    expect(again).toMatchObject({ status: "unchanged", measurements: { inserted: 0, unchanged: 5_432, revised: 0 } });
    // the parser hashed the file as it read it: the report and the batch rows carry the SHA-256 of its bytes
    const sha256 = createHash("sha256").update(readFileSync(GEN_LAB)).digest("hex");
    expect([r.sha256, again.sha256]).toEqual([sha256, sha256]);
    const rows = await h.ctx.database.raw.query<{ sha256: string }>("SELECT sha256 FROM import_batch WHERE id = ANY($1::uuid[])", [[r.batchId, again.batchId]]);
    expect(rows.rows.map((x) => x.sha256)).toEqual([sha256, sha256]);
    // a rejected streamed file: its recorded batch row has its hash too
    const bad = path.join(dir, "gen-lab-bad.csv");
    writeFileSync(bad, `${readFileSync(GEN_LAB, "utf8")}S001,2015-01-01,METH,abc,ng/L,0.2,0.5,2.0,50\n`);
    const rejected = await importFile(h.ctx, bad, { streamingThresholdBytes: 0, chunkRows: 1000 });
    expect(rejected.status).toBe("rejected");
    expect(rejected.sha256).toBe(createHash("sha256").update(readFileSync(bad)).digest("hex"));
    const recorded = await h.ctx.database.raw.query<{ sha256: string }>("SELECT sha256 FROM import_batch WHERE id = $1", [rejected.batchId]);
    expect(recorded.rows[0]?.sha256).toBe(rejected.sha256);
  });
});
