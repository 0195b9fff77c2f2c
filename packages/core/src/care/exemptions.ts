/**
 * Age and the exemptions from 强制隔离戒毒 that shape a case (stricter community supervision instead).
 *
 * - 民法典 §17: a person under 18 full years is a minor (未成年人); minors' cases get stricter privacy and care
 *   (未成年人保护法; domain.md §0 finding 8).
 * - 禁毒法 §39 ¶1: 强制隔离戒毒 does NOT apply to a woman who is pregnant or nursing her own baby under 1 year;
 *   it MAY be not applied to a minor under 16. ¶2: such people do 社区戒毒 under strengthened help, education and
 *   supervision by the township (戒毒条例 §26).
 * So an escalation proposal for such a person must carry the exemption; the police decide.
 */
import { ScienceInputError } from "../errors.js";
import { addYears, compareDates, type IsoDate, requireIsoDate } from "./dates.js";

/**
 * Age in full years on `on`. A birthday on 29 February is reached on 28 February in common years (民法典 §202
 * month-end rule applied to years).
 * @throws ScienceInputError for invalid dates or `on` before `birthDate`
 */
export function ageInYears(birthDate: IsoDate, on: IsoDate): number {
  requireIsoDate("birthDate", birthDate);
  requireIsoDate("on", on);
  if (compareDates(on, birthDate) < 0)
    throw new ScienceInputError("on", on, `a date on or after birthDate ${birthDate}`);
  let age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (compareDates(addYears(birthDate, age), on) > 0) age--;
  return age;
}

/** Under 18 full years on `on` (民法典 §17). */
export function isMinor(birthDate: IsoDate, on: IsoDate): boolean {
  return ageInYears(birthDate, on) < 18;
}

export interface CompulsoryIsolationExemption {
  /** 强制隔离戒毒 does not apply (pregnant, or nursing own baby under 1 year) — 禁毒法 §39 ¶1 */
  excluded: boolean;
  /** 强制隔离戒毒 may be not applied (minor under 16) — 禁毒法 §39 ¶1 */
  mayBeExempted: boolean;
  /** the person is a minor (< 18): stricter handling of the case */
  minor: boolean;
  reasons: string[];
  basis: "禁毒法 §39; 戒毒条例 §26";
}

/**
 * Exemptions from 强制隔离戒毒 on `on`.
 * @param input.youngestOwnBabyBirthDate birth date of the woman's own baby she is nursing, if any
 */
export function compulsoryIsolationExemption(input: {
  birthDate: IsoDate;
  sex: "male" | "female";
  pregnant: boolean;
  youngestOwnBabyBirthDate: IsoDate | null;
  on: IsoDate;
}): CompulsoryIsolationExemption {
  const age = ageInYears(input.birthDate, input.on);
  const reasons: string[] = [];
  let excluded = false;
  if (input.sex === "female" && input.pregnant) {
    excluded = true;
    reasons.push("pregnant");
  }
  if (
    input.sex === "female" &&
    input.youngestOwnBabyBirthDate !== null &&
    compareDates(input.on, addYears(input.youngestOwnBabyBirthDate, 1)) < 0 &&
    compareDates(input.on, input.youngestOwnBabyBirthDate) >= 0
  ) {
    excluded = true;
    reasons.push("nursing_baby_under_1");
  }
  const mayBeExempted = age < 16;
  if (mayBeExempted) reasons.push("minor_under_16");
  return { excluded, mayBeExempted, minor: age < 18, reasons, basis: "禁毒法 §39; 戒毒条例 §26" };
}
