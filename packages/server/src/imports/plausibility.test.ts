/**
 * Plausibility limits (imports/plausibility.ts): the rationale's hand calculation and the boundaries.
 */
import { describe, expect, it } from "vitest";
import type { ParsedMeasurement } from "./parse/types.js";
import {
  concentrationLimit,
  DRUG_RESIDUE_MAX_NG_PER_L,
  implausibleConcentration,
  MAX_LISTED_WARNINGS,
  PlausibilityCheck,
  POPULATION_MARKER_MAX_NG_PER_L,
} from "./plausibility.js";

function m(analyte: string, valueCanonical: number | null, over: Partial<ParsedMeasurement> = {}): ParsedMeasurement {
  return {
    siteCode: "S1",
    sampleDate: "2025-01-01",
    datePrecision: "day",
    analyte,
    quantity: "concentration",
    valueReported: valueCanonical === null ? null : String(valueCanonical),
    unitReported: "ng/L",
    valueCanonical,
    detection: "detected",
    lodNgPerL: null,
    loqNgPerL: null,
    flowM3PerDay: null,
    populationServed: null,
    file: "f.csv",
    sheet: null,
    row: 2,
    column: "concentration",
    ...over,
  };
}

describe("concentration plausibility", () => {
  it("the drug limit is above the concentration implied by the highest EUDA daily load at a low sewage volume", () => {
    // hand calculation (module comment): 4 751.5 mg/day/1000 inh (BE, BR005, 2024) = 4.7515 mg/day per person;
    // at 100 L/person/day: 4.7515 mg / 100 L = 0.047515 mg/L = 47 515 ng/L
    const impliedNgPerL = ((4751.5 / 1000) * 1e6) / 100;
    expect(impliedNgPerL).toBeCloseTo(47_515, 6);
    expect(impliedNgPerL).toBeLessThan(DRUG_RESIDUE_MAX_NG_PER_L);
    // the same values written in ng/mL (× 1 000) trip the limit as soon as they exceed 100 ng/L
    expect(100.001 * 1000).toBeGreaterThan(DRUG_RESIDUE_MAX_NG_PER_L);
  });

  it("uses the population-marker limit for cotinine and the drug limit for drug residues", () => {
    expect(concentrationLimit("cotinine").maxNgPerL).toBe(POPULATION_MARKER_MAX_NG_PER_L);
    expect(concentrationLimit("methamphetamine").maxNgPerL).toBe(DRUG_RESIDUE_MAX_NG_PER_L);
    expect(concentrationLimit("thc-cooh").maxNgPerL).toBe(DRUG_RESIDUE_MAX_NG_PER_L);
  });

  it("warns only above the limit, keeps what was written, and skips PNL and censored values", () => {
    const at = implausibleConcentration({ file: "f.csv", row: 2, column: "c", analyte: "ketamine", valueReported: "100", unitReported: "ng/mL", valueNgPerL: 100_000 });
    expect(at).toBeNull();
    const above = implausibleConcentration({ file: "f.csv", row: 2, column: "c", analyte: "ketamine", valueReported: "100.5", unitReported: "ng/mL", valueNgPerL: 100_500 });
    expect(above).toMatchObject({ file: "f.csv", row: 2, column: "c", value: "100.5 ng/mL" });
    expect(above!.message).toMatch(/^ketamine: 100,500 ng\/L after unit conversion is above 100,000 ng\/L/);

    const check = new PlausibilityCheck();
    check.check(m("ketamine", 2e6, { quantity: "pnl" }));
    check.check(m("ketamine", null));
    check.check(m("ketamine", 99_999));
    expect(check.list("f.csv")).toEqual([]);
  });

  it("lists at most MAX_LISTED_WARNINGS and counts the rest", () => {
    const check = new PlausibilityCheck();
    for (let i = 0; i < MAX_LISTED_WARNINGS + 5; i++) check.check(m("mdma", 5e5, { row: i + 2 }));
    const list = check.list("f.csv");
    expect(list).toHaveLength(MAX_LISTED_WARNINGS + 1);
    expect(list.at(-1)).toMatchObject({ row: null, message: "5 more warnings not listed" });
  });
});
