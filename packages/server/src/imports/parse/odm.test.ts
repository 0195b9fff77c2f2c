import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { getAnalyte } from "@tracewater/core";
import { describe, expect, it } from "vitest";
import { ODM_DRUG_MEASURES, parseFile, parseFiles, type ParseResult } from "./index.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const rows = (r: ParseResult) => r.measurements.map((m) => [m.row, m.siteCode, m.sampleDate, m.analyte, m.valueCanonical, m.detection, m.lodNgPerL, m.loqNgPerL, m.flowM3PerDay, m.populationServed]);
const EXPECTED = [
  // M1: 12.5 ngL; sample S-0001 starts 2024-03-13T08:00+08:00; flow from M3 (85000 m3d); popServ 350000
  [2, "CZ-WWTP-01", "2024-03-13", "methamphetamine", 12.5, "detected", 0.2, 0.5, 85000, 350000],
  // M2: qualityFlag belowLOQ, value 0.5 = the LOQ
  [3, "CZ-WWTP-01", "2024-03-13", "benzoylecgonine", null, "below_loq", 0.2, 0.5, 85000, 350000],
  // M4: 0.031 ugL = 31 ng/L; S-0002 starts 2024-03-13T20:00Z = 2024-03-14 04:00 in Asia/Shanghai
  [5, "CZ-WWTP-01", "2024-03-14", "ketamine", 31, "detected", null, null, null, 350000],
  // M5 (aggregation sd) and M7 (reportable FALSE) skipped; M6 aggregation mean kept
  [7, "CZ-PS-02", "2024-03-13", "thc-cooh", 45, "detected", null, null, null, 45000],
  [9, "CZ-PS-02", "2024-03-13", "mdma", null, "below_lod", 0.1, null, null, 45000],
];

describe("PHES-ODM tables", () => {
  it("every drug measure code maps to a catalogue analyte", () => {
    for (const code of Object.values(ODM_DRUG_MEASURES)) expect(getAnalyte(code), code).toBeDefined();
  });

  it("joins sites, samples and measures given as separate CSV files", async () => {
    const r = await parseFiles([fixture("odm-sites.csv"), fixture("odm-samples.csv"), fixture("odm-measures.csv")]);
    expect(r.errors).toEqual([]);
    expect(r.format).toBe("odm");
    expect(r.tables.map((t) => t.table)).toEqual(["odm-sites", "odm-samples", "odm-measures"]);
    expect(r.sites.map((s) => [s.code, s.kind, s.populationServed, s.lat, s.lon, s.source])).toEqual([
      ["CZ-WWTP-01", "wwtp_influent", 350000, 36.1954, 113.1163, "odm"],
      ["CZ-PS-02", "pumping_station", 45000, 36.18, 113.105, "odm"],
    ]);
    expect(rows(r)).toEqual(EXPECTED);
  });

  it("reads the same tables as sheets of one workbook", async () => {
    const wb = new ExcelJS.Workbook();
    for (const name of ["sites", "samples", "measures"]) {
      const data = Papa.parse<string[]>(await readFile(fixture(`odm-${name}.csv`), "utf8"), { skipEmptyLines: true }).data;
      const ws = wb.addWorksheet(name);
      for (const row of data) ws.addRow(row);
    }
    const r = await parseFile({ name: "odm.xlsx", bytes: new Uint8Array(await wb.xlsx.writeBuffer()) });
    expect(r.errors).toEqual([]);
    expect(r.format).toBe("odm");
    expect(rows(r)).toEqual(EXPECTED);
    expect(r.measurements[0]?.sheet).toBe("measures");
  });

  it("needs the samples table for measures, and reports unknown measures and sampleIDs", async () => {
    const alone = await parseFile(fixture("odm-measures.csv"));
    expect(alone.errors).toEqual([
      { file: "odm-measures.csv", sheet: null, row: 1, column: null, value: null, message: "the ODM measures table needs its samples table (sampleID → siteID and date); import sites, samples and measures together (separate files or sheets of one workbook)", code: "odm-samples-missing", params: {} },
    ]);
    const measures = "sampleID,measure,value,unit\nS-0001,covN1,5,gcL\nS-9999,drugMeth,5,ngL\nS-0001,drugMeth,5,mg/kg\n";
    const r = await parseFiles([fixture("odm-samples.csv"), { name: "m.csv", bytes: Buffer.from(measures) }]);
    expect(r.errors).toEqual([
      { file: "m.csv", sheet: null, row: 2, column: "measure", value: "covN1", message: 'unknown measure "covN1"; expected a drug measure such as drugMeth, drugBe, drugThcCooh (docs/import-formats.md) or wwFlow', code: "unknown-odm-measure", params: { measure: "covN1" } },
      // every error of the row is listed: gcL (gene copies/L) is not a concentration unit either
      { file: "m.csv", sheet: null, row: 2, column: "unit", value: "gcL", message: 'unknown unit "gcL"; expected one of ng/L, µg/L, ng/mL, pg/mL, mg/L, 纳克/升, 微克/升; ODM codes ngL, ugL, ngmL, pgmL, mgL', code: "unknown-odm-unit", params: { unit: "gcL" } },
      { file: "m.csv", sheet: null, row: 3, column: "sampleID", value: "S-9999", message: 'unknown sampleID "S-9999"; expected a sampleID of the samples table', code: "unknown-sample-id", params: { sampleId: "S-9999" } },
      { file: "m.csv", sheet: null, row: 4, column: "unit", value: "mg/kg", message: 'unknown unit "mg/kg"; expected one of ng/L, µg/L, ng/mL, pg/mL, mg/L, 纳克/升, 微克/升; ODM codes ngL, ugL, ngmL, pgmL, mgL', code: "unknown-odm-unit", params: { unit: "mg/kg" } },
    ]);
  });
});
