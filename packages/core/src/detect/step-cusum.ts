/**
 * Log-scale CUSUM tuned for a multiplicative step (a persistent rise ×F of the load), on the day-of-week robust
 * baseline of robust-baseline.ts, with a fast initial response (FIR) headstart.
 *
 * Inputs per point t: the robust z_t = (x_t − m_t)/s_t and the robust scale s_t (log units) of robust-baseline.ts.
 * A step ×F shifts ln load by δ = ln F, i.e. z by δ/s_t. The reference value that minimises the delay to detect a
 * shift of δ/s σ is half of it (Page 1954; Hawkins & Olwell 1998, "Cumulative Sum Charts and Charting for Quality
 * Improvement", Springer: k = shift/2), so the reference varies with the local scale:
 *
 *   k_t = δ / (2 s_t)                                  (σ units of z_t)
 *   S_0 = f·h;  S_t = max(0, S_{t−1} + z_t − k_t);  alarm when S_t > h;  after an alarm S restarts at f·h.
 *   Missing inputs (z or s NaN) are skipped: S unchanged, statistic NaN, no alarm.
 *
 * The headstart f·h with f = 1/2 is the FIR CUSUM of Lucas & Crosier (1982, Technometrics 24:199): a shift present
 * at the start (or still present after an alarm) is signalled in about half the time, while an in-control series
 * drains S to 0 within a few points. Default F = 1.5: the step of issue #4's evaluation (services/warning/evaluate.ts
 * `INJECTED_EVENTS.step`). h has no textbook value here (the z are not normal, nor independent); it is calibrated to
 * the false-alarm budget by `tracewater evaluate-detectors` (docs/performance.md).
 */
import { ScienceInputError } from "../errors.js";

/** Default multiplicative shift to detect (issue #4 evaluation step ×1.5). */
export const DEFAULT_STEP_FACTOR = 1.5;
/** Default FIR headstart as a fraction of h (Lucas & Crosier 1982: h/2). */
export const DEFAULT_FIR_HEADSTART = 0.5;

export interface StepCusumOptions {
  /** decision interval h > 0, σ units of z (required: calibrated) */
  h: number;
  /** multiplicative step F > 1 to detect; default 1.5 */
  stepFactor?: number;
  /** headstart f ∈ [0, 1) as a fraction of h; default 0.5 (0 = plain CUSUM) */
  headstart?: number;
}

/** Output arrays of the series length. */
export interface StepCusumOut {
  /** S_t before any restart (the value compared with h); NaN where the input is missing */
  statistic: Float64Array;
  /** 1 where S_t > h, else 0 */
  alarm: Uint8Array;
}

/**
 * Runs the step CUSUM over robust z and scale (NaN = missing).
 * @throws ScienceInputError for bad options, arrays of different lengths, or a scale ≤ 0
 */
export function stepCusumInto(
  z: ArrayLike<number>,
  scale: ArrayLike<number>,
  out: StepCusumOut,
  options: StepCusumOptions,
): void {
  const { h } = options;
  const factor = options.stepFactor ?? DEFAULT_STEP_FACTOR;
  const f = options.headstart ?? DEFAULT_FIR_HEADSTART;
  if (!(h > 0 && Number.isFinite(h))) throw new ScienceInputError("h", h, "a finite number > 0");
  if (!(factor > 1 && Number.isFinite(factor)))
    throw new ScienceInputError("stepFactor", factor, "a finite number > 1");
  if (!(f >= 0 && f < 1)) throw new ScienceInputError("headstart", f, "a fraction in [0, 1)");
  const n = z.length;
  if (scale.length !== n || out.statistic.length !== n || out.alarm.length !== n) {
    throw new ScienceInputError("scale/out", "arrays of another length", `arrays of the series length ${n}`);
  }
  const halfShift = Math.log(factor) / 2;
  const start = f * h;
  let s = start;
  for (let i = 0; i < n; i++) {
    const v = z[i] as number;
    const sc = scale[i] as number;
    if (Number.isNaN(v) || Number.isNaN(sc)) {
      out.statistic[i] = Number.NaN;
      out.alarm[i] = 0;
      continue;
    }
    if (!(sc > 0)) throw new ScienceInputError(`scale[${i}]`, sc, "a scale > 0 (log units)");
    s += v - halfShift / sc;
    if (s < 0) s = 0;
    out.statistic[i] = s;
    if (s > h) {
      out.alarm[i] = 1;
      s = start;
    } else out.alarm[i] = 0;
  }
}

/** Step CUSUM over plain arrays (null = missing); returns the alarm flags, null where the input is missing. */
export function stepCusum(
  z: readonly (number | null)[],
  scale: readonly (number | null)[],
  options: StepCusumOptions,
): ({ statistic: number; alarm: boolean } | null)[] {
  const n = z.length;
  const toF = (a: readonly (number | null)[]) => Float64Array.from(a, (v) => (v === null ? Number.NaN : v));
  const out = { statistic: new Float64Array(n), alarm: new Uint8Array(n) };
  stepCusumInto(toF(z), toF(scale), out, options);
  return Array.from({ length: n }, (_, i) =>
    Number.isNaN(out.statistic[i] as number)
      ? null
      : { statistic: out.statistic[i] as number, alarm: out.alarm[i] === 1 },
  );
}
