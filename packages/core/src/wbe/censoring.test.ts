import { describe, expect, it } from "vitest";
import { censoredInterval, isLogSafe, positiveOrNull, substituteCensored } from "./censoring.js";

const lim = { lod: 1, loq: 3.3 };

describe("substituteCensored", () => {
  it("detected values pass through unchanged under every policy", () => {
    for (const p of ["zero", "lod_half", "loq_half", "loq"] as const) {
      expect(substituteCensored({ valueCanonical: 12.5, detection: "detected", ...lim }, p)).toEqual({
        value: 12.5,
        substituted: false,
      });
    }
  });
  it("below LOQ", () => {
    const m = { valueCanonical: null, detection: "below_loq" as const, ...lim };
    expect(substituteCensored(m, "zero")).toMatchObject({ value: 0, substituted: true });
    expect(substituteCensored(m, "lod_half")).toMatchObject({ value: 0.5, substituted: true });
    expect(substituteCensored(m, "loq_half")).toMatchObject({ value: 1.65, substituted: true });
    expect(substituteCensored(m, "loq")).toMatchObject({ value: 3.3, substituted: true });
  });
  it("below LOD never exceeds LOD (loq_half → LOD/2, loq → LOD)", () => {
    const m = { valueCanonical: null, detection: "below_lod" as const, ...lim };
    expect(substituteCensored(m, "zero").value).toBe(0);
    expect(substituteCensored(m, "lod_half").value).toBe(0.5);
    expect(substituteCensored(m, "loq_half").value).toBe(0.5);
    expect(substituteCensored(m, "loq").value).toBe(1);
  });
  it("unknown limits give null with a reason, never a guess", () => {
    const r = substituteCensored({ valueCanonical: null, detection: "below_loq", lod: null, loq: null }, "loq_half");
    expect(r.value).toBeNull();
    expect(r.substituted).toBe(false);
    expect(r.reason).toMatch(/LOQ unknown/);
    expect(
      substituteCensored({ valueCanonical: null, detection: "below_lod", lod: null, loq: 5 }, "loq_half").value,
    ).toBeNull();
    // zero policy needs no limit
    expect(
      substituteCensored({ valueCanonical: null, detection: "below_lod", lod: null, loq: null }, "zero").value,
    ).toBe(0);
  });
  it("not analysed is always null", () => {
    for (const p of ["zero", "lod_half", "loq_half", "loq"] as const) {
      expect(substituteCensored({ valueCanonical: 3, detection: "not_analysed", ...lim }, p).value).toBeNull();
    }
  });
  it("rejects a negative detected value", () => {
    expect(() => substituteCensored({ valueCanonical: -1, detection: "detected", ...lim }, "zero")).toThrow(
      /valueCanonical/,
    );
  });
});

describe("censoredInterval", () => {
  it("gives the interval of science.md §3.3", () => {
    expect(censoredInterval({ valueCanonical: null, detection: "below_lod", ...lim })).toEqual({ lower: 0, upper: 1 });
    expect(censoredInterval({ valueCanonical: null, detection: "below_loq", ...lim })).toEqual({
      lower: 1,
      upper: 3.3,
    });
    expect(censoredInterval({ valueCanonical: 7, detection: "detected", ...lim })).toEqual({ lower: 7, upper: 7 });
    expect(censoredInterval({ valueCanonical: null, detection: "not_analysed", ...lim })).toBeNull();
  });
});

describe("log safety", () => {
  it("0, negatives, NaN, null are not log-safe", () => {
    for (const v of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) {
      expect(isLogSafe(v)).toBe(false);
      expect(positiveOrNull(v)).toBeNull();
    }
    expect(positiveOrNull(2.5)).toBe(2.5);
  });
});
