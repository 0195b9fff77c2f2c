import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, compareDates } from "./dates.js";
import {
  CHECKIN_28_TEST_SCHEDULE_POLICY,
  countTestsByYear,
  DEFAULT_TEST_SCHEDULE_POLICY,
  generateTestSchedule,
  type TestSchedulePolicy,
  validateTestSchedulePolicy,
} from "./test-schedule.js";

describe("default policy: monthly, every 2 months, quarterly + ≥3 random (domain.md §1.4)", () => {
  const s = generateTestSchedule({
    policy: DEFAULT_TEST_SCHEDULE_POLICY,
    termStart: "2025-03-10",
    termMonths: 36,
    seed: 42,
  });
  it("gives 12 / 6 / 4 scheduled tests in years 1 / 2 / 3 and 3 random tests", () => {
    const c = countTestsByYear(s);
    expect(c.scheduled).toEqual([12, 6, 4]);
    expect(c.random.reduce((a, b) => a + b, 0)).toBe(3);
    expect(s).toHaveLength(25);
  });
  it("puts scheduled tests on the monthly anniversaries of the report", () => {
    const sched = s.filter((t) => t.kind === "scheduled").map((t) => t.date);
    expect(sched.slice(0, 3)).toEqual(["2025-03-10", "2025-04-10", "2025-05-10"]);
    expect(sched[12]).toBe("2026-03-10");
    expect(sched[13]).toBe("2026-05-10");
    expect(sched.at(-1)).toBe("2027-12-10");
  });
  it("is deterministic by seed and varies with it", () => {
    const again = generateTestSchedule({
      policy: DEFAULT_TEST_SCHEDULE_POLICY,
      termStart: "2025-03-10",
      termMonths: 36,
      seed: 42,
    });
    expect(again).toEqual(s);
    const other = generateTestSchedule({
      policy: DEFAULT_TEST_SCHEDULE_POLICY,
      termStart: "2025-03-10",
      termMonths: 36,
      seed: 43,
    });
    expect(other.filter((t) => t.kind === "random")).not.toEqual(s.filter((t) => t.kind === "random"));
  });
  it("high risk: monthly throughout (36) + 6 random; medium: 12/12/4 + 4 random", () => {
    const high = countTestsByYear(
      generateTestSchedule({
        policy: DEFAULT_TEST_SCHEDULE_POLICY,
        termStart: "2025-03-10",
        termMonths: 36,
        seed: 1,
        riskGrade: "high",
      }),
    );
    expect(high.scheduled).toEqual([12, 12, 12]);
    expect(high.random.reduce((a, b) => a + b, 0)).toBe(6);
    const med = countTestsByYear(
      generateTestSchedule({
        policy: DEFAULT_TEST_SCHEDULE_POLICY,
        termStart: "2025-03-10",
        termMonths: 36,
        seed: 1,
        riskGrade: "medium",
      }),
    );
    expect(med.scheduled).toEqual([12, 12, 4]);
    expect(med.random.reduce((a, b) => a + b, 0)).toBe(4);
    const low = countTestsByYear(
      generateTestSchedule({
        policy: DEFAULT_TEST_SCHEDULE_POLICY,
        termStart: "2025-03-10",
        termMonths: 36,
        seed: 1,
        riskGrade: "low",
      }),
    );
    expect(low.scheduled).toEqual([12, 6, 4]);
  });
  it("a 社区康复 term of 18 months keeps the first 18 months: 12 + 3", () => {
    const c = countTestsByYear(
      generateTestSchedule({ policy: DEFAULT_TEST_SCHEDULE_POLICY, termStart: "2025-03-10", termMonths: 18, seed: 5 }),
    );
    expect(c.scheduled).toEqual([12, 3]);
  });
});

describe("28 check-in policy (domain.md §1.4, P-T2)", () => {
  it("gives 12 + 6 = 18 in year 1, 6 in year 2, 4 in year 3 = 28, plus 3 random", () => {
    const s = generateTestSchedule({
      policy: CHECKIN_28_TEST_SCHEDULE_POLICY,
      termStart: "2024-02-29",
      termMonths: 36,
      seed: 7,
    });
    const c = countTestsByYear(s);
    expect(c.scheduled).toEqual([18, 6, 4]);
    expect(c.random.reduce((a, b) => a + b, 0)).toBe(3);
    // twice in the first month: day 0 and half-way (29 days from 2024-02-29 to 2024-03-29 → +14)
    const first = s
      .filter((t) => t.kind === "scheduled")
      .slice(0, 3)
      .map((t) => t.date);
    expect(first).toEqual(["2024-02-29", "2024-03-14", "2024-03-29"]);
  });
});

describe("schedule properties (fast-check)", () => {
  it("sorted, unique, inside the term, random quota met, deterministic", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.constantFrom(DEFAULT_TEST_SCHEDULE_POLICY, CHECKIN_28_TEST_SCHEDULE_POLICY),
        fc.constantFrom(undefined, "high" as const, "medium" as const, "low" as const),
        (d, months, seed, policy, riskGrade) => {
          const termStart = addDays("2020-01-01", d);
          const s = generateTestSchedule({ policy, termStart, termMonths: months, seed, riskGrade });
          const end = addMonths(termStart, months);
          const dates = s.map((t) => t.date);
          expect(new Set(dates).size).toBe(dates.length);
          for (let i = 1; i < dates.length; i++)
            expect(compareDates(dates[i - 1] as string, dates[i] as string)).toBeLessThan(0);
          for (const x of dates) {
            expect(compareDates(x, termStart)).toBeGreaterThanOrEqual(0);
            expect(compareDates(x, end)).toBeLessThan(0);
          }
          const quota =
            riskGrade && policy.riskOverrides[riskGrade]?.randomTestsMin !== undefined
              ? (policy.riskOverrides[riskGrade]?.randomTestsMin as number)
              : policy.randomTestsMin;
          expect(s.filter((t) => t.kind === "random").length).toBe(quota);
          expect(generateTestSchedule({ policy, termStart, termMonths: months, seed, riskGrade })).toEqual(s);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("policy validation", () => {
  const bad = (p: Partial<TestSchedulePolicy>) => ({ ...DEFAULT_TEST_SCHEDULE_POLICY, ...p }) as TestSchedulePolicy;
  it("names the offending field", () => {
    expect(() => validateTestSchedulePolicy(bad({ segments: [{ fromMonth: 0, toMonth: 12 }] }))).toThrow(
      /segments\[0\].*exactly one/,
    );
    expect(() =>
      validateTestSchedulePolicy(bad({ segments: [{ fromMonth: 0, toMonth: 12, everyMonths: 0 }] })),
    ).toThrow(/everyMonths/);
    expect(() =>
      validateTestSchedulePolicy(
        bad({
          segments: [
            { fromMonth: 0, toMonth: 12, everyMonths: 1 },
            { fromMonth: 6, toMonth: 18, everyMonths: 1 },
          ],
        }),
      ),
    ).toThrow(/overlap/);
    expect(() => validateTestSchedulePolicy(bad({ randomTestsMin: -1 }))).toThrow(/randomTestsMin/);
  });
});
