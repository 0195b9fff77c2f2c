/**
 * Qualitative result of one hair analyte against a cut-off (docs/domain.md §2.1).
 *
 * Rules (公禁毒〔2018〕938号 Art. 9; SoHT 2012 §6): positive when the concentration is at or above the cut-off.
 * Censored values: a result reported below a limit (LOD or LOQ, or `<x`) is negative when that limit is at or
 * below the cut-off (the true value is below the limit, hence below the cut-off); when the limit is ABOVE the
 * cut-off the value could still be ≥ cut-off, so the result is `inconclusive` (the method cannot decide — report
 * it, re-test). The limit is the stated LOD/LOQ, else the number written after `<` (passed as the concentration). `not_analysed` stays so;
 * an analyte without a cut-off in the set is `no-cutoff`.
 *
 * `ratioToCutoff` = concentration / cut-off (null when censored or no cut-off), so that results "around" the
 * threshold are visible (e.g. 0.95 vs 1.05).
 */
import { ScienceInputError } from "../errors.js";
import { type CutoffSet, cutoffFor } from "./cutoffs.js";

export type HairDetection = "detected" | "below_lod" | "below_loq" | "not_analysed";
export type HairQualitative = "positive" | "negative" | "inconclusive" | "not-analysed" | "no-cutoff";

export interface HairMeasurement {
  analyte: string;
  /** ng/mg; null when censored without a number or not analysed */
  concentrationNgPerMg: number | null;
  detection: HairDetection;
  lodNgPerMg?: number | null;
  loqNgPerMg?: number | null;
}

export interface HairClassification {
  result: HairQualitative;
  cutoffSetId: string;
  /** ng/mg; null when the set has no cut-off for the analyte */
  cutoffNgPerMg: number | null;
  ratioToCutoff: number | null;
  /** why, in words (English; the UI translates the result code) */
  reason: string;
}

/**
 * Classifies one measurement against `set`.
 * @throws ScienceInputError for a negative or non-finite concentration or limit
 */
export function classifyHairResult(m: HairMeasurement, set: CutoffSet): HairClassification {
  for (const [field, v] of [
    ["concentrationNgPerMg", m.concentrationNgPerMg],
    ["lodNgPerMg", m.lodNgPerMg],
    ["loqNgPerMg", m.loqNgPerMg],
  ] as const) {
    if (v !== null && v !== undefined && !(Number.isFinite(v) && v >= 0))
      throw new ScienceInputError(field, v, "a finite number ≥ 0 (ng/mg)");
  }
  const cutoff = cutoffFor(set, m.analyte);
  const base = { cutoffSetId: set.id, cutoffNgPerMg: cutoff };
  if (m.detection === "not_analysed")
    return { ...base, result: "not-analysed", ratioToCutoff: null, reason: "not analysed" };
  if (cutoff === null)
    return { ...base, result: "no-cutoff", ratioToCutoff: null, reason: `${set.id} has no cut-off for ${m.analyte}` };
  const value = m.concentrationNgPerMg;
  if (m.detection === "detected") {
    if (value === null || value === undefined)
      throw new ScienceInputError("concentrationNgPerMg", value, "a number for a detected analyte");
    const positive = value >= cutoff;
    return {
      ...base,
      result: positive ? "positive" : "negative",
      ratioToCutoff: value / cutoff,
      reason: `${value} ng/mg ${positive ? "≥" : "<"} cut-off ${cutoff} ng/mg`,
    };
  }
  // censored: below LOD or below LOQ; the bound is the stated limit or the number written after "<"
  const limit = m.detection === "below_lod" ? (m.lodNgPerMg ?? value ?? null) : (m.loqNgPerMg ?? value ?? null);
  if (limit === null)
    return {
      ...base,
      result: "negative",
      ratioToCutoff: null,
      reason: `${m.detection === "below_lod" ? "not detected" : "below LOQ"} (no limit stated; the lab's method limits are taken to be below the cut-off)`,
    };
  if (limit <= cutoff)
    return { ...base, result: "negative", ratioToCutoff: null, reason: `< ${limit} ng/mg ≤ cut-off ${cutoff} ng/mg` };
  return {
    ...base,
    result: "inconclusive",
    ratioToCutoff: null,
    reason: `censored at ${limit} ng/mg, above the cut-off ${cutoff} ng/mg: the method cannot decide`,
  };
}
