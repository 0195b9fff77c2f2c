import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mean, median, quantile, quantileSorted, quantilesInPlace } from "./quantile.js";

describe("type-7 quantile", () => {
  it("hand example [1,2,3,4]: h = 3p → p=0.25 → 1.75, p=0.5 → 2.5, p=0.9 → 3.7 (R quantile type 7)", () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([5], 0.3)).toBe(5);
    expect(mean([1, 2, 6])).toBe(3);
  });
  it("rejects empty input and bad p", () => {
    expect(() => median([])).toThrow();
    expect(() => quantile([1], 1.5)).toThrow();
  });
  it("quantilesInPlace equals the sort-based result", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (xs, ps) => {
          const sorted = Float64Array.from(xs).sort();
          const got = quantilesInPlace(Float64Array.from(xs), ps);
          for (const [i, p] of ps.entries()) expect(got[i]).toBeCloseTo(quantileSorted(sorted, p), 6);
        },
      ),
    );
  });
});
