import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { evaluateDetector } from "./evaluation.js";

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
    expect(r.byType).toEqual([
      { type: "rise", events: 2, detected: 2, sensitivity: 1, medianDelayDays: 5 },
      { type: "spike", events: 2, detected: 1, sensitivity: 0.5, medianDelayDays: 1 },
    ]);
    expect(r.falseAlarms).toBe(2);
    expect(r.falseAlarmsPerSiteYear).toBeCloseTo(2 / 3, 12);
  });

  it("a grace period lets a late alarm count as detection (and not as a false alarm)", () => {
    const s = [{ alarmDates: ["2024-06-03"], events: [{ type: "spike", start: "2024-06-01", end: "2024-06-01" }], monitoredDays: 365.25 }];
    expect(evaluateDetector(s).falseAlarms).toBe(1);
    const g = evaluateDetector(s, 2);
    expect(g.falseAlarms).toBe(0);
    expect(g.byType[0]).toMatchObject({ detected: 1, medianDelayDays: 2 });
  });

  it("rejects bad input", () => {
    expect(() => evaluateDetector([{ alarmDates: [], events: [{ type: "x", start: "2024-02-02", end: "2024-02-01" }], monitoredDays: 1 }])).toThrow(
      /events\[0\]\.end/,
    );
    expect(() => evaluateDetector([], -1)).toThrow(ScienceInputError);
    expect(() => evaluateDetector([{ alarmDates: ["x"], events: [], monitoredDays: 1 }])).toThrow(/alarmDates\[0\]/);
  });
});
