/**
 * Generates the import templates shipped in data/templates/ (docs/import-formats.md):
 *   lab-long-template.{csv,xlsx}      one measurement per row (canonical lab template)
 *   lab-wide-template.{csv,xlsx}      one column per analyte
 *   site-registry-template.{csv,xlsx} sampling-site registry
 * CSV files are UTF-8 with a BOM (so Excel on Chinese Windows opens them correctly). XLSX files have the data
 * sheet first (what the importer reads) and a second sheet 说明 Notes describing every column; sample_date
 * cells are real Excel dates. The example rows use placeholder site codes (EXAMPLE-…): replace them.
 *
 * Run: npx tsx data/templates/make-templates.ts
 */
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

const here = dirname(fileURLToPath(import.meta.url));
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));

type Value = string | number | Date | null;
interface Column {
  header: string;
  zh: string;
  en: string;
  width?: number;
}
interface Template {
  file: string;
  sheet: string;
  columns: Column[];
  rows: Value[][];
}

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

const LAB_LONG: Template = {
  file: "lab-long-template",
  sheet: "measurements",
  columns: [
    { header: "site_code", zh: "采样点编号（与点位登记表一致）", en: "site code, as in the site registry" },
    { header: "sample_date", zh: "采样日期（本地日期，如 2024-03-13、2024/3/13、2024年3月13日）", en: "collection day (local date)" },
    { header: "analyte", zh: "检测项目：中文名、英文名或缩写，如 甲基苯丙胺 / METH / methamphetamine", en: "analyte: Chinese, English or abbreviation" },
    { header: "concentration", zh: "浓度；低于限值写 <LOQ、<0.5、ND/未检出；未检测写 未检测/NA", en: "concentration; censored: <LOQ, <0.5, ND; not analysed: NA" },
    { header: "unit", zh: "浓度单位：ng/L、μg/L、ng/mL…", en: "concentration unit: ng/L, µg/L, ng/mL…" },
    { header: "lod", zh: "检出限（与浓度同单位）", en: "limit of detection, same unit as the concentration" },
    { header: "loq", zh: "定量限（与浓度同单位）", en: "limit of quantification, same unit as the concentration" },
    { header: "flow_m3_per_day", zh: "当日流量，m³/日（万立方米/日请写表头 流量(万立方米/日)）", en: "daily flow, m³/day", width: 18 },
    { header: "population_served", zh: "服务人口，人（万人请写表头 服务人口(万人)）", en: "population served, persons", width: 18 },
  ],
  rows: [
    ["EXAMPLE-WWTP-01", d("2024-03-13"), "甲基苯丙胺", 12.5, "ng/L", 0.2, 0.5, 85000, 350000],
    ["EXAMPLE-WWTP-01", d("2024-03-13"), "氯胺酮", "<0.5", "ng/L", 0.2, 0.5, 85000, 350000],
    ["EXAMPLE-WWTP-01", d("2024-03-13"), "BE", "未检出", "ng/L", 0.2, 0.5, 85000, 350000],
  ],
};

const LAB_WIDE: Template = {
  file: "lab-wide-template",
  sheet: "measurements",
  columns: [
    { header: "site_code", zh: "采样点编号", en: "site code" },
    { header: "sample_date", zh: "采样日期", en: "collection day (local date)" },
    { header: "flow_m3_per_day", zh: "当日流量，m³/日", en: "daily flow, m³/day", width: 18 },
    { header: "population_served", zh: "服务人口，人", en: "population served, persons", width: 18 },
    { header: "甲基苯丙胺(ng/L)", zh: "每个检测项目一列，表头写名称和单位；空白=未检测该项", en: "one column per analyte, unit in the header; empty = not measured", width: 18 },
    { header: "苯丙胺(ng/L)", zh: "", en: "" },
    { header: "氯胺酮(ng/L)", zh: "", en: "" },
    { header: "去甲氯胺酮(ng/L)", zh: "", en: "" },
    { header: "MDMA(ng/L)", zh: "", en: "" },
    { header: "苯甲酰爱康宁(ng/L)", zh: "", en: "" },
    { header: "吗啡(ng/L)", zh: "", en: "" },
    { header: "可待因(ng/L)", zh: "", en: "" },
  ],
  rows: [
    ["EXAMPLE-WWTP-01", d("2024-03-13"), 85000, 350000, 12.5, 1.8, 3.2, "<0.5", 0.9, 6.1, 15.2, 9.7],
    ["EXAMPLE-WWTP-01", d("2024-03-14"), 82000, 350000, 11.0, 1.5, 2.9, "ND", null, 5.4, 14.8, 8.9],
  ],
};

const SITES: Template = {
  file: "site-registry-template",
  sheet: "sites",
  columns: [
    { header: "site_code", zh: "采样点编号（唯一）", en: "site code (unique)" },
    { header: "name", zh: "名称", en: "name", width: 24 },
    { header: "kind", zh: "类型：污水处理厂 / 泵站 / 检查井 / 场所排口（或 WWTP / pumping station / manhole / venue outfall）", en: "kind" },
    { header: "jurisdiction_code", zh: "行政区划代码（GB/T 2260，如 140403）", en: "jurisdiction code (GB/T 2260)", width: 18 },
    { header: "longitude", zh: "经度（WGS-84）", en: "longitude, WGS-84 degrees" },
    { header: "latitude", zh: "纬度（WGS-84）", en: "latitude, WGS-84 degrees" },
    { header: "population_served", zh: "服务人口，人（万人请写表头 服务人口(万人)）", en: "population served, persons", width: 18 },
    { header: "downstream_site", zh: "下游点位编号（管网中污水流向的下一个点位；处理厂留空）", en: "code of the next site downstream", width: 18 },
    { header: "travel_time_hours", zh: "流达时间，小时（污水从本点位流到下游点位的时间；可选，仅在有下游点位时填写）", en: "sewer travel time to the downstream site, hours (optional)", width: 18 },
  ],
  rows: [
    ["EXAMPLE-WWTP-01", "示例污水处理厂", "污水处理厂", "140403", 113.1163, 36.1954, 350000, null, null],
    ["EXAMPLE-PS-01", "示例泵站", "泵站", "140403", 113.105, 36.18, 45000, "EXAMPLE-WWTP-01", 1.2],
    ["EXAMPLE-MH-01", "示例检查井", "检查井", "140403", 113.1201, 36.201, 8000, "EXAMPLE-PS-01", 1.6],
  ],
};

function csvCell(v: Value): string {
  if (v === null) return "";
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeCsv(t: Template): Promise<void> {
  const lines = [t.columns.map((c) => csvCell(c.header)).join(","), ...t.rows.map((r) => r.map(csvCell).join(","))];
  await writeFile(join(here, `${t.file}.csv`), `\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

async function writeXlsx(t: Template): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Tracewater";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet(t.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({ header: c.header, key: c.header, width: c.width ?? Math.max(14, c.header.length + 4) }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  const dateCol = t.columns.findIndex((c) => c.header === "sample_date");
  if (dateCol >= 0) ws.getColumn(dateCol + 1).numFmt = "yyyy-mm-dd";
  const notes = wb.addWorksheet("说明 Notes");
  notes.columns = [
    { header: "column 列", key: "h", width: 22 },
    { header: "说明", key: "zh", width: 70 },
    { header: "description", key: "en", width: 50 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of t.columns) if (c.zh || c.en) notes.addRow({ h: c.header, zh: c.zh, en: c.en });
  notes.addRow({});
  notes.addRow({ h: "format", zh: "导入规则见 docs/import-formats.md；导入时读取第一个工作表。", en: "Rules: docs/import-formats.md; the importer reads the first sheet." });
  await wb.xlsx.writeFile(join(here, `${t.file}.xlsx`));
}

for (const t of [LAB_LONG, LAB_WIDE, SITES]) {
  await writeCsv(t);
  await writeXlsx(t);
}
console.log("templates written to", here);
