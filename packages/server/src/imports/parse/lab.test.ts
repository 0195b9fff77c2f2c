import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseFile, type ParsedMeasurement } from "./index.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const strip = (ms: ParsedMeasurement[]) => ms.map(({ file, ...m }) => m);

async function xlsxBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("lab long, Chinese headers with units in the header", () => {
  it("reads every row with canonical units (flow 万立方米/日 ×10 000, population 万人 ×10 000, µg/L ×1000)", async () => {
    const r = await parseFile(fixture("lab-long-zh.csv"));
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ format: "lab-long", encoding: "utf-8", rows: 7 });
    const m = r.measurements;
    expect(m).toHaveLength(7);
    // row 2: 12.5 ng/L; flow 8.5 万m³/d = 85 000 m³/d; 35 万人 = 350 000 persons
    expect(m[0]).toMatchObject({ row: 2, siteCode: "CZ-WWTP-01", sampleDate: "2024-03-13", datePrecision: "day", analyte: "methamphetamine", quantity: "concentration", valueReported: "12.5", unitReported: "ng/L", valueCanonical: 12.5, detection: "detected", lodNgPerL: 0.2, loqNgPerL: 0.5, flowM3PerDay: 85_000, populationServed: 350_000, column: "浓度" });
    // row 3: 0.0125 μg/L = 12.5 ng/L; LOD 0.0002 μg/L = 0.2 ng/L; date 2024/3/14
    expect(m[1]).toMatchObject({ row: 3, sampleDate: "2024-03-14", analyte: "methamphetamine", valueCanonical: 12.5, lodNgPerL: 0.2, loqNgPerL: 0.5, flowM3PerDay: 82_000 });
    // row 4: "<0.5" with LOD 0.2 → below LOQ 0.5; date 2024年3月15日
    expect(m[2]).toMatchObject({ row: 4, sampleDate: "2024-03-15", analyte: "ketamine", valueCanonical: null, detection: "below_loq", lodNgPerL: 0.2, loqNgPerL: 0.5 });
    // row 5: 未检出 → below LOD; date 20240316; empty flow
    expect(m[3]).toMatchObject({ row: 5, sampleDate: "2024-03-16", analyte: "benzoylecgonine", detection: "below_lod", lodNgPerL: 0.2, flowM3PerDay: null });
    // row 6: "<0.2" equals the LOD column → below LOD 0.2; 1.2 万m³/d, 4.5 万人
    expect(m[4]).toMatchObject({ row: 6, siteCode: "CZ-PS-02", analyte: "morphine", detection: "below_lod", lodNgPerL: 0.2, loqNgPerL: 0.5, flowM3PerDay: 12_000, populationServed: 45_000 });
    expect(m[5]).toMatchObject({ row: 7, analyte: "thc-cooh", detection: "not_analysed", valueCanonical: null, valueReported: "未检测", lodNgPerL: null });
    expect(m[6]).toMatchObject({ row: 8, analyte: "6-mam", detection: "below_lod", lodNgPerL: 0.1, loqNgPerL: 0.3 });
  });

  it("imports a UTF-8-with-BOM twin and a GBK twin exactly like the UTF-8 file", async () => {
    const text = await readFile(fixture("lab-long-zh.csv"), "utf8");
    const utf8 = await parseFile(fixture("lab-long-zh.csv"));
    const bom = await parseFile({ name: "bom.csv", bytes: Buffer.from(`\uFEFF${text}`, "utf8") });
    const gbk = await parseFile({ name: "gbk.csv", bytes: iconv.encode(text, "gbk") });
    const gb18030 = await parseFile({ name: "gb18030.csv", bytes: iconv.encode(text, "gb18030") });
    expect(bom.encoding).toBe("utf-8-bom");
    expect(gbk.encoding).toBe("gb18030");
    expect(gb18030.encoding).toBe("gb18030");
    for (const r of [bom, gbk, gb18030]) {
      expect(r.errors).toEqual([]);
      expect(strip(r.measurements)).toEqual(strip(utf8.measurements));
    }
  });

  it("reads ';'-separated files with decimal commas", async () => {
    const r = await parseFile(fixture("lab-long-semicolon.csv"));
    expect(r.errors).toEqual([]);
    expect(r.measurements.map((m) => [m.row, m.analyte, m.valueReported, m.valueCanonical, m.detection, m.lodNgPerL, m.loqNgPerL, m.flowM3PerDay])).toEqual([
      [2, "benzoylecgonine", "1234,5", 1234.5, "detected", 1.5, 5, 76000.5],
      [3, "cocaine", "<5,0", null, "below_loq", 1.5, 5, 76000.5],
      // 0,98 µg/L = 980 ng/L; LOD 0,0015 µg/L = 1.5 ng/L
      [4, "benzoylecgonine", "0,98", 980, "detected", 1.5, 5, null],
    ]);
  });

  it("reads XLSX: first sheet with date cells, and a named sheet with Excel serial numbers", async () => {
    const bytes = await xlsxBytes((wb) => {
      const a = wb.addWorksheet("results");
      a.addRow(["采样点编号", "采样日期", "目标物", "浓度(ng/L)", "检出限", "定量限", "流量(m³/d)", "服务人口"]);
      a.addRow(["CZ-WWTP-01", new Date(Date.UTC(2024, 2, 13)), "冰毒", 12.5, 0.2, 0.5, 85000, 350000]);
      a.addRow(["CZ-WWTP-01", new Date(Date.UTC(2024, 2, 14)), "K粉", "<LOQ", 0.2, 0.5, 82000, 350000]);
      const notes = wb.addWorksheet("notes");
      notes.addRow(["this sheet is not data"]);
      const b = wb.addWorksheet("第二批");
      b.addRow([]);
      b.addRow(["site_code", "sample_date", "analyte", "concentration", "unit"]);
      // Excel serial 45366 = 2024-03-15 (1900 date system)
      b.addRow(["CZ-PS-02", 45366, "MDMA", 3.1, "ng/L"]);
      b.addRow(["CZ-PS-02", "2024/3/16", "MDMA", 2.9, "ng/L"]);
    });
    const first = await parseFile({ name: "lab.xlsx", bytes });
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ format: "lab-long", encoding: "xlsx", rows: 2 });
    expect(first.measurements.map((m) => [m.sheet, m.row, m.sampleDate, m.analyte, m.valueCanonical, m.detection, m.unitReported, m.flowM3PerDay, m.populationServed])).toEqual([
      ["results", 2, "2024-03-13", "methamphetamine", 12.5, "detected", "ng/L", 85000, 350000],
      ["results", 3, "2024-03-14", "ketamine", null, "below_loq", "ng/L", 82000, 350000],
    ]);
    const named = await parseFile({ name: "lab.xlsx", bytes }, { sheet: "第二批" });
    expect(named.errors).toEqual([]);
    // header on Excel row 2 (row 1 empty): data rows are 3 and 4
    expect(named.measurements.map((m) => [m.sheet, m.row, m.sampleDate, m.analyte, m.valueCanonical])).toEqual([
      ["第二批", 3, "2024-03-15", "mdma", 3.1],
      ["第二批", 4, "2024-03-16", "mdma", 2.9],
    ]);
    const missing = await parseFile({ name: "lab.xlsx", bytes }, { sheet: "nope" });
    expect(missing.errors).toEqual([{ file: "lab.xlsx", sheet: "nope", row: null, column: null, value: "nope", message: 'sheet "nope" not found; expected one of "results", "notes", "第二批"', code: "sheet-not-found", params: { sheet: "nope", sheets: "\"results\", \"notes\", \"第二批\"" } }]);
  });
});

describe("lab wide", () => {
  it("reads one column per analyte with the unit from the header or the unit column", async () => {
    const r = await parseFile(fixture("lab-wide.csv"));
    expect(r.errors).toEqual([]);
    expect(r.format).toBe("lab-wide");
    expect(r.measurements.map((m) => [m.row, m.column, m.analyte, m.valueCanonical, m.detection, m.loqNgPerL, m.flowM3PerDay, m.populationServed])).toEqual([
      [2, "甲基苯丙胺(ng/L)", "methamphetamine", 12.5, "detected", null, 85000, 350000],
      [2, "氯胺酮(ng/L)", "ketamine", null, "below_loq", 0.5, 85000, 350000],
      // 0.2 µg/L = 200 ng/L
      [2, "BE (µg/L)", "benzoylecgonine", 200, "detected", null, 85000, 350000],
      // MDMA header has no unit: the row's unit column (ng/L) applies
      [2, "MDMA", "mdma", 3.1, "detected", null, 85000, 350000],
      [3, "甲基苯丙胺(ng/L)", "methamphetamine", 11, "detected", null, 82000, 350000],
      // 氯胺酮 empty on row 3: not measured, no record
      [3, "BE (µg/L)", "benzoylecgonine", 250, "detected", null, 82000, 350000],
      [3, "MDMA", "mdma", null, "below_lod", null, 82000, 350000],
    ]);
  });

  it("reports analyte columns without a unit and unknown analytes with a unit", async () => {
    const csv = "site_code,sample_date,METH,xyz(ng/L)\nS1,2024-03-13,1,2\n";
    const r = await parseFile({ name: "w.csv", bytes: Buffer.from(csv) }, { format: "lab-wide" });
    expect(r.errors).toEqual([
      { file: "w.csv", sheet: null, row: 1, column: "xyz(ng/L)", value: "xyz", message: 'unknown analyte "xyz"; expected a name such as 甲基苯丙胺/METH/methamphetamine', code: "unknown-analyte-column", params: { analyte: "xyz" } },
      { file: "w.csv", sheet: null, row: 1, column: "METH", value: "METH", message: 'missing unit for analyte column "METH"; expected a unit in the header such as METH(ng/L) or a unit column', code: "analyte-unit-missing", params: { column: "METH" } },
      { file: "w.csv", sheet: null, row: 2, column: "METH", value: null, message: "missing unit; expected a unit column or a unit in the header such as 浓度(ng/L)", code: "missing-unit", params: {} },
    ]);
  });
});

describe("site registry", () => {
  it("reads Chinese headers, kinds in Chinese or English, population in 万人", async () => {
    const r = await parseFile(fixture("sites-registry-zh.csv"));
    expect(r.errors).toEqual([]);
    expect(r.format).toBe("sites");
    expect(r.sites.map((s) => [s.row, s.code, s.kind, s.jurisdictionCode, s.lon, s.lat, s.populationServed, s.downstreamSite, s.source])).toEqual([
      [2, "CZ-WWTP-01", "wwtp_influent", "140402", 113.1163, 36.1954, 350_000, null, "registry"],
      [3, "CZ-PS-02", "pumping_station", "140402", 113.105, 36.18, 45_000, "CZ-WWTP-01", "registry"],
      [4, "CZ-MH-03", "manhole", "140403", 113.1201, 36.201, 8_000, "CZ-PS-02", "registry"],
      [5, "CZ-VO-04", "venue_outfall", "140403", null, null, null, "CZ-MH-03", "registry"],
    ]);
  });
});
