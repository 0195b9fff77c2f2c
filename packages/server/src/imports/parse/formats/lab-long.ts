/**
 * Lab "long" layout: one measurement per row.
 * Columns (any order, Chinese or English, see headers.ts): site_code, sample_date, analyte, concentration
 * (required); unit (required unless the concentration header carries it, e.g. `浓度(ng/L)`), lod, loq,
 * flow_m3_per_day, population_served (optional). Other columns are ignored.
 * An empty concentration cell means `not_analysed` (the row names the analyte, so the lab listed it).
 */
import { importIssue } from "@tracewater/contract";
import { mapLabHeaders } from "../headers.js";
import { concentrationFactor, concentrationFields } from "../measure-value.js";
import { DuplicateTracker, duplicateMessage, makeError, Memo, type Sink, type TableHead, type TableProcessor } from "../sink.js";
import { DATE_EXPECTED, parseDateCell } from "../dates.js";
import type { Cell } from "../types.js";
import { cellText } from "../values.js";
import { ANALYTE_EXPECTED, analyteResolver, labConcentrationMeasurement, requireColumns, unitColumn } from "./lab-common.js";

export function labLongProcessor(head: TableHead, sink: Sink, dups = new DuplicateTracker()): TableProcessor {
  const { fields } = mapLabHeaders(head.headers);
  const ok = requireColumns(head, fields, ["site_code", "sample_date", "analyte", "concentration"], sink);
  if (ok && !fields.unit && fields.concentration?.unit == null) {
    sink.error(makeError(head, head.headerRow, fields.concentration!.header, null, "missing required column \"unit\"; expected a header such as unit / 单位, or a unit in the concentration header such as 浓度(ng/L)", importIssue("missing-unit-column", {})));
  }
  const flow = unitColumn(head, fields.flow_m3_per_day, "flow", sink);
  const population = unitColumn(head, fields.population_served, "population", sink);
  if (!ok) return { processRow() {}, finish() {} };
  const site = fields.site_code!;
  const date = fields.sample_date!;
  const analyteCol = fields.analyte!;
  const conc = fields.concentration!;
  const unitCol = fields.unit;
  const lodCol = fields.lod;
  const loqCol = fields.loq;
  const resolve = analyteResolver();
  const factors = new Memo<number | string>(1000);
  const factorOf = (u: string) => factors.get(u, concentrationFactor);
  const dates = new Memo<string | null>();

  return {
    processRow(row: number, cells: readonly Cell[]) {
      let bad = false;
      const siteCode = cellText(cells[site.index]);
      if (siteCode === "") {
        sink.error(makeError(head, row, site.header, null, "expected a site code (采样点编号)", importIssue("missing-site-code", {})));
        bad = true;
      }
      const dateCell = cells[date.index] ?? null;
      const sampleDate = typeof dateCell === "string" ? dates.get(dateCell, (d) => parseDateCell(d, head.date1904)) : parseDateCell(dateCell, head.date1904);
      if (sampleDate === null) {
        sink.error(makeError(head, row, date.header, dateCell, DATE_EXPECTED, importIssue("bad-date", {})));
        bad = true;
      }
      const analyteName = cellText(cells[analyteCol.index]);
      const analyte = analyteName === "" ? undefined : resolve(analyteName);
      if (analyte === undefined) {
        sink.error(makeError(head, row, analyteCol.header, analyteName, analyteName === "" ? `missing analyte; ${ANALYTE_EXPECTED}` : `unknown analyte "${analyteName}"; ${ANALYTE_EXPECTED}`, analyteName === "" ? importIssue("missing-analyte", {}) : importIssue("unknown-analyte", { analyte: analyteName })));
        bad = true;
      }
      const rowUnit = unitCol ? cellText(cells[unitCol.index]) : "";
      const unit = rowUnit !== "" ? rowUnit : (conc.unit ?? null);
      const value = cells[conc.index];
      const outcome = concentrationFields(value, unit, lodCol ? cells[lodCol.index] : undefined, loqCol ? cells[loqCol.index] : undefined, head.decimalComma, factorOf, "not_analysed");
      if (outcome.kind === "error") {
        for (const p of outcome.problems) {
          const col = p.input === "value" ? conc : p.input === "unit" ? (unitCol ?? conc) : p.input === "lod" ? lodCol! : loqCol!;
          const v = p.input === "value" ? value : p.input === "unit" ? (rowUnit !== "" ? rowUnit : unit) : cells[col.index];
          sink.error(makeError(head, row, col.header, v ?? null, p.message, p.issue));
        }
        bad = true;
      }
      const flowM3PerDay = flow ? flow(row, cells) : null;
      const populationServed = population ? population(row, cells) : null;
      if (flowM3PerDay === "error" || populationServed === "error") bad = true;
      if (bad || outcome.kind !== "ok" || sampleDate === null || analyte === undefined) {
        if (siteCode !== "") sink.rejectedRowSite({ siteCode, file: head.file, sheet: head.sheet, row, column: site.header });
        return;
      }
      const first = dups.check(siteCode, sampleDate, analyte, "concentration", row, head.sheet);
      if (first) {
        sink.error(makeError(head, row, null, `${siteCode} ${sampleDate} ${analyteName}`, ...duplicateMessage(first, head.sheet)));
        return;
      }
      sink.measurement(
        labConcentrationMeasurement(head, {
          siteCode,
          sampleDate,
          analyte,
          value,
          unit,
          fields: outcome.fields,
          flowM3PerDay: flowM3PerDay as number | null,
          populationServed: populationServed as number | null,
          row,
          column: conc.header,
        }),
      );
    },
    finish() {},
  };
}
