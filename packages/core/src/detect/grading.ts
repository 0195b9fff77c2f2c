/**
 * Grading of detector output into warning levels blue/yellow/orange/red (蓝/黄/橙/红, ascending severity — the
 * four-colour scale of Chinese early-warning practice, red = most serious, DESIGN.md §7) by configurable rules of
 * score and persistence; every graded point carries its explanation (issue #4: values, baseline, threshold,
 * detector).
 *
 * A rule set lists conditions `{level, minScore, persistenceDays}`. A condition holds at an observation on day d
 * when the run of consecutive observations ending at d, all with score ≥ minScore, started on a day s with
 * d − s + 1 ≥ persistenceDays ("above the threshold for at least N days"; with daily sampling N consecutive days,
 * with weekly sampling two consecutive samples already span 8 days). An observation without a score (censored,
 * no baseline) breaks every run. The level at d is the most severe level among the conditions that hold; a point
 * where none holds is not an alert.
 *
 * The default rule sets below are judgement (to be tuned with `evaluate-detectors` on simulated truth, issue #4):
 * the first condition of each is the detector's own alarm threshold (robust z 3.5 ≈ one-sided normal 0.023 %,
 * heavier tails from an 8-point MAD taken into account; EWMA and CUSUM at their control limit, EARS at 3/3/2,
 * mass-balance z 3), higher levels need a larger score or persistence.
 */
import { ScienceInputError } from "../errors.js";
import { dayNumber, parseDayNumber } from "./day-number.js";

/** Warning levels in ascending severity. */
export const WARNING_LEVELS = ["blue", "yellow", "orange", "red"] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
/** Chinese names of the levels (蓝色/黄色/橙色/红色预警). */
export const WARNING_LEVEL_ZH: Readonly<Record<WarningLevel, string>> = Object.freeze({ blue: "蓝", yellow: "黄", orange: "橙", red: "红" });

/** Detector identifiers used in explanations and rule sets. */
export type DetectorName =
  | "robust-z"
  | "ewma"
  | "cusum"
  | "step-cusum"
  | "ears-c1"
  | "ears-c2"
  | "ears-c3"
  | "subcatchment"
  | "mass-balance"
  | "new-substance-site"
  | "new-substance-network";

export interface GradingCondition {
  level: WarningLevel;
  /** the score must be ≥ this value */
  minScore: number;
  /** minimum run length in calendar days (integer ≥ 1); default 1 */
  persistenceDays?: number;
}

export interface GradingRuleSet {
  detector: DetectorName;
  /** the score's meaning, for the explanation (e.g. "robust z", "S/h") */
  scoreLabel: string;
  conditions: readonly GradingCondition[];
}

/** One scored observation of a detector (one site × analyte, or one node for mass balance). */
export interface ScoredPoint {
  /** `YYYY-MM-DD`, strictly increasing within one call */
  date: string;
  /** detector score; null = not available (breaks persistence runs) */
  score: number | null;
  /** the observed value (e.g. PNL, or ln ratio), for the explanation */
  value?: number | null;
  /** the baseline/expected value in the same unit as `value` */
  baseline?: number | null;
  /** the detector's own alarm threshold on this day (e.g. EWMA UCL_t) */
  detectorThreshold?: number | null;
}

/** Why a point was graded (shown in the alert inbox with the chart). */
export interface AlertExplanation {
  detector: DetectorName;
  scoreLabel: string;
  date: string;
  score: number;
  value: number | null;
  baseline: number | null;
  detectorThreshold: number | null;
  /** the condition that gave the level (the first, in rule order, among those of that level that hold) */
  condition: { level: WarningLevel; minScore: number; persistenceDays: number };
  /** first day of the run above condition.minScore ending at `date` */
  runStartDate: string;
  /** calendar days of that run (d − s + 1) */
  runDays: number;
}

export interface GradedPoint {
  date: string;
  level: WarningLevel;
  levelZh: string;
  detector: DetectorName;
  score: number;
  explanation: AlertExplanation;
}

/** Checks a rule set. @throws ScienceInputError naming the offending condition */
export function validateRuleSet(rules: GradingRuleSet): void {
  if (!rules.conditions.length) throw new ScienceInputError(`rules[${rules.detector}].conditions`, "[]", "at least one condition");
  rules.conditions.forEach((c, i) => {
    const f = `rules[${rules.detector}].conditions[${i}]`;
    if (!WARNING_LEVELS.includes(c.level)) throw new ScienceInputError(`${f}.level`, c.level, WARNING_LEVELS.join(" | "));
    if (!Number.isFinite(c.minScore)) throw new ScienceInputError(`${f}.minScore`, c.minScore, "a finite number");
    const p = c.persistenceDays ?? 1;
    if (!Number.isInteger(p) || p < 1) throw new ScienceInputError(`${f}.persistenceDays`, p, "an integer ≥ 1");
  });
}

const rank = (l: WarningLevel) => WARNING_LEVELS.indexOf(l);

/**
 * Grades a scored series; returns the points where at least one condition holds, in date order.
 * O(n × conditions).
 * @throws ScienceInputError for an invalid rule set or dates that are invalid or not strictly increasing
 */
export function gradeSeries(points: readonly ScoredPoint[], rules: GradingRuleSet): GradedPoint[] {
  validateRuleSet(rules);
  const conds = rules.conditions.map((c) => ({ level: c.level, minScore: c.minScore, persistenceDays: c.persistenceDays ?? 1 }));
  const runStart: (number | null)[] = conds.map(() => null); // index where the current run started, per condition
  const days: number[] = [];
  const out: GradedPoint[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  points.forEach((p, i) => {
    let d = parseDayNumber(p.date);
    if (Number.isNaN(d)) d = dayNumber(p.date, `points[${i}].date`); // throws
    if (d <= prev) throw new ScienceInputError(`points[${i}].date`, p.date, "dates strictly increasing");
    prev = d;
    days.push(d);
    const s = p.score;
    const has = s !== null && Number.isFinite(s);
    let best = -1;
    conds.forEach((c, j) => {
      if (has && (s as number) >= c.minScore) {
        runStart[j] ??= i;
        const runDays = d - (days[runStart[j] as number] as number) + 1;
        if (runDays >= c.persistenceDays && (best < 0 || rank(c.level) > rank((conds[best] as (typeof conds)[number]).level))) best = j;
      } else runStart[j] = null;
    });
    if (best < 0) return;
    const c = conds[best] as (typeof conds)[number];
    const startIndex = runStart[best] as number;
    const start = days[startIndex] as number;
    out.push({
      date: p.date,
      level: c.level,
      levelZh: WARNING_LEVEL_ZH[c.level],
      detector: rules.detector,
      score: s as number,
      explanation: {
        detector: rules.detector,
        scoreLabel: rules.scoreLabel,
        date: p.date,
        score: s as number,
        value: p.value ?? null,
        baseline: p.baseline ?? null,
        detectorThreshold: p.detectorThreshold ?? null,
        condition: c,
        runStartDate: (points[startIndex] as ScoredPoint).date,
        runDays: d - start + 1,
      },
    });
  });
  return out;
}

/** Levels on a robust z score (robust-z and sub-catchment detectors share them; thresholds are judgement). */
const ROBUST_Z_CONDITIONS = [
  { level: "blue", minScore: 3.5 },
  { level: "yellow", minScore: 5 },
  { level: "yellow", minScore: 3.5, persistenceDays: 3 },
  { level: "orange", minScore: 7 },
  { level: "orange", minScore: 5, persistenceDays: 3 },
  { level: "red", minScore: 7, persistenceDays: 3 },
] as const satisfies GradingRuleSet["conditions"];

/**
 * Default rule sets per detector (judgement; see the module comment). Scores: robust z and sub-catchment z as
 * computed; EWMA, CUSUM and step CUSUM as the ratio statistic/limit (alarm at 1); EARS as C1/C2/C3; mass balance as z;
 * new-substance as 1 for an event.
 */
export const DEFAULT_GRADING_RULES: Readonly<Record<DetectorName, GradingRuleSet>> = Object.freeze({
  "robust-z": {
    detector: "robust-z",
    scoreLabel: "robust z",
    conditions: ROBUST_Z_CONDITIONS,
  },
  subcatchment: {
    detector: "subcatchment",
    scoreLabel: "robust z of ln(sub/plant)",
    conditions: ROBUST_Z_CONDITIONS,
  },
  ewma: {
    detector: "ewma",
    scoreLabel: "Z/UCL",
    conditions: [
      { level: "blue", minScore: 1 },
      { level: "yellow", minScore: 1, persistenceDays: 7 },
      { level: "orange", minScore: 2, persistenceDays: 7 },
      { level: "red", minScore: 3, persistenceDays: 14 },
    ],
  },
  cusum: {
    detector: "cusum",
    scoreLabel: "S/h",
    conditions: [
      { level: "blue", minScore: 1 },
      { level: "yellow", minScore: 2 },
      { level: "orange", minScore: 4 },
    ],
  },
  /**
   * Step CUSUM (step-cusum.ts, operational h = 2.5, series-detectors.ts): the same levels as the CUSUM on S/h — blue at the decision
   * interval (S ≥ h), yellow at 2h, orange at 4h. No persistence conditions: S restarts after every alarm, so a
   * run of scores ≥ 1 over consecutive days is rare even during a lasting step (judgement).
   */
  "step-cusum": {
    detector: "step-cusum",
    scoreLabel: "S/h",
    conditions: [
      { level: "blue", minScore: 1 },
      { level: "yellow", minScore: 2 },
      { level: "orange", minScore: 4 },
    ],
  },
  "ears-c1": { detector: "ears-c1", scoreLabel: "C1", conditions: [{ level: "blue", minScore: 3 }] },
  "ears-c2": { detector: "ears-c2", scoreLabel: "C2", conditions: [{ level: "blue", minScore: 3 }] },
  "ears-c3": { detector: "ears-c3", scoreLabel: "C3", conditions: [{ level: "blue", minScore: 2 }] },
  "mass-balance": {
    detector: "mass-balance",
    scoreLabel: "z of Σ upstream − downstream",
    conditions: [
      { level: "yellow", minScore: 3 },
      { level: "orange", minScore: 5 },
    ],
  },
  "new-substance-site": { detector: "new-substance-site", scoreLabel: "event", conditions: [{ level: "yellow", minScore: 1 }] },
  "new-substance-network": { detector: "new-substance-network", scoreLabel: "event", conditions: [{ level: "orange", minScore: 1 }] },
});
