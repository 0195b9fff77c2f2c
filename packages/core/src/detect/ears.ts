/**
 * EARS C1, C2, C3 (Early Aberration Reporting System, CDC; Hutwagner et al. 2003, J Urban Health 80(suppl 1):i89;
 * definitions as written out in Fricker, Hegler & Dunfee 2008, Stat Med 27:3407, and implemented in R
 * `surveillance::earsC`). Reference baselines for the Tracewater detectors (issue #4: "EARS C1/C2/C3 implemented
 * as reference baselines"; science.md §4). They work on consecutive observations (indices, not calendar days).
 *
 * With B = 7 baseline observations, ȳ and s the mean and sample standard deviation (n − 1) of the baseline,
 * s floored at `minSigma`:
 *   C1_t = (y_t − ȳ_{t−7…t−1}) / s_{t−7…t−1}                        alarm when C1_t > 3
 *   C2_t = (y_t − ȳ_{t−9…t−3}) / s_{t−9…t−3}   (2-observation lag)   alarm when C2_t > 3
 *   C3_t = Σ_{j=0}^{2} max(0, C2_{t−j} − 1)                           alarm when C3_t > 2
 * Thresholds 3 / 3 / 2: Hutwagner et al. 2003 (R surveillance approximates them with qnorm(1 − α), α = 0.001 for
 * C1/C2 → 3.09 and α = 0.025 for C3 → 1.96). Note: R surveillance expresses C3 as an upper bound on the count and
 * its bound differs from the statistic above; we implement the statistic of Hutwagner 2003 / Fricker 2008.
 *
 * Missing values (NaN): a statistic needs at least `minBaseline` non-missing baseline values (default all B) and
 * a non-missing y_t; C3 needs the three C2 values. Otherwise the statistic is NaN (no alarm).
 * sd floor: `minSigma` (R surveillance's argument of the same name, default 0 there). Our default is 0.06, the
 * log-scale floor of robust-baseline.ts, because Tracewater runs EARS on ln(PNL); pass 0 for counts.
 */
import { ScienceInputError } from "../errors.js";
import { DEFAULT_MIN_LOG_SCALE } from "./robust-baseline.js";

export type EarsMethod = "C1" | "C2" | "C3";

/** Alarm thresholds of Hutwagner et al. 2003. */
export const EARS_THRESHOLDS: Readonly<Record<EarsMethod, number>> = Object.freeze({ C1: 3, C2: 3, C3: 2 });

export interface EarsOptions {
  /** number of baseline observations B (integer ≥ 3, as in R surveillance); default 7 */
  baseline?: number;
  /** minimum non-missing baseline values (3 … B); default B */
  minBaseline?: number;
  /** floor of the baseline sd (≥ 0); default 0.06 (log scale) */
  minSigma?: number;
  /** alarm threshold; default {@link EARS_THRESHOLDS}[method] */
  threshold?: number;
}

/** Output arrays of the series length. */
export interface EarsOut {
  /** C1, C2 or C3 statistic; NaN where not computable */
  statistic: Float64Array;
  /** baseline mean (C1/C2: of the statistic's own baseline; C3: of C2_t's baseline); NaN where none */
  mean?: Float64Array;
  /** baseline sd after the floor; NaN where none */
  sd?: Float64Array;
  /** 1 where statistic > threshold */
  alarm: Uint8Array;
}

function resolve(method: EarsMethod, o?: EarsOptions) {
  if (method !== "C1" && method !== "C2" && method !== "C3") throw new ScienceInputError("method", method, "C1, C2 or C3");
  const baseline = o?.baseline ?? 7;
  if (!Number.isInteger(baseline) || baseline < 3) throw new ScienceInputError("baseline", baseline, "an integer ≥ 3");
  const minBaseline = o?.minBaseline ?? baseline;
  if (!Number.isInteger(minBaseline) || minBaseline < 3 || minBaseline > baseline) {
    throw new ScienceInputError("minBaseline", minBaseline, `an integer in 3…${baseline}`);
  }
  const minSigma = o?.minSigma ?? DEFAULT_MIN_LOG_SCALE;
  if (!(minSigma >= 0 && Number.isFinite(minSigma))) throw new ScienceInputError("minSigma", minSigma, "a finite number ≥ 0");
  const threshold = o?.threshold ?? EARS_THRESHOLDS[method];
  if (!Number.isFinite(threshold)) throw new ScienceInputError("threshold", threshold, "a finite number");
  return { baseline, minBaseline, minSigma, threshold };
}

/**
 * Standardised residual against the mean/sd of y[t−lag−B+1 … t−lag] for every t (C1: lag 1, C2: lag 3).
 * Writes NaN where not computable.
 */
function shewhartInto(
  y: ArrayLike<number>,
  lag: number,
  B: number,
  minB: number,
  minSigma: number,
  stat: Float64Array,
  mean: Float64Array | undefined,
  sd: Float64Array | undefined,
): void {
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const hi = t - lag;
    const lo = hi - B + 1;
    const yt = y[t] as number;
    if (lo < 0 || yt !== yt) {
      stat[t] = Number.NaN;
      if (mean) mean[t] = Number.NaN;
      if (sd) sd[t] = Number.NaN;
      continue;
    }
    // two-pass mean and variance of the non-missing baseline values
    let m = 0;
    let s = 0;
    for (let j = lo; j <= hi; j++) {
      const v = y[j] as number;
      if (v === v) {
        m++;
        s += v;
      }
    }
    if (m < minB) {
      stat[t] = Number.NaN;
      if (mean) mean[t] = Number.NaN;
      if (sd) sd[t] = Number.NaN;
      continue;
    }
    const mu = s / m;
    let ss = 0;
    for (let j = lo; j <= hi; j++) {
      const v = y[j] as number;
      if (v === v) ss += (v - mu) * (v - mu);
    }
    let sigma = Math.sqrt(ss / (m - 1));
    if (sigma < minSigma) sigma = minSigma;
    stat[t] = (yt - mu) / sigma;
    if (mean) mean[t] = mu;
    if (sd) sd[t] = sigma;
  }
}

/**
 * Computes the EARS statistic of `method` for every index of `y` (NaN = missing).
 * @param workspace C3 only: optional Float64Array of y.length for the C2 values (allocated when absent)
 * @throws ScienceInputError for a bad method/options or output arrays of the wrong length
 */
export function earsInto(y: ArrayLike<number>, method: EarsMethod, out: EarsOut, options?: EarsOptions, workspace?: Float64Array): void {
  const { baseline, minBaseline, minSigma, threshold } = resolve(method, options);
  const n = y.length;
  const { statistic, mean, sd, alarm } = out;
  for (const [name, a] of [["statistic", statistic], ["mean", mean], ["sd", sd], ["alarm", alarm]] as const) {
    if (a && a.length !== n) throw new ScienceInputError(`out.${name}.length`, a.length, `the series length ${n}`);
  }
  if (method === "C3") {
    const c2 = workspace ?? new Float64Array(n);
    if (c2.length < n) throw new ScienceInputError("workspace.length", c2.length, `≥ ${n}`);
    shewhartInto(y, 3, baseline, minBaseline, minSigma, c2, mean, sd);
    for (let t = 0; t < n; t++) {
      if (t < 2) {
        statistic[t] = Number.NaN;
        continue;
      }
      const a = (c2[t] as number) - 1;
      const b = (c2[t - 1] as number) - 1;
      const c = (c2[t - 2] as number) - 1;
      // NaN propagates through the sum (a NaN compared with 0 is false, so test explicitly)
      statistic[t] = a !== a || b !== b || c !== c ? Number.NaN : (a > 0 ? a : 0) + (b > 0 ? b : 0) + (c > 0 ? c : 0);
    }
  } else {
    shewhartInto(y, method === "C1" ? 1 : 3, baseline, minBaseline, minSigma, statistic, mean, sd);
  }
  for (let t = 0; t < n; t++) alarm[t] = (statistic[t] as number) > threshold ? 1 : 0;
}

/** One point of {@link ears}; null where the statistic is not computable. */
export interface EarsPoint {
  statistic: number;
  /** baseline mean (C3: of the current C2 baseline) */
  mean: number;
  /** baseline sd after the floor */
  sd: number;
  threshold: number;
  alarm: boolean;
}

/** EARS over a plain array (null = missing); convenience wrapper around {@link earsInto}. */
export function ears(y: readonly (number | null)[], method: EarsMethod, options?: EarsOptions): (EarsPoint | null)[] {
  const n = y.length;
  const input = Float64Array.from(y, (v) => (v === null ? Number.NaN : v));
  const out = { statistic: new Float64Array(n), mean: new Float64Array(n), sd: new Float64Array(n), alarm: new Uint8Array(n) };
  earsInto(input, method, out, options);
  const threshold = options?.threshold ?? EARS_THRESHOLDS[method];
  return Array.from({ length: n }, (_, i) =>
    Number.isNaN(out.statistic[i] as number)
      ? null
      : {
          statistic: out.statistic[i] as number,
          mean: out.mean[i] as number,
          sd: out.sd[i] as number,
          threshold,
          alarm: out.alarm[i] === 1,
        },
  );
}
