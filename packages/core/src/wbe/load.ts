/**
 * The WBE computation chain (science.md §1):
 *   C [ng/L] × Q [m³/day] / 1000 → load [mg/day] → ÷ (P/1000) → PNL [mg/day/1000 inh]
 *   → × CF → consumption [mg/day/1000 inh] → ÷ dose [mg] → doses/day/1000 inh.
 * All functions are pure and throw {@link ScienceInputError} for non-finite or negative inputs
 * and for a zero population / correction factor / dose where that would divide by zero.
 */
import { requireNonNegative, requirePositive, ScienceInputError } from "../errors.js";

/**
 * Daily mass load of a residue.
 * `L [mg/day] = C [ng/L] × Q [m³/day] × 1000 [L/m³] / 10⁶ [ng/mg] = C × Q / 1000` (science.md §1 step 1).
 * @param concentrationNgPerL influent concentration, ng/L, ≥ 0
 * @param flowM3PerDay 24-h influent flow, m³/day, ≥ 0
 * @returns load in mg/day
 */
export function massLoadMgPerDay(concentrationNgPerL: number, flowM3PerDay: number): number {
  requireNonNegative("concentrationNgPerL", concentrationNgPerL);
  requireNonNegative("flowM3PerDay", flowM3PerDay);
  return (concentrationNgPerL * flowM3PerDay) / 1000;
}

/**
 * Population-normalised load `PNL = L / (P / 1000)` (science.md §1 step 2).
 * @param loadMgPerDay mass load, mg/day, ≥ 0
 * @param populationServed connected population, persons, > 0
 * @returns PNL in mg/day/1000 inhabitants
 */
export function pnlMgPerDayPer1000(loadMgPerDay: number, populationServed: number): number {
  requireNonNegative("loadMgPerDay", loadMgPerDay);
  requirePositive("populationServed", populationServed);
  return loadMgPerDay / (populationServed / 1000);
}

/**
 * Consumption of the parent drug `Cons = PNL × CF`, `CF = (M_drug / M_residue) / f_excr` (science.md §1 step 3).
 * @param pnl residue PNL, mg/day/1000 inh, ≥ 0
 * @param correctionFactor CF (dimensionless), > 0 — from a versioned {@link ParameterSet}
 * @returns consumption in mg/day/1000 inh
 */
export function consumptionMgPerDayPer1000(pnl: number, correctionFactor: number): number {
  requireNonNegative("pnl", pnl);
  requirePositive("correctionFactor", correctionFactor);
  return pnl * correctionFactor;
}

/**
 * Number of typical doses `Doses = Cons / dose` (science.md §1 step 4).
 * @param consumption mg/day/1000 inh, ≥ 0
 * @param doseMg typical dose, mg, > 0
 * @returns doses/day/1000 inh
 */
export function dosesPerDayPer1000(consumption: number, doseMg: number): number {
  requireNonNegative("consumption", consumption);
  requirePositive("doseMg", doseMg);
  return consumption / doseMg;
}

/**
 * Population-weighted mean `Σ(v_i P_i) / Σ P_i` — the EMCDDA multi-plant city value ("Berlin (4)") and the
 * provincial aggregate (science.md §1 step 6).
 * @param items at least one `{value ≥ 0, population > 0}`
 * @throws ScienceInputError for an empty list or an invalid item
 */
export function populationWeightedMean(items: ReadonlyArray<{ value: number; population: number }>): number {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ScienceInputError("items", items, "a non-empty list of {value, population}");
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as { value: number; population: number };
    requireNonNegative(`items[${i}].value`, it.value);
    requirePositive(`items[${i}].population`, it.population);
    num += it.value * it.population;
    den += it.population;
  }
  const mean = num / den;
  // Guard against rounding pushing the mean outside [min, max].
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const it of items) {
    if (it.value < lo) lo = it.value;
    if (it.value > hi) hi = it.value;
  }
  return Math.min(hi, Math.max(lo, mean));
}

/** Total daily consumption of the population: `Cons × P / 1000`, mg/day. */
export function totalDailyMg(consumptionMgPerDayPer1000: number, population: number): number {
  requireNonNegative("consumptionMgPerDayPer1000", consumptionMgPerDayPer1000);
  requirePositive("population", population);
  return (consumptionMgPerDayPer1000 * population) / 1000;
}

/**
 * Annual total consumption `Cons × P / 1000 × 365` (science.md §1 step 7).
 * @param consumptionMgPerDayPer1000 mg/day/1000 inh, ≥ 0
 * @param population persons, > 0
 * @returns mg/year (365-day year, as in the China 2018 national estimate, ESPR 2020)
 */
export function annualTotalMg(consumptionMgPerDayPer1000: number, population: number): number {
  return totalDailyMg(consumptionMgPerDayPer1000, population) * 365;
}
