/**
 * The severe-breach rule and police-report proposals.
 *
 * 戒毒条例 §20: during the measure, 「逃避或者拒绝接受检测3次以上，擅自离开社区戒毒执行地所在县（市、区）3次以上或者
 * 累计超过30日的」 is a 「严重违反社区戒毒协议」 (禁毒法 §38 ground for 强制隔离戒毒).
 * - "3次以上" includes 3 (民法典 §1259): ≥ 3 evasions or refusals (counted together), ≥ 3 unauthorised leaves.
 * - "累计超过30日" excludes 30 (民法典 §1259): total unauthorised days ≥ 31.
 * 戒毒条例 §21: refusal, renewed drug use, or a severe breach must be reported to the police promptly.
 *
 * The output is ADVISORY: a proposal that a person (the township worker, then the police) must confirm before any
 * `report_to_police` transition is recorded (issue #6: automated rules are advisory only).
 */
import { compareDates, type IsoDate } from "./dates.js";
import { classifyLeave, type LeaveRecord } from "./deadlines.js";
import { isEvasionOrRefusal, type TestRecord } from "./drug-tests.js";
import type { PoliceReportTrigger } from "./measure-types.js";

/** Thresholds of 戒毒条例 §20. */
export const SEVERE_BREACH_THRESHOLDS = Object.freeze({
  /** evasions + refusals of tests: 「3次以上」 → ≥ 3 */
  testEvasionsOrRefusals: 3,
  /** unauthorised leaves from the county: 「3次以上」 → ≥ 3 */
  unauthorizedLeaves: 3,
  /** total unauthorised days: 「累计超过30日」 → > 30 */
  unauthorizedLeaveDaysExceeding: 30,
});

export type ViolationKind = "evade_test" | "refuse_test" | "unauthorized_leave" | "drug_use" | "other";

/** A recorded breach during the measure. `days` is required for `unauthorized_leave`. */
export interface Violation {
  kind: ViolationKind;
  at: IsoDate;
  days?: number;
  /** false when a worker excluded it (e.g. later found excused); default true */
  countsTowardSevere?: boolean;
}

export type SevereBreachGround = "test_evasion_or_refusal" | "unauthorized_leave_count" | "unauthorized_leave_days";

export interface SevereBreachAssessment {
  severeBreach: boolean;
  grounds: SevereBreachGround[];
  counts: { testEvasionsOrRefusals: number; unauthorizedLeaves: number; unauthorizedLeaveDays: number };
}

/** An advisory proposal to report to the police (戒毒条例 §21). Never applied automatically. */
export interface PoliceReportProposal {
  trigger: PoliceReportTrigger;
  advisory: true;
  requiresConfirmation: true;
  /** date of the fact that completed the ground (e.g. the third refusal); for relapse, the latest use */
  since: IsoDate;
  /**
   * date of the latest fact counted for this trigger (latest use; latest evasion/refusal/unauthorised leave).
   * A proposal handled (confirmed or dismissed) on or after this date needs no new decision; a later fact while
   * the ground still holds makes it a new proposal.
   */
  latestFactAt: IsoDate;
  basis: string;
  explanation: string;
}

/**
 * Count the violations of 戒毒条例 §20 that fall in `[from, to]` (both inclusive; omit for all) and decide
 * whether they reach a severe breach.
 */
export function assessSevereBreach(
  violations: readonly Violation[],
  window: { from?: IsoDate; to?: IsoDate } = {},
): SevereBreachAssessment {
  let testEvasionsOrRefusals = 0;
  let unauthorizedLeaves = 0;
  let unauthorizedLeaveDays = 0;
  for (const v of violations) {
    if (v.countsTowardSevere === false) continue;
    if (window.from && compareDates(v.at, window.from) < 0) continue;
    if (window.to && compareDates(v.at, window.to) > 0) continue;
    if (v.kind === "evade_test" || v.kind === "refuse_test") testEvasionsOrRefusals++;
    else if (v.kind === "unauthorized_leave") {
      unauthorizedLeaves++;
      unauthorizedLeaveDays += Math.max(0, v.days ?? 0);
    }
  }
  const grounds: SevereBreachGround[] = [];
  const t = SEVERE_BREACH_THRESHOLDS;
  if (testEvasionsOrRefusals >= t.testEvasionsOrRefusals) grounds.push("test_evasion_or_refusal");
  if (unauthorizedLeaves >= t.unauthorizedLeaves) grounds.push("unauthorized_leave_count");
  if (unauthorizedLeaveDays > t.unauthorizedLeaveDaysExceeding) grounds.push("unauthorized_leave_days");
  return {
    severeBreach: grounds.length > 0,
    grounds,
    counts: { testEvasionsOrRefusals, unauthorizedLeaves, unauthorizedLeaveDays },
  };
}

/**
 * Violations implied by test outcomes and leaves as of `asOf`: `evaded`/`refused` tests → evade_test/refuse_test;
 * `positive` → drug_use; leaves that {@link classifyLeave} finds unauthorised → unauthorized_leave with its days
 * (an ongoing leave counts the days so far). `missed` tests are not violations until a worker classifies them.
 */
export function deriveViolations(input: {
  tests?: readonly TestRecord[];
  leaves?: readonly LeaveRecord[];
  asOf: IsoDate;
}): Violation[] {
  const out: Violation[] = [];
  for (const t of input.tests ?? []) {
    if (compareDates(t.date, input.asOf) > 0) continue;
    if (isEvasionOrRefusal(t.outcome))
      out.push({ kind: t.outcome === "evaded" ? "evade_test" : "refuse_test", at: t.date });
    else if (t.outcome === "positive") out.push({ kind: "drug_use", at: t.date });
  }
  for (const l of input.leaves ?? []) {
    if (compareDates(l.departedAt, input.asOf) > 0) continue;
    const a = classifyLeave(l, input.asOf);
    if (a.unauthorized) out.push({ kind: "unauthorized_leave", at: l.departedAt, days: a.days });
  }
  return out.sort((a, b) => compareDates(a.at, b.at));
}

/**
 * Police-report proposals (戒毒条例 §21) from the violations of the current measure: one `relapse` proposal when
 * any `drug_use` is recorded (dated at the latest), and one `severe_breach` proposal when
 * {@link assessSevereBreach} reaches a ground (dated at the violation that completed it).
 */
export function proposePoliceReports(
  violations: readonly Violation[],
  window: { from?: IsoDate; to?: IsoDate } = {},
): PoliceReportProposal[] {
  const inWindow = violations
    .filter((v) => v.countsTowardSevere !== false)
    .filter((v) => !window.from || compareDates(v.at, window.from) >= 0)
    .filter((v) => !window.to || compareDates(v.at, window.to) <= 0)
    .slice()
    .sort((a, b) => compareDates(a.at, b.at));
  const out: PoliceReportProposal[] = [];
  const uses = inWindow.filter((v) => v.kind === "drug_use");
  if (uses.length > 0) {
    const last = uses[uses.length - 1] as Violation;
    out.push({
      trigger: "relapse",
      advisory: true,
      requiresConfirmation: true,
      since: last.at,
      latestFactAt: last.at,
      basis: "戒毒条例 §21; 禁毒法 §35, §38",
      explanation: `Drug use recorded during the measure (${uses.length}×, latest ${last.at})`,
    });
  }
  // find the first date at which a ground is reached
  for (let i = 0; i < inWindow.length; i++) {
    const a = assessSevereBreach(inWindow.slice(0, i + 1));
    if (a.severeBreach) {
      const full = assessSevereBreach(inWindow);
      const c = full.counts;
      const counted = inWindow.filter(
        (v) => v.kind === "evade_test" || v.kind === "refuse_test" || v.kind === "unauthorized_leave",
      );
      const latest = (counted[counted.length - 1] as Violation).at;
      out.push({
        trigger: "severe_breach",
        advisory: true,
        requiresConfirmation: true,
        since: (inWindow[i] as Violation).at,
        latestFactAt: latest,
        basis: "戒毒条例 §20, §21; 禁毒法 §38",
        explanation: `Severe breach (${full.grounds.join(", ")}): ${c.testEvasionsOrRefusals} test evasions/refusals, ${c.unauthorizedLeaves} unauthorised leaves totalling ${c.unauthorizedLeaveDays} days`,
      });
      break;
    }
  }
  return out;
}
