/**
 * The sample registry finds every sample it was given, by site and day, whatever the order and spread of the days
 * (dense day tables per site, a Map beyond their span — `sample-registry.ts`), and nothing else.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { IdSequence } from "./ids.js";
import { SampleRegistry } from "./sample-registry.js";

it("find(site, day) returns the index add() gave, −1 for any other (site, day); days spread over centuries", () => {
  const day = fc.oneof(
    fc.integer({ min: 16_000, max: 16_400 }), // clustered (most files)
    fc.integer({ min: -60_000, max: 60_000 }), // 1806–2134: beyond one table's span
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), day), { maxLength: 300 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), day), { maxLength: 50 }), (adds, probes) => {
      const reg = new SampleRegistry(new IdSequence());
      const expected = new Map<string, number>();
      for (const [site, d] of adds) {
        const key = `${site}|${d}`;
        if (expected.has(key)) continue; // the writer adds a (site, day) once
        expect(reg.find(site, d)).toBe(-1);
        expected.set(key, reg.add(site, d, "day", null, null, 2));
      }
      for (const [site, d] of [...adds, ...probes]) expect(reg.find(site, d)).toBe(expected.get(`${site}|${d}`) ?? -1);
    }),
  );
});
