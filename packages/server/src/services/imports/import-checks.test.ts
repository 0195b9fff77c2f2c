/**
 * Import checks found by a new-user walkthrough, on both backends:
 * (a) unknown site codes are reported in the same pass as the other row errors — also for rows the parser rejected
 *     (bad value, bad date), in the lab-long, lab-wide and EUDA layouts;
 * (c) one sample (site × date), one flow and one population: a row that differs from the sample's first row is an
 *     error naming that row, whether the rows are consecutive or not; a row may fill a value the first row left empty;
 * (b) plausibility warnings: a concentration above the limit for raw wastewater after unit conversion (usually a
 *     wrong unit, ng/mL for ng/L) is imported as written and listed in `warnings` (never an error).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { DRUG_RESIDUE_MAX_NG_PER_L, POPULATION_MARKER_MAX_NG_PER_L } from "../../imports/plausibility.js";
import { withTestContexts } from "../testing.js";
import { importFile } from "./import-file.js";

const dir = mkdtempSync(path.join(tmpdir(), "tw-import-checks-"));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SITES = file("sites.csv", ["site_code,name,kind,population_served", "CK-1,检查厂一,WWTP,200000"].join("\n"));
const HEADER = "site_code,sample_date,analyte,concentration,unit";

async function measurementCount(ctx: { database: { raw: { query<T>(sql: string): Promise<{ rows: T[] }> } } }): Promise<number> {
  const r = await ctx.database.raw.query<{ n: number }>("SELECT count(*)::int AS n FROM measurement");
  return r.rows[0]!.n;
}

withTestContexts("import checks", (h) => {
  it("lists unknown site codes together with the other row errors (lab long), nothing written", async () => {
    expect((await importFile(h.ctx, SITES)).status).toBe("imported");
    const bad = file(
      "lab-mixed.csv",
      [
        HEADER,
        "CK-1,2025-04-01,methamphetamine,12,ng/L", // row 2: fine
        "NOPE-1,2025-04-01,methamphetamine,abc,ng/L", // row 3: bad value AND unknown site
        "NOPE-2,2025-04-01,ketamine,5,ng/L", // row 4: parses, unknown site
        "CK-1,2025-13-40,ketamine,5,ng/L", // row 5: bad date, known site
        "NOPE-3,not-a-date,ketamine,5,ng/L", // row 6: bad date AND unknown site
      ].join("\n"),
    );
    const r = await importFile(h.ctx, bad);
    expect(r.status).toBe("rejected");
    const unknown = r.errors.filter((e) => e.message.startsWith("unknown site code"));
    expect(unknown.map((e) => [e.row, e.column, e.value]).sort()).toEqual([
      [3, "site_code", "NOPE-1"],
      [4, "site_code", "NOPE-2"],
      [6, "site_code", "NOPE-3"],
    ]);
    // the parse errors of rows 3, 5 and 6 are in the same report
    expect(r.errors.some((e) => e.row === 3 && e.column === "concentration")).toBe(true);
    expect(r.errors.some((e) => e.row === 5 && e.column === "sample_date")).toBe(true);
    expect(r.errors.some((e) => e.row === 6 && e.column === "sample_date")).toBe(true);
    expect(r.errors.every((e) => e.file === "lab-mixed.csv")).toBe(true);
    expect(r.errors).toHaveLength(6);
    expect(await measurementCount(h.ctx)).toBe(0);
  });

  it("reports a flow or population that differs from the sample's first row, consecutive or not; nothing written", async () => {
    expect(["imported", "unchanged"]).toContain((await importFile(h.ctx, SITES)).status); // the suite shares its database
    const FULL = "site_code,sample_date,analyte,concentration,unit,flow_m3_per_day,population_served";
    const bad = file(
      "lab-flows.csv",
      [
        FULL,
        "CK-1,2025-05-01,methamphetamine,12,ng/L,50000,200000", // row 2: the sample's first row
        "CK-1,2025-05-01,ketamine,5,ng/L,50000,200000", // row 3: same values
        "CK-1,2025-05-01,mdma,3,ng/L,51000,200000", // row 4: flow differs (consecutive rows)
        "CK-1,2025-05-02,methamphetamine,8,ng/L,,", // row 5: another sample, flow and population not given
        "CK-1,2025-05-01,morphine,2,ng/L,50000,190000", // row 6: population differs (after another sample)
        "CK-1,2025-05-02,ketamine,4,ng/L,47000,200000", // row 7: fills the empty flow and population of row 5
        "CK-1,2025-05-02,mdma,1,ng/L,47500,", // row 8: differs from the flow row 7 filled in
      ].join("\n"),
    );
    const r = await importFile(h.ctx, bad);
    expect(r.status).toBe("rejected");
    expect(r.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [4, "flow_m3_per_day", "51000", "flow differs from row 2 of the same site and date (50000 m³/day)"],
      [6, "population_served", "190000", "population differs from row 2 of the same site and date (200000)"],
      [8, "flow_m3_per_day", "47500", "flow differs from row 5 of the same site and date (47000 m³/day)"],
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(["flow-differs", "population-differs", "flow-differs"]);
    expect(await measurementCount(h.ctx)).toBe(0);
  });

  it("names the site column as written (Chinese header) and checks rejected rows of the wide layout", async () => {
    const wide = file(
      "lab-wide.csv",
      ["采样点编号,采样日期,单位,甲基苯丙胺,氯胺酮", "CK-1,2025-04-02,ng/L,10,2", "未知-9,2025-04-02,ng/L,x,y", "未知-8,2025-04-02,ng/L,3,"].join("\n"),
    );
    const r = await importFile(h.ctx, wide);
    expect(r.status).toBe("rejected");
    const unknown = r.errors.filter((e) => e.message.startsWith("unknown site code"));
    // row 3: every value is bad (parser rejects the row) — its site is still checked; row 4 parses
    expect(unknown.map((e) => [e.row, e.value]).sort()).toEqual([
      [3, "未知-9"],
      [4, "未知-8"],
    ]);
    expect(unknown.find((e) => e.row === 3)?.column).toBe("采样点编号");
    expect(r.errors.filter((e) => e.row === 3 && e.message.startsWith("unknown site") === false)).toHaveLength(2);
  });

  it("warns (without rejecting) when a concentration is implausibly high once converted, e.g. ng/mL for ng/L", async () => {
    const lab = file(
      "lab-units.csv",
      [
        HEADER,
        "CK-1,2025-04-03,methamphetamine,250,ng/mL", // 250 000 ng/L > 100 000 → warning
        "CK-1,2025-04-03,ketamine,40,ng/L", // plausible
        "CK-1,2025-04-03,benzoylecgonine,100,ng/mL", // exactly 100 000 ng/L: at the limit, not above → no warning
        "CK-1,2025-04-03,cotinine,0.5,µg/mL", // 500 000 ng/L: below the 1 000 000 ng/L marker limit
        "CK-1,2025-04-04,cotinine,2,mg/L", // 2 000 000 ng/L > 1 000 000 → warning
      ].join("\n"),
    );
    const r = await importFile(h.ctx, lab);
    expect(r.errors).toEqual([]);
    expect(r.status).toBe("imported");
    expect(r.measurements.inserted).toBe(5);
    expect(DRUG_RESIDUE_MAX_NG_PER_L).toBe(100_000);
    expect(POPULATION_MARKER_MAX_NG_PER_L).toBe(1_000_000);
    expect(r.warnings.map((w) => [w.row, w.column, w.value])).toEqual([
      [2, "concentration", "250 ng/mL"],
      [6, "concentration", "2 mg/L"],
    ]);
    expect(r.warnings[0]!.file).toBe("lab-units.csv");
    expect(r.warnings[0]!.message).toContain("250,000 ng/L");
    expect(r.warnings[0]!.message).toContain("100,000 ng/L");
    expect(r.warnings[1]!.message).toContain("population markers");
    // imported as written: 250 ng/mL → 250 000 ng/L
    const v = await h.ctx.database.raw.query<{ v: number }>(
      "SELECT value_canonical AS v FROM measurement WHERE analyte_code = 'methamphetamine' AND sample_date = '2025-04-03'",
    );
    expect(v.rows[0]!.v).toBe(250_000);
    // re-import: unchanged, and the same warnings again
    const again = await importFile(h.ctx, lab);
    expect(again.status).toBe("unchanged");
    expect(again.warnings).toHaveLength(2);
  });

  it("lists the errors in row order, not grouped by the check that found them (unknown site before a bad value)", async () => {
    expect((await importFile(h.ctx, SITES)).errors).toEqual([]); // CK-1 registered (imported or unchanged)
    const bad = file(
      "lab-order.csv",
      [
        HEADER,
        "NOPE-9,2025-04-01,methamphetamine,12,ng/L", // row 2: parses, unknown site (found by the write side)
        "CK-1,2025-04-01,ketamine,abc,ng/L", // row 3: bad value (found by the parser)
        "NOPE-9,2025-02-30,ketamine,5,ng/L", // row 4: bad date (parser) AND unknown site (write side)
      ].join("\n"),
    );
    const r = await importFile(h.ctx, bad, { dryRun: true });
    expect(r.status).toBe("rejected");
    // unsorted the parse errors came first: rows 3, 4, 2, 4; sorted by row, and within row 4 the parse error first
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, "site_code", "unknown-site"],
      [3, "concentration", r.errors[1]!.code],
      [4, "sample_date", r.errors[2]!.code],
      [4, "site_code", "unknown-site"],
    ]);
    expect(r.errors[1]!.value).toBe("abc");
    expect(r.errors[2]!.value).toBe("2025-02-30");
    // the stored batch row of a real (not dry) run has the same order
    const stored = await importFile(h.ctx, bad);
    expect(stored.errors.map((e) => e.row)).toEqual([2, 3, 4, 4]);
    const batch = await h.ctx.database.raw.query<{ errors: Array<{ row: number | null }> }>(
      "SELECT errors FROM import_batch WHERE id = $1",
      [stored.batchId],
    );
    expect(batch.rows[0]!.errors.map((e) => e.row)).toEqual([2, 3, 4, 4]);
  });

  it("lists warnings in a rejected report too (every finding at once)", async () => {
    const lab = file("lab-both.csv", [HEADER, "CK-1,2025-04-05,methamphetamine,300,ng/mL", "CK-1,2025-04-05,ketamine,oops,ng/L"].join("\n"));
    const r = await importFile(h.ctx, lab, { dryRun: true });
    expect(r.status).toBe("rejected");
    expect(r.errors.map((e) => e.row)).toEqual([3]);
    expect(r.warnings.map((w) => w.row)).toEqual([2]);
  });
});
