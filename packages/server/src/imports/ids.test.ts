/** The fast id formula equals the reference (head ‖ 12 hex digits of base + seq) and is strictly increasing. */
import fc from "fast-check";
import { expect, it } from "vitest";
import { IdSequence } from "./ids.js";

it("id(seq) = head ‖ hex12(base + seq), increasing in seq (fast-check, seeded)", () => {
  fc.assert(
    fc.property(fc.uuid({ version: 7 }), fc.integer({ min: 0, max: 2 ** 40 }), (seed, seq) => {
      const ids = new IdSequence(seed);
      expect(ids.head).toBe(seed.replaceAll("-", "").slice(0, 20));
      expect(ids.id(seq)).toBe(ids.head + (ids.base + seq).toString(16).padStart(12, "0"));
      expect(ids.id(seq + 1) > ids.id(seq)).toBe(true);
    }),
    { seed: 20240313, numRuns: 500 },
  );
});
