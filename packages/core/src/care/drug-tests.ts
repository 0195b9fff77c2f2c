/**
 * Kinds and outcomes of drug tests of people under community measures.
 *
 * - Samples: urine, saliva, blood, hair (上海市禁毒条例 §28; 吸毒检测程序规定 (公安部 2009, rev. 2017) lists urine,
 *   blood and hair; domain.md §1.1–§1.2).
 * - Test levels: 现场检测 (field), 实验室检测 (lab), 实验室复检 (lab re-test at a different laboratory) (吸毒检测程序规定).
 * - Outcomes: a scheduled test ends as negative/positive, or as missed, refused or evaded (domain.md §7.4 DrugTest).
 *   Refused and evaded tests count toward the severe-breach rule (戒毒条例 §20); a missed test does not until a
 *   worker classifies it (an excused absence is not an evasion).
 */
import type { IsoDate } from "./dates.js";

export type TestMatrix = "urine" | "saliva" | "blood" | "hair";
export const TEST_MATRICES: readonly TestMatrix[] = ["urine", "saliva", "blood", "hair"];

export type TestLevel = "field" | "lab" | "lab_retest";
export const TEST_LEVELS: readonly TestLevel[] = ["field", "lab", "lab_retest"];

/** `scheduled` = not yet done; the others are final. */
export type TestOutcome = "scheduled" | "negative" | "positive" | "missed" | "refused" | "evaded";
export const TEST_OUTCOMES: readonly TestOutcome[] = [
  "scheduled",
  "negative",
  "positive",
  "missed",
  "refused",
  "evaded",
];

/** Whether a test was planned in the schedule or unannounced (random). */
export type TestScheduleKind = "scheduled" | "random";

/** A test as the rules need it (storage keeps more: collectors, sample ids, analytes, lab). */
export interface TestRecord {
  id?: string;
  /** planned date (or the collection date of an unplanned test) */
  date: IsoDate;
  outcome: TestOutcome;
  matrix?: TestMatrix;
  scheduleKind?: TestScheduleKind;
}

/** True for outcomes that count toward 「逃避或者拒绝接受检测」 (戒毒条例 §20). */
export function isEvasionOrRefusal(outcome: TestOutcome): boolean {
  return outcome === "evaded" || outcome === "refused";
}
