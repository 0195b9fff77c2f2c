import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concentrationFactor, concentrationFields } from "./measure-value.js";

// factors to ng/L by SI definition: 1 µg = 1000 ng; 1 ng/mL = 1000 ng/L; 1 mg/L = 10⁶ ng/L
const UNITS: Array<[string, number]> = [["ng/L", 1], ["µg/L", 1000], ["ug/L", 1000], ["ng/mL", 1000], ["mg/L", 1e6], ["纳克/升", 1]];

describe("concentrationFields", () => {
  it("converts numbers, LOD and LOQ with the same unit factor", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 999 }), fc.constantFrom(...UNITS), (milli, lodMilli, [unit, f]) => {
        const v = milli / 1000;
        const lod = lodMilli / 1000;
        const out = concentrationFields(String(v), unit, String(lod), String(lod * 3), false, concentrationFactor, "not_analysed");
        expect(out.kind).toBe("ok");
        if (out.kind !== "ok") return;
        expect(out.fields.detection).toBe("detected");
        expect(out.fields.valueCanonical).toBeCloseTo(v * f, 6);
        expect(out.fields.lodNgPerL).toBeCloseTo(lod * f, 9);
        expect(out.fields.loqNgPerL).toBeCloseTo(lod * 3 * f, 9);
      }),
      { seed: 42 },
    );
  });

  it("reads `<x` as the LOD when the LOD column says x, otherwise as the LOQ", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (xm, lm) => {
        const x = xm / 100;
        const lod = lm / 100;
        const out = concentrationFields(`<${x}`, "ng/L", String(lod), undefined, false, concentrationFactor, "not_analysed");
        if (out.kind !== "ok") throw new Error("expected ok");
        if (x === lod) expect(out.fields).toEqual({ valueCanonical: null, detection: "below_lod", lodNgPerL: x, loqNgPerL: null });
        else expect(out.fields).toEqual({ valueCanonical: null, detection: "below_loq", lodNgPerL: lod, loqNgPerL: x });
      }),
      { seed: 42 },
    );
  });

  it("empty cells: not analysed (long) or skipped (wide)", () => {
    expect(concentrationFields("", "ng/L", undefined, undefined, false, concentrationFactor, "skip")).toEqual({ kind: "skip" });
    expect(concentrationFields("", null, undefined, undefined, false, concentrationFactor, "not_analysed")).toEqual({
      kind: "ok",
      fields: { valueCanonical: null, detection: "not_analysed", lodNgPerL: null, loqNgPerL: null },
    });
  });
});
