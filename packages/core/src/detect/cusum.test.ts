import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { cusum } from "./cusum.js";

describe("upper CUSUM (Page 1954)", () => {
  it("hand-computed with k = 0.5, h = 4, reset after alarm", () => {
    // S1 = 1 − 0.5 = 0.5; S2 = 0.5 + 2 − 0.5 = 2; S3 = 2 + 0 − 0.5 = 1.5; S4 = 1.5 + 3 − 0.5 = 4 (not > 4)
    // S5 = 4 + 1 − 0.5 = 4.5 > 4 → alarm, reset; S6 = max(0, 0 − 5 − 0.5) = 0; S7 = 6 − 0.5 = 5.5 → alarm
    const r = cusum([1, 2, 0, 3, 1, -5, 6], { k: 0.5, h: 4 });
    expect(r.map((p) => p?.statistic)).toEqual([0.5, 2, 1.5, 4, 4.5, 0, 5.5]);
    expect(r.map((p) => p?.alarm)).toEqual([false, false, false, false, true, false, true]);
  });

  it("missing values keep the sum", () => {
    const r = cusum([3, null, 3], { k: 0.5, h: 4 });
    // S1 = 2.5; skip; S3 = 2.5 + 2.5 = 5 > 4 → alarm
    expect(r[1]).toBeNull();
    expect(r[2]).toEqual({ statistic: 5, alarm: true });
  });

  it("default k = 0.5, h = 5: a sustained +1σ shift signals on the 11th observation", () => {
    // each step adds 1 − 0.5 = 0.5: S10 = 5 (not > 5), S11 = 5.5 → alarm
    const r = cusum(new Array(12).fill(1));
    expect(r.findIndex((p) => p?.alarm)).toBe(10);
  });

  it("rejects bad options", () => {
    expect(() => cusum([1], { h: 0 })).toThrow(ScienceInputError);
    expect(() => cusum([1], { k: -1 })).toThrow(ScienceInputError);
  });
});
