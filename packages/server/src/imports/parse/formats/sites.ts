/**
 * Site registry layout (template `data/templates/site-registry-template.*`): one site per row.
 * Columns: site_code, name, kind (required); jurisdiction_code, longitude, latitude, population_served
 * (persons, or the unit in the header such as 服务人口(万人)), downstream_site, travel_time_hours (optional; sewer
 * travel time to the downstream site, hours or the unit in the header: 流达时间(小时), 汇流时间(min); > 0 and only
 * with a downstream site).
 * kind accepts Chinese or English (see {@link SITE_KIND_WORDS}). Unknown downstream codes are checked by the
 * storage side against the registry; here only a site pointing at itself and repeated codes are errors.
 */
import { importIssue } from "@tracewater/contract";
import { mapLabHeaders } from "../headers.js";
import { makeError, type Sink, type TableHead, type TableProcessor } from "../sink.js";
import type { Cell, SiteKind } from "../types.js";
import { cellText, normaliseToken, parseNumber } from "../values.js";
import { requireColumns, unitColumn } from "./lab-common.js";

/** Words accepted for each site kind (compared after NFKC, lower case, spaces removed). */
export const SITE_KIND_WORDS: Readonly<Record<SiteKind, readonly string[]>> = {
  wwtp_influent: ["wwtp_influent", "wwtp", "wastewater treatment plant", "wwtp influent", "污水处理厂", "污水厂", "污水处理厂进水", "进水口", "stp"],
  pumping_station: ["pumping_station", "pumping station", "pump station", "泵站", "提升泵站", "污水泵站"],
  manhole: ["manhole", "检查井", "窨井", "管网检查井", "sewer manhole"],
  venue_outfall: ["venue_outfall", "venue outfall", "outfall", "场所排口", "排口", "场所排放口"],
};

const KIND_BY_WORD: ReadonlyMap<string, SiteKind> = (() => {
  const m = new Map<string, SiteKind>();
  for (const [kind, words] of Object.entries(SITE_KIND_WORDS) as Array<[SiteKind, readonly string[]]>) {
    for (const w of words) m.set(normaliseToken(w), kind);
  }
  return m;
})();

/** Site kind from a Chinese or English word, or undefined. */
export function parseSiteKind(text: string): SiteKind | undefined {
  return KIND_BY_WORD.get(normaliseToken(text));
}

export const KIND_EXPECTED = "expected one of 污水处理厂/WWTP, 泵站/pumping station, 检查井/manhole, 场所排口/venue outfall";

/** Longitude/latitude reader: a number within ±limit, or null when empty. */
export function readCoordinate(head: TableHead, sink: Sink, row: number, header: string, cell: Cell | undefined, limit: 90 | 180): number | null | "error" {
  if (cellText(cell) === "") return null;
  const n = parseNumber(cell ?? null, head.decimalComma);
  if (n === null || n < -limit || n > limit) {
    sink.error(makeError(head, row, header, cell ?? null, `expected a ${limit === 180 ? "longitude" : "latitude"} in WGS-84 degrees between −${limit} and ${limit}`, importIssue(limit === 180 ? "bad-longitude" : "bad-latitude", {})));
    return "error";
  }
  return n;
}

/** Hours per unit accepted in a travel-time header (none = hours). */
const TRAVEL_TIME_UNIT_HOURS: ReadonlyMap<string, number> = new Map([
  ...["h", "hr", "hrs", "hour", "hours", "小时", "时"].map((u) => [u, 1] as const),
  ...["min", "mins", "minute", "minutes", "分钟", "分"].map((u) => [u, 1 / 60] as const),
]);

/** Reader of the travel-time column: hours > 0, null when empty; "error" after reporting. */
function travelTimeColumn(head: TableHead, col: { index: number; header: string; unit: string | null }, sink: Sink) {
  const factor = col.unit === null ? 1 : TRAVEL_TIME_UNIT_HOURS.get(normaliseToken(col.unit));
  if (factor === undefined)
    sink.error(makeError(head, head.headerRow, col.header, col.header, `unknown travel-time unit "${col.unit}" in the header; expected 小时/h or 分钟/min`, importIssue("unknown-travel-time-unit", { unit: col.unit })));
  return (row: number, cells: readonly Cell[]): number | null | "error" => {
    const cell = cells[col.index];
    if (cellText(cell) === "") return null;
    const n = parseNumber(cell ?? null, head.decimalComma);
    if (n === null || !(n > 0)) {
      sink.error(makeError(head, row, col.header, cell ?? null, `expected a sewer travel time > 0 in ${col.unit ?? "hours"}`, importIssue("bad-travel-time", { travelUnit: col.unit })));
      return "error";
    }
    return factor === undefined ? "error" : n * factor;
  };
}

export function sitesProcessor(head: TableHead, sink: Sink, source: string, codes = new Map<string, number>()): TableProcessor {
  const { fields } = mapLabHeaders(head.headers);
  const ok = requireColumns(head, fields, ["site_code", "name", "kind"], sink);
  const population = unitColumn(head, fields.population_served, "population", sink);
  const travelTime = fields.travel_time_hours ? travelTimeColumn(head, fields.travel_time_hours, sink) : null;
  if (!ok) return { processRow() {}, finish() {} };
  const f = fields;
  return {
    processRow(row: number, cells: readonly Cell[]) {
      let bad = false;
      const code = cellText(cells[f.site_code!.index]);
      if (code === "") {
        sink.error(makeError(head, row, f.site_code!.header, null, "expected a site code (采样点编号)", importIssue("missing-site-code", {})));
        bad = true;
      }
      const name = cellText(cells[f.name!.index]);
      if (name === "") {
        sink.error(makeError(head, row, f.name!.header, null, "expected a site name (名称)", importIssue("missing-site-name", {})));
        bad = true;
      }
      const kindText = cellText(cells[f.kind!.index]);
      const kind = parseSiteKind(kindText);
      if (!kind) {
        sink.error(makeError(head, row, f.kind!.header, kindText, kindText === "" ? `missing site kind; ${KIND_EXPECTED}` : `unknown site kind "${kindText}"; ${KIND_EXPECTED}`, kindText === "" ? importIssue("missing-site-kind", {}) : importIssue("unknown-site-kind", { kind: kindText })));
        bad = true;
      }
      const lon = f.longitude ? readCoordinate(head, sink, row, f.longitude.header, cells[f.longitude.index], 180) : null;
      const lat = f.latitude ? readCoordinate(head, sink, row, f.latitude.header, cells[f.latitude.index], 90) : null;
      const populationServed = population ? population(row, cells) : null;
      if (lon === "error" || lat === "error" || populationServed === "error") bad = true;
      const jurisdiction = f.jurisdiction_code ? cellText(cells[f.jurisdiction_code.index]) : "";
      const downstream = f.downstream_site ? cellText(cells[f.downstream_site.index]) : "";
      if (downstream !== "" && downstream === code) {
        sink.error(makeError(head, row, f.downstream_site!.header, downstream, "a site cannot be downstream of itself; expected the code of another site or empty", importIssue("downstream-self", {})));
        bad = true;
      }
      const travelTimeHours = travelTime ? travelTime(row, cells) : null;
      if (travelTimeHours === "error") bad = true;
      else if (travelTimeHours !== null && downstream === "") {
        sink.error(makeError(head, row, f.travel_time_hours!.header, cells[f.travel_time_hours!.index] ?? null, "a travel time needs a downstream site; fill downstream_site (下游点位) or leave the travel time empty", importIssue("travel-time-without-downstream", {})));
        bad = true;
      }
      if (code !== "") {
        const first = codes.get(code);
        if (first !== undefined) {
          sink.error(makeError(head, row, f.site_code!.header, code, `duplicate site code: same code as row ${first}`, importIssue("duplicate-site-code", { row: first })));
          bad = true;
        } else codes.set(code, row);
      }
      if (bad || !kind) return;
      sink.site({
        code,
        name,
        kind,
        jurisdictionCode: jurisdiction === "" ? null : jurisdiction,
        lon: lon as number | null,
        lat: lat as number | null,
        populationServed: populationServed as number | null,
        downstreamSite: downstream === "" ? null : downstream,
        travelTimeHours: travelTimeHours as number | null,
        country: null,
        city: null,
        source,
        file: head.file,
        sheet: head.sheet,
        row,
      });
    },
    finish() {},
  };
}
