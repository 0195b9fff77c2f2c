import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError, UnknownUnitError } from "./errors.js";
import {
  normaliseUnit,
  parseUnitFromHeader,
  toM3PerDay,
  toNgPerL,
  toPersons,
  toPnlMgPerDayPer1000,
  unitQuantityOf,
} from "./units.js";

describe("toNgPerL", () => {
  // Factors are SI prefix arithmetic: 1 µg = 1000 ng; 1 mL = 10⁻³ L; 1 m³ = 1000 L.
  it.each([
    ["ng/L", 1],
    ["ng / l", 1],
    ["NG/L", 1],
    ["ng L-1", 1],
    ["ng·L⁻¹", 1],
    ["纳克/升", 1],
    ["ｎｇ／Ｌ", 1], // full-width
    ["µg/L", 1000], // U+00B5 micro sign
    ["μg/L", 1000], // U+03BC Greek mu
    ["ug/L", 1000],
    ["mcg/L", 1000],
    ["微克/升", 1000],
    ["ng/mL", 1000],
    ["mg/L", 1e6],
    ["pg/mL", 1],
    ["µg/m³", 1],
    ["ug/m3", 1],
    ["ng/m³", 0.001],
  ])("%s → ×%d", (unit, factor) => {
    expect(toNgPerL(2.5, unit)).toBeCloseTo(2.5 * factor, 9);
  });

  it("throws UnknownUnitError with unit and quantity, never guesses", () => {
    for (const u of ["ppm", "ng", "", "mol/L", "ng/kg"]) {
      try {
        toNgPerL(1, u);
        expect.unreachable(`"${u}" should throw`);
      } catch (e) {
        expect(e).toBeInstanceOf(UnknownUnitError);
        expect((e as UnknownUnitError).name).toBe("UnknownUnitError");
        expect((e as UnknownUnitError).unit).toBe(u);
        expect((e as UnknownUnitError).quantity).toBe("concentration");
      }
    }
  });

  it("rejects negative and non-finite values", () => {
    expect(() => toNgPerL(-1, "ng/L")).toThrow(ScienceInputError);
    expect(() => toNgPerL(Number.NaN, "ng/L")).toThrow(ScienceInputError);
    expect(() => toNgPerL(Number.POSITIVE_INFINITY, "ng/L")).toThrow(ScienceInputError);
  });
});

describe("toM3PerDay", () => {
  it.each([
    ["m³/d", 1],
    ["m3/d", 1],
    ["m3/day", 1],
    ["m3 per day", 1],
    ["m³·d⁻¹", 1],
    ["立方米/日", 1],
    ["立方米每日", 1],
    ["立方米/天", 1],
    ["m3/日", 1],
    ["10⁴ m³/d", 1e4],
    ["10^4 m3/d", 1e4],
    ["×10⁴ m³/d", 1e4],
    ["万立方米/日", 1e4],
    ["万立方米每日", 1e4],
    ["万吨/日", 1e4],
    ["万吨/天", 1e4],
    ["ML/d", 1000],
    ["ML/day", 1000],
    ["L/s", 86.4],
    ["l/sec", 86.4],
    ["m3/h", 24],
    ["m³/hour", 24],
    ["m3/s", 86_400],
    ["MGD", 3785.411784],
  ])("%s → ×%d", (unit, factor) => {
    expect(toM3PerDay(3, unit)).toBeCloseTo(3 * factor, 6);
  });

  it("MGD matches the brief's 3785.41 within rounding", () => {
    expect(toM3PerDay(1, "MGD")).toBeCloseTo(3785.41, 2);
  });

  it("rejects millilitres per day and unknown flow units", () => {
    for (const u of ["mL/d", "gal/min", "m3", "m3/week"]) {
      expect(() => toM3PerDay(1, u)).toThrow(UnknownUnitError);
    }
    try {
      toM3PerDay(1, "cfs");
    } catch (e) {
      expect((e as UnknownUnitError).quantity).toBe("flow");
    }
  });
});

describe("toPersons", () => {
  it.each([
    ["persons", 1],
    ["人", 1],
    ["inh", 1],
    ["万人", 1e4],
    ["10⁴ persons", 1e4],
    ["thousand", 1000],
    ["千人", 1000],
  ])("%s → ×%d", (unit, factor) => {
    expect(toPersons(12.5, unit)).toBeCloseTo(12.5 * factor, 9);
  });
  it("does not accept population equivalents", () => {
    expect(() => toPersons(1, "p.e.")).toThrow(UnknownUnitError);
    expect(() => toPersons(1, "PE")).toThrow(UnknownUnitError);
  });
});

describe("toPnlMgPerDayPer1000", () => {
  it.each([
    ["mg/day/1000 inh", 1],
    ["mg/d/1000 inhabitants", 1],
    ["mg/1000人/日", 1],
    ["mg/日/千人", 1],
    ["mg per day per 1000 people", 1],
    ["g/day/1000 inh", 1000],
    ["µg/day/person", 1], // 1 µg/person = 1 mg/1000 persons
    ["mg/d/person", 1000],
  ])("%s → ×%d", (unit, factor) => {
    expect(toPnlMgPerDayPer1000(7, unit)).toBeCloseTo(7 * factor, 9);
  });
  it("rejects incomplete units", () => {
    expect(() => toPnlMgPerDayPer1000(1, "mg/day")).toThrow(UnknownUnitError);
    expect(() => toPnlMgPerDayPer1000(1, "mg/1000 inh")).toThrow(UnknownUnitError);
  });
});

describe("normaliseUnit / unitQuantityOf", () => {
  it("normalises typical variants", () => {
    expect(normaliseUnit("µg / L")).toBe("ug/l");
    expect(normaliseUnit("10⁴ m³/d")).toBe("1e4m3/d");
    expect(normaliseUnit("ML/d")).toBe("megal/d");
    expect(normaliseUnit("mL/d")).toBe("ml/d");
  });
  it("classifies units", () => {
    expect(unitQuantityOf("ng/L")).toBe("concentration");
    expect(unitQuantityOf("万吨/日")).toBe("flow");
    expect(unitQuantityOf("万人")).toBe("population");
    expect(unitQuantityOf("mg/day/1000 inh")).toBe("pnl");
    expect(unitQuantityOf("furlongs")).toBeNull();
  });
});

describe("parseUnitFromHeader", () => {
  it.each([
    ["流量(万立方米/日)", "万立方米/日"],
    ["流量（万立方米/日）", "万立方米/日"],
    ["flow_m3_per_day", "m3/day"],
    ["Flow [ML/d]", "ML/d"],
    ["服务人口(万人)", "万人"],
    ["浓度(ng/L)", "ng/L"],
    ["METH 【μg/L】", "μg/L"],
    ["concentration_ng_per_l", "ng/l"],
    ["Flow m3/d", "m3/d"],
    ["Flow (gal/min)", "gal/min"], // unknown unit still surfaced so the converter reports it
  ])("%s → %s", (header, unit) => {
    expect(parseUnitFromHeader(header)).toBe(unit);
  });
  it.each(["Site ID", "样品编号", "Weekday mean", "Sample (composite)", "flow", "people"])("%s → null", (h) => {
    expect(parseUnitFromHeader(h)).toBeNull();
  });
  it("round-trips into the converters", () => {
    const u = parseUnitFromHeader("流量(万立方米/日)");
    expect(u).not.toBeNull();
    expect(toM3PerDay(10, u as string)).toBe(100_000);
  });
});

describe("properties", () => {
  const concUnits = ["ng/L", "µg/L", "ng/mL", "mg/L", "pg/mL", "µg/m³", "ng/m³", "纳克/升", "微克/升"];
  const flowUnits = ["m³/d", "万立方米/日", "ML/d", "L/s", "m3/h", "m3/s", "MGD", "万吨/日"];
  const value = fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true });

  it("conversions are linear and non-negative", () => {
    fc.assert(
      fc.property(fc.constantFrom(...concUnits, ...flowUnits), value, value, (u, a, b) => {
        const f = concUnits.includes(u) ? toNgPerL : toM3PerDay;
        const fa = f(a, u);
        const fb = f(b, u);
        expect(fa).toBeGreaterThanOrEqual(0);
        const sum = f(a + b, u);
        expect(Math.abs(sum - (fa + fb))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
      }),
    );
  });

  it("round trips: converting 1 unit gives the factor, and value/factor recovers the value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...concUnits), value, (u, v) => {
        const factor = toNgPerL(1, u);
        expect(factor).toBeGreaterThan(0);
        const back = toNgPerL(v, u) / factor;
        expect(Math.abs(back - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, v));
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...flowUnits), value, (u, v) => {
        const factor = toM3PerDay(1, u);
        const back = toM3PerDay(v, u) / factor;
        expect(Math.abs(back - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, v));
      }),
    );
  });

  it("ng/L ↔ µg/L ↔ mg/L chain is consistent", () => {
    fc.assert(
      fc.property(value, (v) => {
        // v mg/L = 1000·v µg/L = 10⁶·v ng/L
        const viaUg = toNgPerL(v * 1000, "µg/L");
        const direct = toNgPerL(v, "mg/L");
        expect(Math.abs(viaUg - direct)).toBeLessThanOrEqual(1e-12 * Math.max(1e-300, direct));
      }),
    );
  });
});
