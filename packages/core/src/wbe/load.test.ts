import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import {
  annualTotalMg,
  consumptionMgPerDayPer1000,
  dosesPerDayPer1000,
  massLoadMgPerDay,
  pnlMgPerDayPer1000,
  populationWeightedMean,
  totalDailyMg,
} from "./load.js";

describe("science.md §1 worked example (METH)", () => {
  // C = 100 ng/L, Q = 100 000 m³/d, P = 400 000:
  // L = 100 ng/L × 10⁸ L/d = 10¹⁰ ng/d = 10 000 mg/d; PNL = 10 000 / 400 = 25.0 mg/d/1000;
  // consumption = 25 × 2.326 = 58.15 → 58.1; doses (30 mg) = 58.15 / 30 = 1.938 → 1.94;
  // city total = 58.15 × 400 = 23 260 mg/d → 23.3 g/d.
  const load = massLoadMgPerDay(100, 100_000);
  const pnl = pnlMgPerDayPer1000(load, 400_000);
  const cons = consumptionMgPerDayPer1000(pnl, 2.326);
  const doses = dosesPerDayPer1000(cons, 30);
  it("load 10 000 mg/d", () => expect(load).toBe(10_000));
  it("PNL 25.0", () => expect(pnl).toBe(25));
  it("consumption 58.1", () => expect(cons).toBeCloseTo(58.15, 10));
  // science.md prints 58.1 (58.15 truncated to one decimal)
  it("prints as 58.1 when truncated", () => expect(Math.trunc(cons * 10) / 10).toBe(58.1));
  it("doses 1.94", () => expect(doses).toBeCloseTo(1.94, 2));
  it("city total 23.3 g/d", () => {
    expect(totalDailyMg(cons, 400_000) / 1000).toBeCloseTo(23.26, 10);
    expect(annualTotalMg(cons, 400_000)).toBeCloseTo(23_260 * 365, 6);
  });
});

describe("input validation", () => {
  it.each([
    () => massLoadMgPerDay(-1, 1),
    () => massLoadMgPerDay(1, Number.NaN),
    () => massLoadMgPerDay(Number.POSITIVE_INFINITY, 1),
    () => pnlMgPerDayPer1000(1, 0),
    () => pnlMgPerDayPer1000(1, -5),
    () => consumptionMgPerDayPer1000(1, 0),
    () => dosesPerDayPer1000(1, 0),
    () => populationWeightedMean([]),
    () => populationWeightedMean([{ value: 1, population: 0 }]),
    () => annualTotalMg(1, 0),
  ])("throws ScienceInputError (%#)", (f) => {
    expect(f).toThrow(ScienceInputError);
  });
  it("names the field", () => {
    try {
      pnlMgPerDayPer1000(10, 0);
    } catch (e) {
      expect((e as ScienceInputError).field).toBe("populationServed");
      expect((e as ScienceInputError).name).toBe("ScienceInputError");
    }
  });
});

describe("populationWeightedMean", () => {
  it("hand example: (10·100 000 + 40·300 000) / 400 000 = 32.5", () => {
    expect(
      populationWeightedMean([
        { value: 10, population: 100_000 },
        { value: 40, population: 300_000 },
      ]),
    ).toBe(32.5);
  });
});

describe("properties", () => {
  const pos = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
  it("load is linear in C and in Q", () => {
    fc.assert(
      fc.property(pos, pos, fc.double({ min: 0.01, max: 100, noNaN: true }), (c, q, k) => {
        const l = massLoadMgPerDay(c, q);
        expect(massLoadMgPerDay(k * c, q)).toBeCloseTo(k * l, 6 - Math.ceil(Math.log10(Math.max(1, k * l))));
        expect(Math.abs(massLoadMgPerDay(c, k * q) - k * l)).toBeLessThanOrEqual(1e-12 * k * l);
      }),
    );
  });
  it("PNL × population / 1000 = load", () => {
    fc.assert(
      fc.property(pos, fc.double({ min: 1, max: 3e7, noNaN: true }), (load, p) => {
        const pnl = pnlMgPerDayPer1000(load, p);
        expect(Math.abs((pnl * p) / 1000 - load)).toBeLessThanOrEqual(1e-12 * load);
      }),
    );
  });
  it("population-weighted mean lies between min and max", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            value: fc.double({ min: 0, max: 1e4, noNaN: true }),
            population: fc.double({ min: 1, max: 1e7, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (items) => {
          const m = populationWeightedMean(items);
          const vs = items.map((i) => i.value);
          expect(m).toBeGreaterThanOrEqual(Math.min(...vs));
          expect(m).toBeLessThanOrEqual(Math.max(...vs));
        },
      ),
    );
  });
});
