/**
 * The `tracewater` CLI as users run it: spawns `node packages/server/bin/tracewater.mjs … --json` with a temp data
 * dir (PGlite) and checks exit codes (0 / 2 / 1) and the JSON fields documented in docs/cli.md.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CliRun, REPO, runCli } from "./testing.js";

const EUDA = path.join(REPO, "data/euda-esdm-2025");
const dataDir = mkdtempSync(path.join(tmpdir(), "tw-cli-test-"));

function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(dataDir, args, env);
}

const dir = mkdtempSync(path.join(tmpdir(), "tw-cli-files-"));
const labFile = path.join(dir, "lab.csv");
writeFileSync(
  labFile,
  [
    "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served",
    // science.md §1 worked example at a EUDA site (population given per sample)
    "AT001,2025-03-10,methamphetamine,100,ng/L,0.5,1.5,100000,400000",
  ].join("\n"),
);
const badFile = path.join(dir, "bad.csv");
writeFileSync(
  badFile,
  ["site_code,sample_date,analyte,concentration,unit", "NOPE01,2025-03-10,methamphetamine,100,ng/L"].join("\n"),
);

describe("tracewater CLI", () => {
  it("import --json: EUDA site table + all data → {reports: [...]} with counts, exit 0", async () => {
    const r = await run([
      "import",
      path.join(EUDA, "ww2025-site-info-table.csv"),
      path.join(EUDA, "ww2025-all-data.csv"),
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.json.reports).toHaveLength(2);
    expect(r.json.reports[0]).toMatchObject({ format: "euda", status: "imported", sites: 217, errors: [] });
    expect(r.json.reports[1]).toMatchObject({
      format: "euda",
      encoding: "utf-8",
      status: "imported",
      rows: 4376,
      measurements: { inserted: 30283, unchanged: 0, revised: 0 },
      errors: [],
    });
  }, 300_000);

  it("import --json of a lab file, then again → unchanged (single file → the report itself)", async () => {
    const first = await run(["import", labFile, "--json"]);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({
      format: "lab-long",
      status: "imported",
      rows: 1,
      samples: 1,
      measurements: { inserted: 1, unchanged: 0, revised: 0 },
    });
    const again = await run(["import", labFile, "--json"]);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ status: "unchanged", measurements: { inserted: 0, unchanged: 1, revised: 0 } });
  }, 300_000);

  it("import --json lists plausibility warnings (250 ng/mL METH = 250 000 ng/L > 100 000 ng/L); human output too", async () => {
    const unitFile = path.join(dir, "unit-check.csv");
    writeFileSync(unitFile, ["site_code,sample_date,analyte,concentration,unit", "AT001,2025-03-12,methamphetamine,250,ng/mL"].join("\n"));
    const r = await run(["import", unitFile, "--dry-run", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "validated", errors: [] });
    expect(r.json.warnings).toHaveLength(1);
    expect(r.json.warnings[0]).toMatchObject({ file: "unit-check.csv", row: 2, column: "concentration", value: "250 ng/mL" });
    const human = await run(["import", unitFile, "--dry-run"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("1 warning(s)");
    expect(human.stdout).toContain("250,000 ng/L");
  }, 300_000);

  it("import of a file with an unknown site code → exit 2 and the error with row/column/value", async () => {
    const r = await run(["import", badFile, "--json"]);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "rejected", measurements: { inserted: 0, unchanged: 0, revised: 0 } });
    expect(r.json.errors).toEqual([
      {
        file: "bad.csv",
        sheet: null,
        row: 2,
        column: "site_code",
        value: "NOPE01",
        message: "unknown site code; define it in a site registry file or in the same file",
        code: "unknown-site",
        params: {},
      },
    ]);
  }, 300_000);

  it("loads --json: the worked example (load 10 000 mg/d, PNL 25, consumption 58.15, 1.94 doses)", async () => {
    const r = await run(["loads", "--site", "AT001", "--analyte", "methamphetamine", "--from", "2025-01-01", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.rows).toHaveLength(1);
    const row = r.json.rows[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        "concentrationNgPerL",
        "consumptionMgPerDayPer1000",
        "date",
        "detection",
        "dosesPerDayPer1000",
        "interval",
        "loadMgPerDay",
        "parameterSet",
        "pnlMgPerDayPer1000",
        "substituted",
      ].sort(),
    );
    expect(row.loadMgPerDay).toBeCloseTo(10_000, 6);
    expect(row.pnlMgPerDayPer1000).toBeCloseTo(25, 9);
    expect(row.consumptionMgPerDayPer1000).toBeCloseTo(58.15, 6);
    expect(row.dosesPerDayPer1000).toBeCloseTo(1.938, 3);
    expect(row.parameterSet).toBe("wbe-params-2026.1");
    expect(Object.keys(row.interval).sort()).toEqual(["p2_5", "p50", "p97_5"]);
  }, 300_000);

  it("weekly / trend / changes / sites --json on the EUDA data", async () => {
    const w = await run(["weekly", "--site", "AT001", "--analyte", "mdma", "--year", "2024", "--json"]);
    expect(w.code).toBe(0);
    expect(w.json).toMatchObject({ weekdayMean: 10.27, weekendMean: 19.47, dailyMean: 15.53 });
    expect(w.json.days).toHaveLength(7);
    const t = await run(["trend", "--analyte", "benzoylecgonine", "--panel", "constant", "--json"]);
    expect(t.code).toBe(0);
    expect(t.json.panel).toEqual(["BE002", "ES002", "ES007", "HR002", "IT003", "NL002", "NL010"]);
    expect(t.json.series[0]).toMatchObject({ year: 2011 });
    expect(t.json.series[0].value).toBeCloseTo(340.93, 2);
    expect(t.json.series.at(-1).value).toBeCloseTo(848.15, 2);
    // methamphetamine: the lab row of the worked example (AT001, 2025) extends the range to 2011–2025, so no site
    // has every year; the text output says so and what to do
    const empty = await run(["trend", "--analyte", "methamphetamine"]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("panel constant (0 sites: )");
    expect(empty.stdout).toContain("no site has a value in every year 2011–2025 (all data sources, simulated ones included); narrow the years");
    const narrowed = await run(["trend", "--analyte", "methamphetamine", "--to-year", "2024"]);
    expect(narrowed.stdout).not.toContain("no site has a value");
    const c = await run(["changes", "--analyte", "mdma", "--year", "2024", "--json"]);
    expect(c.code).toBe(0);
    expect(c.json.rows.find((x: { site: string }) => x.site === "AT001")).toMatchObject({
      current: 15.53,
      previous: 23.73,
      class: "decrease",
    });
    const s = await run(["sites", "--json"]);
    expect(s.code).toBe(0);
    expect(s.json.sites).toHaveLength(217);
    expect(s.json.sites[0]).toMatchObject({
      code: "AT001",
      name: "ARA Graz",
      kind: "wwtp_influent",
      populationServed: 425000,
      lon: 15.439504,
      lat: 47.070713,
    });
  }, 300_000);

  it("invalid input → exit 2 with a JSON error (bad year, unknown site, missing option)", async () => {
    const a = await run(["weekly", "--site", "AT001", "--analyte", "mdma", "--year", "24", "--json"]);
    expect(a.code).toBe(2);
    expect(a.json.error.code).toBe("invalid-input");
    const b = await run(["changes", "--analyte", "mdma", "--json"]);
    expect(b.code).toBe(2);
    expect(b.json.error.message).toMatch(/--year/);
  }, 300_000);

  it("other failures → exit 1 (PostgreSQL unreachable)", async () => {
    const r = await run(["sites", "--json"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nothing" });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe("internal");
  }, 300_000);
});
