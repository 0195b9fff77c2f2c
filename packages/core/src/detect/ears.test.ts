import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { ears } from "./ears.js";

// s = sample sd of {1,…,7} = √(Σ(k − 4)²/6) = √(28/6) = 2.160246899469287
const S = Math.sqrt(28 / 6);

describe("EARS C1 (baseline t−7…t−1)", () => {
  it("hand-computed values and the threshold 3", () => {
    // y8 = 10: C1 = (10 − 4)/2.160247 = 2.777460 (no alarm); y8 = 11: 7/2.160247 = 3.240370 (alarm)
    const a = ears([1, 2, 3, 4, 5, 6, 7, 10], "C1");
    expect(a.slice(0, 7)).toEqual(new Array(7).fill(null)); // first computable index = baseline (R: baseline + 1, 1-based)
    expect(a[7]?.statistic).toBeCloseTo(6 / S, 12);
    expect(a[7]?.statistic).toBeCloseTo(2.7774602993176543, 12);
    expect(a[7]?.mean).toBe(4);
    expect(a[7]?.alarm).toBe(false);
    const b = ears([1, 2, 3, 4, 5, 6, 7, 11], "C1");
    expect(b[7]?.statistic).toBeCloseTo(3.2403703492039297, 12);
    expect(b[7]?.alarm).toBe(true);
  });

  it("sd floor (minSigma) for a flat baseline; minSigma 0 as in R surveillance gives ±∞", () => {
    // baseline {5×7}: s = 0 → floor 0.06 → C1 = (5.3 − 5)/0.06 = 5
    expect(ears([5, 5, 5, 5, 5, 5, 5, 5.3], "C1")[7]?.statistic).toBeCloseTo(5, 9);
    expect(ears([5, 5, 5, 5, 5, 5, 5, 5.3], "C1", { minSigma: 0.5 })[7]?.statistic).toBeCloseTo(0.6, 9);
    expect(ears([5, 5, 5, 5, 5, 5, 5, 6], "C1", { minSigma: 0 })[7]?.statistic).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("EARS C2 (baseline t−9…t−3, lag 2)", () => {
  it("ignores the two most recent observations", () => {
    // index 9: baseline = indices 0…6 = {1…7} (the 50s at indices 7, 8 are the lag) → C2 = (10 − 4)/s = 2.777460
    const r = ears([1, 2, 3, 4, 5, 6, 7, 50, 50, 10], "C2");
    expect(r.slice(0, 9)).toEqual(new Array(9).fill(null));
    expect(r[9]?.statistic).toBeCloseTo(6 / S, 12);
    expect(r[9]?.alarm).toBe(false);
  });
});

describe("EARS C3 (sum of the truncated C2 of t, t−1, t−2)", () => {
  it("hand-computed: lagged C2 values add up over the threshold 2", () => {
    // y = 1,2,3,4,5,6,7,8,9, 8,10,6. Baselines (all sd = s = 2.160247):
    //   C2_9  = (8 − mean{1..7}=4)/s  = 1.851640 → max(0, C2 − 1) = 0.851640
    //   C2_10 = (10 − mean{2..8}=5)/s = 2.314550 → 1.314550
    //   C2_11 = (6 − mean{3..9}=6)/s  = 0         → 0
    //   C3_11 = 0.851640 + 1.314550 + 0 = 2.166190 > 2 → alarm, although C2_11 = 0
    const r = ears([1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 10, 6], "C3");
    expect(r.slice(0, 11)).toEqual(new Array(11).fill(null)); // needs B + 4 = 11 previous observations
    expect(r[11]?.statistic).toBeCloseTo(2.166190448976481, 12);
    expect(r[11]?.threshold).toBe(2);
    expect(r[11]?.alarm).toBe(true);
  });
});

describe("EARS missing values and options", () => {
  it("a missing baseline value removes the statistic unless minBaseline allows it", () => {
    const y = [1, 2, null, 4, 5, 6, 7, 10];
    expect(ears(y, "C1")[7]).toBeNull();
    // {1,2,4,5,6,7}: mean 25/6 = 4.1667, Σ(dev²) = 26.8333, s = √(26.8333/5) = 2.316607 → C1 = 5.8333/2.316607 = 2.518047
    expect(ears(y, "C1", { minBaseline: 6 })[7]?.statistic).toBeCloseTo((10 - 25 / 6) / Math.sqrt(26.833333333333336 / 5), 12);
    expect(ears([1, 2, 3, 4, 5, 6, 7, null], "C1")[7]).toBeNull();
  });

  it("rejects bad options", () => {
    expect(() => ears([1], "C1", { baseline: 2 })).toThrow(ScienceInputError);
    expect(() => ears([1], "C1", { minBaseline: 8 })).toThrow(ScienceInputError);
    expect(() => ears([1], "C4" as "C1")).toThrow(/C1, C2 or C3/);
  });
});
