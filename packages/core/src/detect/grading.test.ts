import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { DEFAULT_GRADING_RULES, gradeSeries } from "./grading.js";

const daily = (scores: (number | null)[], start = 1) =>
  scores.map((score, i) => ({ date: `2024-03-${String(start + i).padStart(2, "0")}`, score }));

describe("grading (default robust-z rules)", () => {
  const rules = DEFAULT_GRADING_RULES["robust-z"];

  it("levels by score and persistence, hand-traced", () => {
    // rules: blue ≥ 3.5; yellow ≥ 5 or ≥ 3.5 for 3 days; orange ≥ 7 or ≥ 5 for 3 days; red ≥ 7 for 3 days
    // 03-01 2 → none; 03-02/03 3.6 → blue; 03-04 3.6 (3rd day ≥ 3.5) → yellow;
    // 03-05 5.1 → yellow (≥ 5; the 5-run is 1 day old); 03-06 null → none, breaks runs;
    // 03-07/08 8 → orange (≥ 7); 03-09 8 → red (≥ 7 for 3 days: 03-07…03-09)
    const g = gradeSeries(daily([2, 3.6, 3.6, 3.6, 5.1, null, 8, 8, 8]), rules);
    expect(g.map((p) => [p.date, p.level])).toEqual([
      ["2024-03-02", "blue"],
      ["2024-03-03", "blue"],
      ["2024-03-04", "yellow"],
      ["2024-03-05", "yellow"],
      ["2024-03-07", "orange"],
      ["2024-03-08", "orange"],
      ["2024-03-09", "red"],
    ]);
    const y = g[3];
    expect(y?.explanation.condition).toEqual({ level: "yellow", minScore: 5, persistenceDays: 1 }); // first of its level in rule order
    expect(y?.explanation.runStartDate).toBe("2024-03-05");
    const r = g[6];
    expect(r?.levelZh).toBe("红");
    expect(r?.explanation).toMatchObject({ detector: "robust-z", score: 8, runStartDate: "2024-03-07", runDays: 3 });
  });

  it("persistence counts calendar days: two weekly samples above 3.5 span 8 days", () => {
    const g = gradeSeries(
      [
        { date: "2024-03-04", score: 3.6, value: 120, baseline: 40, detectorThreshold: 3.5 },
        { date: "2024-03-11", score: 3.6, value: 130, baseline: 41, detectorThreshold: 3.5 },
      ],
      rules,
    );
    expect(g.map((p) => p.level)).toEqual(["blue", "yellow"]);
    expect(g[1]?.explanation).toMatchObject({ value: 130, baseline: 41, detectorThreshold: 3.5, runDays: 8 });
  });

  it("rejects invalid rule sets and unsorted dates", () => {
    expect(() => gradeSeries([], { detector: "cusum", scoreLabel: "S/h", conditions: [] })).toThrow(ScienceInputError);
    expect(() =>
      gradeSeries([], { detector: "cusum", scoreLabel: "S/h", conditions: [{ level: "purple" as "red", minScore: 1 }] }),
    ).toThrow(/level/);
    expect(() =>
      gradeSeries([], { detector: "cusum", scoreLabel: "S/h", conditions: [{ level: "red", minScore: 1, persistenceDays: 0 }] }),
    ).toThrow(/persistenceDays/);
    expect(() => gradeSeries(daily([1, 2]).reverse(), rules)).toThrow(/points\[1\]\.date/);
  });
});
