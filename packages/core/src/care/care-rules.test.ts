import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, compareDates } from "./dates.js";
import { dynamicControlStatus } from "./dynamic-control.js";
import {
  DEFAULT_OBLIGATION_TEMPLATE,
  eventObligationTasks,
  generateObligationTasks,
  validateObligationTemplate,
} from "./obligations.js";
import { assessRisk, RISK_WEIGHTS, type RiskInput } from "./risk.js";
import { advanceStage, evaluateStage, startStageProgress } from "./stages.js";

const worker = { id: "w1", role: "township_worker" };

describe("dynamic control: 3-year abstinence clock (戒毒条例 §7 ¶2; 上海 §29, 山东 §36)", () => {
  const base = { anchorDate: "2024-02-29", anchor: "measure_start" as const, positiveDates: [], exclusions: [] };
  it("eligible on the 3-year anniversary (2024-02-29 → 2027-02-28), not the day before", () => {
    expect(dynamicControlStatus({ ...base, asOf: "2027-02-27" })).toMatchObject({
      eligible: false,
      daysRemaining: 1,
      releaseEligibleFrom: "2027-02-28",
    });
    expect(dynamicControlStatus({ ...base, asOf: "2027-02-28" })).toMatchObject({ eligible: true, daysRemaining: 0 });
  });
  it("a new positive restarts the clock; a positive after asOf is not yet known", () => {
    const s = dynamicControlStatus({ ...base, positiveDates: ["2025-06-15", "2028-01-01"], asOf: "2027-03-01" });
    expect(s).toMatchObject({
      clockStart: "2025-06-15",
      resetByPositive: true,
      releaseEligibleFrom: "2028-06-15",
      eligible: false,
    });
  });
  it("property: eligibility is exactly 36 months after the latest known positive (or the anchor)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 3000 }),
        (offsets, asOfOffset) => {
          const asOf = addDays("2024-02-29", asOfOffset);
          const positives = offsets.map((o) => addDays("2024-02-29", o));
          const s = dynamicControlStatus({ ...base, positiveDates: positives, asOf });
          const known = positives.filter((p) => compareDates(p, asOf) <= 0).sort();
          const start =
            known.length > 0 && compareDates(known.at(-1) as string, "2024-02-29") > 0
              ? (known.at(-1) as string)
              : "2024-02-29";
          expect(s.clockStart).toBe(start);
          expect(s.releaseEligibleFrom).toBe(addMonths(start, 36));
          expect(s.eligible).toBe(compareDates(asOf, addMonths(start, 36)) >= 0);
        },
      ),
      { numRuns: 300 },
    );
  });
  it("refusal or severe breach excludes release by the clock", () => {
    const s = dynamicControlStatus({ ...base, exclusions: ["severe_breach", "severe_breach"], asOf: "2030-01-01" });
    expect(s.eligible).toBe(false);
    expect(s.exclusions).toEqual(["severe_breach"]);
  });
});

describe("obligation templates (domain.md §1.8, data)", () => {
  it("the default template validates and generates dated tasks from the measure's dates", () => {
    validateObligationTemplate(DEFAULT_OBLIGATION_TEMPLATE);
    const tasks = generateObligationTasks(DEFAULT_OBLIGATION_TEMPLATE, {
      servedAt: "2025-01-01",
      reportedAt: "2025-01-10",
      agreementSignedAt: "2025-01-15",
      termEndDate: "2028-01-10",
      releasedAt: null,
    });
    const byCode = (c: string) => tasks.filter((t) => t.code === c);
    expect(byCode("file.open")[0]?.dueDate).toBe("2025-01-10");
    expect(byCode("fix.agreement")[0]?.dueDate).toBe("2025-01-17");
    expect(byCode("fix.test_schedule")[0]?.dueDate).toBe("2025-01-15");
    // monthly interviews from 2025-02-10 up to (not including) the term end 2028-01-10: 35
    expect(byCode("fix.interview")).toHaveLength(35);
    expect(byCode("fix.interview")[0]?.dueDate).toBe("2025-02-10");
    expect(byCode("fix.interview").at(-1)?.dueDate).toBe("2027-12-10");
    // half-yearly summaries: 2025-07-10 … 2027-07-10 = 5
    expect(byCode("review.half_year").map((t) => t.dueDate)).toEqual([
      "2025-07-10",
      "2026-01-10",
      "2026-07-10",
      "2027-01-10",
      "2027-07-10",
    ]);
    expect(byCode("review.release_notice")[0]?.dueDate).toBe("2028-01-17");
    for (let i = 1; i < tasks.length; i++)
      expect((tasks[i - 1] as { dueDate: string }).dueDate <= (tasks[i] as { dueDate: string }).dueDate).toBe(true);
  });
  it("before the report only `served`-anchored items could appear (none in the default)", () => {
    expect(
      generateObligationTasks(DEFAULT_OBLIGATION_TEMPLATE, {
        servedAt: "2025-01-01",
        reportedAt: null,
        agreementSignedAt: null,
        termEndDate: null,
        releasedAt: null,
      }),
    ).toEqual([]);
  });
  it("event tasks: the leave report is due on the departure day; the change report 15 days after", () => {
    expect(
      eventObligationTasks(DEFAULT_OBLIGATION_TEMPLATE, "leave_3_days", "2025-05-01").map((t) => [t.code, t.dueDate]),
    ).toEqual([["report.leave", "2025-05-01"]]);
    expect(
      eventObligationTasks(DEFAULT_OBLIGATION_TEMPLATE, "residence_change", "2025-05-01").map((t) => [
        t.code,
        t.dueDate,
      ]),
    ).toEqual([["report.change", "2025-05-16"]]);
  });
  it("rejects duplicate codes", () => {
    const items = DEFAULT_OBLIGATION_TEMPLATE.items;
    expect(() =>
      validateObligationTemplate({
        ...DEFAULT_OBLIGATION_TEMPLATE,
        items: [...items, items[0] as (typeof items)[number]],
      }),
    ).toThrow(/unique/);
  });
});

describe("three stages (domain.md §1.9)", () => {
  it("detoxification → rehabilitation needs 7 days, a negative test and the medical confirmation", () => {
    const p = startStageProgress("2025-01-10", worker, "报到");
    const e1 = evaluateStage(p, { tests: [], confirmations: [], asOf: "2025-01-16" });
    expect(e1.readyToAdvance).toBe(false);
    expect(e1.criteria.map((c) => c.met)).toEqual([false, false, false]);
    const facts = {
      tests: [{ date: "2025-01-12", outcome: "negative" as const }],
      confirmations: [{ criterionCode: "detox.medical", evaluatorRole: "medical_staff", at: "2025-01-15" }],
    };
    expect(evaluateStage(p, { ...facts, asOf: "2025-01-16" }).readyToAdvance).toBe(false);
    expect(evaluateStage(p, { ...facts, asOf: "2025-01-17" }).readyToAdvance).toBe(true);
    // a confirmation by the wrong role does not count
    const wrong = {
      ...facts,
      confirmations: [{ criterionCode: "detox.medical", evaluatorRole: "township_worker", at: "2025-01-15" }],
    };
    expect(evaluateStage(p, { ...wrong, asOf: "2025-01-20" }).readyToAdvance).toBe(false);
  });
  it("rehabilitation needs 3 consecutive negatives: a positive resets the run", () => {
    let p = startStageProgress("2025-01-10", worker, "报到");
    p = advanceStage(p, {
      to: "rehabilitation",
      at: "2025-01-20",
      evaluator: { id: "d1", role: "medical_staff" },
      reason: "criteria met",
    });
    const tests = [
      { date: "2025-02-20", outcome: "negative" as const },
      { date: "2025-03-20", outcome: "positive" as const },
      { date: "2025-04-20", outcome: "negative" as const },
      { date: "2025-05-20", outcome: "negative" as const },
    ];
    const conf = [{ criterionCode: "rehab.psych", evaluatorRole: "social_worker", at: "2025-07-01" }];
    const e = evaluateStage(p, { tests, confirmations: conf, asOf: "2025-07-20" });
    expect(e.criteria.find((c) => c.code === "rehab.negatives")?.met).toBe(false);
    const more = [...tests, { date: "2025-06-20", outcome: "negative" as const }];
    expect(evaluateStage(p, { tests: more, confirmations: conf, asOf: "2025-07-19" }).readyToAdvance).toBe(true); // 180 days since 2025-01-20
    expect(evaluateStage(p, { tests: more, confirmations: conf, asOf: "2025-07-18" }).readyToAdvance).toBe(false); // 179 days
  });
  it("stages cannot be skipped; moving back after a relapse is allowed; the last stage has no next", () => {
    const p = startStageProgress("2025-01-10", worker, "报到");
    expect(() => advanceStage(p, { to: "reintegration", at: "2025-02-01", evaluator: worker, reason: "x" })).toThrow(
      /skipped/,
    );
    const r = advanceStage(p, { to: "rehabilitation", at: "2025-02-01", evaluator: worker, reason: "x" });
    const back = advanceStage(r, { to: "detoxification", at: "2025-03-01", evaluator: worker, reason: "relapse" });
    expect(back.history.map((h) => h.to)).toEqual(["detoxification", "rehabilitation", "detoxification"]);
    const last = advanceStage(
      advanceStage(back, { to: "rehabilitation", at: "2025-03-20", evaluator: worker, reason: "x" }),
      {
        to: "reintegration",
        at: "2025-10-01",
        evaluator: worker,
        reason: "x",
      },
    );
    expect(evaluateStage(last, { tests: [], confirmations: [], asOf: "2026-01-01" })).toMatchObject({
      next: null,
      readyToAdvance: false,
    });
    expect(() =>
      advanceStage(last, { to: "rehabilitation", at: "2025-09-01", evaluator: worker, reason: "x" }),
    ).toThrow(/on or after/);
    expect(() =>
      advanceStage(last, { to: "rehabilitation", at: "2025-10-02", evaluator: worker, reason: " " }),
    ).toThrow(/reason/);
  });
});

describe("risk assessment (advisory; model tracewater-care-risk-1.0)", () => {
  const calm: RiskInput = {
    refusedOrSevereBreach: false,
    selfHarmRisk: false,
    mentalHealthConcern: false,
    positiveTests12m: 0,
    testEvasionsOrRefusals12m: 0,
    unauthorizedLeaves12m: 0,
    previousTreatmentEpisodes: 0,
    monthsSinceLastUse: 40,
    employed: true,
    familySupport: true,
  };
  it("a stable person scores 0 (low)", () => {
    expect(assessRisk(calm)).toMatchObject({
      score: 0,
      grade: "low",
      contributions: [],
      advisory: true,
      requiresConfirmation: true,
    });
  });
  it("hand calculation: 2 positives (12) + 1 evasion (4) + last use 3 months (8) + unemployed (6) = 30 → medium", () => {
    const r = assessRisk({
      ...calm,
      positiveTests12m: 2,
      testEvasionsOrRefusals12m: 1,
      monthsSinceLastUse: 3,
      employed: false,
    });
    expect(r.score).toBe(30);
    expect(r.grade).toBe("medium");
    expect(r.contributions.map((c) => [c.factor, c.points])).toEqual([
      ["positive_tests_12m", 12],
      ["time_since_last_use", 8],
      ["unemployed", 6],
      ["test_evasions_12m", 4],
    ]);
  });
  it("a 37号 high-risk criterion forces `high` even with a low score", () => {
    const r = assessRisk({ ...calm, selfHarmRisk: true });
    expect(r).toMatchObject({ score: 10, grade: "high", gradeOverridden: true });
  });
  it("the maximum is 100", () => {
    const r = assessRisk({
      refusedOrSevereBreach: true,
      selfHarmRisk: true,
      mentalHealthConcern: true,
      positiveTests12m: 9,
      testEvasionsOrRefusals12m: 9,
      unauthorizedLeaves12m: 9,
      previousTreatmentEpisodes: 9,
      monthsSinceLastUse: 0,
      employed: false,
      familySupport: false,
    });
    expect(r.score).toBe(100);
    expect(RISK_WEIGHTS.countCap).toBe(3);
  });
  it("property: contributions sum to the score, the score is within 0–100, grade follows the bands", () => {
    fc.assert(
      fc.property(
        fc.record({
          refusedOrSevereBreach: fc.boolean(),
          selfHarmRisk: fc.boolean(),
          mentalHealthConcern: fc.boolean(),
          positiveTests12m: fc.nat(10),
          testEvasionsOrRefusals12m: fc.nat(10),
          unauthorizedLeaves12m: fc.nat(10),
          previousTreatmentEpisodes: fc.nat(10),
          monthsSinceLastUse: fc.option(fc.nat(60), { nil: null }),
          employed: fc.boolean(),
          familySupport: fc.boolean(),
        }),
        (input) => {
          const r = assessRisk(input);
          expect(r.contributions.reduce((s, c) => s + c.points, 0)).toBe(r.score);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
          const criterion = input.refusedOrSevereBreach || input.selfHarmRisk || input.mentalHealthConcern;
          const band = r.score >= 50 ? "high" : r.score >= 25 ? "medium" : "low";
          expect(r.grade).toBe(criterion ? "high" : band);
        },
      ),
      { numRuns: 500 },
    );
  });
  it("rejects negative counts", () => {
    expect(() => assessRisk({ ...calm, positiveTests12m: -1 })).toThrow(/positiveTests12m/);
  });
});
