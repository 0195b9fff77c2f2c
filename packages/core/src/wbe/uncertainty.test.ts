import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { createRng } from "./rng.js";
import {
  DEFAULT_RSD,
  firstOrderRsd,
  kernelParams,
  monteCarloConsumption,
  monteCarloConsumptionFromPnl,
  monteCarloDrawsInto,
} from "./uncertainty.js";

const meth = { concentrationNgPerL: 100, flowM3PerDay: 100_000, population: 400_000, correctionFactor: 2.326 };
// deterministic consumption of the science.md §1 worked example: 25 × 2.326 = 58.15 mg/day/1000
const deterministic = 58.15;

describe("createRng", () => {
  it("is reproducible for a seed and differs between seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = [a.uniform(), a.normal(), a.normal()];
    expect([b.uniform(), b.normal(), b.normal()]).toEqual(xa);
    expect(c.uniform()).not.toBe(xa[0]);
  });
  it("normal() has mean ≈ 0 and sd ≈ 1 (n = 200 000; SE of mean 0.0022)", () => {
    const r = createRng(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.sqrt(s2 / n - (s / n) ** 2)).toBeCloseTo(1, 2);
  });
  it("rejects non-integer seeds", () => expect(() => createRng(1.5)).toThrow(ScienceInputError));
});

describe("firstOrderRsd", () => {
  it("√(0.26² + 0.1² + 0.1² + 0.2² + 0.26²) = √0.1952 = 0.4418", () => {
    expect(firstOrderRsd(DEFAULT_RSD)).toBeCloseTo(0.44181, 4);
    expect(firstOrderRsd([0.03, 0.04])).toBeCloseTo(0.05, 12);
  });
});

describe("monteCarloConsumption", () => {
  it("median within 2 % of the deterministic value (RSD_Q 0.10, RSD_CF 0.15, others default; 100 000 draws)", () => {
    // The truncated normals pull the median down by at most (0.10² + 0.15²)/2 = 1.6 % (see module docstring).
    const r = monteCarloConsumption({
      ...meth,
      rsd: { ...DEFAULT_RSD, correctionFactor: 0.15 },
      draws: 100_000,
      seed: 1,
    });
    expect(Math.abs(r.p50 / deterministic - 1)).toBeLessThan(0.02);
    expect(r.p2_5).toBeLessThan(r.p50);
    expect(r.p97_5).toBeGreaterThan(r.p50);
    // total = C·Q/1000·CF = 10 000 × 2.326 = 23 260 mg/day
    expect(Math.abs((r.totalMgPerDay?.p50 ?? 0) / 23_260 - 1)).toBeLessThan(0.02);
  });
  it("with DEFAULT_RSD the median lies below the deterministic value by less than (0.1² + 0.26²)/2 = 3.9 %", () => {
    const r = monteCarloConsumption({ ...meth, rsd: DEFAULT_RSD, draws: 100_000, seed: 1 });
    const shift = r.p50 / deterministic - 1;
    expect(shift).toBeLessThan(0);
    expect(shift).toBeGreaterThan(-0.039);
    // mean = deterministic × exp(σ²/2), σ² = ln(1.0676) + ln(1.01) + ln(1.04) = 0.1146 → × 1.059 (±1 %)
    expect(r.mean / deterministic).toBeGreaterThan(1.049);
    expect(r.mean / deterministic).toBeLessThan(1.069);
  });
  it("relative spread agrees with the first-order RSD within 15 % for small RSDs", () => {
    const rsd = { concentration: 0.05, flow: 0.04, sampling: 0.03, population: 0.05, correctionFactor: 0.06 };
    const r = monteCarloConsumption({ ...meth, rsd, draws: 100_000, seed: 9 });
    const fo = firstOrderRsd(rsd);
    expect(Math.abs(r.sd / r.mean / fo - 1)).toBeLessThan(0.15);
    // and the 95 % interval half-width ≈ 1.96 × RSD × value
    const halfWidth = (r.p97_5 - r.p2_5) / 2 / r.p50;
    expect(Math.abs(halfWidth / (1.96 * fo) - 1)).toBeLessThan(0.15);
  });
  it("zero RSDs give the deterministic value exactly", () => {
    const zero = { concentration: 0, flow: 0, sampling: 0, population: 0, correctionFactor: 0 };
    const r = monteCarloConsumption({ ...meth, rsd: zero, draws: 101, seed: 3 });
    expect(r.p2_5).toBeCloseTo(deterministic, 9);
    expect(r.p97_5).toBeCloseTo(deterministic, 9);
  });
  it("is reproducible for a seed", () => {
    const a = monteCarloConsumption({ ...meth, rsd: DEFAULT_RSD, draws: 1001, seed: 5 });
    const b = monteCarloConsumption({ ...meth, rsd: DEFAULT_RSD, draws: 1001, seed: 5 });
    expect(b).toEqual(a);
  });
  it("validates inputs", () => {
    expect(() => monteCarloConsumption({ ...meth, population: 0, rsd: DEFAULT_RSD, draws: 10, seed: 1 })).toThrow(
      ScienceInputError,
    );
    expect(() => monteCarloConsumption({ ...meth, rsd: { ...DEFAULT_RSD, flow: -0.1 }, draws: 10, seed: 1 })).toThrow(
      /rsd.flow/,
    );
    expect(() => monteCarloConsumption({ ...meth, rsd: DEFAULT_RSD, draws: 1.5, seed: 1 })).toThrow(/draws/);
  });
  it("100 000 draws take well under a second", () => {
    const t0 = performance.now();
    monteCarloConsumption({ ...meth, rsd: DEFAULT_RSD, draws: 100_000, seed: 11 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("monteCarloConsumptionFromPnl", () => {
  it("PNL 25 × CF 2.326: median within 2 % of 58.15; total uses P", () => {
    const rsd = { ...DEFAULT_RSD, correctionFactor: 0.15 };
    const r = monteCarloConsumptionFromPnl({
      pnl: 25,
      population: 400_000,
      correctionFactor: 2.326,
      rsd,
      draws: 50_000,
      seed: 2,
    });
    expect(Math.abs(r.p50 / deterministic - 1)).toBeLessThan(0.02);
    expect(Math.abs((r.totalMgPerDay?.p50 ?? 0) / 23_260 - 1)).toBeLessThan(0.02);
    // the total excludes population uncertainty, so it is relatively narrower
    const relWidth = (r.p97_5 - r.p2_5) / r.p50;
    const t = r.totalMgPerDay;
    expect(t).not.toBeNull();
    if (t) expect((t.p97_5 - t.p2_5) / t.p50).toBeLessThan(relWidth);
  });
  it("no population → no total", () => {
    const r = monteCarloConsumptionFromPnl({ pnl: 10, correctionFactor: 5, rsd: DEFAULT_RSD, draws: 100, seed: 2 });
    expect(r.totalMgPerDay).toBeNull();
  });
});

describe("monteCarloDrawsInto", () => {
  it("fills odd-length arrays and all draws are positive", () => {
    const out = monteCarloDrawsInto(
      new Float64Array(10_001),
      kernelParams(10, { ...DEFAULT_RSD, flow: 0.8, correctionFactor: 0.8 }),
      createRng(4),
    );
    expect(out.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
  });
  it("draws exactly the documented sequence: flow factor, CF factor (each re-drawn until positive), lognormal part", () => {
    // the definition written out, normal by normal; RSDs of 1.5 and 2 make the re-draws frequent (P(1 + 2Z ≤ 0) = 31 %)
    const p = kernelParams(10, { ...DEFAULT_RSD, flow: 1.5, correctionFactor: 2 });
    const rng = createRng(9);
    const expected = new Float64Array(5_000).map(() => {
      let q = 1 + p.rsdFlow * rng.normal();
      while (q <= 0) q = 1 + p.rsdFlow * rng.normal();
      let c = 1 + p.rsdCf * rng.normal();
      while (c <= 0) c = 1 + p.rsdCf * rng.normal();
      return p.nominal * Math.exp(p.sigmaLog * rng.normal()) * q * c;
    });
    expect(monteCarloDrawsInto(new Float64Array(5_000), p, createRng(9))).toEqual(expected);
  });
});
