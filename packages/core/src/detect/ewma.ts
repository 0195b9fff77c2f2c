/**
 * EWMA control chart (Roberts 1959, Technometrics 1:239) on a standardised series — in Tracewater the robust z of
 * robust-baseline.ts (target 0, σ 1) or the standardised sub-catchment difference (science.md §4: EWMA λ≈0.2–0.3;
 * Houston, Sci Rep 2024).
 *
 *   Z_0 = μ0;  Z_t = λ x_t + (1 − λ) Z_{t−1}
 *   exact time-varying limit (Lucas & Saccucci 1990, Technometrics 32:1, eq. for the variance of Z_t):
 *     UCL_t = μ0 + L σ √( λ/(2 − λ) · [1 − (1 − λ)^{2t}] ),  LCL_t = μ0 − (same)
 *   t counts the observations that entered Z (missing inputs, NaN, are skipped: Z and t unchanged, output NaN).
 *   Alarm when Z_t > UCL_t (side "upper", default: only increases matter for drug loads) or also Z_t < LCL_t.
 *   With `resetOnAlarm`, Z returns to μ0 and t to 0 after an alarm (default false, the textbook chart).
 *
 * Defaults λ = 0.2, L = 2.962: the pair of Lucas & Saccucci (1990, Table 3) giving an in-control two-sided ARL of
 * about 500 (one-sided upper ≈ 1000 observations); λ = 0.2 is within science.md §4's λ ≈ 0.2–0.3.
 * Hot path {@link ewmaInto}: typed arrays, no allocation, (1 − λ)^{2t} updated by multiplication.
 */
import { ScienceInputError } from "../errors.js";

/** Default smoothing constant λ (science.md §4; Lucas & Saccucci 1990 Table 3). */
export const DEFAULT_EWMA_LAMBDA = 0.2;
/** Default limit width L for λ = 0.2: two-sided ARL0 ≈ 500 (Lucas & Saccucci 1990, Table 3). */
export const DEFAULT_EWMA_L = 2.962;

export interface EwmaOptions {
  /** smoothing constant λ ∈ (0, 1]; default 0.2 */
  lambda?: number;
  /** limit width L in σ_Z units (> 0); default 2.962 */
  limitWidth?: number;
  /** in-control mean μ0; default 0 (standardised input) */
  target?: number;
  /** in-control σ of one observation (> 0); default 1 (standardised input) */
  sigma?: number;
  /** "upper" (default) or "two-sided" */
  side?: "upper" | "two-sided";
  /** restart the chart after an alarm; default false */
  resetOnAlarm?: boolean;
}

/** Output arrays of the series length. */
export interface EwmaOut {
  /** Z_t, NaN where the input is NaN */
  statistic: Float64Array;
  /** UCL_t, NaN where the input is NaN */
  upperLimit: Float64Array;
  /** 1 where the chart signals, else 0 */
  alarm: Uint8Array;
}

function resolve(o?: EwmaOptions) {
  const lambda = o?.lambda ?? DEFAULT_EWMA_LAMBDA;
  const L = o?.limitWidth ?? DEFAULT_EWMA_L;
  const target = o?.target ?? 0;
  const sigma = o?.sigma ?? 1;
  if (!(lambda > 0 && lambda <= 1)) throw new ScienceInputError("lambda", lambda, "a number in (0, 1]");
  if (!(L > 0 && Number.isFinite(L))) throw new ScienceInputError("limitWidth", L, "a finite number > 0");
  if (!Number.isFinite(target)) throw new ScienceInputError("target", target, "a finite number");
  if (!(sigma > 0 && Number.isFinite(sigma))) throw new ScienceInputError("sigma", sigma, "a finite number > 0");
  return { lambda, L, target, sigma, twoSided: o?.side === "two-sided", reset: o?.resetOnAlarm ?? false };
}

/**
 * Runs the EWMA chart over `x` (NaN = missing) and writes Z_t, UCL_t and the alarm flags.
 * @throws ScienceInputError for bad options or output arrays of the wrong length
 */
export function ewmaInto(x: ArrayLike<number>, out: EwmaOut, options?: EwmaOptions): void {
  const { lambda, L, target, sigma, twoSided, reset } = resolve(options);
  const n = x.length;
  if (out.statistic.length !== n || out.upperLimit.length !== n || out.alarm.length !== n) {
    throw new ScienceInputError("out", "arrays of another length", `arrays of the series length ${n}`);
  }
  const q = (1 - lambda) * (1 - lambda);
  const base = (lambda / (2 - lambda)) * sigma * sigma;
  let z = target;
  let decay = 1; // (1 − λ)^{2t}
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v !== v) {
      out.statistic[i] = Number.NaN;
      out.upperLimit[i] = Number.NaN;
      out.alarm[i] = 0;
      continue;
    }
    z = lambda * v + (1 - lambda) * z;
    decay *= q;
    const w = L * Math.sqrt(base * (1 - decay));
    out.statistic[i] = z;
    out.upperLimit[i] = target + w;
    const a = z > target + w || (twoSided && z < target - w);
    out.alarm[i] = a ? 1 : 0;
    if (a && reset) {
      z = target;
      decay = 1;
    }
  }
}

/** One point of {@link ewma}: null where the input is missing. */
export interface EwmaPoint {
  statistic: number;
  upperLimit: number;
  alarm: boolean;
}

/** EWMA over a plain array (null = missing); convenience wrapper around {@link ewmaInto}. */
export function ewma(x: readonly (number | null)[], options?: EwmaOptions): (EwmaPoint | null)[] {
  const n = x.length;
  const input = Float64Array.from(x, (v) => (v === null ? Number.NaN : v));
  const out = { statistic: new Float64Array(n), upperLimit: new Float64Array(n), alarm: new Uint8Array(n) };
  ewmaInto(input, out, options);
  return Array.from({ length: n }, (_, i) =>
    Number.isNaN(out.statistic[i] as number)
      ? null
      : { statistic: out.statistic[i] as number, upperLimit: out.upperLimit[i] as number, alarm: out.alarm[i] === 1 },
  );
}
