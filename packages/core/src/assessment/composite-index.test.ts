import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { compositeIndex, type IndexMethod, normaliseIndicator } from "./composite-index.js";

const method: IndexMethod = {
  version: "t",
  normalisation: "min-max",
  weights: [
    { indicatorCode: "ww", weight: 2 },
    { indicatorCode: "exec", weight: 1 },
    { indicatorCode: "new", weight: 1, perPopulation: 10_000 },
  ],
  grades: [
    { code: "high", nameZh: "高", nameEn: "High", minScore: 50 },
    { code: "low", nameZh: "低", nameEn: "Low", minScore: 0 },
  ],
};
const directions = { ww: "lower-is-better", exec: "higher-is-better", new: "lower-is-better" } as const;

describe("compositeIndex (hand calculation)", () => {
  it("three districts, min-max", () => {
    // ww: A 100, B 200, C 300 → 0, 0.5, 1; exec (higher better): A 90, B 100, C 80 → 0.5, 0, 1
    // new per 10 000: A 10/100 000 → 1, B 40/200 000 → 2, C 15/50 000 → 3 → 0, 0.5, 1
    // score = 100·(2·n_ww + n_exec + n_new)/4: A = 100·(0 + 0.5 + 0)/4 = 12.5; B = 100·(1 + 0 + 0.5)/4 = 37.5; C = 100
    const r = compositeIndex(
      {
        directions,
        values: {
          A: { ww: 100, exec: 90, new: 10 },
          B: { ww: 200, exec: 100, new: 40 },
          C: { ww: 300, exec: 80, new: 15 },
        },
        population: { A: 100_000, B: 200_000, C: 50_000 },
      },
      method,
    );
    expect(r.map((d) => [d.jurisdictionCode, Number(d.score!.toFixed(9)), d.rank, d.grade])).toEqual([
      ["C", 100, 1, "high"],
      ["B", 37.5, 2, "low"],
      ["A", 12.5, 3, "low"],
    ]);
    const b = r.find((d) => d.jurisdictionCode === "B")!;
    expect(b.contributions.map((c) => [c.indicatorCode, Number(c.contribution.toFixed(9))])).toEqual([
      ["ww", 25],
      ["exec", 0],
      ["new", 12.5],
    ]);
    expect(b.contributions[2]!.scaledValue).toBeCloseTo(2, 12);
  });

  it("missing indicator: weights renormalised, coverage reported; ties share a rank", () => {
    const r = compositeIndex(
      { directions, values: { A: { ww: 1, exec: 50 }, B: { ww: 3 }, C: { ww: 3 } } },
      { ...method, weights: method.weights.slice(0, 2) },
    );
    const a = r.find((d) => d.jurisdictionCode === "A")!;
    // A: ww 0, exec 0.5 (single value) → 100·(0 + 0.5)/3 = 16.667; B, C: ww 1 → 100·2/2 = 100, coverage 2/3
    expect(a.score).toBeCloseTo(16.6667, 4);
    expect(r.filter((d) => d.score === 100).map((d) => d.rank)).toEqual([1, 1]);
    expect(a.rank).toBe(3);
    expect(r.find((d) => d.jurisdictionCode === "B")!.coverage).toBeCloseTo(2 / 3, 12);
  });

  it("rank and z-score normalisations", () => {
    expect(normaliseIndicator([1, 2, 2, 4], "lower-is-better", "rank")).toEqual([0, 0.5, 0.5, 1]);
    const z = normaliseIndicator([1, 3], "lower-is-better", "z-score");
    // mean 2, sd 1 → Φ(−1) = 0.158655, Φ(1) = 0.841345
    expect(z[0]).toBeCloseTo(0.158655, 6);
    expect(z[1]).toBeCloseTo(0.841345, 6);
  });

  it("errors: no weights, missing population", () => {
    expect(() => compositeIndex({ directions, values: {} }, { ...method, weights: [] })).toThrow(ScienceInputError);
    expect(() => compositeIndex({ directions, values: { A: { new: 1 } } }, method)).toThrow(ScienceInputError);
  });

  it("property: contributions sum to the score; scores in [0, 100]", () => {
    const value = fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 12 }),
        fc.constantFrom("min-max", "z-score", "rank" as const),
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (rows, normalisation, ws) => {
          const values = Object.fromEntries(rows.map(([a, b, c], i) => [`D${i}`, { ww: a, exec: b, new: c }]));
          const population = Object.fromEntries(rows.map((_, i) => [`D${i}`, 1000 + i]));
          const m: IndexMethod = {
            ...method,
            normalisation,
            weights: method.weights.map((w, k) => ({ ...w, weight: ws[k]! })),
          };
          for (const d of compositeIndex({ directions, values, population }, m)) {
            if (d.score === null) continue;
            const sum = d.contributions.reduce((s, c) => s + c.contribution, 0);
            expect(Math.abs(sum - d.score)).toBeLessThanOrEqual(1e-9 * Math.max(1, d.score));
            expect(d.score).toBeGreaterThanOrEqual(0);
            expect(d.score).toBeLessThanOrEqual(100 + 1e-9);
          }
        },
      ),
    );
  });
});
