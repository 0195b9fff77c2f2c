import { describe, expect, it } from "vitest";
import { createRng } from "../wbe/rng.js";
import { poisson, simulateAssessmentDemo } from "./assessment-demo.js";
import { CHANGZHI_COUNTIES } from "./changzhi-demo.js";

describe("simulateAssessmentDemo", () => {
  const demo = simulateAssessmentDemo();
  it("is deterministic for a seed and differs for another", () => {
    expect(simulateAssessmentDemo()).toEqual(demo);
    expect(simulateAssessmentDemo({ seed: 7 }).values).not.toEqual(demo.values);
  });
  it("covers 12 counties + the city × 36 months × 10 indicators, and 12 × 12 quarterly surveys", () => {
    expect(demo.values).toHaveLength(13 * 36 * 10);
    expect(new Set(demo.values.map((v) => v.jurisdiction)).size).toBe(13);
    expect(demo.surveys).toHaveLength(12 * 12);
  });
  it("city counts are the sum of the counties", () => {
    const month = demo.values.filter((v) => v.indicator === "users.new" && v.period === "2024-06");
    const city = month.find((v) => v.jurisdiction === "140400")?.value;
    expect(city).toBe(month.filter((v) => v.jurisdiction !== "140400").reduce((s, v) => s + v.value, 0));
  });
  it("surveys are consistent: positives per analyte ≤ any ≤ n", () => {
    for (const s of demo.surveys) {
      expect(s.positivesAny).toBeLessThanOrEqual(s.nTested);
      for (const a of s.analytes) expect(a.positives).toBeLessThanOrEqual(s.positivesAny);
    }
  });
  it("existing users decline: city Dec 2025 below Jan 2023 (−10 %/year model)", () => {
    const get = (p: string) =>
      demo.values.find((v) => v.indicator === "users.existing" && v.jurisdiction === "140400" && v.period === p)
        ?.value ?? 0;
    // expected ratio 0.9^(35/12) = 0.735; noise ±2 % per county
    expect(get("2025-12") / get("2023-01")).toBeGreaterThan(0.68);
    expect(get("2025-12") / get("2023-01")).toBeLessThan(0.79);
    expect(CHANGZHI_COUNTIES).toHaveLength(12);
  });
  it("poisson: mean of 20 000 draws with λ = 3.2 within 3 SE", () => {
    const rng = createRng(1);
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += poisson(rng, 3.2);
    expect(Math.abs(s / 20_000 - 3.2)).toBeLessThan(3 * Math.sqrt(3.2 / 20_000));
  });
});
