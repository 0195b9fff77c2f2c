/**
 * All per-series detectors of one site × analyte in one pass over the typed log series (the unit a scheduler or the
 * national-scale benchmark runs): robust z (robust-baseline.ts) → EWMA, CUSUM and the step CUSUM (step-cusum.ts, on z
 * and the robust scale) on z; EARS C1/C2/C3 on the log values (reference baselines). Output as detector scores for
 * grading.ts.
 *
 * Hot path {@link runSeriesDetectorsInto}: every array lives in a {@link SeriesDetectorWorkspace} created once for
 * the longest series, so running thousands of series allocates nothing per point (only subarray views per series
 * when a series is shorter than the workspace).
 */
import { ScienceInputError } from "../errors.js";
import { cusumInto, type CusumOptions, DEFAULT_CUSUM_H } from "./cusum.js";
import { dateOfDayNumber } from "./day-number.js";
import { EARS_THRESHOLDS, type EarsOptions, earsInto } from "./ears.js";
import { type EwmaOptions, ewmaInto } from "./ewma.js";
import type { DetectorName, ScoredPoint } from "./grading.js";
import { type RobustBaselineOptions, robustBaselineInto, robustBaselineWorkspaceSize } from "./robust-baseline.js";
import { type SeriesPoint, toTypedLogSeries } from "./series.js";
import { type StepCusumOptions, stepCusumInto } from "./step-cusum.js";

/**
 * Operational decision interval of the step CUSUM (σ units of z): h = 2.5, the smallest h of the grid 1…40 by 0.5
 * with ≤ 1 false alarm per site-year on the simulated `changzhi-demo` network, on the z of the pooled residual
 * scale ({@link OPERATIONAL_BASELINE_OPTIONS}; calibrated on seed 1, held out on seeds 2–3; `tracewater
 * evaluate-detectors`, docs/performance.md "Early warning: detectors"). It was 4 on the z of the same-weekday MAD,
 * whose heavier tails needed a wider interval.
 */
export const DEFAULT_STEP_CUSUM_H = 2.5;
/**
 * Operational headstart of the step CUSUM: 0 (plain CUSUM). The FIR headstart h/2 (Lucas & Crosier 1982) detected
 * exactly the same held-out events with more false alarms (ablation `step-cusum-no-fir`, docs/performance.md).
 */
export const DEFAULT_STEP_CUSUM_HEADSTART = 0;

/**
 * Operational robust-baseline options: the pooled residual scale (robust-baseline.ts module comment) instead of the
 * MAD of the 4–8 same-weekday values, whose sampling noise made z heavy-tailed (operational threshold 5.75, lab
 * errors ×3 missed; docs/performance.md "Early warning: detectors"). Every per-series detector runs on this z.
 */
export const OPERATIONAL_BASELINE_OPTIONS: Readonly<RobustBaselineOptions> = { pooledScale: true };

/** The baseline options of a run: {@link OPERATIONAL_BASELINE_OPTIONS} overridden by the caller's. */
export function seriesBaselineOptions(options?: SeriesDetectorOptions): RobustBaselineOptions {
  return { ...OPERATIONAL_BASELINE_OPTIONS, ...options?.baseline };
}

/** Step CUSUM options with the operational defaults h = {@link DEFAULT_STEP_CUSUM_H}, headstart 0. */
export type SeriesStepCusumOptions = Partial<StepCusumOptions>;

export interface SeriesDetectorOptions {
  /** robust-baseline options (default {@link OPERATIONAL_BASELINE_OPTIONS}: pooled residual scale) */
  baseline?: RobustBaselineOptions;
  ewma?: EwmaOptions;
  cusum?: CusumOptions;
  /** step CUSUM options (default h = 2.5, headstart 0, step ×1.5) */
  stepCusum?: SeriesStepCusumOptions;
  /** EARS options (threshold excluded: C1/C2/C3 keep their own) */
  ears?: Omit<EarsOptions, "threshold">;
}

/** Preallocated arrays for {@link runSeriesDetectorsInto}. */
export interface SeriesDetectorWorkspace {
  capacity: number;
  z: Float64Array;
  median: Float64Array;
  scale: Float64Array;
  count: Int32Array;
  ewmaStatistic: Float64Array;
  ewmaUpperLimit: Float64Array;
  ewmaAlarm: Uint8Array;
  cusumStatistic: Float64Array;
  cusumAlarm: Uint8Array;
  stepCusumStatistic: Float64Array;
  stepCusumAlarm: Uint8Array;
  c1: Float64Array;
  c1Alarm: Uint8Array;
  c2: Float64Array;
  c2Alarm: Uint8Array;
  c3: Float64Array;
  c3Alarm: Uint8Array;
  /** scratch: robust-baseline window and C2 values for C3 */
  scratch: Float64Array;
  c2Scratch: Float64Array;
}

/** Allocates a workspace for series of up to `capacity` points. */
export function createSeriesDetectorWorkspace(capacity: number, options?: SeriesDetectorOptions): SeriesDetectorWorkspace {
  const f = () => new Float64Array(capacity);
  const u = () => new Uint8Array(capacity);
  return {
    capacity,
    z: f(),
    median: f(),
    scale: f(),
    count: new Int32Array(capacity),
    ewmaStatistic: f(),
    ewmaUpperLimit: f(),
    ewmaAlarm: u(),
    cusumStatistic: f(),
    cusumAlarm: u(),
    stepCusumStatistic: f(),
    stepCusumAlarm: u(),
    c1: f(),
    c1Alarm: u(),
    c2: f(),
    c2Alarm: u(),
    c3: f(),
    c3Alarm: u(),
    scratch: new Float64Array(robustBaselineWorkspaceSize(seriesBaselineOptions(options))),
    c2Scratch: f(),
  };
}

/** Views of the workspace arrays of length n (the arrays themselves when n = capacity). */
function views(ws: SeriesDetectorWorkspace, n: number) {
  if (n === ws.capacity) return ws;
  const v = <T extends Float64Array | Uint8Array | Int32Array>(a: T) => a.subarray(0, n) as T;
  return {
    ...ws,
    z: v(ws.z),
    median: v(ws.median),
    scale: v(ws.scale),
    count: v(ws.count),
    ewmaStatistic: v(ws.ewmaStatistic),
    ewmaUpperLimit: v(ws.ewmaUpperLimit),
    ewmaAlarm: v(ws.ewmaAlarm),
    cusumStatistic: v(ws.cusumStatistic),
    cusumAlarm: v(ws.cusumAlarm),
    stepCusumStatistic: v(ws.stepCusumStatistic),
    stepCusumAlarm: v(ws.stepCusumAlarm),
    c1: v(ws.c1),
    c1Alarm: v(ws.c1Alarm),
    c2: v(ws.c2),
    c2Alarm: v(ws.c2Alarm),
    c3: v(ws.c3),
    c3Alarm: v(ws.c3Alarm),
  };
}

/**
 * Runs every per-series detector; results are in the workspace (first `logValue.length` elements).
 * @returns the workspace views holding this series' results
 * @throws ScienceInputError when the series is longer than the workspace, or for bad days/options
 */
export function runSeriesDetectorsInto(
  day: ArrayLike<number>,
  logValue: ArrayLike<number>,
  ws: SeriesDetectorWorkspace,
  options?: SeriesDetectorOptions,
): SeriesDetectorWorkspace {
  const n = logValue.length;
  if (n > ws.capacity) throw new ScienceInputError("logValue.length", n, `at most the workspace capacity ${ws.capacity}`);
  const w = views(ws, n);
  robustBaselineInto(
    day,
    logValue,
    { z: w.z, median: w.median, scale: w.scale, count: w.count },
    seriesBaselineOptions(options),
    ws.scratch,
  );
  ewmaInto(w.z, { statistic: w.ewmaStatistic, upperLimit: w.ewmaUpperLimit, alarm: w.ewmaAlarm }, options?.ewma);
  cusumInto(w.z, { statistic: w.cusumStatistic, alarm: w.cusumAlarm }, options?.cusum);
  stepCusumInto(w.z, w.scale, { statistic: w.stepCusumStatistic, alarm: w.stepCusumAlarm }, stepCusumOptions(options));
  earsInto(logValue, "C1", { statistic: w.c1, alarm: w.c1Alarm }, options?.ears);
  earsInto(logValue, "C2", { statistic: w.c2, alarm: w.c2Alarm }, options?.ears);
  earsInto(logValue, "C3", { statistic: w.c3, alarm: w.c3Alarm }, options?.ears, ws.c2Scratch);
  return w;
}

/** The step CUSUM options with the operational defaults filled in. */
function stepCusumOptions(options?: SeriesDetectorOptions): StepCusumOptions {
  return {
    ...options?.stepCusum,
    h: options?.stepCusum?.h ?? DEFAULT_STEP_CUSUM_H,
    headstart: options?.stepCusum?.headstart ?? DEFAULT_STEP_CUSUM_HEADSTART,
  };
}

/** Scored series per detector (input to grading.ts), one entry per input point. */
export type SeriesDetectorScores = Record<Extract<DetectorName, "robust-z" | "ewma" | "cusum" | "step-cusum" | "ears-c1" | "ears-c2" | "ears-c3">, ScoredPoint[]>;

/**
 * Record-level convenience: runs every per-series detector and returns scores for grading.
 * robust z: score z, value = the point's value, baseline = exp(baseline median) (same unit as value);
 * EWMA: score Z/UCL; CUSUM and step CUSUM: score S/h (value S, threshold h); EARS: the statistic (on ln value).
 */
export function runSeriesDetectors(points: readonly SeriesPoint[], options?: SeriesDetectorOptions): SeriesDetectorScores {
  const { day, logValue } = toTypedLogSeries(points);
  const n = points.length;
  const w = runSeriesDetectorsInto(day, logValue, createSeriesDetectorWorkspace(n, options), options);
  const h = options?.cusum?.h ?? DEFAULT_CUSUM_H;
  const stepH = stepCusumOptions(options).h;
  const num = (x: number) => (Number.isNaN(x) ? null : x);
  const res: SeriesDetectorScores = { "robust-z": [], ewma: [], cusum: [], "step-cusum": [], "ears-c1": [], "ears-c2": [], "ears-c3": [] };
  for (let i = 0; i < n; i++) {
    const date = dateOfDayNumber(day[i] as number);
    const value = (points[i] as SeriesPoint).value;
    const med = w.median[i] as number;
    const lv = num(logValue[i] as number);
    res["robust-z"].push({ date, score: num(w.z[i] as number), value, baseline: Number.isNaN(med) ? null : Math.exp(med) });
    const ucl = w.ewmaUpperLimit[i] as number;
    res.ewma.push({ date, score: num((w.ewmaStatistic[i] as number) / ucl), value: num(w.ewmaStatistic[i] as number), detectorThreshold: num(ucl) });
    res.cusum.push({ date, score: num((w.cusumStatistic[i] as number) / h), value: num(w.cusumStatistic[i] as number), detectorThreshold: h });
    const st = w.stepCusumStatistic[i] as number;
    res["step-cusum"].push({ date, score: num(st / stepH), value: num(st), detectorThreshold: stepH });
    res["ears-c1"].push({ date, score: num(w.c1[i] as number), value: lv, detectorThreshold: EARS_THRESHOLDS.C1 });
    res["ears-c2"].push({ date, score: num(w.c2[i] as number), value: lv, detectorThreshold: EARS_THRESHOLDS.C2 });
    res["ears-c3"].push({ date, score: num(w.c3[i] as number), value: lv, detectorThreshold: EARS_THRESHOLDS.C3 });
  }
  return res;
}
