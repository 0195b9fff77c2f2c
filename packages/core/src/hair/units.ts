/**
 * Hair concentration units → ng/mg (drug mass per mass of hair). Labs report ng/mg (938号, SoHT) or pg/mg
 * (1 pg/mg = 0.001 ng/mg); ng/g and µg/g are also seen (1 ng/g = 0.001 ng/mg; 1 µg/g = 1 ng/mg).
 */
import { UnknownUnitError } from "../errors.js";

/** unit → divisor to ng/mg (division, so that e.g. 200 pg/mg → exactly the double nearest 0.2, like the cut-off) */
const DIVISORS: Readonly<Record<string, number>> = {
  "ng/mg": 1,
  "pg/mg": 1000,
  "ng/g": 1000,
  "µg/g": 1,
  "ug/g": 1,
  "mg/kg": 1,
  "纳克/毫克": 1,
  "皮克/毫克": 1000,
};

function key(unit: string): string {
  return unit.normalize("NFKC").toLowerCase().replace(/\s+/g, "").replace(/[μµ]/g, "µ");
}

/**
 * Factor converting a hair concentration unit to ng/mg.
 * @throws UnknownUnitError (quantity `concentration`) for anything else — never guessed
 */
export function hairFactorToNgPerMg(unit: string): number {
  return 1 / hairDivisor(unit);
}

function hairDivisor(unit: string): number {
  const d = DIVISORS[key(unit)];
  if (d === undefined) throw new UnknownUnitError(unit, "concentration", Object.keys(DIVISORS).join(", "));
  return d;
}

/** `value` in `unit` → ng/mg (value / divisor). @throws UnknownUnitError */
export function toNgPerMg(value: number, unit: string): number {
  return value / hairDivisor(unit);
}
