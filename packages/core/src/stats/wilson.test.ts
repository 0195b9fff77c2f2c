import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { wilsonInterval } from "./wilson.js";

describe("wilsonInterval", () => {
  it("matches Newcombe (1998) Stat Med 17:857, Table II, method 3 (score, no continuity correction)", () => {
    // Newcombe's four examples: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718
    const cases: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lo, hi] of cases) {
      const r = wilsonInterval(x, n);
      expect(r.lower).toBeCloseTo(lo, 4);
      expect(r.upper).toBeCloseTo(hi, 4);
      expect(r.proportion).toBe(x / n);
      expect(r.confidence).toBe(0.95);
    }
  });

  it("Brown, Cai & DasGupta (2001) closed form: 0/n gives [0, z²/(n+z²)]", () => {
    const z = 1.959963984540054;
    const r = wilsonInterval(0, 10);
    expect(r.lower).toBe(0);
    expect(r.upper).toBeCloseTo((z * z) / (10 + z * z), 12); // 0.27753
    expect(r.upper).toBeCloseTo(0.2775, 4);
    const all = wilsonInterval(29, 29);
    expect(all.upper).toBe(1);
    expect(all.lower).toBeCloseTo(0.883, 3);
  });

  it("n = 0 gives nulls; bad counts throw", () => {
    expect(wilsonInterval(0, 0)).toMatchObject({ proportion: null, lower: null, upper: null });
    expect(() => wilsonInterval(3, 2)).toThrow(ScienceInputError);
    expect(() => wilsonInterval(-1, 2)).toThrow(ScienceInputError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(ScienceInputError);
  });

  it("z = 1 gives a 68.27 % interval", () => {
    expect(wilsonInterval(5, 10, 1).confidence).toBeCloseTo(0.6827, 4);
  });

  it("property: 0 ≤ lower ≤ p̂ ≤ upper ≤ 1, symmetric under x → n − x", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const r = wilsonInterval(x, n);
        const m = wilsonInterval(n - x, n);
        expect(r.lower!).toBeGreaterThanOrEqual(0);
        expect(r.lower!).toBeLessThanOrEqual(r.proportion! + 1e-12);
        expect(r.upper!).toBeGreaterThanOrEqual(r.proportion! - 1e-12);
        expect(r.upper!).toBeLessThanOrEqual(1);
        expect(r.lower!).toBeCloseTo(1 - m.upper!, 10);
      }),
    );
  });
});
