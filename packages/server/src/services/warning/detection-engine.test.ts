/**
 * The detection engine without a database: series building (hand-computed PNL, censored values never numbers),
 * tracing priors (hand-computed), operational rules, and two properties — a constant series never alarms, and
 * scaling every load by a constant changes no alarm (every detector works on log ratios or standardised logs); the
 * network new-substance tally fed in parts equals runDetectors over all series (hand-checked events).
 */

import { DEFAULT_GRADING_RULES, ScienceInputError } from "@tracewater/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL_DETECTORS,
  type EngineSite,
  NetworkNewSubstanceTally,
  OPERATIONAL_MIN_SCORE,
  operationalRules,
  type RawResult,
  runDetectors,
  seriesFromResults,
} from "./detection-engine.js";
import { tracingPriors, VENUE_PRIOR_PERSONS } from "./tracing-priors.js";

const day = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);

describe("seriesFromResults", () => {
  it("computes PNL = C·Q/P (science.md §1 worked example: 100 ng/L, 100 000 m³/d, 400 000 persons → 25)", () => {
    const [s] = seriesFromResults([
      {
        site: "A",
        analyte: "methamphetamine",
        date: "2025-01-02",
        concentrationNgPerL: 100,
        detection: "detected",
        flowM3PerDay: 100_000,
        populationServed: 400_000,
      },
      {
        site: "A",
        analyte: "methamphetamine",
        date: "2025-01-01",
        concentrationNgPerL: null,
        detection: "below_loq",
        flowM3PerDay: 90_000,
        populationServed: 400_000,
      },
      {
        site: "A",
        analyte: "methamphetamine",
        date: "2025-01-03",
        concentrationNgPerL: null,
        detection: "not_analysed",
        flowM3PerDay: 90_000,
        populationServed: 400_000,
      },
    ]);
    expect(s?.valueUnit).toBe("mg/day/1000 inh");
    expect(s?.points).toEqual([
      { date: "2025-01-01", value: null, loadMgPerDay: null, detection: "below_loq" },
      { date: "2025-01-02", value: 25, loadMgPerDay: 10_000, detection: "detected" },
    ]);
  });

  it("falls back to the concentration scale when a detected result lacks flow", () => {
    const [s] = seriesFromResults([
      {
        site: "A",
        analyte: "mdma",
        date: "2025-01-01",
        concentrationNgPerL: 12,
        detection: "detected",
        flowM3PerDay: null,
        populationServed: 1000,
      },
    ]);
    expect(s).toMatchObject({ valueUnit: "ng/L", points: [{ value: 12, loadMgPerDay: null }] });
  });
});

describe("tracingPriors", () => {
  it("weights own population, venues and past alerts", () => {
    // A (plant, serves 1 000) ← B (venue, serves 100), C (manhole, serves 300): own A = 1 000 − 400 = 600
    const p = tracingPriors(
      [
        { code: "A", downstream: null, kind: "wwtp_influent", populationServed: 1000 },
        { code: "B", downstream: "A", kind: "venue_outfall", populationServed: 100 },
        { code: "C", downstream: "A", kind: "manhole", populationServed: 300 },
      ],
      new Map([["C", 2]]),
    );
    expect(Object.fromEntries(p)).toEqual({ A: 600, B: 100 + VENUE_PRIOR_PERSONS, C: 300 * 3 });
  });
});

describe("operationalRules", () => {
  it("raises every condition to the calibrated minimum and keeps the levels", () => {
    const r = operationalRules();
    for (const [d, min] of Object.entries(OPERATIONAL_MIN_SCORE)) {
      const rules = r[d as keyof typeof r];
      expect(rules?.conditions.every((c) => c.minScore >= (min as number))).toBe(true);
      expect(rules?.conditions.map((c) => c.level)).toEqual(
        DEFAULT_GRADING_RULES[d as keyof typeof DEFAULT_GRADING_RULES].conditions.map((c) => c.level),
      );
    }
  });
});

/** A plant with one sub-catchment; `values[i]` = the sub-catchment's concentration on day i, plant ×10. */
function network(values: readonly number[], scale = 1): { sites: EngineSite[]; results: RawResult[] } {
  const results: RawResult[] = [];
  values.forEach((v, i) => {
    for (const [site, f, pop] of [
      ["SUB", 1, 10_000],
      ["PLANT", 10, 100_000],
    ] as const)
      results.push({
        site,
        analyte: "methamphetamine",
        date: day(i),
        concentrationNgPerL: v * f * scale,
        detection: "detected",
        flowM3PerDay: pop * 0.2,
        populationServed: pop,
      });
  });
  return {
    sites: [
      { code: "PLANT", downstream: null },
      { code: "SUB", downstream: "PLANT" },
    ],
    results,
  };
}
/** every detector that grades series values (the new-substance detectors grade detections, not values) */
const ALL = ALL_DETECTORS.filter((d) => !d.startsWith("new-substance"));

describe("runDetectors properties", () => {
  it("a constant series never alarms (any level, any length)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 5000, noNaN: true }), fc.integer({ min: 1, max: 120 }), (c, n) => {
        const { sites, results } = network(Array.from({ length: n }, () => c));
        expect(runDetectors(sites, seriesFromResults(results), { detectors: ALL })).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("scaling every concentration by a constant changes no alarm date, level or detector", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 40, maxLength: 90 }),
        fc.constantFrom(0.01, 0.5, 3, 1000),
        (vals, k) => {
          const key = (sc: number) => {
            const { sites, results } = network(vals, sc);
            return runDetectors(sites, seriesFromResults(results), { detectors: ALL })
              .map((f) => `${f.site}|${f.detector}|${f.date}|${f.level}`)
              .sort();
          };
          expect(key(k)).toEqual(key(1));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("NetworkNewSubstanceTally", () => {
  // sites A, B, C; analyte X analysed daily for 200 days. Detections: A on day 10 (first ever: priors days 0–9 at
  // A, B, C = 30 ≥ 4), B on day 12 (2 days later: inside any window), C on days 100 and 101 (88 days after B: a
  // reappearance for a 30-day look-back with 90 prior results in days 70–99; nothing when "never before"), A and C
  // on day 150 (a reappearance only with 30 days: last detection day 101 is 49 days earlier). Analyte Y: detected at
  // B on day 2 only (priors days 0–1 = 6 ≥ 4 → first ever).
  const series = (site: string, analyte: string, detectedOn: number[]) =>
    seriesFromResults(
      Array.from({ length: 200 }, (_, i) => ({
        site,
        analyte,
        date: day(i),
        concentrationNgPerL: detectedOn.includes(i) ? 50 : null,
        detection: detectedOn.includes(i) ? ("detected" as const) : ("below_loq" as const),
        flowM3PerDay: 1000,
        populationServed: 10_000,
      })),
    );
  const all = [
    ...series("A", "X", [10, 150]),
    ...series("B", "X", [12]),
    ...series("C", "X", [100, 101, 150]),
    ...series("A", "Y", []),
    ...series("B", "Y", [2]),
  ];
  const sites: EngineSite[] = ["A", "B", "C"].map((code) => ({ code, downstream: null }));
  const key = (f: { site: string; analyte: string; date: string }) => `${f.site}|${f.analyte}|${f.date}`;
  const sorted = <T extends { site: string; analyte: string; date: string }>(fs: T[]) =>
    [...fs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  for (const lookbackDays of [null, 30]) {
    it(`gives the graded points of runDetectors over all series, added in parts (look-back ${lookbackDays})`, () => {
      const ref = runDetectors(sites, all, {
        detectors: ["new-substance-network"],
        newSubstanceLookbackDays: lookbackDays,
      });
      const tally = new NetworkNewSubstanceTally();
      tally.add(all.slice(0, 2));
      tally.add(all.slice(2, 3));
      tally.add(all.slice(3));
      const got = tally.findings(DEFAULT_GRADING_RULES["new-substance-network"], { lookbackDays });
      expect(sorted(got)).toEqual(sorted(ref));
      const hand =
        lookbackDays === null
          ? ["A|X|2025-01-11", "B|Y|2025-01-03"]
          : ["A|X|2025-01-11", "A|X|2025-05-31", "B|Y|2025-01-03", "C|X|2025-04-11", "C|X|2025-05-31"];
      expect(sorted(got).map(key)).toEqual(hand);
      // findingsFrom keeps exactly the later points
      const late = tally.findings(DEFAULT_GRADING_RULES["new-substance-network"], {
        lookbackDays,
        findingsFrom: "2025-04-11",
      });
      expect(sorted(late)).toEqual(sorted(got).filter((f) => f.date >= "2025-04-11"));
    });
  }

  it("rejects a look-back that is not an integer ≥ 1", () => {
    expect(() =>
      new NetworkNewSubstanceTally().findings(DEFAULT_GRADING_RULES["new-substance-network"], { lookbackDays: 0 }),
    ).toThrow(ScienceInputError);
  });
});
