import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectFormat, eudaNominalDate, parseFile } from "./index.js";

const dataFile = (name: string) => fileURLToPath(new URL(`../../../../../data/euda-esdm-2025/${name}`, import.meta.url));
const ALL = dataFile("ww2025-all-data.csv");
const SITES = dataFile("ww2025-site-info-table.csv");

describe("EUDA all-data table", async () => {
  const result = await parseFile(ALL);
  // Independent count: plain line splitting (no quoted field of this file contains a comma — checked in PROVENANCE
  // row counts), day columns are the 6th..12th fields.
  const lines = (await readFile(ALL, "utf8")).split(/\r?\n/).filter((l) => l !== "");
  const dataLines = lines.slice(1);
  const dayCells = dataLines.flatMap((l) => l.split(",").slice(5, 12));
  const nonEmpty = dayCells.filter((c) => c !== "");

  it("is detected as EUDA and parses without errors", async () => {
    expect(result.errors).toEqual([]);
    expect(result.format).toBe("euda");
    expect(result.encoding).toBe("utf-8");
    expect(result.rows).toBe(4376); // PROVENANCE.md: 4376 rows
    expect(dataLines).toHaveLength(4376);
  });

  it("gives one pnl measurement per non-empty day cell, zeros as below-LOQ", () => {
    expect(result.measurements).toHaveLength(nonEmpty.length);
    expect(result.measurements.every((m) => m.quantity === "pnl" && m.datePrecision === "nominal-week")).toBe(true);
    const zeros = nonEmpty.filter((c) => Number(c) === 0).length;
    expect(zeros).toBe(2393); // PROVENANCE.md: 2,393 zero day-values
    const belowLoq = result.measurements.filter((m) => m.detection === "below_loq");
    expect(belowLoq).toHaveLength(zeros);
    expect(belowLoq.every((m) => m.valueCanonical === 0)).toBe(true);
  });

  it("covers 215 sites and maps metabolite labels to residue codes", () => {
    expect(new Set(result.measurements.map((m) => m.siteCode)).size).toBe(215);
    expect(new Set(dataLines.map((l) => l.split(",")[2])).size).toBe(215);
    expect(new Set(result.measurements.map((m) => m.analyte))).toEqual(new Set(["amphetamine", "thc-cooh", "benzoylecgonine", "ketamine", "mdma", "methamphetamine"]));
  });

  it("keeps the reported values and assigns nominal dates (Wednesday of ISO week 11 … Tuesday)", () => {
    // line 2 of the file: 2024,"MDMA","AT001","AT","Graz",8.82,12.87,12.45,28.11,26.8,10.5,9.13,…
    const at001 = result.measurements.filter((m) => m.siteCode === "AT001" && m.analyte === "mdma" && m.sampleDate.startsWith("2024"));
    expect(at001.map((m) => [m.sampleDate, m.column, m.valueCanonical, m.row])).toEqual([
      ["2024-03-13", "Wednesday", 8.82, 2],
      ["2024-03-14", "Thursday", 12.87, 2],
      ["2024-03-15", "Friday", 12.45, 2],
      ["2024-03-16", "Saturday", 28.11, 2],
      ["2024-03-17", "Sunday", 26.8, 2],
      ["2024-03-18", "Monday", 10.5, 2],
      ["2024-03-19", "Tuesday", 9.13, 2],
    ]);
    // 2024-03-11 is the Monday of ISO week 11 of 2024; 2021-03-15 the Monday of 2021-W11 (2021-01-04 = W01)
    expect(eudaNominalDate(2024, 0)).toBe("2024-03-13");
    expect(eudaNominalDate(2021, 0)).toBe("2021-03-17");
    expect(eudaNominalDate(2021, 6)).toBe("2021-03-23");
  });

  it("ignores the computed mean columns", () => {
    expect(result.measurements.some((m) => /mean/i.test(m.column ?? ""))).toBe(false);
  });
});

describe("EUDA site table", () => {
  it("gives 217 WWTP sites with plant name, city, country, coordinates and population", async () => {
    const r = await parseFile(SITES);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe("euda");
    expect(r.sites).toHaveLength(217); // PROVENANCE.md: 217 sites (215 of them have data in all-data)
    expect(r.sites[0]).toMatchObject({ code: "AT001", name: "ARA Graz", city: "Graz", country: "AT", lat: 47.070713, lon: 15.439504, populationServed: 425000, kind: "wwtp_influent", source: "euda-2025", row: 2 });
    // "3e+05" in the file
    expect(r.sites.find((s) => s.code === "CA003")?.populationServed).toBe(300000);
  });

  it("is detected from the headers", async () => {
    expect((await detectFormat(SITES)).tables[0]?.table).toBe("euda-sites");
    expect((await detectFormat(ALL)).tables[0]?.table).toBe("euda-all-data");
  });

  it("reports bad EUDA cells", async () => {
    const csv = '"Year","Metabolite","Site ID","Country","City","Wednesday","Thursday","Friday","Saturday","Sunday","Monday","Tuesday"\n2024,"heroin","X1","AT","A",1,2,3,4,5,6,7\n2024,"cocaine","X1","AT","A",1,,-3,4,x,6,7\n2024,"cocaine","X1","AT","A",1,,,,,,\n';
    const r = await parseFile({ name: "e.csv", bytes: Buffer.from(csv) });
    expect(r.errors).toEqual([
      { file: "e.csv", sheet: null, row: 2, column: "Metabolite", value: "heroin", message: 'unknown EUDA metabolite "heroin"; expected one of amphetamine, cannabis, cocaine, ketamine, mdma, methamphetamine', code: "unknown-euda-metabolite", params: { metabolite: "heroin", expected: "amphetamine, cannabis, cocaine, ketamine, mdma, methamphetamine" } },
      { file: "e.csv", sheet: null, row: 3, column: "Friday", value: "-3", message: "expected a number ≥ 0 in mg/day/1000 inh or empty", code: "bad-pnl", params: {} },
      { file: "e.csv", sheet: null, row: 3, column: "Sunday", value: "x", message: "expected a number ≥ 0 in mg/day/1000 inh or empty", code: "bad-pnl", params: {} },
      { file: "e.csv", sheet: null, row: 4, column: "Wednesday", value: "X1 2024 cocaine", message: "duplicate row: same site, date and analyte as row 3", code: "duplicate-row", params: { row: 3 } },
    ]);
  });
});
