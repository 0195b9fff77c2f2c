/**
 * Dynamic control (动态管控) and its three-year abstinence clock.
 *
 * - Dynamic control is statutory (戒毒条例 §4) and stops for a person who has not used drugs for 3 years
 *   (戒毒条例 §7 ¶2: 「对戒断3年未复吸的人员，不再实行动态管控」).
 * - The clock starts at (a) the seizure without an addiction finding, (b) the start of 社区戒毒/康复 (the report),
 *   or (c) the release from 强制隔离戒毒 (上海市禁毒条例 §29; 山东省禁毒条例 §36); any new positive test restarts it
 *   (domain.md §7.4 DynamicControl).
 * - Exclusion: a person who refused or seriously breached community treatment is not released by the clock
 *   (上海 §29 / 山东 §36 exception); a police decision is needed.
 * - "3 years" uses the 民法典 §202 end-of-month rule (`dates.ts`): the clock is complete on the corresponding date.
 * Release is ADVISORY: the police decide; this module only says when the person becomes eligible.
 */
import { addMonths, compareDates, daysBetween, type IsoDate, requireIsoDate } from "./dates.js";

/** Abstinence period after which dynamic control ends (戒毒条例 §7 ¶2). */
export const ABSTINENCE_RELEASE_MONTHS = 36;

/** Where the clock started. */
export type ControlClockAnchor = "seizure" | "measure_start" | "compulsory_release";

export type ControlExclusion = "refusal" | "severe_breach";

export interface DynamicControlInput {
  /** date of the anchor event (seizure, report to the township, or release from 强戒) */
  anchorDate: IsoDate;
  anchor: ControlClockAnchor;
  /** dates of every positive test (or other proof of use) known for the person */
  positiveDates: readonly IsoDate[];
  /** refusal or severe breach recorded for a community measure (no release by the clock) */
  exclusions: readonly ControlExclusion[];
  asOf: IsoDate;
}

export interface DynamicControlStatus {
  /** the anchor, or the latest positive on or after it (on or before `asOf`) */
  clockStart: IsoDate;
  /** true when a positive restarted the clock */
  resetByPositive: boolean;
  /** clockStart + 36 months */
  releaseEligibleFrom: IsoDate;
  /** `asOf ≥ releaseEligibleFrom` and no exclusion */
  eligible: boolean;
  /** full days remaining to `releaseEligibleFrom` (0 when reached) */
  daysRemaining: number;
  exclusions: ControlExclusion[];
  advisory: true;
}

/**
 * Status of the three-year clock on `asOf`. Positives after `asOf` are ignored (not yet known on that day).
 * @throws ScienceInputError for invalid dates
 */
export function dynamicControlStatus(input: DynamicControlInput): DynamicControlStatus {
  requireIsoDate("anchorDate", input.anchorDate);
  requireIsoDate("asOf", input.asOf);
  let clockStart = input.anchorDate;
  let reset = false;
  for (const p of input.positiveDates) {
    requireIsoDate("positiveDates", p);
    if (compareDates(p, input.asOf) > 0) continue;
    if (compareDates(p, clockStart) > 0) {
      clockStart = p;
      reset = true;
    }
  }
  const releaseEligibleFrom = addMonths(clockStart, ABSTINENCE_RELEASE_MONTHS);
  const reached = compareDates(input.asOf, releaseEligibleFrom) >= 0;
  const exclusions = [...new Set(input.exclusions)];
  return {
    clockStart,
    resetByPositive: reset,
    releaseEligibleFrom,
    eligible: reached && exclusions.length === 0,
    daysRemaining: Math.max(0, daysBetween(input.asOf, releaseEligibleFrom)),
    exclusions,
    advisory: true,
  };
}
