import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { mannKendall, mannKendallS, senSlope } from "./mann-kendall.js";
import { normalCdf } from "./normal.js";

const years = (xs: number[], start = 2011) => xs.map((x, i) => ({ t: start + i, x }));

describe("normalCdf", () => {
  it("matches reference values (Python math.erfc: Φ(x) = erfc(−x/√2)/2)", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300957, 15);
    // far tail (asymptotic branch): relative error below 1e-7
    expect(Math.abs(normalCdf(-8) / 6.220960574271819e-16 - 1)).toBeLessThan(1e-7);
  });
});

describe("Mann-Kendall", () => {
  it("hand-worked series with a tie: x = 5, 7, 7, 9, 6 (2011–2015)", () => {
    // S: 5→(7,7,9,6) = +4; 7→(7,9,6) = 0+1−1 = 0; 7→(9,6) = 0; 9→(6) = −1 ⇒ S = 3
    // Var = [5·4·15 − 2·1·9]/18 = (300 − 18)/18 = 15.667; z = (3 − 1)/√15.667 = 0.50529
    // p = erfc(0.50529/√2) = 0.61335 (Python); τ = 3/10 = 0.3
    // Sen: slopes 2, 1, 4/3, 1/4, 0, 1, −1/3, 2, −1/2, −3 → sorted middle pair (1/4, 1) → 0.625
    const r = mannKendall(years([5, 7, 7, 9, 6]));
    expect(r.s).toBe(3);
    expect(r.varS).toBeCloseTo(15.666667, 5);
    expect(r.z).toBeCloseTo(0.5052911526399114, 12);
    expect(r.pValue).toBeCloseTo(0.6133543559547467, 10);
    expect(r.tau).toBeCloseTo(0.3, 12);
    expect(r.senSlope).toBeCloseTo(0.625, 12);
    expect(r.direction).toBe("no-trend");
  });

  it("published by-hand example with one tie (Little, Holy Cross 'A Mann-Kendall Example (By Hand)')", () => {
    // 14 values; the page counts 72 (+1), 18 (−1), 1 (0) ⇒ S = 54; V = 14·13·33/18 − 2·1·9/18 = 332.667;
    // Z = (S − 1)/√V = 2.9058; two-sided p = 0.00366 (the page quotes the one-sided 0.0018).
    const x = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7];
    const r = mannKendall(years(x, 2000));
    expect(r.s).toBe(54);
    expect(r.varS).toBeCloseTo(332.6667, 4);
    expect(r.z).toBeCloseTo(2.9058, 4);
    expect(r.pValue).toBeCloseTo(0.003662723762882436, 8);
    expect(r.direction).toBe("increasing");
  });

  it("irregular years: Sen's slope uses the time gaps", () => {
    // points (2010, 1), (2012, 3), (2016, 4): slopes 2/2 = 1, 3/6 = 0.5, 1/4 = 0.25 → median 0.5
    // intercept = median(x) − 0.5·median(t) = 3 − 0.5·2012 = −1003
    expect(
      senSlope([
        { t: 2016, x: 4 },
        { t: 2010, x: 1 },
        { t: 2012, x: 3 },
      ]),
    ).toEqual({ slope: 0.5, intercept: -1003 });
  });

  it("insufficient data and validation", () => {
    expect(mannKendall(years([1, 2])).direction).toBe("insufficient-data");
    expect(mannKendall(years([1, 2])).pValue).toBeNull();
    expect(() =>
      mannKendall([
        { t: 2020, x: 1 },
        { t: 2020, x: 2 },
        { t: 2021, x: 3 },
      ]),
    ).toThrow(ScienceInputError);
    expect(() => mannKendall(years([1, Number.NaN, 3]))).toThrow(ScienceInputError);
    // all values tied → Var(S) = 0, z and p undefined
    const flat = mannKendall(years([4, 4, 4, 4]));
    expect(flat.s).toBe(0);
    expect(flat.varS).toBe(0);
    expect(flat.z).toBeNull();
    expect(flat.direction).toBe("no-trend");
  });

  const series = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 3, maxLength: 25 });
  it("reversing the series negates S (same variance)", () => {
    fc.assert(
      fc.property(series, (xs) => {
        const a = mannKendallS(xs);
        const b = mannKendallS([...xs].reverse());
        expect(b.s + a.s).toBe(0);
        expect(b.varS).toBe(a.varS);
      }),
    );
  });
  it("adding a constant leaves S and the slope unchanged; the intercept shifts by the constant", () => {
    fc.assert(
      fc.property(series, fc.integer({ min: -1000, max: 1000 }), (xs, c) => {
        const a = mannKendall(years(xs));
        const b = mannKendall(years(xs.map((x) => x + c)));
        expect(b.s).toBe(a.s);
        expect(b.senSlope).toBeCloseTo(a.senSlope as number, 9);
        expect((b.senIntercept as number) - (a.senIntercept as number)).toBeCloseTo(c, 6);
      }),
    );
  });
  it("a strictly increasing series gives S = n(n−1)/2 and τ = 1", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 3, maxLength: 30 }), (xs) => {
        const sorted = [...xs].sort((p, q) => p - q);
        const n = sorted.length;
        const r = mannKendall(years(sorted));
        expect(r.s).toBe((n * (n - 1)) / 2);
        expect(r.tau).toBe(1);
        expect(r.senSlope as number).toBeGreaterThan(0);
      }),
    );
  });
  it("p-value is in [0, 1] and |τ| ≤ 1", () => {
    fc.assert(
      fc.property(series, (xs) => {
        const r = mannKendall(years(xs));
        if (r.pValue !== null) {
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
        }
        expect(Math.abs(r.tau as number)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
