import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { DEFAULT_EWMA_L, ewma } from "./ewma.js";

describe("EWMA (Roberts 1959; exact limits of Lucas & Saccucci 1990)", () => {
  it("hand-computed statistic and time-varying limit, λ = 0.2, L = 3", () => {
    // Z1 = 0.2·1 = 0.2;           UCL1 = 3·√(0.2/1.8·(1 − 0.64))       = 3·0.2       = 0.6
    // Z2 = 0.2·2 + 0.8·0.2 = 0.56; UCL2 = 3·√(0.11111·(1 − 0.4096))     = 3·0.256125  = 0.768375
    // Z3 = 0 + 0.8·0.56 = 0.448;   UCL3 = 3·√(0.11111·(1 − 0.262144))   = 3·0.286328  = 0.858985
    // Z4 = 0.2·5 + 0.8·0.448 = 1.3584; UCL4 = 3·√(0.11111·(1 − 0.16777216)) = 0.912265 → alarm
    const r = ewma([1, 2, 0, 5], { lambda: 0.2, limitWidth: 3 });
    expect(r.map((p) => p?.statistic)).toEqual([0.2, 0.56, expect.closeTo(0.448, 12), expect.closeTo(1.3584, 12)]);
    expect(r[0]?.upperLimit).toBeCloseTo(0.6, 12);
    expect(r[1]?.upperLimit).toBeCloseTo(0.7683749084919418, 12);
    expect(r[2]?.upperLimit).toBeCloseTo(0.8589854480723175, 12);
    expect(r[3]?.upperLimit).toBeCloseTo(0.912265224592059, 12);
    expect(r.map((p) => p?.alarm)).toEqual([false, false, false, true]);
  });

  it("missing values are skipped (Z and t unchanged)", () => {
    // same as above with gaps: the limits follow the number of observations, not the index
    const r = ewma([1, null, 2, null, null, 0, 5], { lambda: 0.2, limitWidth: 3 });
    expect(r[1]).toBeNull();
    expect(r[2]?.statistic).toBeCloseTo(0.56, 12);
    expect(r[2]?.upperLimit).toBeCloseTo(0.7683749084919418, 12);
    expect(r[6]?.alarm).toBe(true);
  });

  it("the limit tends to L·√(λ/(2−λ)); default L = 2.962", () => {
    const r = ewma(new Array(200).fill(0));
    expect(r[199]?.upperLimit).toBeCloseTo(DEFAULT_EWMA_L * Math.sqrt(0.2 / 1.8), 12);
    expect(r.some((p) => p?.alarm)).toBe(false);
  });

  it("two-sided and reset options", () => {
    // λ = 1 is a Shewhart chart: limit = L·σ; −4 < −3 alarms only two-sided
    expect(ewma([-4], { lambda: 1, limitWidth: 3 })[0]?.alarm).toBe(false);
    expect(ewma([-4], { lambda: 1, limitWidth: 3, side: "two-sided" })[0]?.alarm).toBe(true);
    // λ = 0.5, L = 1: Z1 = 2 > UCL1 = 1·√(1/3·0.75) = 0.5 → alarm; with reset Z2 = 0.5·0 + 0.5·0 = 0
    const noReset = ewma([4, 0], { lambda: 0.5, limitWidth: 1 });
    const withReset = ewma([4, 0], { lambda: 0.5, limitWidth: 1, resetOnAlarm: true });
    expect(noReset[1]?.statistic).toBe(1);
    expect(withReset[1]?.statistic).toBe(0);
    expect(withReset[1]?.upperLimit).toBeCloseTo(0.5, 12); // t restarts at 1
  });

  it("rejects bad options", () => {
    expect(() => ewma([1], { lambda: 0 })).toThrow(ScienceInputError);
    expect(() => ewma([1], { lambda: 1.5 })).toThrow(ScienceInputError);
    expect(() => ewma([1], { sigma: -1 })).toThrow(ScienceInputError);
  });
});
