import { describe, expect, it } from "vitest";
import { ScienceInputError, UnknownUnitError } from "../errors.js";
import { resolveHairAnalyte } from "./analytes.js";
import { classifyHairResult } from "./classify.js";
import { CN_MPS_2018_938, CUTOFF_SETS, cutoffFor, DEFAULT_CUTOFF_SET_ID, SOHT_2012 } from "./cutoffs.js";
import { segmentPeriod } from "./segments.js";
import { toNgPerMg } from "./units.js";

/** 公禁毒〔2018〕938号 Art. 9, as listed in docs/domain.md §2.1 */
const CN_938: Record<string, number> = {
  methamphetamine: 0.2,
  amphetamine: 0.2,
  mdma: 0.2,
  mda: 0.2,
  ketamine: 0.2,
  norketamine: 0.2,
  morphine: 0.2,
  "6-mam": 0.2,
  methcathinone: 0.2,
  cocaine: 0.5,
  benzoylecgonine: 0.05,
  thc: 0.05,
};

const detected = (analyte: string, c: number) => ({ analyte, concentrationNgPerMg: c, detection: "detected" as const });

describe("cut-off sets", () => {
  it("938号 holds exactly the twelve analytes of Art. 9 and is the default", () => {
    expect(DEFAULT_CUTOFF_SET_ID).toBe("cn-mps-2018-938");
    expect(CUTOFF_SETS.filter((s) => s.isDefault).map((s) => s.id)).toEqual(["cn-mps-2018-938"]);
    expect(Object.fromEntries(CN_MPS_2018_938.entries.map((e) => [e.analyte, e.confirmNgPerMg]))).toEqual(CN_938);
  });
  it("SoHT 2012 Table 1 values (Cooper, Kronstrand, Kintz, FSI 218:20) for comparison", () => {
    expect(cutoffFor(SOHT_2012, "methamphetamine")).toBe(0.2);
    expect(cutoffFor(SOHT_2012, "cocaine")).toBe(0.5);
    expect(cutoffFor(SOHT_2012, "benzoylecgonine")).toBe(0.05);
    expect(cutoffFor(SOHT_2012, "6-mam")).toBe(0.2);
    expect(cutoffFor(SOHT_2012, "eddp")).toBe(0.05);
    expect(cutoffFor(SOHT_2012, "thc-cooh")).toBe(0.0002);
    expect(cutoffFor(SOHT_2012, "buprenorphine")).toBe(0.01);
    expect(cutoffFor(SOHT_2012, "ketamine")).toBeNull();
  });
});

describe("classifyHairResult at and around every 938号 threshold", () => {
  for (const [analyte, cutoff] of Object.entries(CN_938)) {
    it(`${analyte}: cut-off ${cutoff} ng/mg`, () => {
      const at = classifyHairResult(detected(analyte, cutoff), CN_MPS_2018_938);
      expect(at).toMatchObject({ result: "positive", cutoffNgPerMg: cutoff, ratioToCutoff: 1 });
      expect(classifyHairResult(detected(analyte, cutoff * 1.001), CN_MPS_2018_938).result).toBe("positive");
      expect(classifyHairResult(detected(analyte, cutoff * 0.999), CN_MPS_2018_938).result).toBe("negative");
      // the largest double below the cut-off is negative (no rounding band)
      const below = cutoff - Number.EPSILON * cutoff;
      expect(classifyHairResult(detected(analyte, below), CN_MPS_2018_938).result).toBe("negative");
      // the same value reported in pg/mg (cut-off × 1000 pg/mg) converts to exactly the cut-off → positive
      expect(classifyHairResult(detected(analyte, toNgPerMg(cutoff * 1000, "pg/mg")), CN_MPS_2018_938).result).toBe(
        "positive",
      );
    });
  }

  it("censored values: limit ≤ cut-off → negative; limit > cut-off → inconclusive; no limit → negative", () => {
    const nd = { analyte: "methamphetamine", concentrationNgPerMg: null, detection: "below_lod" as const };
    expect(classifyHairResult({ ...nd, lodNgPerMg: 0.02 }, CN_MPS_2018_938).result).toBe("negative");
    expect(classifyHairResult({ ...nd, lodNgPerMg: 0.2 }, CN_MPS_2018_938).result).toBe("negative");
    expect(classifyHairResult({ ...nd, lodNgPerMg: 0.25 }, CN_MPS_2018_938).result).toBe("inconclusive");
    expect(classifyHairResult(nd, CN_MPS_2018_938).result).toBe("negative");
    // "<0.1" on THC (cut-off 0.05): could be 0.07 → inconclusive
    expect(
      classifyHairResult({ analyte: "thc", concentrationNgPerMg: 0.1, detection: "below_loq" }, CN_MPS_2018_938).result,
    ).toBe("inconclusive");
    expect(
      classifyHairResult(
        { analyte: "thc", concentrationNgPerMg: null, detection: "below_loq", loqNgPerMg: 0.05 },
        CN_MPS_2018_938,
      ).result,
    ).toBe("negative");
  });

  it("no cut-off and not analysed", () => {
    expect(classifyHairResult(detected("codeine", 1), CN_MPS_2018_938).result).toBe("no-cutoff");
    expect(classifyHairResult(detected("ketamine", 1), SOHT_2012).result).toBe("no-cutoff");
    expect(
      classifyHairResult({ analyte: "mdma", concentrationNgPerMg: null, detection: "not_analysed" }, CN_MPS_2018_938)
        .result,
    ).toBe("not-analysed");
  });

  it("THC 0.04 ng/mg: negative under both sets", () => {
    expect(classifyHairResult(detected("thc", 0.04), CN_MPS_2018_938).result).toBe("negative");
    expect(classifyHairResult(detected("thc", 0.04), SOHT_2012).result).toBe("negative");
  });

  it("rejects negative concentrations", () => {
    expect(() => classifyHairResult(detected("mdma", -1), CN_MPS_2018_938)).toThrow(ScienceInputError);
  });
});

describe("units", () => {
  it("pg/mg, ng/g and µg/g → ng/mg", () => {
    expect(toNgPerMg(200, "pg/mg")).toBe(0.2);
    expect(toNgPerMg(50, "pg / mg")).toBe(0.05);
    expect(toNgPerMg(0.2, "ng/mg")).toBe(0.2);
    expect(toNgPerMg(500, "ng/g")).toBe(0.5);
    expect(toNgPerMg(0.5, "μg/g")).toBe(0.5);
    expect(toNgPerMg(0.5, "µg/g")).toBe(0.5);
    expect(() => toNgPerMg(1, "ng/mL")).toThrow(UnknownUnitError);
  });
});

describe("resolveHairAnalyte", () => {
  it("Chinese names and abbreviations; THC means THC itself in hair", () => {
    expect(resolveHairAnalyte("甲基苯丙胺")).toBe("methamphetamine");
    expect(resolveHairAnalyte("氯胺酮")).toBe("ketamine");
    expect(resolveHairAnalyte("甲卡西酮")).toBe("methcathinone");
    expect(resolveHairAnalyte("O6-单乙酰吗啡")).toBe("6-mam");
    expect(resolveHairAnalyte("THC")).toBe("thc");
    expect(resolveHairAnalyte("BZE")).toBe("benzoylecgonine");
    expect(resolveHairAnalyte("cotinine")).toBeUndefined();
  });
});

describe("segmentPeriod", () => {
  it("0–3 cm collected 2024-06-30 at 1 cm/month: ≈ 2024-03-31 … 2024-06-30 (hand: 3 × 30.4375 = 91.3 → 91 days)", () => {
    const p = segmentPeriod({ fromCm: 0, toCm: 3, collectedAt: "2024-06-30" });
    expect(p.estimatedStart).toBe("2024-03-31"); // 2024-06-30 − 91 days
    expect(p.estimatedEnd).toBe("2024-06-30");
    expect(p.months).toBe(3);
    expect(p.estimate).toBe(true);
    expect(p.assumption).toContain("1 cm/month");
    // bounds: slow 0.8 cm/month → 3.75 months = 114.14 → 114 days; fast: end unchanged at 0 cm
    expect(p.range.earliestStart).toBe("2024-03-08");
    expect(p.range.latestEnd).toBe("2024-06-30");
  });
  it("3–6 cm at 1.2 cm/month: 2.5–5 months back (76.09 → 76 and 152.19 → 152 days)", () => {
    const p = segmentPeriod({ fromCm: 3, toCm: 6, collectedAt: "2025-01-15", growthCmPerMonth: 1.2 });
    expect(p.estimatedEnd).toBe("2024-10-31");
    expect(p.estimatedStart).toBe("2024-08-16");
    expect(p.months).toBeCloseTo(2.5, 12);
  });
  it("rejects bad segments", () => {
    expect(() => segmentPeriod({ fromCm: 3, toCm: 3, collectedAt: "2024-01-01" })).toThrow(ScienceInputError);
    expect(() => segmentPeriod({ fromCm: -1, toCm: 3, collectedAt: "2024-01-01" })).toThrow(ScienceInputError);
    expect(() => segmentPeriod({ fromCm: 0, toCm: 3, collectedAt: "2024-02-30" })).toThrow(ScienceInputError);
    expect(() => segmentPeriod({ fromCm: 0, toCm: 3, collectedAt: "2024-01-01", growthCmPerMonth: 0 })).toThrow(
      ScienceInputError,
    );
  });
});
