/**
 * Advisory risk assessment of a person under community measures.
 *
 * Grades 高/中/低 follow the national risk-classification rules (《社会面吸毒人员风险分类评估管控办法》,
 * 禁毒办通〔2016〕37号; domain.md §1.6 ◐). Their high-risk criteria include: refused or seriously breached
 * 社区戒毒/康复; suicide or self-harm tendency; mental abnormality or loss of control. The 浙江 2022 model scores
 * drug use, behaviour, number of treatments, time abstinent, family and employment (domain.md §1.6 ◐).
 *
 * The weights below are THIS PLATFORM'S MODEL (version {@link RISK_MODEL_VERSION}), a documented judgement — not
 * an official table. The score is the sum of the contributions (0–100); the grade is from the score, except that
 * any 37号 high-risk criterion makes the grade `high`. The result is ADVISORY: a person must confirm it before it
 * changes a measure or a test schedule (issue #6).
 */
import { ScienceInputError } from "../errors.js";

export type RiskGrade = "high" | "medium" | "low";
export const RISK_GRADES: readonly RiskGrade[] = ["high", "medium", "low"];

export const RISK_MODEL_VERSION = "tracewater-care-risk-1.0";

/** Facts about a person used by the model (counts over the last 12 months unless stated). */
export interface RiskInput {
  /** refused or seriously breached a community measure (37号 high-risk criterion) */
  refusedOrSevereBreach: boolean;
  /** suicide or self-harm tendency (37号 high-risk criterion) */
  selfHarmRisk: boolean;
  /** mental abnormality or loss of behavioural control (37号 high-risk criterion) */
  mentalHealthConcern: boolean;
  /** positive tests in the last 12 months */
  positiveTests12m: number;
  /** evaded or refused tests in the last 12 months */
  testEvasionsOrRefusals12m: number;
  /** unauthorised leaves in the last 12 months */
  unauthorizedLeaves12m: number;
  /** earlier treatment episodes (社区戒毒/康复, 强戒, MMT) */
  previousTreatmentEpisodes: number;
  /** months since the last known use; null when unknown */
  monthsSinceLastUse: number | null;
  employed: boolean;
  familySupport: boolean;
}

export type RiskFactorCode =
  | "refused_or_severe_breach"
  | "self_harm_risk"
  | "mental_health_concern"
  | "positive_tests_12m"
  | "test_evasions_12m"
  | "unauthorized_leaves_12m"
  | "previous_treatments"
  | "time_since_last_use"
  | "unemployed"
  | "no_family_support";

/** The model's weights (points). Maximum total = 100. */
export const RISK_WEIGHTS = Object.freeze({
  refusedOrSevereBreach: 20,
  selfHarmRisk: 10,
  mentalHealthConcern: 8,
  /** per positive test, counted up to 3 */
  perPositiveTest: 6,
  /** per evaded/refused test, counted up to 3 */
  perTestEvasion: 4,
  /** per unauthorised leave, counted up to 3 */
  perUnauthorizedLeave: 2,
  /** per earlier episode, counted up to 3 */
  perPreviousTreatment: 2,
  /** months since last use: < 6 → 8, 6–11 → 5, 12–35 → 2, ≥ 36 → 0, unknown → 5 */
  lastUseUnder6Months: 8,
  lastUse6To11Months: 5,
  lastUse12To35Months: 2,
  lastUseUnknown: 5,
  unemployed: 6,
  noFamilySupport: 6,
  /** count cap for the per-event factors */
  countCap: 3,
});

/** Score bands: ≥ 50 high, 25–49 medium, < 25 low. */
export const RISK_GRADE_THRESHOLDS = Object.freeze({ high: 50, medium: 25 });

export interface RiskContribution {
  factor: RiskFactorCode;
  points: number;
  /** the input value that produced it */
  value: number | boolean | null;
}

export interface RiskAssessmentResult {
  modelVersion: string;
  /** sum of `contributions[].points`, 0–100 */
  score: number;
  grade: RiskGrade;
  /** true when a 37号 high-risk criterion forced `high` regardless of the score */
  gradeOverridden: boolean;
  /** contributions with points > 0, largest first */
  contributions: RiskContribution[];
  advisory: true;
  requiresConfirmation: true;
}

function requireCount(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 0) throw new ScienceInputError(field, v, "an integer ≥ 0");
  return v;
}

/**
 * Score a person with model {@link RISK_MODEL_VERSION}.
 * @throws ScienceInputError for a negative or non-integer count, or a negative `monthsSinceLastUse`
 */
export function assessRisk(input: RiskInput): RiskAssessmentResult {
  const w = RISK_WEIGHTS;
  const cap = (n: number) => Math.min(n, w.countCap);
  const positives = requireCount("positiveTests12m", input.positiveTests12m);
  const evasions = requireCount("testEvasionsOrRefusals12m", input.testEvasionsOrRefusals12m);
  const leaves = requireCount("unauthorizedLeaves12m", input.unauthorizedLeaves12m);
  const episodes = requireCount("previousTreatmentEpisodes", input.previousTreatmentEpisodes);
  const m = input.monthsSinceLastUse;
  if (m !== null && (!Number.isFinite(m) || m < 0))
    throw new ScienceInputError("monthsSinceLastUse", m, "a number ≥ 0 or null");
  const lastUsePoints =
    m === null
      ? w.lastUseUnknown
      : m < 6
        ? w.lastUseUnder6Months
        : m < 12
          ? w.lastUse6To11Months
          : m < 36
            ? w.lastUse12To35Months
            : 0;
  const all: RiskContribution[] = [
    {
      factor: "refused_or_severe_breach",
      points: input.refusedOrSevereBreach ? w.refusedOrSevereBreach : 0,
      value: input.refusedOrSevereBreach,
    },
    { factor: "self_harm_risk", points: input.selfHarmRisk ? w.selfHarmRisk : 0, value: input.selfHarmRisk },
    {
      factor: "mental_health_concern",
      points: input.mentalHealthConcern ? w.mentalHealthConcern : 0,
      value: input.mentalHealthConcern,
    },
    { factor: "positive_tests_12m", points: cap(positives) * w.perPositiveTest, value: positives },
    { factor: "test_evasions_12m", points: cap(evasions) * w.perTestEvasion, value: evasions },
    { factor: "unauthorized_leaves_12m", points: cap(leaves) * w.perUnauthorizedLeave, value: leaves },
    { factor: "previous_treatments", points: cap(episodes) * w.perPreviousTreatment, value: episodes },
    { factor: "time_since_last_use", points: lastUsePoints, value: m },
    { factor: "unemployed", points: input.employed ? 0 : w.unemployed, value: !input.employed },
    { factor: "no_family_support", points: input.familySupport ? 0 : w.noFamilySupport, value: !input.familySupport },
  ];
  const contributions = all.filter((c) => c.points > 0).sort((a, b) => b.points - a.points);
  const score = contributions.reduce((s, c) => s + c.points, 0);
  const byScore: RiskGrade =
    score >= RISK_GRADE_THRESHOLDS.high ? "high" : score >= RISK_GRADE_THRESHOLDS.medium ? "medium" : "low";
  const criterion = input.refusedOrSevereBreach || input.selfHarmRisk || input.mentalHealthConcern;
  return {
    modelVersion: RISK_MODEL_VERSION,
    score,
    grade: criterion ? "high" : byScore,
    gradeOverridden: criterion && byScore !== "high",
    contributions,
    advisory: true,
    requiresConfirmation: true,
  };
}
