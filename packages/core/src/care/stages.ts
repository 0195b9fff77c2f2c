/**
 * The three stages of recovery (三个阶段: 生理脱毒 → 身心康复 → 融入社会), tracked SEPARATELY from the legal state
 * of the measure (domain.md §1.9, §7.2 `StageProgress`).
 *
 * Typical durations (domain.md §1.9 ◐): 生理脱毒 1–3 weeks (P-G1); 身心康复 6–12 months (P-G1, P-G2); 融入社会
 * aftercare and reintegration (Guizhou 阳光工程 「生理脱毒、身心康复、就业安置、融入社会」, P-G3).
 * The criteria below are DATA (⚠ assumptions built on those durations, to be confirmed with the city's medical
 * and social-work staff): a minimum time in the stage, consecutive negative tests, and confirmations that only
 * the named evaluator role can give. Advancing is a human decision; {@link evaluateStage} only says whether the
 * criteria are met, {@link advanceStage} records the decision and refuses skipping a stage.
 */
import { ScienceInputError } from "../errors.js";
import { compareDates, daysBetween, type IsoDate, requireIsoDate } from "./dates.js";
import type { TestRecord } from "./drug-tests.js";
import type { Actor } from "./measure-types.js";

export type RecoveryStage = "detoxification" | "rehabilitation" | "reintegration";
export const RECOVERY_STAGES: readonly RecoveryStage[] = ["detoxification", "rehabilitation", "reintegration"];
export const RECOVERY_STAGE_LABELS_ZH: Readonly<Record<RecoveryStage, string>> = {
  detoxification: "生理脱毒",
  rehabilitation: "身心康复",
  reintegration: "融入社会",
};

export type StageCriterion =
  | { code: string; kind: "min_days_in_stage"; days: number; titleZh: string; titleEn: string }
  | { code: string; kind: "consecutive_negative_tests"; count: number; titleZh: string; titleEn: string }
  | { code: string; kind: "evaluator_confirms"; evaluatorRole: string; titleZh: string; titleEn: string };

/** Criteria to LEAVE each stage (the last stage has none: it ends with the measure). */
export type StageCriteriaSet = Readonly<Record<RecoveryStage, readonly StageCriterion[]>>;

export const DEFAULT_STAGE_CRITERIA: StageCriteriaSet = Object.freeze({
  detoxification: [
    {
      code: "detox.min_days",
      kind: "min_days_in_stage",
      days: 7,
      titleZh: "生理脱毒不少于7日",
      titleEn: "At least 7 days of withdrawal management",
    },
    {
      code: "detox.negative",
      kind: "consecutive_negative_tests",
      count: 1,
      titleZh: "最近一次检测阴性",
      titleEn: "Latest test negative",
    },
    {
      code: "detox.medical",
      kind: "evaluator_confirms",
      evaluatorRole: "medical_staff",
      titleZh: "医务人员确认戒断症状消退",
      titleEn: "Medical staff confirm withdrawal symptoms resolved",
    },
  ],
  rehabilitation: [
    {
      code: "rehab.min_days",
      kind: "min_days_in_stage",
      days: 180,
      titleZh: "身心康复不少于6个月",
      titleEn: "At least 6 months of rehabilitation",
    },
    {
      code: "rehab.negatives",
      kind: "consecutive_negative_tests",
      count: 3,
      titleZh: "连续3次检测阴性",
      titleEn: "3 consecutive negative tests",
    },
    {
      code: "rehab.psych",
      kind: "evaluator_confirms",
      evaluatorRole: "social_worker",
      titleZh: "社工评估心理与行为状况稳定",
      titleEn: "Social worker assesses psychological and behavioural stability",
    },
  ],
  reintegration: [],
});

export interface StageProgress {
  stage: RecoveryStage;
  enteredAt: IsoDate;
  history: StageChange[];
}

export interface StageChange {
  from: RecoveryStage | null;
  to: RecoveryStage;
  at: IsoDate;
  evaluatorId: string;
  evaluatorRole: string;
  reason: string;
  /** criterion codes met at the time of the decision */
  criteriaMet: string[];
}

/** A confirmation given by an evaluator (criterion code, role, date). */
export interface StageConfirmation {
  criterionCode: string;
  evaluatorRole: string;
  at: IsoDate;
}

export interface StageEvaluation {
  stage: RecoveryStage;
  next: RecoveryStage | null;
  criteria: { code: string; met: boolean; detail: string }[];
  /** all criteria met and a next stage exists */
  readyToAdvance: boolean;
}

/** A new progress record in `detoxification` from `at`. */
export function startStageProgress(at: IsoDate, evaluator: Actor, reason: string): StageProgress {
  requireIsoDate("at", at);
  return {
    stage: "detoxification",
    enteredAt: at,
    history: [
      {
        from: null,
        to: "detoxification",
        at,
        evaluatorId: evaluator.id,
        evaluatorRole: evaluator.role,
        reason,
        criteriaMet: [],
      },
    ],
  };
}

/** Number of negative tests at the end of the sequence (tests up to `asOf`, in date order, finals only). */
export function trailingNegativeTests(tests: readonly TestRecord[], asOf: IsoDate): number {
  const done = tests
    .filter((t) => t.outcome !== "scheduled" && compareDates(t.date, asOf) <= 0)
    .slice()
    .sort((a, b) => compareDates(a.date, b.date));
  let n = 0;
  for (let i = done.length - 1; i >= 0; i--) {
    if ((done[i] as TestRecord).outcome === "negative") n++;
    else break;
  }
  return n;
}

/**
 * Which criteria to leave the current stage are met on `asOf`. Only tests and confirmations dated on or after
 * entering the stage count; a confirmation counts only if given by the criterion's evaluator role.
 */
export function evaluateStage(
  progress: StageProgress,
  facts: { tests: readonly TestRecord[]; confirmations: readonly StageConfirmation[]; asOf: IsoDate },
  criteriaSet: StageCriteriaSet = DEFAULT_STAGE_CRITERIA,
): StageEvaluation {
  const idx = RECOVERY_STAGES.indexOf(progress.stage);
  const next = RECOVERY_STAGES[idx + 1] ?? null;
  const inStageTests = facts.tests.filter((t) => compareDates(t.date, progress.enteredAt) >= 0);
  const criteria = criteriaSet[progress.stage].map((c): { code: string; met: boolean; detail: string } => {
    switch (c.kind) {
      case "min_days_in_stage": {
        const d = daysBetween(progress.enteredAt, facts.asOf);
        return { code: c.code, met: d >= c.days, detail: `${d} of ${c.days} days` };
      }
      case "consecutive_negative_tests": {
        const n = trailingNegativeTests(inStageTests, facts.asOf);
        return { code: c.code, met: n >= c.count, detail: `${n} of ${c.count} consecutive negative tests` };
      }
      case "evaluator_confirms": {
        const ok = facts.confirmations.some(
          (x) =>
            x.criterionCode === c.code &&
            x.evaluatorRole === c.evaluatorRole &&
            compareDates(x.at, progress.enteredAt) >= 0 &&
            compareDates(x.at, facts.asOf) <= 0,
        );
        return {
          code: c.code,
          met: ok,
          detail: ok ? `confirmed by ${c.evaluatorRole}` : `awaiting ${c.evaluatorRole}`,
        };
      }
      default:
        throw new ScienceInputError("criteria.kind", (c as { kind: unknown }).kind, "a known criterion kind");
    }
  });
  return { stage: progress.stage, next, criteria, readyToAdvance: next !== null && criteria.every((c) => c.met) };
}

/**
 * Record a stage decision by an evaluator. Forward moves go to the NEXT stage only (no skipping); a move back
 * (e.g. to 生理脱毒 after a relapse) is allowed to any earlier stage. The date must not precede the current stage's
 * entry date. Criteria are not re-checked here (the evaluator decides, using {@link evaluateStage}).
 * @throws ScienceInputError for a skipped stage, the same stage, a date before the entry, or a missing evaluator/reason
 */
export function advanceStage(
  progress: StageProgress,
  decision: { to: RecoveryStage; at: IsoDate; evaluator: Actor; reason: string; criteriaMet?: string[] },
): StageProgress {
  requireIsoDate("at", decision.at);
  if (!decision.evaluator?.id || !decision.evaluator?.role)
    throw new ScienceInputError("evaluator", decision.evaluator, "an evaluator with id and role");
  if (!decision.reason?.trim()) throw new ScienceInputError("reason", decision.reason, "a non-empty reason");
  if (compareDates(decision.at, progress.enteredAt) < 0) {
    throw new ScienceInputError("at", decision.at, `a date on or after the stage entry ${progress.enteredAt}`);
  }
  const from = RECOVERY_STAGES.indexOf(progress.stage);
  const to = RECOVERY_STAGES.indexOf(decision.to);
  if (to < 0) throw new ScienceInputError("to", decision.to, RECOVERY_STAGES.join(" | "));
  if (to === from) throw new ScienceInputError("to", decision.to, `a stage other than the current ${progress.stage}`);
  if (to > from + 1) {
    throw new ScienceInputError(
      "to",
      decision.to,
      `the next stage ${RECOVERY_STAGES[from + 1]} (stages cannot be skipped)`,
    );
  }
  return {
    stage: decision.to,
    enteredAt: decision.at,
    history: [
      ...progress.history,
      {
        from: progress.stage,
        to: decision.to,
        at: decision.at,
        evaluatorId: decision.evaluator.id,
        evaluatorRole: decision.evaluator.role,
        reason: decision.reason.trim(),
        criteriaMet: decision.criteriaMet ?? [],
      },
    ],
  };
}
