import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import type { Detection } from "../wbe/censoring.js";
import { dateOfDayNumber, dayNumber } from "./day-number.js";
import { networkNewSubstanceEvents, newSubstanceEvents, siteNewSubstanceEvents } from "./new-substance.js";

/** Weekly results from 2024-01-01 (a Monday) with the given detection codes. */
const weekly = (codes: Detection[], start = "2024-01-01") =>
  codes.map((detection, i) => ({ date: dateOfDayNumber(dayNumber(start) + 7 * i), detection }));
const nd = (k: number): Detection[] => new Array(k).fill("below_loq");

describe("new substance at a site", () => {
  // weeks 0–4 below LOQ, week 5 (2024-02-05) detected, week 6 detected, weeks 7–17 below LOQ, week 18 (2024-05-06) detected
  const series = weekly([...nd(5), "detected", "detected", ...nd(11), "detected"]);

  it("first detection after 5 analysed non-detections is 'first-ever'; later ones are not new", () => {
    expect(newSubstanceEvents(series)).toEqual([{ date: "2024-02-05", kind: "first-ever", lastDetectedDate: null, priorResults: 5 }]);
  });

  it("with a 30-day look-back the detection of 2024-05-06 is a reappearance", () => {
    // previous detection 2024-02-12 is 84 days earlier (> 30); window [2024-04-06, 2024-05-06) holds the
    // non-detections of 04-08, 04-15, 04-22, 04-29 → 4 prior results ≥ 4
    // 2024-02-12 is not new: 2024-02-05 lies within 30 days; 2024-02-05 itself has the window [01-06, 02-05)
    // with 01-08, 01-15, 01-22, 01-29 → 4 prior results (01-01 is outside)
    expect(newSubstanceEvents(series, { lookbackDays: 30 })).toEqual([
      { date: "2024-02-05", kind: "first-ever", lastDetectedDate: null, priorResults: 4 },
      { date: "2024-05-06", kind: "reappearance", lastDetectedDate: "2024-02-12", priorResults: 4 },
    ]);
    // 28 days: [01-08, 02-05) and [04-08, 05-06) still hold 4 results each → the same two events;
    // 21 days: [01-15, 02-05) and [04-15, 05-06) hold only 3 → no event at all
    expect(newSubstanceEvents(series, { lookbackDays: 28 }).map((e) => e.date)).toEqual(["2024-02-05", "2024-05-06"]);
    expect(newSubstanceEvents(series, { lookbackDays: 21 })).toEqual([]);
  });

  it("needs prior analysed results: a detection in the very first sample is not 'new' unless minPriorResults = 0", () => {
    const s = weekly(["detected", ...nd(3)]);
    expect(newSubstanceEvents(s)).toEqual([]);
    expect(newSubstanceEvents(s, { minPriorResults: 0 })).toEqual([
      { date: "2024-01-01", kind: "first-ever", lastDetectedDate: null, priorResults: 0 },
    ]);
  });

  it("not_analysed results are no evidence; several results on one day give one event", () => {
    const s = weekly([...nd(3), "not_analysed", "not_analysed", "detected"]);
    expect(newSubstanceEvents(s)).toEqual([]); // only 3 analysed before
    const twice = [...weekly([...nd(4)]), { date: "2024-01-29", detection: "detected" as const }, { date: "2024-01-29", detection: "detected" as const }];
    expect(newSubstanceEvents(twice)).toHaveLength(1);
  });

  it("rejects unsorted dates and bad options", () => {
    expect(() => newSubstanceEvents([...weekly(nd(2))].reverse())).toThrow(/results\[1\]\.date/);
    expect(() => newSubstanceEvents([], { lookbackDays: 0 })).toThrow(ScienceInputError);
    expect(() => newSubstanceEvents([], { minPriorResults: -1 })).toThrow(ScienceInputError);
  });
});

describe("per-site and network-wide variants", () => {
  // A: 4 non-detects (Jan 1–22); B: 3 non-detects (Jan 8–22); on Jan 29 B and C detect ETOM; C has no history.
  const results = [
    ...weekly(nd(4)).map((r) => ({ ...r, site: "A", analyte: "ETOM" })),
    ...weekly(nd(3), "2024-01-08").map((r) => ({ ...r, site: "B", analyte: "ETOM" })),
    { date: "2024-01-29", detection: "detected" as const, site: "C", analyte: "ETOM" },
    { date: "2024-01-29", detection: "detected" as const, site: "B", analyte: "ETOM" },
  ];

  it("network-wide: first detection anywhere, with the detecting sites", () => {
    // 4 + 3 = 7 analysed results before 2024-01-29 in the network
    expect(networkNewSubstanceEvents(results)).toEqual([
      { date: "2024-01-29", kind: "first-ever", lastDetectedDate: null, priorResults: 7, analyte: "ETOM", sites: ["B", "C"] },
    ]);
  });

  it("per site: B has 3 prior results (< 4), C none → no event; with minPriorResults 3, B only", () => {
    expect(siteNewSubstanceEvents(results)).toEqual([]);
    expect(siteNewSubstanceEvents(results, { minPriorResults: 3 })).toEqual([
      { date: "2024-01-29", kind: "first-ever", lastDetectedDate: null, priorResults: 3, site: "B", analyte: "ETOM" },
    ]);
  });
});
