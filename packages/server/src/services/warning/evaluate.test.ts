/**
 * evaluate-detectors service: the calibration split (thresholds chosen on the calibration seed are the ones a
 * same-seed run of that seed chooses), the delay metrics of every row, the candidate step detectors and the goal check
 * against EARS C2. Half a year of the bundled scenario (no database).
 */
import { changzhiDemoScenario, compareWithReference, type EventTypeScore } from "@tracewater/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CALIBRATION_GRID,
  CANDIDATE_GRID,
  evaluateDetectors,
  evaluationEventType,
  INJECTED_EVENTS,
  MASS_BALANCE_CANDIDATE_GRID,
  MAX_FALSE_ALARMS_PER_SITE_YEAR,
  REFERENCE_DETECTOR,
  withInjectedEvents,
} from "./evaluate.js";

const period = { from: "2025-01-01", to: "2025-06-30" };
type Result = ReturnType<typeof evaluateDetectors>;
let sameSeed: Result;
let split: Result;

beforeAll(() => {
  sameSeed = evaluateDetectors(changzhiDemoScenario(), { seed: 1, ...period });
  split = evaluateDetectors(changzhiDemoScenario(), { seed: 2, calibrationSeed: 1, ...period });
}, 120_000);

describe("evaluateDetectors", () => {
  it("calibrates on the calibration seed and evaluates on the other", () => {
    expect(sameSeed.calibrationSeed).toBe(1);
    expect(split.seed).toBe(2);
    expect(split.calibrationSeed).toBe(1);
    // the thresholds of the split run are those a same-seed run of seed 1 chooses
    expect(split.calibrated?.map((c) => [c.detector, c.threshold])).toEqual(
      sameSeed.calibrated?.map((c) => [c.detector, c.threshold]),
    );
    expect(split.candidates?.map((c) => c.parameters)).toEqual(sameSeed.candidates?.map((c) => c.parameters));
    // on its own seed the calibrated rows keep the budget (or sit at the top of their grid)
    for (const c of sameSeed.candidates ?? []) {
      expect(
        c.falseAlarmsPerSiteYear <= MAX_FALSE_ALARMS_PER_SITE_YEAR ||
          c.parameters.h === CANDIDATE_GRID.h.at(-1) ||
          c.parameters.threshold === MASS_BALANCE_CANDIDATE_GRID.at(-1),
      ).toBe(true);
    }
    expect(sameSeed.candidates?.map((c) => c.detector)).toEqual([
      "step-cusum-fir",
      "step-cusum-no-fir",
      "cusum-h-calibrated",
      "robust-z-or-step-cusum",
      "mass-balance-calibrated",
    ]);
    // the mass-balance candidate's threshold is on its own grid, which reaches below the operational z ≥ 3
    const mb = sameSeed.candidates?.find((c) => c.detector === "mass-balance-calibrated");
    expect(MASS_BALANCE_CANDIDATE_GRID).toContain(mb?.parameters.threshold);
    expect(MASS_BALANCE_CANDIDATE_GRID[0]).toBeLessThan(CALIBRATION_GRID["mass-balance"][0] as number);
    expect(CANDIDATE_GRID.h).toContain(sameSeed.candidates?.[0]?.parameters.h);
    // the operational step CUSUM (h = 2.5) is a calibrated detector on its score S/h, distinct from the candidates
    const step = sameSeed.calibrated?.find((c) => c.detector === "step-cusum");
    expect(step?.scoreLabel).toBe("S/h");
    expect(CALIBRATION_GRID["step-cusum"]).toContain(step?.threshold);
    expect(sameSeed.detectors.map((d) => d.detector)).toContain("step-cusum");
  });

  it("every row carries the unconditional median and a timeliness curve consistent with its sensitivity", () => {
    const rows = [...split.detectors, ...(split.calibrated ?? []), ...(split.candidates ?? [])];
    for (const r of rows)
      for (const t of r.byType) {
        const fractions = (t.timeliness ?? []).map((p) => p.fraction);
        expect(t.timeliness?.map((p) => p.days)).toEqual([1, 3, 7]);
        // non-decreasing, never above the sensitivity (the detection window may extend beyond 7 days)
        for (let i = 1; i < fractions.length; i++)
          expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
        for (const f of fractions) expect(f).toBeLessThanOrEqual(t.sensitivity);
        // more than half detected → finite unconditional median ≥ the conditional one; fewer than half → ∞ (null)
        if (t.detected * 2 > t.events + 1)
          expect(t.unconditionalMedianDelayDays).toBeGreaterThanOrEqual(t.medianDelayDays as number);
        if (t.detected * 2 < t.events) expect(t.unconditionalMedianDelayDays).toBeNull();
      }
  });

  it("states the goal per event type, by the unbiased metrics, against EARS C2 within the budget", () => {
    const reference = split.calibrated?.find((c) => c.detector === REFERENCE_DETECTOR);
    expect(split.goal?.map((g) => g.type)).toEqual(reference?.byType.map((t) => t.type));
    const rows = [...(split.calibrated ?? []), ...(split.candidates ?? [])];
    for (const g of split.goal ?? []) {
      const ref = reference?.byType.find((t) => t.type === g.type) as EventTypeScore;
      const expected = rows
        .filter((r) => r.detector !== REFERENCE_DETECTOR && r.falseAlarmsPerSiteYear <= MAX_FALSE_ALARMS_PER_SITE_YEAR)
        .filter((r) => compareWithReference(r.byType.find((t) => t.type === g.type) as EventTypeScore, ref).met)
        .map((r) => r.detector);
      expect(g.metBy.map((m) => m.detector)).toEqual(expected);
      expect(g.met).toBe(expected.length > 0);
      for (const m of g.metBy) expect(m.metrics.length).toBeGreaterThan(0);
    }
  });
});

describe("withInjectedEvents", () => {
  it("adds downward lab errors ×1/3 only at sites with sampled upstream sites, on free site × analyte pairs", () => {
    const base = changzhiDemoScenario();
    const sc = withInjectedEvents(base, 20, 1);
    const added = sc.events.slice(base.events.length);
    const low = added.filter((e) => evaluationEventType(e) === "lab_error_low");
    // 4 types × 20 anywhere; the downward lab errors share the 11 nodes with inflows × 4 analytes with the rest
    expect(added.length - low.length).toBe(80);
    expect(low.length).toBeGreaterThan(0);
    expect(low.length).toBeLessThanOrEqual(20);
    const hasUpstream = new Set(base.nodes.map((n) => n.downstream));
    for (const e of low) {
      expect(e.type).toBe("lab_error");
      expect(e.factor).toBeCloseTo(INJECTED_EVENTS.lab_error_low.factor, 12);
      expect(e.start).toBe(e.end);
      expect(hasUpstream.has(e.site)).toBe(true);
    }
    const pairs = sc.events.map((e) => `${e.site}|${e.analyte}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    // the upward lab error keeps its own type; other types map to themselves
    expect(evaluationEventType({ type: "lab_error", factor: 3 })).toBe("lab_error");
    expect(evaluationEventType({ type: "lab_error", factor: 1 / 3 })).toBe("lab_error_low");
    expect(evaluationEventType({ type: "step", factor: 0.5 })).toBe("step");
  });
});
