/**
 * Wilson score interval for a binomial proportion (positivity rate of a hair survey: positives / n tested).
 *
 * Source: E.B. Wilson, "Probable inference, the law of succession, and statistical inference", J. Am. Stat.
 * Assoc. 22 (1927) 209–212; recommended over the Wald interval by R.G. Newcombe, "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Stat. Med. 17 (1998) 857–872 (method 3),
 * and L.D. Brown, T.T. Cai, A. DasGupta, "Interval estimation for a binomial proportion", Stat. Sci. 16 (2001)
 * 101–133. Without continuity correction:
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n),  p̂ = x/n.
 * z = Φ⁻¹(0.975) = 1.959963984540054 for 95 %. Bounds are clamped to [0, 1] (and are exactly 0 at x = 0, 1 at x = n).
 */
import { ScienceInputError } from "../errors.js";
import { normalCdf } from "./normal.js";

export const Z_95 = 1.959963984540054;

export interface ProportionInterval {
  positives: number;
  n: number;
  /** x / n; null when n = 0 */
  proportion: number | null;
  /** null when n = 0 */
  lower: number | null;
  upper: number | null;
  /** two-sided confidence level, 2Φ(z) − 1 */
  confidence: number;
  method: "wilson";
}

/**
 * Wilson score interval of x successes in n trials.
 * @throws ScienceInputError unless 0 ≤ x ≤ n are integers and z > 0
 */
export function wilsonInterval(positives: number, n: number, z: number = Z_95): ProportionInterval {
  if (!Number.isInteger(n) || n < 0) throw new ScienceInputError("n", n, "an integer ≥ 0");
  if (!Number.isInteger(positives) || positives < 0 || positives > n)
    throw new ScienceInputError("positives", positives, `an integer in [0, n = ${n}]`);
  if (!(Number.isFinite(z) && z > 0)) throw new ScienceInputError("z", z, "a number > 0");
  const confidence = z === Z_95 ? 0.95 : 2 * normalCdf(z) - 1;
  if (n === 0) return { positives, n, proportion: null, lower: null, upper: null, confidence, method: "wilson" };
  const p = positives / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    positives,
    n,
    proportion: p,
    lower: positives === 0 ? 0 : Math.max(0, centre - half),
    upper: positives === n ? 1 : Math.min(1, centre + half),
    confidence,
    method: "wilson",
  };
}
