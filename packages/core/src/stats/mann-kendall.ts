/**
 * Mann-Kendall monotonic trend test and Sen's slope.
 *
 * Sources: Mann (1945) Econometrica 13:245; Kendall (1975) Rank Correlation Methods, 4th ed.; Sen (1968)
 * J Am Stat Assoc 63:1379; Hirsch, Slack & Smith (1982) Water Resour Res 18:107; Gilbert (1987) Statistical Methods
 * for Environmental Pollution Monitoring, §16.4 (formulas used here):
 *   S = Σ_{i<j} sgn(x_j − x_i)  (observations ordered by time)
 *   Var(S) = [n(n−1)(2n+5) − Σ_p t_p(t_p−1)(2t_p+5)] / 18   (t_p = size of the p-th group of tied values)
 *   z = (S − 1)/√Var if S > 0;  0 if S = 0;  (S + 1)/√Var if S < 0   (continuity correction)
 *   p = 2·Φ(−|z|)  (two-sided, normal approximation; Gilbert recommends exact tables for n ≤ 10)
 *   τ = S / (n(n−1)/2)  (Kendall's tau-a, as reported by e.g. pymannkendall)
 *   Sen's slope = median over i<j of (x_j − x_i)/(t_j − t_i) (times may be irregular);
 *   intercept = median(x) − slope · median(t) (Conover 1980 / Sen 1968 line).
 */
import { ScienceInputError } from "../errors.js";
import { normalCdf } from "./normal.js";
import { median } from "./quantile.js";

export type TrendDirection = "increasing" | "decreasing" | "no-trend" | "insufficient-data";

/** Minimum number of observations for the test (with n < 3 S is uninformative). */
export const MANN_KENDALL_MIN_N = 3;

export interface MannKendallResult {
  n: number;
  s: number;
  varS: number;
  z: number | null;
  pValue: number | null;
  tau: number | null;
  senSlope: number | null;
  senIntercept: number | null;
  direction: TrendDirection;
}

function sign(d: number): number {
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/**
 * Mann-Kendall S and its tie-corrected variance for values already in time order.
 * @throws ScienceInputError for non-finite values
 */
export function mannKendallS(values: readonly number[]): { s: number; varS: number } {
  const n = values.length;
  for (const v of values) if (!Number.isFinite(v)) throw new ScienceInputError("values", v, "finite numbers");
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = values[i] as number;
    for (let j = i + 1; j < n; j++) s += sign((values[j] as number) - xi);
  }
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  return { s, varS };
}

/**
 * Sen's slope (median of pairwise slopes) over possibly irregular times, and the matching intercept.
 * @param points observations with distinct finite times `t` (e.g. years) and finite values `x`
 * @returns null slope/intercept when fewer than 2 points
 * @throws ScienceInputError for duplicate times or non-finite input
 */
export function senSlope(points: ReadonlyArray<{ t: number; x: number }>): {
  slope: number | null;
  intercept: number | null;
} {
  const pts = sortedPoints(points);
  if (pts.length < 2) return { slope: null, intercept: null };
  const slopes: number[] = [];
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i] as { t: number; x: number };
    for (let j = i + 1; j < pts.length; j++) {
      const b = pts[j] as { t: number; x: number };
      slopes.push((b.x - a.x) / (b.t - a.t));
    }
  }
  const slope = median(slopes);
  const intercept = median(pts.map((p) => p.x)) - slope * median(pts.map((p) => p.t));
  return { slope, intercept };
}

function sortedPoints(points: ReadonlyArray<{ t: number; x: number }>): Array<{ t: number; x: number }> {
  for (const p of points) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.x))
      throw new ScienceInputError("points", `t=${p.t}, x=${p.x}`, "finite t and x");
  }
  const pts = [...points].sort((a, b) => a.t - b.t);
  for (let i = 1; i < pts.length; i++) {
    if ((pts[i] as { t: number }).t === (pts[i - 1] as { t: number }).t) {
      throw new ScienceInputError("points", `t=${(pts[i] as { t: number }).t}`, "distinct times (one value per year)");
    }
  }
  return pts;
}

/**
 * Mann-Kendall test with Sen's slope for a series of (time, value) points (sorted by time internally).
 * @param points e.g. `{t: year, x: dailyMean}`; null values must be removed by the caller
 * @param alpha two-sided significance level for `direction` (default 0.05)
 * @returns direction `insufficient-data` (and null z/p/tau/slope) when n < {@link MANN_KENDALL_MIN_N}
 * @throws ScienceInputError for duplicate times, non-finite input or alpha ∉ (0, 1)
 */
export function mannKendall(points: ReadonlyArray<{ t: number; x: number }>, alpha = 0.05): MannKendallResult {
  if (!(alpha > 0 && alpha < 1)) throw new ScienceInputError("alpha", alpha, "a level in (0, 1)");
  const pts = sortedPoints(points);
  const n = pts.length;
  const { s, varS } = mannKendallS(pts.map((p) => p.x));
  if (n < MANN_KENDALL_MIN_N) {
    return {
      n,
      s,
      varS,
      z: null,
      pValue: null,
      tau: null,
      senSlope: null,
      senIntercept: null,
      direction: "insufficient-data",
    };
  }
  const tau = s / ((n * (n - 1)) / 2);
  const { slope, intercept } = senSlope(pts);
  let z: number | null = null;
  let pValue: number | null = null;
  if (varS > 0) {
    const sd = Math.sqrt(varS);
    z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
    pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  }
  const direction: TrendDirection =
    pValue !== null && pValue < alpha ? (s > 0 ? "increasing" : "decreasing") : "no-trend";
  return { n, s, varS, z, pValue, tau, senSlope: slope, senIntercept: intercept, direction };
}
