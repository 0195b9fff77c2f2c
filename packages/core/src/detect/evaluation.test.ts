import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import {
  compareWithReference,
  type EventTypeScore,
  evaluateDetector,
  timelinessCurve,
  unconditionalMedianDelay,
} from "./evaluation.js";

describe("detector evaluation", () => {
  it("hand-counted sensitivity, median delay and false alarms per site-year", () => {
    // series 1 (730.5 days = 2 site-years): spike 2024-03-09…03-10 detected on 03-10 (delay 1); rise from 2024-05-01…05-31 detected
    //   on 05-04 (delay 3, the later alarm 05-05 inside the window is not false); false alarm 2024-01-15.
    // series 2 (365.25 days): spike 2024-06-01…06-01 not detected (alarm 06-03 outside: false); rise 2024-07-01…07-20
    //   detected 07-08 (delay 7).
    // spikes: 1/2 detected, median delay 1; rises: 2/2, median of (3, 7) = 5
    // false alarms: 01-15 (s1), 06-03 (s2) = 2 over 730.5 + 365.25 = 1095.75 days = 3 site-years → 0.6667 per site-year
    const r = evaluateDetector([
      {
        alarmDates: ["2024-05-05", "2024-01-15", "2024-03-10", "2024-05-04", "2024-03-10"],
        events: [
          { type: "spike", start: "2024-03-09", end: "2024-03-10" },
          { type: "rise", start: "2024-05-01", end: "2024-05-31" },
        ],
        monitoredDays: 730.5,
      },
      {
        alarmDates: ["2024-06-03", "2024-07-08"],
        events: [
          { type: "spike", start: "2024-06-01", end: "2024-06-01" },
          { type: "rise", start: "2024-07-01", end: "2024-07-20" },
        ],
        monitoredDays: 365.25,
      },
    ]);
    // unconditional: rises (3, 7) → 5; spikes (1, ∞) → mean of the two middle = ∞ → null
    // timeliness: rises ≤1: 0/2, ≤3: 1/2, ≤7: 2/2; spikes ≤1: 1/2, ≤3: 1/2, ≤7: 1/2
    expect(r.byType).toEqual([
      {
        type: "rise",
        events: 2,
        detected: 2,
        sensitivity: 1,
        medianDelayDays: 5,
        unconditionalMedianDelayDays: 5,
        timeliness: [
          { days: 1, fraction: 0 },
          { days: 3, fraction: 0.5 },
          { days: 7, fraction: 1 },
        ],
      },
      {
        type: "spike",
        events: 2,
        detected: 1,
        sensitivity: 0.5,
        medianDelayDays: 1,
        unconditionalMedianDelayDays: null,
        timeliness: [
          { days: 1, fraction: 0.5 },
          { days: 3, fraction: 0.5 },
          { days: 7, fraction: 0.5 },
        ],
      },
    ]);
    expect(r.falseAlarms).toBe(2);
    expect(r.falseAlarmsPerSiteYear).toBeCloseTo(2 / 3, 12);
  });

  it("a grace period lets a late alarm count as detection (and not as a false alarm)", () => {
    const s = [
      {
        alarmDates: ["2024-06-03"],
        events: [{ type: "spike", start: "2024-06-01", end: "2024-06-01" }],
        monitoredDays: 365.25,
      },
    ];
    expect(evaluateDetector(s).falseAlarms).toBe(1);
    const g = evaluateDetector(s, 2);
    expect(g.falseAlarms).toBe(0);
    expect(g.byType[0]).toMatchObject({ detected: 1, medianDelayDays: 2 });
  });

  it("unconditional median: missed events count as ∞ (type-7 median)", () => {
    // 5 events, delays 0, 2, 9 detected, 2 missed: sorted 0, 2, 9, ∞, ∞ → middle (3rd) = 9
    expect(unconditionalMedianDelay([9, 0, 2], 5)).toBe(9);
    // 5 events, 2 detected: 1, 4, ∞, ∞, ∞ → ∞
    expect(unconditionalMedianDelay([1, 4], 5)).toBeNull();
    // 4 events, 3 detected: 1, 2, 6, ∞ → (2 + 6)/2 = 4; 2 of 4 detected: 1, 2, ∞, ∞ → (2 + ∞)/2 = ∞
    expect(unconditionalMedianDelay([6, 1, 2], 4)).toBe(4);
    expect(unconditionalMedianDelay([1, 2], 4)).toBeNull();
    expect(unconditionalMedianDelay([], 0)).toBeNull();
    // timeliness of 4 events with delays 0, 1, 5 (one missed): ≤1 → 2/4, ≤3 → 2/4, ≤7 → 3/4
    expect(timelinessCurve([0, 1, 5], 4)).toEqual([
      { days: 1, fraction: 0.5 },
      { days: 3, fraction: 0.5 },
      { days: 7, fraction: 0.75 },
    ]);
  });

  it("goal comparison with a reference: a short conditional delay on few events does not win", () => {
    const score = (detected: number[], events: number): EventTypeScore => {
      const r = evaluateDetector([
        {
          alarmDates: detected.map((d, i) => `2024-0${i + 1}-${String(1 + d).padStart(2, "0")}`),
          events: Array.from({ length: events }, (_, i) => ({
            type: "step",
            start: `2024-0${i + 1}-01`,
            end: `2024-0${i + 1}-28`,
          })),
          monitoredDays: 365.25,
        },
      ]);
      return r.byType[0] as EventTypeScore;
    };
    // reference (EARS-C2-like): 1 of 4 steps, on day 0 → conditional 0, unconditional ∞; timeliness 1/4, 1/4, 1/4
    const reference = score([0], 4);
    // candidate: 3 of 4 steps with delays 2, 4, 6 → conditional 4, unconditional (4 + 6)/2 = 5;
    //   timeliness ≤1: 0, ≤3: 1/4, ≤7: 3/4 — not ≥ the reference at day 1, so no dominance
    const candidate = score([2, 4, 6], 4);
    expect(candidate.unconditionalMedianDelayDays).toBe(5);
    expect(compareWithReference(candidate, reference)).toEqual({
      byUnconditionalMedian: true,
      byConditionalMedian: false,
      byTimeliness: false,
      met: true,
    });
    // the other way round: the reference's conditional median is shorter, but that alone is not "met"
    expect(compareWithReference(reference, candidate)).toEqual({
      byUnconditionalMedian: false,
      byConditionalMedian: true,
      byTimeliness: false,
      met: false,
    });
    // candidate 2 of 4 on day 0 and 1: unconditional ∞ (as the reference) but timeliness 2/4, 2/4, 2/4 dominates
    expect(compareWithReference(score([0, 1], 4), reference)).toMatchObject({
      byUnconditionalMedian: false,
      byTimeliness: true,
      met: true,
    });
    expect(() => compareWithReference(candidate, { ...reference, type: "spike" })).toThrow(ScienceInputError);
  });

  it("rejects bad input", () => {
    expect(() =>
      evaluateDetector([
        { alarmDates: [], events: [{ type: "x", start: "2024-02-02", end: "2024-02-01" }], monitoredDays: 1 },
      ]),
    ).toThrow(/events\[0\]\.end/);
    expect(() => evaluateDetector([], -1)).toThrow(ScienceInputError);
    expect(() => evaluateDetector([{ alarmDates: ["x"], events: [], monitoredDays: 1 }])).toThrow(/alarmDates\[0\]/);
  });
});
