/**
 * Plausibility of reported concentrations: a WARNING (never an error — the value is imported as written) when a
 * concentration converted to ng/L is higher than anything raw municipal wastewater carries, which almost always means
 * the unit is wrong (a lab writing `ng/mL` or `µg/L` for values that are in ng/L multiplies them by 1 000).
 *
 * Limits per analyte class (raw influent, 24-h composite), in ng/L:
 * - drug residues and metabolites (every analyte with a parent drug): **100 000 ng/L**. Rationale: the highest daily
 *   population-normalised load in the bundled EUDA/SCORE data 2011–2024 is 4 751.5 mg/day/1000 inh
 *   (benzoylecgonine, site BR005, 2024; `data/euda-esdm-2025/ww2025-all-data.csv`). Concentration = load / per-capita
 *   wastewater volume; even at a low 100 L/person/day that is 4.75 mg/day ÷ 100 L = 47 515 ng/L. The limit is
 *   about twice that, so a genuine value does not trip it, while the same values read as ng/mL instead of ng/L
 *   (× 1 000) do as soon as they exceed 100 ng/L.
 * - population markers (cotinine): **1 000 000 ng/L**. Rationale: nicotine metabolites occur in raw wastewater "at
 *   the µg/L level" (Senta I., Gracia-Lor E., Borsotti A., Zuccato E., Castiglioni S. 2015, Water Research 74:23–33,
 *   13 Italian plants), i.e. 10³–10⁴ ng/L; the limit leaves two orders of magnitude.
 * PNL values (EUDA files, mg/day/1000 inh) are not concentrations and are not checked.
 */
import { getAnalyte } from "@tracewater/core";
import { importIssue, type ImportError } from "@tracewater/contract";
import type { ParsedMeasurement } from "./parse/types.js";

/** Upper plausibility limit for drug residues and metabolites in raw wastewater, ng/L (see the module comment). */
export const DRUG_RESIDUE_MAX_NG_PER_L = 100_000;
/** Upper plausibility limit for population markers (cotinine) in raw wastewater, ng/L (see the module comment). */
export const POPULATION_MARKER_MAX_NG_PER_L = 1_000_000;

/** At most this many warnings are listed; one more entry says how many were left out. */
export const MAX_LISTED_WARNINGS = 1_000;

/** The plausibility limit (ng/L) and the class name used in the message, for an analyte code. */
export function concentrationLimit(analyte: string): { maxNgPerL: number; analyteClass: string } {
  const a = getAnalyte(analyte);
  return a && a.parentDrug === null
    ? { maxNgPerL: POPULATION_MARKER_MAX_NG_PER_L, analyteClass: "population markers" }
    : { maxNgPerL: DRUG_RESIDUE_MAX_NG_PER_L, analyteClass: "drug residues" };
}

/** Where a warning is located and what was written. */
export interface ConcentrationCell {
  file: string;
  sheet?: string | null;
  row: number;
  column: string | null;
  analyte: string;
  valueReported: string | null;
  unitReported: string | null;
  /** ng/L after unit conversion */
  valueNgPerL: number;
}

/** The warning for a concentration above its class limit, or null when it is plausible. */
export function implausibleConcentration(c: ConcentrationCell, limit = concentrationLimit(c.analyte)): ImportError | null {
  if (!(c.valueNgPerL > limit.maxNgPerL)) return null;
  const written = [c.valueReported, c.unitReported].filter((x) => x !== null && x !== "").join(" ");
  return {
    file: c.file,
    sheet: c.sheet ?? null,
    row: c.row,
    column: c.column,
    value: written === "" ? String(c.valueNgPerL) : written,
    message:
      `${c.analyte}: ${formatNgPerL(c.valueNgPerL)} ng/L after unit conversion is above ${formatNgPerL(limit.maxNgPerL)} ng/L, ` +
      `the plausibility limit for ${limit.analyteClass} in raw wastewater; check the unit (e.g. ng/mL or µg/L written for values in ng/L). ` +
      "A warning does not reject the file: the value is kept as written.",
    ...importIssue(limit.analyteClass === "population markers" ? "implausible-population-marker" : "implausible-drug-residue", {
      analyte: c.analyte,
      value: c.valueNgPerL,
      limit: limit.maxNgPerL,
    }),
  };
}

function formatNgPerL(v: number): string {
  return v.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** Collects warnings with a cap ({@link MAX_LISTED_WARNINGS}) and a memo of the limit per analyte. */
export class PlausibilityCheck {
  private readonly warnings: ImportError[] = [];
  private leftOut = 0;
  private readonly limits = new Map<string, { maxNgPerL: number; analyteClass: string }>();

  /** Checks one parsed concentration (cheap when plausible: one Map lookup and one comparison, no allocation). */
  check(m: ParsedMeasurement): void {
    const v = m.valueCanonical;
    if (m.quantity !== "concentration" || v === null) return;
    let limit = this.limits.get(m.analyte);
    if (!limit) {
      limit = concentrationLimit(m.analyte);
      this.limits.set(m.analyte, limit);
    }
    if (!(v > limit.maxNgPerL)) return;
    if (this.warnings.length >= MAX_LISTED_WARNINGS) {
      this.leftOut++;
      return;
    }
    const w = implausibleConcentration(
      { file: m.file, sheet: m.sheet, row: m.row, column: m.column, analyte: m.analyte, valueReported: m.valueReported, unitReported: m.unitReported, valueNgPerL: v },
      limit,
    );
    if (w) this.warnings.push(w);
  }

  /** The warnings so far (plus one entry counting those left out). */
  list(file: string): ImportError[] {
    const out = [...this.warnings];
    if (this.leftOut > 0) out.push({ file, row: null, column: null, value: null, message: `${this.leftOut} more warnings not listed`, ...importIssue("more-warnings", { count: this.leftOut }) });
    return out;
  }
}
