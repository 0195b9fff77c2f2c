/**
 * The measurement writer crosses chunk boundaries (chunks of 2 rows here): fresh chunks are bulk-loaded, chunks
 * with existing keys are classified; a sample whose flow appears in a later chunk gets it; an existing sample's
 * changed flow is kept in its history. Expected counts are worked out by hand from the rows below.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { withTestContexts } from "../testing.js";
import { importFile } from "./import-file.js";
import { listMeasurements } from "../index.js";
import { refreshSiteYearStats } from "../../imports/refresh-stats.js";
import type { AppContext } from "../context.js";
import { GENERATED_SITES, generateLabLongCsv } from "../../imports/parse/testing/generate-lab-long.js";

/** site_year_stats, ordered, means rounded to 9 decimals (sums may add up in another order). */
async function statsTable(ctx: AppContext): Promise<unknown[]> {
  const r = await ctx.database.raw.query<Record<string, unknown>>(
    `SELECT site_id, analyte_code, year, days, round(weekday_mean::numeric, 9) AS wd, round(weekend_mean::numeric, 9) AS we,
            round(daily_mean::numeric, 9) AS dm, profile FROM site_year_stats ORDER BY 1, 2, 3`,
  );
  return r.rows;
}

const dir = mkdtempSync(path.join(tmpdir(), "tw-chunked-"));
function file(name: string, lines: string[]): string {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join("\n"));
  return p;
}
const HEADER = "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served";
const SITES = file("sites.csv", ["site_code,name,kind,population_served", "CZ-WWTP1,一厂,wwtp_influent,400000", "CZ-PS2,泵站2,pumping_station,50000"]);
const A = file("a.csv", [
  HEADER,
  "CZ-WWTP1,2025-04-01,methamphetamine,100,ng/L,,,,", // chunk 1: sample WWTP1/04-01 written without flow
  "CZ-WWTP1,2025-04-01,ketamine,20,ng/L,,,,",
  "CZ-WWTP1,2025-04-01,mdma,5,ng/L,,,100000,400000", // chunk 2: its flow and population arrive
  "CZ-PS2,2025-04-01,methamphetamine,300,ng/L,,,8000,50000",
  "CZ-PS2,2025-04-02,methamphetamine,310,ng/L,,,8000,50000", // chunk 3
]);
const B = file("b.csv", [
  HEADER,
  "CZ-PS2,2025-04-03,methamphetamine,1,ng/L,,,8000,50000", // chunk 1: new keys, new samples → inserted 2
  "CZ-PS2,2025-04-04,methamphetamine,2,ng/L,,,8000,50000",
  "CZ-WWTP1,2025-04-01,methamphetamine,100,ng/L,,,,", // chunk 2: unchanged
  "CZ-WWTP1,2025-04-01,ketamine,25,ng/L,,,,", // revised (20 → 25)
  "CZ-PS2,2025-04-02,methamphetamine,310,ng/L,,,9000,50000", // chunk 3: unchanged value; sample flow 8000 → 9000
  "CZ-PS2,2025-04-02,ketamine,3,ng/L,,,9000,50000", // new key on the existing sample → inserted
]);

withTestContexts("importFile in small chunks", (h) => {
  it("writes chunk by chunk with exact counts, sample updates and revisions", async () => {
    expect(await importFile(h.ctx, SITES)).toMatchObject({ status: "imported", sites: 2 });
    const a = await importFile(h.ctx, A, { chunkRows: 2 });
    expect(a).toMatchObject({ status: "imported", rows: 5, samples: 3, measurements: { inserted: 5, unchanged: 0, revised: 0 }, errors: [] });
    const s1 = await h.ctx.database.raw.query<{ flow: number; pop: number; history: unknown[] }>(
      `SELECT p.flow_m3_per_day AS flow, p.population_served AS pop, p.history FROM sample p JOIN site t ON t.id = p.site_id
        WHERE t.code = 'CZ-WWTP1' AND p.sample_date = '2025-04-01'`,
    );
    expect(s1.rows).toEqual([{ flow: 100000, pop: 400000, history: [] }]);

    const b = await importFile(h.ctx, B, { chunkRows: 2 });
    expect(b).toMatchObject({ status: "imported", rows: 6, samples: 2, measurements: { inserted: 3, unchanged: 2, revised: 1 }, errors: [] });
    const ketamine = await listMeasurements(h.ctx, { site: "CZ-WWTP1", analyte: "ketamine", includeSuperseded: true });
    expect(ketamine.items.map((m) => [m.valueCanonical, m.revision, m.superseded]).sort()).toEqual([
      [20, 1, true],
      [25, 2, false],
    ]);
    const s2 = await h.ctx.database.raw.query<{ id: string; flow: number; history: { flowM3PerDay: number }[] }>(
      `SELECT p.id, p.flow_m3_per_day AS flow, p.history FROM sample p JOIN site t ON t.id = p.site_id
        WHERE t.code = 'CZ-PS2' AND p.sample_date = '2025-04-02'`,
    );
    expect(s2.rows[0]?.flow).toBe(9000);
    expect(s2.rows[0]?.history.map((x) => x.flowM3PerDay)).toEqual([8000]);
    // the new ketamine row of PS2 on 04-02 points to the existing sample
    const k = await h.ctx.database.raw.query<{ sample_id: string }>(
      "SELECT sample_id FROM measurement WHERE analyte_code = 'ketamine' AND sample_date = '2025-04-02'",
    );
    expect(k.rows).toEqual([{ sample_id: s2.rows[0]?.id }]);
    const n = await h.ctx.database.raw.query<{ m: number; s: number }>(
      "SELECT (SELECT count(*)::int FROM measurement) AS m, (SELECT count(*)::int FROM sample) AS s",
    );
    expect(n.rows[0]).toEqual({ m: 9, s: 5 }); // 5 + 3 inserted + 1 revision; 3 + 2 samples

    const again = await importFile(h.ctx, B, { chunkRows: 2 });
    expect(again).toMatchObject({ status: "unchanged", samples: 0, measurements: { inserted: 0, unchanged: 6, revised: 0 } });
  });
});

withTestContexts("importFile bulk-load mode (first import into empty tables)", (h) => {
  it("drops and rebuilds the indexes on PGlite, with the same counts, and later imports classify as usual", async () => {
    await importFile(h.ctx, SITES);
    const a = await importFile(h.ctx, A, { chunkRows: 2, bulkLoad: true });
    expect(a).toMatchObject({ status: "imported", samples: 3, measurements: { inserted: 5, unchanged: 0, revised: 0 }, errors: [] });
    const idx = await h.ctx.database.raw.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename IN ('measurement', 'sample') ORDER BY indexname",
    );
    expect(idx.rows.map((r) => r.indexname)).toEqual(["measurement_current_uq", "measurement_pkey", "sample_pkey", "sample_site_date_uq"]);
    const s1 = await h.ctx.database.raw.query<{ flow: number }>(
      `SELECT p.flow_m3_per_day AS flow FROM sample p JOIN site t ON t.id = p.site_id WHERE t.code = 'CZ-WWTP1' AND p.sample_date = '2025-04-01'`,
    );
    expect(s1.rows).toEqual([{ flow: 100000 }]);
    // statistics aggregated over the whole (new) table: PS2 METH 2025 — PNL = C × Q / P (science.md §1):
    // 300 × 8000 / 50 000 = 48 and 310 × 8000 / 50 000 = 49.6 → daily mean 48.8 over 2 days
    const st = await h.ctx.database.raw.query<{ days: number; daily_mean: number }>(
      `SELECT s.days, s.daily_mean FROM site_year_stats s JOIN site t ON t.id = s.site_id
        WHERE t.code = 'CZ-PS2' AND s.analyte_code = 'methamphetamine' AND s.year = 2025`,
    );
    expect(st.rows).toHaveLength(1);
    expect(st.rows[0]?.days).toBe(2);
    expect(st.rows[0]?.daily_mean).toBeCloseTo(48.8, 9);
    // the statistics of the bulk load (computed from the rows in JS on PGlite) equal the SQL aggregate
    const before = await statsTable(h.ctx);
    expect(before.length).toBe(4); // WWTP1 × (METH, ketamine, MDMA) + PS2 × METH, all 2025
    await h.ctx.database.transaction(async (tx) => {
      const keys = await tx.query<{ siteId: string; analyte: string; year: number }>(
        `SELECT DISTINCT site_id AS "siteId", analyte_code AS analyte, extract(year FROM sample_date)::int AS year FROM measurement`,
      );
      await refreshSiteYearStats(tx, keys.rows);
    });
    expect(await statsTable(h.ctx)).toEqual(before);
    const b = await importFile(h.ctx, B, { chunkRows: 2, bulkLoad: true });
    expect(b).toMatchObject({ status: "imported", samples: 2, measurements: { inserted: 3, unchanged: 2, revised: 1 } });
  });
});

withTestContexts("importFile bulk-load mode, samples copied during the load", (h) => {
  it("copies the pending samples after every chunk (1-byte threshold) and still fills a flow that arrives later", async () => {
    await importFile(h.ctx, SITES);
    const a = await importFile(h.ctx, A, { chunkRows: 2, bulkLoad: true, sampleCopyBytes: 1 });
    expect(a).toMatchObject({ status: "imported", samples: 3, measurements: { inserted: 5, unchanged: 0, revised: 0 }, errors: [] });
    // WWTP1/04-01 was copied with the first chunk, without flow; chunk 2 brought 100 000 m³/day and 400 000 persons
    const s = await h.ctx.database.raw.query<{ code: string; d: string; flow: number | null; pop: number | null }>(
      `SELECT t.code, p.sample_date::text AS d, p.flow_m3_per_day AS flow, p.population_served AS pop
         FROM sample p JOIN site t ON t.id = p.site_id ORDER BY 1, 2`,
    );
    expect(s.rows).toEqual([
      { code: "CZ-PS2", d: "2025-04-01", flow: 8000, pop: 50000 },
      { code: "CZ-PS2", d: "2025-04-02", flow: 8000, pop: 50000 },
      { code: "CZ-WWTP1", d: "2025-04-01", flow: 100000, pop: 400000 },
    ]);
    const m = await h.ctx.database.raw.query<{ n: number; orphans: number; total: number }>(
      `SELECT count(*)::int AS n, sum(value_canonical)::float8 AS total,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM sample p WHERE p.id = m.sample_id))::int AS orphans FROM measurement m`,
    );
    // file A: 100 + 20 + 5 + 300 + 310 ng/L
    expect(m.rows[0]).toEqual({ n: 5, orphans: 0, total: 735 });
  });
});

withTestContexts("importFile bulk-load mode, statistics of a generated file", (h) => {
  it("the statistics computed in JS during the load equal the SQL aggregate (100 000 rows, 50 sites, 2015–2016)", async () => {
    const sites = file("gen-sites.csv", [
      "site_code,name,kind,population_served",
      ...Array.from({ length: GENERATED_SITES }, (_, i) => `S${String(i + 1).padStart(3, "0")},Site ${i + 1},WWTP,${50_001 + i}`),
    ]);
    const lab = path.join(dir, "gen-100k.csv");
    await generateLabLongCsv(lab, 100_000, 5);
    await importFile(h.ctx, sites);
    const r = await importFile(h.ctx, lab, { bulkLoad: true });
    expect(r).toMatchObject({ status: "imported", measurements: { inserted: 100_000, unchanged: 0, revised: 0 } });
    // the weekday profile too is a sum over rows: compared to 9 decimals, like the means
    const rounded = async () =>
      (await statsTable(h.ctx)).map((r) => {
        const row = r as { profile: (number | null)[] };
        return { ...row, profile: row.profile.map((v) => (v === null ? null : Number(v.toFixed(9)))) };
      });
    const before = await rounded();
    // 50 sites × 7 analyte codes (METH twice among the 8 names) × 2 years
    expect(before.length).toBe(GENERATED_SITES * 7 * 2);
    await h.ctx.database.transaction(async (tx) => {
      const keys = await tx.query<{ siteId: string; analyte: string; year: number }>(
        `SELECT DISTINCT site_id AS "siteId", analyte_code AS analyte, extract(year FROM sample_date)::int AS year FROM measurement`,
      );
      await refreshSiteYearStats(tx, keys.rows);
    });
    expect(await rounded()).toEqual(before);
  }, 120_000);
});
