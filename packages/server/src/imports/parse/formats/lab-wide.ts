/**
 * Lab "wide" layout: one row per site × date, one column per analyte.
 * Columns: site_code, sample_date (required); flow_m3_per_day, population_served, unit (optional); every other
 * header whose name (without its unit) resolves with core `resolveAnalyte` is an analyte column, e.g.
 * `甲基苯丙胺(ng/L)`, `METH`, `benzoylecgonine [µg/L]`. The unit of an analyte column is the unit in its header,
 * else the row's `unit` cell. A header that carries a concentration unit but names no known analyte is an error
 * (`unknown analyte`); other headers (remarks, sample codes…) are ignored. An empty analyte cell = not measured
 * (no record). The wide layout has no LOD/LOQ columns; `<0.5` gives below_loq with LOQ 0.5.
 */
import { importIssue } from "@tracewater/contract";
import { resolveAnalyte, unitQuantityOf } from "@tracewater/core";
import { mapLabHeaders, splitHeader } from "../headers.js";
import { concentrationFactor, concentrationFields } from "../measure-value.js";
import { DuplicateTracker, duplicateMessage, makeError, Memo, type Sink, type TableHead, type TableProcessor } from "../sink.js";
import { DATE_EXPECTED, parseDateCell } from "../dates.js";
import type { Cell } from "../types.js";
import { cellText } from "../values.js";
import { ANALYTE_EXPECTED, labConcentrationMeasurement, requireColumns, unitColumn } from "./lab-common.js";

export interface AnalyteColumn {
  index: number;
  header: string;
  analyte: string;
  unit: string | null;
}

/** Analyte columns of a wide header, and headers with a concentration unit that name no known analyte. */
export function wideAnalyteColumns(headers: readonly string[]): { columns: AnalyteColumn[]; unknown: Array<{ index: number; header: string }> } {
  const { unmapped } = mapLabHeaders(headers);
  const columns: AnalyteColumn[] = [];
  const unknown: Array<{ index: number; header: string }> = [];
  for (const { index, header } of unmapped) {
    const split = splitHeader(header);
    const analyte = resolveAnalyte(split.base) ?? resolveAnalyte(header);
    if (analyte) columns.push({ index, header, analyte, unit: split.unit });
    else if (split.unit !== null && unitQuantityOf(split.unit) === "concentration") unknown.push({ index, header });
  }
  return { columns, unknown };
}

export function labWideProcessor(head: TableHead, sink: Sink, dups = new DuplicateTracker()): TableProcessor {
  const { fields } = mapLabHeaders(head.headers);
  const ok = requireColumns(head, fields, ["site_code", "sample_date"], sink);
  const { columns, unknown } = wideAnalyteColumns(head.headers);
  for (const u of unknown) {
    sink.error(makeError(head, head.headerRow, u.header, splitHeader(u.header).base, `unknown analyte "${splitHeader(u.header).base}"; ${ANALYTE_EXPECTED}`, importIssue("unknown-analyte-column", { analyte: splitHeader(u.header).base })));
  }
  if (columns.length === 0) {
    sink.error(makeError(head, head.headerRow, null, null, `no analyte columns; expected one column per analyte with a header such as 甲基苯丙胺(ng/L), METH or methamphetamine`, importIssue("no-analyte-columns", {})));
  }
  const seen = new Map<string, AnalyteColumn>();
  for (const c of columns) {
    const prev = seen.get(c.analyte);
    if (prev) sink.error(makeError(head, head.headerRow, c.header, c.header, `duplicate analyte column: "${c.header}" and "${prev.header}" are both ${c.analyte}`, importIssue("duplicate-analyte-column", { column: c.header, other: prev.header, analyte: c.analyte })));
    else seen.set(c.analyte, c);
  }
  if (fields.unit === undefined) {
    for (const c of columns) {
      if (c.unit === null) sink.error(makeError(head, head.headerRow, c.header, c.header, `missing unit for analyte column "${c.header}"; expected a unit in the header such as ${c.header}(ng/L) or a unit column`, importIssue("analyte-unit-missing", { column: c.header })));
    }
  }
  const flow = unitColumn(head, fields.flow_m3_per_day, "flow", sink);
  const population = unitColumn(head, fields.population_served, "population", sink);
  if (!ok || columns.length === 0) return { processRow() {}, finish() {} };
  const site = fields.site_code!;
  const date = fields.sample_date!;
  const unitCol = fields.unit;
  const factors = new Memo<number | string>(1000);
  const factorOf = (u: string) => factors.get(u, concentrationFactor);

  return {
    processRow(row: number, cells: readonly Cell[]) {
      let bad = false;
      const siteCode = cellText(cells[site.index]);
      if (siteCode === "") {
        sink.error(makeError(head, row, site.header, null, "expected a site code (采样点编号)", importIssue("missing-site-code", {})));
        bad = true;
      }
      const dateCell = cells[date.index] ?? null;
      const sampleDate = parseDateCell(dateCell, head.date1904);
      if (sampleDate === null) {
        sink.error(makeError(head, row, date.header, dateCell, DATE_EXPECTED, importIssue("bad-date", {})));
        bad = true;
      }
      const flowM3PerDay = flow ? flow(row, cells) : null;
      const populationServed = population ? population(row, cells) : null;
      if (flowM3PerDay === "error" || populationServed === "error") bad = true;
      const rowUnit = unitCol ? cellText(cells[unitCol.index]) : "";
      let rejected = bad;
      let written = false;
      for (const c of seen.values()) {
        const value = cells[c.index];
        const unit = c.unit ?? (rowUnit !== "" ? rowUnit : null);
        const outcome = concentrationFields(value, unit, undefined, undefined, head.decimalComma, factorOf, "skip");
        if (outcome.kind === "skip") continue;
        if (outcome.kind === "error") {
          for (const p of outcome.problems) {
            const col = p.input === "unit" && c.unit === null && unitCol ? unitCol : c;
            sink.error(makeError(head, row, col.header, p.input === "unit" ? (unit ?? null) : (value ?? null), p.message, p.issue));
          }
          rejected = true;
          continue;
        }
        if (bad || sampleDate === null) continue;
        const first = dups.check(siteCode, sampleDate, c.analyte, "concentration", row, head.sheet);
        if (first) {
          sink.error(makeError(head, row, c.header, `${siteCode} ${sampleDate} ${c.analyte}`, ...duplicateMessage(first, head.sheet)));
          continue;
        }
        sink.measurement(
          labConcentrationMeasurement(head, {
            siteCode,
            sampleDate,
            analyte: c.analyte,
            value,
            unit,
            fields: outcome.fields,
            flowM3PerDay: flowM3PerDay as number | null,
            populationServed: populationServed as number | null,
            row,
            column: c.header,
          }),
        );
        written = true;
      }
      // no measurement of this row reaches the storage side: its site code is checked there anyway
      if (rejected && !written && siteCode !== "") sink.rejectedRowSite({ siteCode, file: head.file, sheet: head.sheet, row, column: site.header });
    },
    finish() {},
  };
}
