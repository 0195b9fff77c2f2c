/**
 * Turns a lab result cell (+ unit, LOD, LOQ) into the canonical measurement fields.
 *
 * Censoring rule (docs/import-formats.md §Censored values):
 *  - `ND`, `n.d.`, `未检出`, `<LOD`, `<检出限` → `below_lod`, LOD from the LOD column (or null);
 *  - `<LOQ`, `<定量限`, `BQL` → `below_loq`, LOQ from the LOQ column (or null);
 *  - `<x` (a number) → `below_lod` with LOD = x when the row's LOD column equals x; otherwise `below_loq` with
 *    LOQ = x (the limit in the cell wins over the LOQ column for that row);
 *  - `未检测`, `NA`, `n/a`, `/`, `-` → `not_analysed` (value null);
 *  - a number ≥ 0 → `detected` (a number below the LOD/LOQ is kept as reported: the lab chose to report it).
 * LOD and LOQ are in the same unit as the concentration. Canonical values are ng/L.
 */
import { concentrationFactorToNgPerL, UnknownUnitError } from "@tracewater/core";
import { importIssue, type ImportIssue } from "@tracewater/contract";
import type { Cell, Detection } from "./types.js";
import { parseNumber, parseResultCell } from "./values.js";

export const CONCENTRATION_UNITS_HINT = "ng/L, µg/L, ng/mL, pg/mL, mg/L, 纳克/升, 微克/升";
export const RESULT_EXPECTED_MARKS = "a censoring mark (<LOQ, <LOD, <0.5, ND, 未检出) or 未检测/NA";

/** `unknown unit "mg/kg"; expected one of ng/L, µg/L, …` */
export function unknownConcentrationUnit(unit: string): string {
  return `unknown unit "${unit}"; expected one of ${CONCENTRATION_UNITS_HINT}`;
}

/** Factor to ng/L, or an error message (the `unknown-unit` message: callers give it that code). */
export function concentrationFactor(unit: string): number | string {
  try {
    return concentrationFactorToNgPerL(unit);
  } catch (e) {
    if (e instanceof UnknownUnitError) return unknownConcentrationUnit(unit);
    throw e;
  }
}

/** value × factor, rounded to 12 significant digits so that 1.1 µg/L is 1100 ng/L, not 1100.0000000000002. */
export function scaled(value: number, factor: number): number {
  // fast path (most rows are already in ng/L): with factor 1, a value that is exactly the double nearest to a decimal
  // with at most 6 decimals below 10⁶ (n / 1e6 is correctly rounded) has ≤ 12 significant digits, so the rounding
  // below would return it unchanged — toPrecision costs ~1 µs, 3 calls per row
  if (factor === 1 && value < 1e6 && value > -1e6 && Math.round(value * 1e6) / 1e6 === value) return value;
  return Number((value * factor).toPrecision(12));
}

export interface ValueFields {
  valueCanonical: number | null;
  detection: Detection;
  lodNgPerL: number | null;
  loqNgPerL: number | null;
}

/** A problem with one cell of the row (column = which input). */
export interface CellProblem {
  input: "value" | "unit" | "lod" | "loq";
  message: string;
  /** code and params of `message` (@tracewater/contract import-error-codes.ts) */
  issue: ImportIssue;
}

export type ValueOutcome = { kind: "skip" } | { kind: "ok"; fields: ValueFields } | { kind: "error"; problems: CellProblem[] };

/** A LOD/LOQ cell: null when empty; a problem is recorded when it is not a number ≥ 0. */
function limitOf(cell: Cell | undefined, input: "lod" | "loq", decimalComma: boolean, unit: string | null, problems: CellProblem[]): number | null {
  const unitLabel = unit ?? "the reported unit";
  if (cell === undefined || cell === null || (typeof cell === "string" && cell.trim() === "")) return null;
  const n = parseNumber(cell, decimalComma);
  if (n === null || n < 0) {
    problems.push({ input, message: `expected a number ≥ 0 in ${unitLabel} (same unit as the concentration) or empty`, issue: importIssue("bad-limit", { unit: unit ?? null }) });
    return null;
  }
  return n;
}

function scaledOrNull(x: number | null, factor: number): number | null {
  return x === null ? null : scaled(x, factor);
}

/**
 * @param value result cell
 * @param unit concentration unit (row unit column or header), null when none is given
 * @param lodCell / loqCell cells of the LOD/LOQ columns (undefined when the layout has none)
 * @param emptyMeans what an empty result cell means in this layout: `skip` (wide, EUDA) or `not_analysed` (long)
 */
export function concentrationFields(
  value: Cell | undefined,
  unit: string | null,
  lodCell: Cell | undefined,
  loqCell: Cell | undefined,
  decimalComma: boolean,
  factorOf: (unit: string) => number | string,
  emptyMeans: "skip" | "not_analysed",
): ValueOutcome {
  const result = parseResultCell(value, decimalComma);
  if (result.kind === "empty" && emptyMeans === "skip") return { kind: "skip" };
  const problems: CellProblem[] = [];
  const unitLabel = unit ?? "the reported unit";
  const lod = limitOf(lodCell, "lod", decimalComma, unit, problems);
  const loq = limitOf(loqCell, "loq", decimalComma, unit, problems);
  if (result.kind === "empty" || result.kind === "not_analysed") {
    if (problems.length > 0) return { kind: "error", problems };
    let f = 1;
    if (unit !== null && (lod !== null || loq !== null)) {
      const ff = factorOf(unit);
      if (typeof ff === "string") return { kind: "error", problems: [{ input: "unit", message: ff, issue: importIssue("unknown-unit", { unit }) }] };
      f = ff;
    }
    const scale = (x: number | null) => (x === null || unit === null ? null : scaled(x, f));
    return { kind: "ok", fields: { valueCanonical: null, detection: "not_analysed", lodNgPerL: scale(lod), loqNgPerL: scale(loq) } };
  }
  if (result.kind === "invalid") {
    problems.push({ input: "value", message: `expected a number ≥ 0 in ${unitLabel}, ${RESULT_EXPECTED_MARKS}`, issue: importIssue("bad-concentration", { unit }) });
  } else if (result.kind === "number" && result.value < 0) {
    problems.push({ input: "value", message: `expected a number ≥ 0 in ${unitLabel}`, issue: importIssue("bad-number", { unit }) });
  }
  let factor: number | null = null;
  if (unit === null) {
    problems.push({ input: "unit", message: "missing unit; expected a unit column or a unit in the header such as 浓度(ng/L)", issue: importIssue("missing-unit", {}) });
  } else {
    const f = factorOf(unit);
    if (typeof f === "string") problems.push({ input: "unit", message: f, issue: importIssue("unknown-unit", { unit }) });
    else factor = f;
  }
  if (problems.length > 0 || factor === null) return { kind: "error", problems };
  if (result.kind === "number") {
    return { kind: "ok", fields: { valueCanonical: scaled(result.value, factor), detection: "detected", lodNgPerL: scaledOrNull(lod, factor), loqNgPerL: scaledOrNull(loq, factor) } };
  }
  if (result.kind !== "censored") throw new Error("unreachable");
  if (result.mark === "below_lod") {
    return { kind: "ok", fields: { valueCanonical: null, detection: "below_lod", lodNgPerL: scaledOrNull(lod, factor), loqNgPerL: scaledOrNull(loq, factor) } };
  }
  if (result.mark === "below_loq") {
    return { kind: "ok", fields: { valueCanonical: null, detection: "below_loq", lodNgPerL: scaledOrNull(lod, factor), loqNgPerL: scaledOrNull(loq, factor) } };
  }
  // `<x`: LOD when the LOD column says so, else LOQ
  const x = result.limit as number;
  if (lod !== null && lod === x) {
    return { kind: "ok", fields: { valueCanonical: null, detection: "below_lod", lodNgPerL: scaledOrNull(x, factor), loqNgPerL: scaledOrNull(loq, factor) } };
  }
  return { kind: "ok", fields: { valueCanonical: null, detection: "below_loq", lodNgPerL: scaledOrNull(lod, factor), loqNgPerL: scaledOrNull(x, factor) } };
}
