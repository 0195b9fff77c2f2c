/**
 * Column-header recognition for the lab layouts (long, wide, site registry): Chinese and English synonyms,
 * with an optional unit written in the header (`流量(万立方米/日)`, `flow_m3_per_day`, `浓度 [µg/L]`).
 * Units in headers are read by `@tracewater/core` `parseUnitFromHeader`.
 */
import { parseUnitFromHeader } from "@tracewater/core";

/** Canonical lab fields (the headers of the templates in data/templates/). */
export type LabField =
  | "site_code"
  | "name"
  | "kind"
  | "jurisdiction_code"
  | "longitude"
  | "latitude"
  | "population_served"
  | "downstream_site"
  | "travel_time_hours"
  | "sample_date"
  | "analyte"
  | "concentration"
  | "unit"
  | "lod"
  | "loq"
  | "flow_m3_per_day";

/**
 * Synonyms per field, compared after {@link headerKey} (so case, spaces, `_`, `-`, `.` and full-width forms
 * do not matter). The unit part of a header is removed before matching.
 */
export const FIELD_SYNONYMS: Readonly<Record<LabField, readonly string[]>> = {
  site_code: ["site_code", "site", "site id", "sitecode", "site no", "采样点编号", "点位编号", "采样点代码", "点位代码", "站点编号", "采样点", "点位", "监测点编号", "监测点位编号"],
  name: ["name", "site name", "名称", "点位名称", "采样点名称", "站点名称"],
  kind: ["kind", "type", "site type", "site kind", "类型", "点位类型", "采样点类型"],
  jurisdiction_code: ["jurisdiction_code", "jurisdiction", "行政区划代码", "行政区划", "区划代码", "行政区代码"],
  longitude: ["longitude", "lon", "lng", "long", "经度"],
  latitude: ["latitude", "lat", "纬度"],
  population_served: ["population_served", "population", "pop", "pop served", "服务人口", "服务人口数", "人口"],
  downstream_site: ["downstream_site", "downstream", "downstream site code", "下游点位", "下游点位编号", "下游采样点"],
  travel_time_hours: ["travel_time_hours", "travel_time", "travel time", "sewer travel time", "travel time to downstream", "流达时间", "汇流时间", "管网流达时间", "到下游流达时间"],
  sample_date: ["sample_date", "date", "sampling date", "sample date", "采样日期", "日期", "采样时间"],
  analyte: ["analyte", "compound", "substance", "target", "检测项目", "目标物", "目标化合物", "检测指标", "化合物", "物质"],
  concentration: ["concentration", "conc", "value", "result", "浓度", "检测结果", "结果", "检测值", "浓度值"],
  unit: ["unit", "units", "单位", "浓度单位"],
  lod: ["lod", "limit of detection", "detection limit", "检出限", "方法检出限"],
  loq: ["loq", "limit of quantification", "quantification limit", "定量限", "方法定量限", "定量下限"],
  flow_m3_per_day: ["flow_m3_per_day", "flow", "flow rate", "daily flow", "流量", "日流量", "进水流量", "污水流量", "处理量", "日处理量"],
};

/** Normalised header key: NFKC, lower case, without spaces, `_`, `-`, `.` and brackets. */
export function headerKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-.·()[\]【】（）:：]/g, "");
}

const KEY_TO_FIELD: ReadonlyMap<string, LabField> = (() => {
  const m = new Map<string, LabField>();
  for (const [field, syns] of Object.entries(FIELD_SYNONYMS) as Array<[LabField, readonly string[]]>) {
    for (const s of syns) m.set(headerKey(s), field);
  }
  return m;
})();

/** A header split into its name and the unit written in it. */
export interface SplitHeader {
  raw: string;
  base: string;
  unit: string | null;
}

/** Split `流量(万立方米/日)` → base `流量`, unit `万立方米/日`; `flow_m3_per_day` → base `flow`, unit `m3/day`. */
export function splitHeader(raw: string): SplitHeader {
  const h = raw.trim();
  const unit = parseUnitFromHeader(h);
  if (unit === null) return { raw: h, base: h, unit: null };
  const bracketRe = /[(（[【]([^()（）[\]【】]+)[)）\]】]/g;
  let lastMatch: RegExpExecArray | null = null;
  for (let m = bracketRe.exec(h); m !== null; m = bracketRe.exec(h)) lastMatch = m;
  if (lastMatch && lastMatch[1]?.trim() === unit) {
    return { raw: h, base: (h.slice(0, lastMatch.index) + h.slice(lastMatch.index + lastMatch[0].length)).trim(), unit };
  }
  const tokens = h.split(/[_\s]+/).filter((t) => t !== "");
  for (let k = 1; k <= Math.min(6, tokens.length - 1); k++) {
    const tail = tokens.slice(tokens.length - k);
    const cand = tail.some((t) => t.toLowerCase() === "per")
      ? tail.map((t) => (t.toLowerCase() === "per" ? "/" : t)).join("")
      : k === 2
        ? tail.join("/")
        : tail.join("");
    if (cand === unit) return { raw: h, base: tokens.slice(0, tokens.length - k).join(" "), unit };
  }
  return { raw: h, base: h, unit };
}

/** The lab field a header denotes, or undefined. The full header is tried first (`flow_m3_per_day`), then its base. */
export function fieldOfHeader(raw: string): { field: LabField; unit: string | null } | undefined {
  const split = splitHeader(raw);
  const whole = KEY_TO_FIELD.get(headerKey(split.raw));
  if (whole) {
    // `flow_m3_per_day` is itself a synonym: keep the unit that its name carries
    return { field: whole, unit: split.unit };
  }
  const base = KEY_TO_FIELD.get(headerKey(split.base));
  if (base) return { field: base, unit: split.unit };
  // `服务人口(亩)`: brackets core does not read as a unit — still the field, so the unknown unit is reported
  const m = /^(.*?)\s*[(（[【]([^()（）[\]【】]+)[)）\]】]\s*$/.exec(split.raw);
  const bracketed = m ? KEY_TO_FIELD.get(headerKey(m[1] ?? "")) : undefined;
  return bracketed && m ? { field: bracketed, unit: (m[2] ?? "").trim() } : undefined;
}

/** One recognised column. */
export interface MappedColumn {
  index: number;
  header: string;
  unit: string | null;
}

/** Map header texts to lab fields; the first column wins when two headers mean the same field. */
export function mapLabHeaders(headers: readonly string[]): {
  fields: Partial<Record<LabField, MappedColumn>>;
  duplicates: Array<{ field: LabField; header: string; index: number; first: MappedColumn }>;
  unmapped: Array<{ index: number; header: string }>;
} {
  const fields: Partial<Record<LabField, MappedColumn>> = {};
  const duplicates: Array<{ field: LabField; header: string; index: number; first: MappedColumn }> = [];
  const unmapped: Array<{ index: number; header: string }> = [];
  headers.forEach((header, index) => {
    if (header.trim() === "") return;
    const f = fieldOfHeader(header);
    if (!f) {
      unmapped.push({ index, header });
      return;
    }
    const first = fields[f.field];
    if (first) duplicates.push({ field: f.field, header, index, first });
    else fields[f.field] = { index, header, unit: f.unit };
  });
  return { fields, duplicates, unmapped };
}

/** Map exact (case-insensitive, header-key) names for fixed layouts (EUDA, ODM). */
export function mapFixedHeaders<K extends string>(headers: readonly string[], names: Readonly<Record<K, readonly string[]>>): Partial<Record<K, MappedColumn>> {
  const out: Partial<Record<K, MappedColumn>> = {};
  const lookup = new Map<string, K>();
  for (const [k, syns] of Object.entries(names) as Array<[K, readonly string[]]>) for (const s of syns) lookup.set(headerKey(s), k);
  headers.forEach((header, index) => {
    const k = lookup.get(headerKey(header));
    if (k !== undefined && out[k] === undefined) out[k] = { index, header, unit: null };
  });
  return out;
}
