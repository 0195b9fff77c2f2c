import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseFile } from "./index.js";
import { UNKNOWN_FORMAT_MESSAGE } from "./detect.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const DATE_MSG = "expected a date such as 2024-03-13, 2024/3/13, 2024年3月13日, 20240313 or an Excel date";

describe("bad input: every error is listed with file, row, column, value and what was expected", () => {
  it("bad values in a lab-long file", async () => {
    const r = await parseFile(fixture("bad-values.csv"));
    const f = "bad-values.csv";
    expect(r.errors).toEqual([
      { file: f, sheet: null, row: 2, column: "unit", value: "mg/kg", message: 'unknown unit "mg/kg"; expected one of ng/L, µg/L, ng/mL, pg/mL, mg/L, 纳克/升, 微克/升', code: "unknown-unit", params: { unit: "mg/kg" } },
      { file: f, sheet: null, row: 3, column: "analyte", value: "xyz", message: 'unknown analyte "xyz"; expected a name such as 甲基苯丙胺/METH/methamphetamine', code: "unknown-analyte", params: { analyte: "xyz" } },
      { file: f, sheet: null, row: 4, column: "sample_date", value: "2024-13-45", message: DATE_MSG, code: "bad-date", params: {} },
      { file: f, sheet: null, row: 5, column: "concentration", value: "-3", message: "expected a number ≥ 0 in ng/L", code: "bad-number", params: { unit: "ng/L" } },
      { file: f, sheet: null, row: 6, column: "concentration", value: "abc", message: "expected a number ≥ 0 in ng/L, a censoring mark (<LOQ, <LOD, <0.5, ND, 未检出) or 未检测/NA", code: "bad-concentration", params: { unit: "ng/L" } },
      { file: f, sheet: null, row: 8, column: null, value: "S1 2024-03-16 METH", message: "duplicate row: same site, date and analyte as row 7", code: "duplicate-row", params: { row: 7 } },
      { file: f, sheet: null, row: 9, column: "lod", value: "x", message: "expected a number ≥ 0 in ng/L (same unit as the concentration) or empty", code: "bad-limit", params: { unit: "ng/L" } },
      { file: f, sheet: null, row: 9, column: "flow_m3_per_day", value: "-1", message: "expected a number ≥ 0 in m3/day", code: "bad-number", params: { unit: "m3/day" } },
      { file: f, sheet: null, row: 10, column: "site_code", value: null, message: "expected a site code (采样点编号)", code: "missing-site-code", params: {} },
    ]);
    // only row 7 is valid; the storage side imports nothing because errors is non-empty
    expect(r.measurements.map((m) => m.row)).toEqual([7]);
  });

  it("missing required column (forced format) and unknown format (auto)", async () => {
    const forced = await parseFile(fixture("bad-missing-column.csv"), { format: "lab-long" });
    expect(forced.errors).toEqual([
      { file: "bad-missing-column.csv", sheet: null, row: 1, column: null, value: null, message: 'missing required column "analyte"; expected a header such as analyte / 检测项目', code: "missing-column", params: { column: "analyte", example: "analyte / 检测项目" } },
    ]);
    const auto = await parseFile(fixture("bad-missing-column.csv"));
    expect(auto.format).toBeNull();
    expect(auto.errors).toEqual([{ file: "bad-missing-column.csv", sheet: null, row: 1, column: null, value: "site_code, sample_date, concentration, unit", message: UNKNOWN_FORMAT_MESSAGE, code: "unknown-format", params: {} }]);
    const unknown = await parseFile(fixture("bad-unknown-format.csv"));
    expect(unknown.errors).toEqual([{ file: "bad-unknown-format.csv", sheet: null, row: 1, column: null, value: "foo, bar", message: UNKNOWN_FORMAT_MESSAGE, code: "unknown-format", params: {} }]);
    expect(UNKNOWN_FORMAT_MESSAGE).toMatch(/^unknown format: .*expected EUDA all-data/);
  });

  it("empty file, header-only file", async () => {
    const empty = await parseFile(fixture("empty.csv"));
    expect(empty.errors).toEqual([{ file: "empty.csv", sheet: null, row: null, column: null, value: null, message: "the file is empty; expected a header row and data rows", code: "file-empty", params: {} }]);
    const blank = await parseFile({ name: "blank.csv", bytes: Buffer.from("\n\n  \n") });
    expect(blank.errors).toEqual([{ file: "blank.csv", sheet: null, row: null, column: null, value: null, message: "the file is empty; expected a header row and data rows", code: "file-empty", params: {} }]);
  });

  it("wrong encoding bytes: undecodable file, and bad bytes after the 64 KiB sample", async () => {
    const bad = Buffer.concat([Buffer.from("site_code,sample_date,analyte,concentration,unit\nS1,2024-03-13,"), Buffer.from([0xff, 0xfe, 0xff]), Buffer.from(",1,ng/L\n")]);
    const r = await parseFile({ name: "bad.csv", bytes: bad });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: "bad.csv", row: null, column: null });
    expect(r.errors[0]!.message).toMatch(/^cannot decode the file: it is neither UTF-8 nor GBK\/GB18030 \(chardet guesses .+\); expected a CSV saved as UTF-8 or GBK$/);
    // a UTF-8 file whose row 2002 was pasted from a GBK file
    const lines = ["site_code,sample_date,analyte,concentration,unit"];
    for (let i = 0; i < 2000; i++) lines.push(`CZ-WWTP-${String(i).padStart(4, "0")},2024-03-13,甲基苯丙胺,${i},ng/L`);
    const head = Buffer.from(`${lines.join("\n")}\n`, "utf8");
    expect(head.length).toBeGreaterThan(64 * 1024);
    const mixed = Buffer.concat([head, Buffer.from("CZ-X,2024-03-14,"), iconv.encode("氯胺酮", "gbk"), Buffer.from(",1,ng/L\n")]);
    const m = await parseFile({ name: "mixed.csv", bytes: mixed });
    expect(m.encoding).toBe("utf-8");
    const encErr = m.errors.filter((e) => e.message.startsWith("invalid byte sequence"));
    expect(encErr).toEqual([expect.objectContaining({ file: "mixed.csv", row: 2002, column: "analyte", message: "invalid byte sequence for utf-8; expected UTF-8 or GBK/GB18030 text throughout the file", code: "invalid-bytes", params: { encoding: "utf-8" } })]);
  });

  it("bad site registry rows", async () => {
    const r = await parseFile(fixture("bad-sites.csv"));
    const f = "bad-sites.csv";
    expect(r.errors).toEqual([
      { file: f, sheet: null, row: 2, column: "kind", value: "水库", message: 'unknown site kind "水库"; expected one of 污水处理厂/WWTP, 泵站/pumping station, 检查井/manhole, 场所排口/venue outfall', code: "unknown-site-kind", params: { kind: "水库" } },
      { file: f, sheet: null, row: 3, column: "longitude", value: "200", message: "expected a longitude in WGS-84 degrees between −180 and 180", code: "bad-longitude", params: {} },
      { file: f, sheet: null, row: 3, column: "population_served", value: "-5", message: "expected a number ≥ 0 in persons", code: "bad-population", params: { personsUnit: null } },
      { file: f, sheet: null, row: 3, column: "downstream_site", value: "A2", message: "a site cannot be downstream of itself; expected the code of another site or empty", code: "downstream-self", params: {} },
      { file: f, sheet: null, row: 4, column: "latitude", value: "95", message: "expected a latitude in WGS-84 degrees between −90 and 90", code: "bad-latitude", params: {} },
      { file: f, sheet: null, row: 4, column: "site_code", value: "A1", message: "duplicate site code: same code as row 2", code: "duplicate-site-code", params: { row: 2 } },
    ]);
    expect(r.sites).toEqual([]);
  });

  it("flow header without a unit, unknown unit in a header, missing unit column", async () => {
    const csv = "site_code,sample_date,analyte,concentration,流量,服务人口(亩)\nS1,2024-03-13,METH,5,8.5,35\n";
    const r = await parseFile({ name: "h.csv", bytes: Buffer.from(csv) });
    expect(r.errors).toEqual([
      { file: "h.csv", sheet: null, row: 1, column: "concentration", value: null, message: 'missing required column "unit"; expected a header such as unit / 单位, or a unit in the concentration header such as 浓度(ng/L)', code: "missing-unit-column", params: {} },
      { file: "h.csv", sheet: null, row: 1, column: "流量", value: "流量", message: 'flow column "流量" has no unit; expected a header such as flow_m3_per_day, 流量(m³/d) or 流量(万立方米/日)', code: "flow-unit-missing", params: { column: "流量" } },
      { file: "h.csv", sheet: null, row: 1, column: "服务人口(亩)", value: "服务人口(亩)", message: 'unknown population unit "亩" in the header; expected one of persons/人, 万人, 千人', code: "unknown-population-unit-header", params: { unit: "亩" } },
      { file: "h.csv", sheet: null, row: 2, column: "concentration", value: null, message: "missing unit; expected a unit column or a unit in the header such as 浓度(ng/L)", code: "missing-unit", params: {} },
    ]);
  });

  it("a non-XLSX zip is reported, not thrown", async () => {
    const r = await parseFile({ name: "x.xlsx", bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) });
    expect(r.errors).toEqual([{ file: "x.xlsx", sheet: null, row: null, column: null, value: null, message: "cannot read the workbook; expected an .xlsx file saved by Excel/WPS, or a CSV", code: "unreadable-workbook", params: {} }]);
  });
});
