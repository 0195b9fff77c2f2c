import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateOfDayNumber, dayNumber } from "./day-number.js";
import { robustBaseline } from "./robust-baseline.js";
import { stepCusum } from "./step-cusum.js";

describe("step CUSUM (log-scale reference, FIR headstart)", () => {
  it("hand-computed statistic with the FIR headstart and a restart after the alarm", () => {
    // F = e → δ = ln e = 1; scale 0.5 → k = δ/(2·0.5) = 1; h = 2, headstart 0.5 → S_0 = 1
    // t0: 1 + 1 − 1 = 1; t1: 1 + 2 − 1 = 2 (not > 2); t2 missing; t3: 2 + 0.5 − 1 = 1.5;
    // t4: 1.5 + 3 − 1 = 3.5 > 2 → alarm, restart at 1; t5: 1 − 0.5 − 1 < 0 → 0
    const z = [1, 2, null, 0.5, 3, -0.5];
    const scale = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(stepCusum(z, scale, { h: 2, stepFactor: Math.E })).toEqual([
      { statistic: 1, alarm: false },
      { statistic: 2, alarm: false },
      null,
      { statistic: 1.5, alarm: false },
      { statistic: 3.5, alarm: true },
      { statistic: 0, alarm: false },
    ]);
    // without headstart: 0, 1, –, 0.5, 2.5 (alarm), 0
    expect(stepCusum(z, scale, { h: 2, stepFactor: Math.E, headstart: 0 }).map((p) => p?.statistic ?? null)).toEqual([
      0,
      1,
      null,
      0.5,
      2.5,
      0,
    ]);
  });

  it("the reference value follows the local scale: k = ln(1.5)/(2 s)", () => {
    // s = ln(1.5)/2 → k = 1 exactly; z = 1 each day keeps S at the headstart 0
    const s = Math.log(1.5) / 2;
    const r = stepCusum([1, 1, 1], [s, s, s], { h: 4, headstart: 0 });
    for (const p of r) expect(p?.statistic).toBeCloseTo(0, 12);
    // a larger scale (2s → k = 0.5): z = 1 adds 0.5 a day
    const r2 = stepCusum([1, 1, 1], [2 * s, 2 * s, 2 * s], { h: 4, headstart: 0 });
    expect(r2.map((p) => p?.statistic)).toEqual([0.5, 1, 1.5].map((x) => expect.closeTo(x, 12)));
  });

  it("property: a constant series never alarms (robust baseline → step CUSUM, any h and headstart)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (value, n, h, headstart) => {
          const d0 = dayNumber("2024-01-01");
          const points = Array.from({ length: n }, (_, i) => ({
            date: dateOfDayNumber(d0 + i),
            value,
            censored: false,
          }));
          const rb = robustBaseline(points);
          const out = stepCusum(
            rb.map((p) => p.z),
            rb.map((p) => p.scale),
            { h, headstart },
          );
          return out.every((p) => p === null || !p.alarm);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects bad options and inputs", () => {
    expect(() => stepCusum([1], [0.1], { h: 0 })).toThrow(/h/);
    expect(() => stepCusum([1], [0.1], { h: 1, stepFactor: 1 })).toThrow(/stepFactor/);
    expect(() => stepCusum([1], [0.1], { h: 1, headstart: 1 })).toThrow(/headstart/);
    expect(() => stepCusum([1, 2], [0.1], { h: 1 })).toThrow(/length/);
    expect(() => stepCusum([1], [0], { h: 1 })).toThrow(/scale\[0\]/);
  });
});
