/**
 * PHES-ODM v2 long tables (`sites`, `samples`, `measures`) as separate CSV files or as sheets of one XLSX,
 * with Tracewater's drug extension (odm-vocabulary.ts, docs/import-formats.md §PHES-ODM).
 *
 * sites:    siteID (required), name, type, popServ (persons), geoLat, geoLong, geoEPSG (must be 4326 if given)
 * samples:  sampleID, siteID (required), dateTimeStart | dateTimeEnd | dateTime (one required), collection
 * measures: sampleID, measure (or `type`), value, unit (required), aggregation, qualityFlag, reportable,
 *           measureRepID (optional id), lod, loq (extension, same unit as value)
 *
 * Sample date: the local date of dateTimeStart (else dateTimeEnd, else dateTime) — the day the composite began.
 * Flow: a measures row with measure `wwFlow` (or `flow`) and a flow unit (`m3d`, `mld`, `Ld`, `Ls`) gives the
 * sample's flowM3PerDay; population: the site's popServ. Rows with reportable = false, or an aggregation other
 * than single/mean (sd, min, max…), are skipped. qualityFlag `beLOD`/`belowLOQ` marks a censored result; a number
 * in `value` is then the limit.
 */
import { importIssue } from "@tracewater/contract";
import { flowFactorToM3PerDay, resolveAnalyte, UnknownUnitError } from "@tracewater/core";
import { timestampToLocalDate, DATE_EXPECTED } from "../dates.js";
import { mapFixedHeaders, type MappedColumn } from "../headers.js";
import { concentrationFactor, concentrationFields, scaled } from "../measure-value.js";
import { DuplicateTracker, duplicateMessage, makeError, type Sink } from "../sink.js";
import type { Table } from "../table.js";
import type { Cell, SiteKind } from "../types.js";
import { cellText, normaliseToken, parseNumber } from "../values.js";
import { parseSiteKind, readCoordinate } from "./sites.js";
import {
  ODM_CENSOR_FLAGS,
  ODM_CONCENTRATION_UNITS,
  ODM_DRUG_MEASURES,
  ODM_FLOW_MEASURES,
  ODM_FLOW_UNITS,
  ODM_SITE_TYPES,
  ODM_VALUE_AGGREGATIONS,
} from "./odm-vocabulary.js";

export const ODM_SITE_COLUMNS = {
  siteID: ["siteID"],
  name: ["name"],
  type: ["type"],
  popServ: ["popServ"],
  geoLat: ["geoLat"],
  geoLong: ["geoLong"],
  geoEPSG: ["geoEPSG"],
};
export const ODM_SAMPLE_COLUMNS = {
  sampleID: ["sampleID"],
  siteID: ["siteID"],
  dateTimeStart: ["dateTimeStart", "collDTStart"],
  dateTimeEnd: ["dateTimeEnd", "collDTEnd"],
  dateTime: ["dateTime"],
};
export const ODM_MEASURE_COLUMNS = {
  sampleID: ["sampleID"],
  measure: ["measure", "type"],
  value: ["value"],
  unit: ["unit"],
  aggregation: ["aggregation"],
  qualityFlag: ["qualityFlag"],
  reportable: ["reportable"],
  lod: ["lod"],
  loq: ["loq"],
};

const DRUG_BY_LOWER = new Map(Object.entries(ODM_DRUG_MEASURES).map(([k, v]) => [k.toLowerCase(), v]));
const FLOW_LOWER = new Set(ODM_FLOW_MEASURES.map((m) => m.toLowerCase()));
const FALSE_WORDS = new Set(["false", "no", "0", "n", "f", "否"]);

function required<K extends string>(t: Table, cols: Partial<Record<K, MappedColumn>>, keys: readonly K[], names: Record<K, readonly string[]>, table: string, sink: Sink): boolean {
  let ok = true;
  for (const k of keys) {
    if (!cols[k]) {
      sink.error(makeError(t, t.headerRow, null, null, `missing required column "${names[k][0]}" of the ODM ${table} table`, importIssue("missing-odm-column", { column: names[k][0] as string, table })));
      ok = false;
    }
  }
  return ok;
}

function siteKindOf(text: string): SiteKind | undefined {
  return ODM_SITE_TYPES[normaliseToken(text)] ?? parseSiteKind(text);
}

export interface OdmTables {
  sites: Table[];
  samples: Table[];
  measures: Table[];
}

/** Process ODM tables (any may be empty) into sites and measurements. */
export function processOdm(tables: OdmTables, sink: Sink, source: string, timeZone: string): void {
  const population = new Map<string, number | null>();
  const siteRows = new Map<string, number>();
  for (const t of tables.sites) {
    const c = mapFixedHeaders(t.headers, ODM_SITE_COLUMNS);
    if (!required(t, c, ["siteID"], ODM_SITE_COLUMNS, "sites", sink)) continue;
    for (const r of t.rows) {
      const cells = r.cells;
      let bad = false;
      const code = cellText(cells[c.siteID!.index]);
      if (code === "") {
        sink.error(makeError(t, r.row, c.siteID!.header, null, "expected a siteID", importIssue("missing-odm-site-id", {})));
        continue;
      }
      if (siteRows.has(code)) {
        sink.error(makeError(t, r.row, c.siteID!.header, code, `duplicate site code: same siteID as row ${siteRows.get(code)}`, importIssue("duplicate-odm-site-id", { row: siteRows.get(code) ?? null })));
        continue;
      }
      siteRows.set(code, r.row);
      const typeText = c.type ? cellText(cells[c.type.index]) : "";
      const kind = typeText === "" ? "wwtp_influent" : siteKindOf(typeText);
      if (!kind) {
        sink.error(makeError(t, r.row, c.type!.header, typeText, `unknown site type "${typeText}"; expected an ODM type such as wwtpMuC, pStat, swrMH or one of 污水处理厂/泵站/检查井/场所排口`, importIssue("unknown-odm-site-type", { type: typeText })));
        bad = true;
      }
      let pop: number | null = null;
      if (c.popServ && cellText(cells[c.popServ.index]) !== "") {
        pop = parseNumber(cells[c.popServ.index] ?? null, t.decimalComma);
        if (pop === null || pop < 0) {
          sink.error(makeError(t, r.row, c.popServ.header, cells[c.popServ.index] ?? null, "expected a number ≥ 0 of persons", importIssue("bad-persons", {})));
          bad = true;
        }
      }
      if (c.geoEPSG) {
        const epsg = cellText(cells[c.geoEPSG.index]);
        if (epsg !== "" && epsg !== "4326" && epsg.toUpperCase() !== "EPSG:4326") {
          sink.error(makeError(t, r.row, c.geoEPSG.header, epsg, "expected geoEPSG 4326 (WGS-84 longitude/latitude)", importIssue("bad-epsg", {})));
          bad = true;
        }
      }
      const lat = c.geoLat ? readCoordinate(t, sink, r.row, c.geoLat.header, cells[c.geoLat.index], 90) : null;
      const lon = c.geoLong ? readCoordinate(t, sink, r.row, c.geoLong.header, cells[c.geoLong.index], 180) : null;
      if (lat === "error" || lon === "error") bad = true;
      population.set(code, pop);
      if (bad || !kind) continue;
      const name = c.name ? cellText(cells[c.name.index]) : "";
      sink.site({
        code,
        name: name === "" ? code : name,
        kind,
        jurisdictionCode: null,
        lon: lon as number | null,
        lat: lat as number | null,
        populationServed: pop,
        downstreamSite: null,
        country: null,
        city: null,
        source,
        file: t.file,
        sheet: t.sheet,
        row: r.row,
      });
    }
  }

  const samples = new Map<string, { siteCode: string; date: string }>();
  const sampleRows = new Map<string, number>();
  for (const t of tables.samples) {
    const c = mapFixedHeaders(t.headers, ODM_SAMPLE_COLUMNS);
    let ok = required(t, c, ["sampleID", "siteID"], ODM_SAMPLE_COLUMNS, "samples", sink);
    const dateCol = c.dateTimeStart ?? c.dateTimeEnd ?? c.dateTime;
    if (!dateCol) {
      sink.error(makeError(t, t.headerRow, null, null, 'missing required column "dateTimeStart" of the ODM samples table (or dateTimeEnd / dateTime)', importIssue("missing-odm-date-column", {})));
      ok = false;
    }
    if (!ok || !dateCol) continue;
    for (const r of t.rows) {
      const id = cellText(r.cells[c.sampleID!.index]);
      const site = cellText(r.cells[c.siteID!.index]);
      let bad = false;
      if (id === "") {
        sink.error(makeError(t, r.row, c.sampleID!.header, null, "expected a sampleID", importIssue("missing-odm-sample-id", {})));
        bad = true;
      } else if (sampleRows.has(id)) {
        sink.error(makeError(t, r.row, c.sampleID!.header, id, `duplicate sampleID: same as row ${sampleRows.get(id)}`, importIssue("duplicate-odm-sample-id", { row: sampleRows.get(id) ?? null })));
        bad = true;
      }
      if (site === "") {
        sink.error(makeError(t, r.row, c.siteID!.header, null, "expected a siteID", importIssue("missing-odm-site-id", {})));
        bad = true;
      }
      const cell = r.cells[dateCol.index];
      const date = timestampToLocalDate(cell ?? null, timeZone, t.date1904);
      if (date === null) {
        sink.error(makeError(t, r.row, dateCol.header, cell ?? null, `${DATE_EXPECTED}, or an ISO timestamp such as 2024-03-13T08:00:00+08:00`, importIssue("bad-odm-date", {})));
        bad = true;
      }
      if (id !== "") sampleRows.set(id, r.row);
      if (!bad && date !== null) samples.set(id, { siteCode: site, date });
    }
  }

  // measures: flow rows first (they belong to the sample), then drug rows
  const flows = new Map<string, number>();
  const dups = new DuplicateTracker();
  const mcols = tables.measures.map((t) => ({ t, c: mapFixedHeaders(t.headers, ODM_MEASURE_COLUMNS) }));
  const usable = mcols.filter(({ t, c }) => required(t, c, ["sampleID", "measure", "value", "unit"], ODM_MEASURE_COLUMNS, "measures", sink));
  if (usable.length > 0 && tables.samples.length === 0) {
    const t = usable[0]!.t;
    sink.error(makeError(t, t.headerRow, null, null, "the ODM measures table needs its samples table (sampleID → siteID and date); import sites, samples and measures together (separate files or sheets of one workbook)", importIssue("odm-samples-missing", {})));
    return;
  }
  const skip = (c: Partial<Record<keyof typeof ODM_MEASURE_COLUMNS, MappedColumn>>, cells: readonly Cell[]) => {
    const agg = c.aggregation ? normaliseToken(cellText(cells[c.aggregation.index])) : "";
    const rep = c.reportable ? normaliseToken(cellText(cells[c.reportable.index])) : "";
    return !ODM_VALUE_AGGREGATIONS.includes(agg) || FALSE_WORDS.has(rep);
  };
  for (const { t, c } of usable) {
    for (const r of t.rows) {
      const measure = cellText(r.cells[c.measure!.index]);
      if (!FLOW_LOWER.has(measure.toLowerCase()) || skip(c, r.cells)) continue;
      const unitText = cellText(r.cells[c.unit!.index]);
      const valueCell = r.cells[c.value!.index];
      const v = parseNumber(valueCell ?? null, t.decimalComma);
      const sampleId = cellText(r.cells[c.sampleID!.index]);
      let factor: number | null = null;
      try {
        factor = flowFactorToM3PerDay(ODM_FLOW_UNITS[unitText] ?? unitText);
      } catch (e) {
        if (!(e instanceof UnknownUnitError)) throw e;
        sink.error(makeError(t, r.row, c.unit!.header, unitText, `unknown flow unit "${unitText}"; expected one of m3d, mld, Ld, Ls (or m³/d, 万立方米/日)`, importIssue("unknown-odm-flow-unit", { unit: unitText })));
      }
      if (v === null || v < 0) sink.error(makeError(t, r.row, c.value!.header, valueCell ?? null, `expected a number ≥ 0 in ${unitText || "the flow unit"}`, importIssue("bad-odm-flow", { flowUnit: unitText || null })));
      if (!samples.has(sampleId)) sink.error(makeError(t, r.row, c.sampleID!.header, sampleId, `unknown sampleID "${sampleId}"; expected a sampleID of the samples table`, importIssue("unknown-sample-id", { sampleId })));
      if (factor !== null && v !== null && v >= 0) flows.set(sampleId, scaled(v, factor));
    }
  }
  for (const { t, c } of usable) {
    for (const r of t.rows) {
      const cells = r.cells;
      const measure = cellText(cells[c.measure!.index]);
      if (FLOW_LOWER.has(measure.toLowerCase()) || skip(c, cells)) continue;
      let bad = false;
      const analyte = DRUG_BY_LOWER.get(measure.toLowerCase()) ?? (measure === "" ? undefined : resolveAnalyte(measure));
      if (!analyte) {
        sink.error(makeError(t, r.row, c.measure!.header, measure, `unknown measure "${measure}"; expected a drug measure such as drugMeth, drugBe, drugThcCooh (docs/import-formats.md) or wwFlow`, importIssue("unknown-odm-measure", { measure })));
        bad = true;
      }
      const sampleId = cellText(cells[c.sampleID!.index]);
      const sample = samples.get(sampleId);
      if (!sample && !sampleRows.has(sampleId)) {
        sink.error(makeError(t, r.row, c.sampleID!.header, sampleId, `unknown sampleID "${sampleId}"; expected a sampleID of the samples table`, importIssue("unknown-sample-id", { sampleId })));
        bad = true;
      }
      const unitText = cellText(cells[c.unit!.index]);
      const unit = unitText === "" ? null : (ODM_CONCENTRATION_UNITS[unitText] ?? unitText);
      const flag = c.qualityFlag ? ODM_CENSOR_FLAGS[normaliseToken(cellText(cells[c.qualityFlag.index]))] : undefined;
      const valueCell = cells[c.value!.index];
      let lodCell: Cell | undefined = c.lod ? cells[c.lod.index] : undefined;
      let loqCell: Cell | undefined = c.loq ? cells[c.loq.index] : undefined;
      let resultCell: Cell | undefined = valueCell;
      if (flag) {
        // censored by flag: a number in `value` is the limit
        if (parseNumber(valueCell ?? null, t.decimalComma) !== null) {
          if (flag === "below_lod") lodCell = valueCell;
          else loqCell = valueCell;
        }
        resultCell = flag === "below_lod" ? "<LOD" : "<LOQ";
      }
      const outcome = concentrationFields(resultCell, unit, lodCell, loqCell, t.decimalComma, concentrationFactor, "not_analysed");
      if (outcome.kind === "error") {
        for (const p of outcome.problems) {
          const col = p.input === "value" ? c.value! : p.input === "unit" ? c.unit! : p.input === "lod" ? (c.lod ?? c.value!) : (c.loq ?? c.value!);
          const v = p.input === "unit" ? unitText : cells[col.index];
          const odmUnit = p.input === "unit" && unit !== null && !ODM_CONCENTRATION_UNITS[unitText];
          const msg = odmUnit ? `${p.message}; ODM codes ngL, ugL, ngmL, pgmL, mgL` : p.message;
          sink.error(makeError(t, r.row, col.header, v ?? null, msg, odmUnit ? importIssue("unknown-odm-unit", { unit }) : p.issue));
        }
        bad = true;
      }
      if (bad || !sample || !analyte || outcome.kind !== "ok") continue;
      const first = dups.check(sample.siteCode, sample.date, analyte, "concentration", r.row, t.sheet);
      if (first) {
        sink.error(makeError(t, r.row, null, `${sampleId} ${measure}`, ...duplicateMessage(first, t.sheet)));
        continue;
      }
      const reported = cellText(valueCell);
      sink.measurement({
        siteCode: sample.siteCode,
        sampleDate: sample.date,
        datePrecision: "day",
        analyte,
        quantity: "concentration",
        valueReported: reported === "" ? null : reported,
        unitReported: unitText === "" ? null : unitText,
        ...outcome.fields,
        flowM3PerDay: flows.get(sampleId) ?? null,
        populationServed: population.get(sample.siteCode) ?? null,
        file: t.file,
        sheet: t.sheet,
        row: r.row,
        column: c.value!.header,
      });
    }
  }
}
