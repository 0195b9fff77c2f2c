/** The factor-1 fast path of `scaled` returns exactly what the 12-significant-digit rounding returns. */
import fc from "fast-check";
import { expect, it } from "vitest";
import { scaled } from "./measure-value.js";

const reference = (v: number, f: number) => Number((v * f).toPrecision(12));

it("scaled(v, 1) equals Number(v.toPrecision(12)) for decimals and arbitrary doubles (fast-check, seeded)", () => {
  const decimals = fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 9 })).map(([n, d]) => Number(`${n}e-${d}`));
  fc.assert(
    fc.property(fc.oneof(decimals, fc.double({ min: 0, max: 1e7, noNaN: true })), (v) => {
      expect(scaled(v, 1)).toBe(reference(v, 1));
    }),
    { seed: 20240313, numRuns: 5000 },
  );
  // hand cases: 0.1 + one ulp rounds back to 0.1; 1.1 µg/L → 1100 ng/L
  expect(scaled(0.1 + 2 ** -56, 1)).toBe(0.1);
  expect(scaled(1.1, 1000)).toBe(1100);
  expect(scaled(123.45, 1)).toBe(123.45);
});
