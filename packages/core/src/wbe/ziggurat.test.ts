import { describe, expect, it } from "vitest";
import { normalCdf } from "../stats/normal.js";
import { createRng } from "./rng.js";
import { zigguratNormal } from "./ziggurat.js";

describe("zigguratNormal", () => {
  const n = 200_000;
  const g = createRng(20240501).generator;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = zigguratNormal(g);

  it("Kolmogorov–Smirnov distance to Φ below the 1 % critical value 1.63/√n = 0.00364", () => {
    const s = Float64Array.from(xs).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(s[i] as number);
      d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it("moments: mean ≈ 0, variance ≈ 1, skewness ≈ 0, kurtosis ≈ 3 (SEs √(1/n), √(2/n), √(6/n), √(24/n))", () => {
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const x of xs) {
      m1 += x;
      m2 += x * x;
      m3 += x * x * x;
      m4 += x * x * x * x;
    }
    m1 /= n;
    m2 /= n;
    m3 /= n;
    m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(4 * Math.sqrt(1 / n));
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(4 * Math.sqrt(6 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(24 / n));
  });

  it("tail beyond R = 3.4426 (base strip) has the right mass: 2(1 − Φ(3.4426)) = 5.76e-4 → ≈ 115 of 200 000", () => {
    let k = 0;
    for (const x of xs) if (Math.abs(x) > 3.442619855899) k++;
    const expected = 2 * normalCdf(-3.442619855899) * n;
    // Poisson SD ≈ √115 ≈ 10.7; allow 4 SD
    expect(Math.abs(k - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });
});
