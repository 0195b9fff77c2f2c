/**
 * Test schedule policies (data) and deterministic schedule generation.
 *
 * The law only says 「根据公安机关的要求，定期接受检测」 (禁毒法 §35; 戒毒条例 §19(2)); the frequency is local
 * practice, so policies are DATA (domain.md §1.4, §7.1 `TestSchedulePolicy`):
 * - {@link DEFAULT_TEST_SCHEDULE_POLICY}: monthly in year 1, every 2 months in year 2, every 3 months in year 3
 *   (仙游县 community station 2012, P-T1 ◐) → 12 + 6 + 4 = 22 scheduled tests, plus ≥ 3 unannounced tests per
 *   term (P-T2 ◐).
 * - {@link CHECKIN_28_TEST_SCHEDULE_POLICY}: twice a month in the first half of year 1, monthly in the second half,
 *   every 2 months in year 2, quarterly in year 3 → 12 + 6 + 6 + 4 = 28 check-ins, plus ≥ 3 unannounced (P-T2 ◐).
 * - Risk-based overrides (⚠ assumption: the 2016 risk-grading rules say higher risk means closer control, without
 *   numbers): high risk → monthly throughout and ≥ 6 unannounced; medium → monthly in years 1–2.
 *
 * Generation is pure and deterministic: the same policy, term and seed give the same dates (seeded xoroshiro128+,
 * `wbe/rng.ts`). Scheduled test k of a segment with `everyMonths = m` is on `termStart + (fromMonth + k·m)`
 * months (民法典 §202 end-of-month rule); with `perMonth = n`, the n tests of each month are spread evenly over
 * the month. Unannounced tests: the term is cut into `randomTests` equal slices and one day is drawn uniformly in
 * each slice (so they are spread over the term yet unpredictable), avoiding scheduled days.
 * A shorter term (社区康复 < 36 months) keeps only the tests that fall before its end.
 */
import { ScienceInputError } from "../errors.js";
import { createRng } from "../wbe/rng.js";
import { addDays, addMonths, compareDates, daysBetween, type IsoDate, requireIsoDate } from "./dates.js";
import type { TestScheduleKind } from "./drug-tests.js";
import type { RiskGrade } from "./risk.js";

/** Months `[fromMonth, toMonth)` of the term (0 = the first month after the report) with one frequency. */
export interface ScheduleSegment {
  fromMonth: number;
  toMonth: number;
  /** one test every `everyMonths` months (exclusive with `perMonth`) */
  everyMonths?: number;
  /** `perMonth` tests in each month (exclusive with `everyMonths`) */
  perMonth?: number;
}

export interface TestScheduleOverride {
  segments?: readonly ScheduleSegment[];
  randomTestsMin?: number;
}

export interface TestSchedulePolicy {
  id: string;
  version: number;
  nameZh: string;
  nameEn: string;
  segments: readonly ScheduleSegment[];
  /** unannounced tests per term (at least) */
  randomTestsMin: number;
  /** replacements by risk grade */
  riskOverrides: Partial<Record<RiskGrade, TestScheduleOverride>>;
  /** where the numbers come from */
  source: string;
}

export const DEFAULT_TEST_SCHEDULE_POLICY: Readonly<TestSchedulePolicy> = Object.freeze({
  id: "default-1m-2m-3m",
  version: 1,
  nameZh: "第一年每月、第二年每两月、第三年每季度，另不少于3次随机检测",
  nameEn: "Monthly in year 1, every 2 months in year 2, quarterly in year 3, plus ≥ 3 unannounced tests",
  segments: [
    { fromMonth: 0, toMonth: 12, everyMonths: 1 },
    { fromMonth: 12, toMonth: 24, everyMonths: 2 },
    { fromMonth: 24, toMonth: 36, everyMonths: 3 },
  ],
  randomTestsMin: 3,
  riskOverrides: {
    high: { segments: [{ fromMonth: 0, toMonth: 36, everyMonths: 1 }], randomTestsMin: 6 },
    medium: {
      segments: [
        { fromMonth: 0, toMonth: 24, everyMonths: 1 },
        { fromMonth: 24, toMonth: 36, everyMonths: 3 },
      ],
      randomTestsMin: 4,
    },
  },
  source: "domain.md §1.4: 仙游县 2012 (P-T1 ◐), ≥3 unannounced (P-T2 ◐); risk overrides ⚠ assumption",
});

export const CHECKIN_28_TEST_SCHEDULE_POLICY: Readonly<TestSchedulePolicy> = Object.freeze({
  id: "checkin-28",
  version: 1,
  nameZh: "三年不少于28次：第一年上半年每月两次、下半年每月一次，第二年每两月，第三年每季度，另不少于3次随机检测",
  nameEn:
    "28 check-ins in 3 years (twice a month for 6 months, then monthly; every 2 months; quarterly) + ≥ 3 unannounced",
  segments: [
    { fromMonth: 0, toMonth: 6, perMonth: 2 },
    { fromMonth: 6, toMonth: 12, everyMonths: 1 },
    { fromMonth: 12, toMonth: 24, everyMonths: 2 },
    { fromMonth: 24, toMonth: 36, everyMonths: 3 },
  ],
  randomTestsMin: 3,
  riskOverrides: {},
  source: "domain.md §1.4 (legal Q&A site, P-T2 ◐)",
});

export const TEST_SCHEDULE_POLICIES: readonly TestSchedulePolicy[] = [
  DEFAULT_TEST_SCHEDULE_POLICY,
  CHECKIN_28_TEST_SCHEDULE_POLICY,
];

export interface ScheduledTestDate {
  date: IsoDate;
  kind: TestScheduleKind;
  /** 1-based year of the term the date falls in */
  termYear: number;
}

/**
 * Check a policy: segments with integer months, `0 ≤ fromMonth < toMonth`, exactly one of `everyMonths ≥ 1` or
 * `perMonth ≥ 1` (integers), non-overlapping; `randomTestsMin ≥ 0`.
 * @throws ScienceInputError naming the offending field (`segments[i].everyMonths` …)
 */
export function validateTestSchedulePolicy(policy: TestSchedulePolicy): void {
  const check = (segs: readonly ScheduleSegment[], where: string) => {
    const sorted = segs.map((s, i) => ({ s, i })).sort((a, b) => a.s.fromMonth - b.s.fromMonth);
    let prevEnd = 0;
    for (const { s, i } of sorted) {
      const f = `${where}[${i}]`;
      if (!Number.isInteger(s.fromMonth) || s.fromMonth < 0)
        throw new ScienceInputError(`${f}.fromMonth`, s.fromMonth, "an integer ≥ 0");
      if (!Number.isInteger(s.toMonth) || s.toMonth <= s.fromMonth)
        throw new ScienceInputError(`${f}.toMonth`, s.toMonth, "an integer > fromMonth");
      if (s.fromMonth < prevEnd)
        throw new ScienceInputError(
          `${f}.fromMonth`,
          s.fromMonth,
          `no overlap with the previous segment (ends at ${prevEnd})`,
        );
      prevEnd = s.toMonth;
      const hasEvery = s.everyMonths !== undefined;
      const hasPer = s.perMonth !== undefined;
      if (hasEvery === hasPer)
        throw new ScienceInputError(f, JSON.stringify(s), "exactly one of everyMonths or perMonth");
      if (hasEvery && (!Number.isInteger(s.everyMonths) || (s.everyMonths as number) < 1))
        throw new ScienceInputError(`${f}.everyMonths`, s.everyMonths, "an integer ≥ 1");
      if (hasPer && (!Number.isInteger(s.perMonth) || (s.perMonth as number) < 1 || (s.perMonth as number) > 28))
        throw new ScienceInputError(`${f}.perMonth`, s.perMonth, "an integer 1–28");
    }
  };
  check(policy.segments, "segments");
  if (!Number.isInteger(policy.randomTestsMin) || policy.randomTestsMin < 0)
    throw new ScienceInputError("randomTestsMin", policy.randomTestsMin, "an integer ≥ 0");
  for (const [grade, o] of Object.entries(policy.riskOverrides)) {
    if (o?.segments) check(o.segments, `riskOverrides.${grade}.segments`);
    if (o?.randomTestsMin !== undefined && (!Number.isInteger(o.randomTestsMin) || o.randomTestsMin < 0)) {
      throw new ScienceInputError(`riskOverrides.${grade}.randomTestsMin`, o.randomTestsMin, "an integer ≥ 0");
    }
  }
}

/** The segments and random quota that apply for a risk grade (override where given). */
export function effectivePolicy(
  policy: TestSchedulePolicy,
  riskGrade?: RiskGrade,
): { segments: readonly ScheduleSegment[]; randomTestsMin: number } {
  const o = riskGrade ? policy.riskOverrides[riskGrade] : undefined;
  return { segments: o?.segments ?? policy.segments, randomTestsMin: o?.randomTestsMin ?? policy.randomTestsMin };
}

function termYearOf(termStart: IsoDate, date: IsoDate): number {
  let y = 1;
  while (compareDates(date, addMonths(termStart, 12 * y)) >= 0) y++;
  return y;
}

/**
 * Dates of the tests of one term.
 * @param input.termStart report date (the term runs from it, 戒毒条例 §14 ¶2)
 * @param input.termMonths 36 for 社区戒毒, as ordered for 社区康复
 * @param input.seed integer seed for the unannounced tests (store it with the schedule to regenerate it)
 * @param input.riskGrade applies the policy's risk override
 * @returns dates sorted ascending; scheduled and random dates never coincide; all before the term end
 * @throws ScienceInputError for an invalid policy, date, term or seed
 */
export function generateTestSchedule(input: {
  policy: TestSchedulePolicy;
  termStart: IsoDate;
  termMonths: number;
  seed: number;
  riskGrade?: RiskGrade;
}): ScheduledTestDate[] {
  validateTestSchedulePolicy(input.policy);
  requireIsoDate("termStart", input.termStart);
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 36) {
    throw new ScienceInputError("termMonths", input.termMonths, "an integer 1–36");
  }
  const { segments, randomTestsMin } = effectivePolicy(input.policy, input.riskGrade);
  const termEnd = addMonths(input.termStart, input.termMonths);
  const scheduled = new Set<IsoDate>();
  for (const s of segments) {
    for (let m = s.fromMonth; m < s.toMonth && m < input.termMonths; ) {
      const monthStart = addMonths(input.termStart, m);
      if (s.everyMonths !== undefined) {
        scheduled.add(monthStart);
        m += s.everyMonths;
      } else {
        const n = s.perMonth as number;
        const len = daysBetween(monthStart, addMonths(input.termStart, m + 1));
        for (let k = 0; k < n; k++) scheduled.add(addDays(monthStart, Math.floor((k * len) / n)));
        m += 1;
      }
    }
  }
  for (const d of [...scheduled]) if (compareDates(d, termEnd) >= 0) scheduled.delete(d);

  const rng = createRng(input.seed);
  const random = new Set<IsoDate>();
  const termDays = daysBetween(input.termStart, termEnd);
  const freeDays = termDays - 1 - scheduled.size;
  const quota = Math.min(randomTestsMin, Math.max(0, freeDays));
  for (let i = 0; i < quota; i++) {
    // slice i covers day offsets [lo, hi) within (0, termDays)
    const lo = 1 + Math.floor((i * (termDays - 1)) / quota);
    const hi = 1 + Math.floor(((i + 1) * (termDays - 1)) / quota);
    let placed = false;
    for (let attempt = 0; attempt < 64 && !placed; attempt++) {
      const d = addDays(input.termStart, lo + Math.floor(rng.uniform() * (hi - lo)));
      if (!scheduled.has(d) && !random.has(d)) {
        random.add(d);
        placed = true;
      }
    }
    // a slice fully covered by scheduled days: take the first free day of the term (deterministic)
    for (let off = 1; !placed && off < termDays; off++) {
      const d = addDays(input.termStart, off);
      if (!scheduled.has(d) && !random.has(d)) {
        random.add(d);
        placed = true;
      }
    }
  }
  const out: ScheduledTestDate[] = [
    ...[...scheduled].map((date) => ({
      date,
      kind: "scheduled" as const,
      termYear: termYearOf(input.termStart, date),
    })),
    ...[...random].map((date) => ({ date, kind: "random" as const, termYear: termYearOf(input.termStart, date) })),
  ];
  return out.sort((a, b) => compareDates(a.date, b.date));
}

/** Counts of scheduled and random tests per term year (index 0 = year 1). */
export function countTestsByYear(schedule: readonly ScheduledTestDate[]): { scheduled: number[]; random: number[] } {
  const scheduled: number[] = [];
  const random: number[] = [];
  for (const t of schedule) {
    const arr = t.kind === "scheduled" ? scheduled : random;
    while (arr.length < t.termYear) arr.push(0);
    arr[t.termYear - 1] = (arr[t.termYear - 1] ?? 0) + 1;
  }
  const n = Math.max(scheduled.length, random.length);
  while (scheduled.length < n) scheduled.push(0);
  while (random.length < n) random.push(0);
  return { scheduled, random };
}
