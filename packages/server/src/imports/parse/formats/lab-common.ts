/**
 * Pieces shared by the lab layouts (long, wide): required-column checks, flow and population columns with the
 * unit taken from the header, analyte name resolution with a memo.
 */
import { flowFactorToM3PerDay, personsFactor, resolveAnalyte, UnknownUnitError } from "@tracewater/core";
import { importIssue, type ImportIssue } from "@tracewater/contract";
import { FIELD_SYNONYMS, type LabField, type MappedColumn } from "../headers.js";
import { scaled, type ValueFields } from "../measure-value.js";
import { makeError, Memo, type Sink, type TableHead } from "../sink.js";
import type { Cell, ParsedMeasurement } from "../types.js";
import { cellText, parseNumber } from "../values.js";

export const ANALYTE_EXPECTED = "expected a name such as 甲基苯丙胺/METH/methamphetamine";

/** `missing required column "sample_date"; expected a header such as sample_date / 采样日期`, with its code and params. */
export function missingColumnMessage(field: LabField): [message: string, issue: ImportIssue] {
  const syns = FIELD_SYNONYMS[field];
  const zh = syns.find((s) => /[\u4e00-\u9fff]/.test(s));
  const example = `${field}${zh ? ` / ${zh}` : ""}`;
  return [`missing required column "${field}"; expected a header such as ${example}`, importIssue("missing-column", { column: field, example })];
}

/** Report missing required columns; returns true when all are present. */
export function requireColumns(head: TableHead, fields: Partial<Record<LabField, MappedColumn>>, required: readonly LabField[], sink: Sink): boolean {
  let ok = true;
  for (const f of required) {
    if (!fields[f]) {
      sink.error(makeError(head, head.headerRow, null, null, ...missingColumnMessage(f)));
      ok = false;
    }
  }
  return ok;
}

/**
 * A numeric column whose unit is in the header (flow, population). Returns a reader, or null when the column is
 * absent. Flow needs a unit (`流量` alone is ambiguous between m³/d and 10⁴ m³/d: a header error); population
 * without a unit is in persons.
 */
export function unitColumn(head: TableHead, col: MappedColumn | undefined, quantity: "flow" | "population", sink: Sink): ((row: number, cells: readonly Cell[]) => number | null | "error") | null {
  if (!col) return null;
  let factor: number | null = null;
  if (col.unit === null) {
    if (quantity === "population") factor = 1;
    else {
      sink.error(makeError(head, head.headerRow, col.header, col.header, `flow column "${col.header}" has no unit; expected a header such as flow_m3_per_day, 流量(m³/d) or 流量(万立方米/日)`, importIssue("flow-unit-missing", { column: col.header })));
    }
  } else {
    try {
      factor = quantity === "flow" ? flowFactorToM3PerDay(col.unit) : personsFactor(col.unit);
    } catch (e) {
      if (!(e instanceof UnknownUnitError)) throw e;
      const hint = quantity === "flow" ? "m³/d, 万立方米/日, 万吨/日, ML/d, L/s" : "persons/人, 万人, 千人";
      sink.error(makeError(head, head.headerRow, col.header, col.header, `unknown ${quantity} unit "${col.unit}" in the header; expected one of ${hint}`, importIssue(quantity === "flow" ? "unknown-flow-unit-header" : "unknown-population-unit-header", { unit: col.unit })));
    }
  }
  const unitText = col.unit ?? (quantity === "flow" ? "m³/d" : "persons");
  return (row, cells) => {
    const cell = cells[col.index];
    if (cellText(cell) === "") return null;
    const n = parseNumber(cell ?? null, head.decimalComma);
    if (n === null || n < 0) {
      sink.error(makeError(head, row, col.header, cell, `expected a number ≥ 0 in ${unitText}`, quantity === "flow" ? importIssue("bad-number", { unit: unitText }) : importIssue("bad-population", { personsUnit: col.unit })));
      return "error";
    }
    return factor === null ? "error" : scaled(n, factor);
  };
}

/** Analyte name → code with a bounded memo (1 million rows resolve a handful of names). */
export function analyteResolver(): (name: string) => string | undefined {
  const memo = new Memo<string | undefined>();
  return (name) => memo.get(name, (n) => resolveAnalyte(n));
}

/**
 * The measurement record of one lab concentration cell (lab long and lab wide layouts): a daily composite with the
 * reported value and unit kept as written and the canonical fields (ng/L, detection, LOD/LOQ in ng/L) from
 * `concentrationFields`.
 */
export function labConcentrationMeasurement(
  head: TableHead,
  r: {
    siteCode: string;
    sampleDate: string;
    analyte: string;
    value: Cell | undefined;
    unit: string | null;
    fields: ValueFields;
    flowM3PerDay: number | null;
    populationServed: number | null;
    row: number;
    column: string;
  },
): ParsedMeasurement {
  const reported = cellText(r.value);
  return {
    siteCode: r.siteCode,
    sampleDate: r.sampleDate,
    datePrecision: "day",
    analyte: r.analyte,
    quantity: "concentration",
    valueReported: reported === "" ? null : reported,
    unitReported: r.unit,
    ...r.fields,
    flowM3PerDay: r.flowM3PerDay,
    populationServed: r.populationServed,
    file: head.file,
    sheet: head.sheet,
    row: r.row,
    column: r.column,
  };
}
