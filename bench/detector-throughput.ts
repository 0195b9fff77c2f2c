/**
 * Detector throughput over a national-scale series set (issue #4): every per-series detector of one site × analyte
 * in one pass (`runSeriesDetectorsInto`: day-of-week robust baseline → robust z, EWMA, CUSUM, step CUSUM,
 * EARS C1/C2/C3) over SITES × YEARS × 365 days × ANALYTES points, versus a bare pass over the same typed arrays
 * (reads every day and log value once and sums the finite ones — the memory-traffic floor of any detector). Points
 * per second of both, ratio = detectors ÷ bare pass, measured in the same run.
 *
 * Series: 64 distinct seeded daily series (ln PNL: a level, a weekend factor, seasonal cosine, normal noise σ 0.25,
 * 4 % censored = NaN, rare spikes) are cycled over all site × analyte pairs, so memory stays small while the
 * detectors cannot exploit anything (each call starts from scratch). Size by env: BENCH_DETECTOR_SITES (default
 * 5 000), BENCH_DETECTOR_YEARS (3), BENCH_DETECTOR_ANALYTES (12).
 */
import { createRng, createSeriesDetectorWorkspace, dayNumber, runSeriesDetectorsInto } from "@tracewater/core";
import type { BenchResult } from "./lib.js";

const SITES = Number(process.env.BENCH_DETECTOR_SITES ?? 5_000);
const YEARS = Number(process.env.BENCH_DETECTOR_YEARS ?? 3);
const ANALYTES = Number(process.env.BENCH_DETECTOR_ANALYTES ?? 12);
const DISTINCT = 64;

function makeSeries(n: number): { day: Int32Array; logValue: Float64Array }[] {
  const start = dayNumber("2023-01-01");
  const rng = createRng(20_260_401);
  return Array.from({ length: DISTINCT }, (_, k) => {
    const day = new Int32Array(n);
    const logValue = new Float64Array(n);
    const level = Math.log(5 + 60 * rng.uniform());
    const weekend = 0.4 * rng.uniform();
    for (let i = 0; i < n; i++) {
      const d = start + i;
      day[i] = d;
      const dow = (((d + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
      const season = 0.15 * Math.cos((2 * Math.PI * (i % 365)) / 365.25 + k);
      let v = level + (dow >= 5 ? weekend : 0) + season + 0.25 * rng.normal();
      if (rng.uniform() < 0.002) v += Math.log(8); // a spike
      logValue[i] = rng.uniform() < 0.04 ? Number.NaN : v; // censored
    }
    return { day, logValue };
  });
}

export async function benchDetectors(): Promise<BenchResult> {
  const n = Math.round(YEARS * 365);
  const series = makeSeries(n);
  const count = SITES * ANALYTES;
  const points = count * n;
  const ws = createSeriesDetectorWorkspace(n);
  let sink = 0;

  // warm-up (JIT) on a small part, untimed
  for (let s = 0; s < 200; s++) {
    const x = series[s % DISTINCT] as (typeof series)[number];
    runSeriesDetectorsInto(x.day, x.logValue, ws);
  }

  const bare = () => {
    let acc = 0;
    for (let s = 0; s < count; s++) {
      const { day, logValue } = series[s % DISTINCT] as (typeof series)[number];
      for (let i = 0; i < n; i++) {
        const v = logValue[i] as number;
        if (v === v) acc += v + (day[i] as number) * 1e-9;
      }
    }
    sink += acc;
  };
  bare(); // warm-up
  const bareTimes: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    bare();
    bareTimes.push(performance.now() - t0);
  }
  bareTimes.sort((a, b) => a - b);
  const bareMs = bareTimes[1] as number;

  const t0 = performance.now();
  for (let s = 0; s < count; s++) {
    const { day, logValue } = series[s % DISTINCT] as (typeof series)[number];
    const w = runSeriesDetectorsInto(day, logValue, ws);
    const last = (w.cusumStatistic[n - 1] as number) + (w.z[n - 1] as number);
    if (Number.isFinite(last)) sink += last;
  }
  const subjectMs = performance.now() - t0;

  const subject = points / (subjectMs / 1000);
  const baseline = points / (bareMs / 1000);
  const ratio = subject / baseline;
  return {
    name: "detectors",
    subject: "runSeriesDetectorsInto (robust z, EWMA, CUSUM, step CUSUM, EARS C1–C3)",
    baseline: "bare pass over the same typed arrays",
    value: Math.round(subject),
    unit: "points/s",
    baselineValue: Math.round(baseline),
    ratio,
    target: "recorded (national scale ≤ 5 min)",
    pass: points / subject <= 300,
    notes: `${SITES} sites × ${ANALYTES} analytes × ${n} days = ${(points / 1e6).toFixed(1)} M points; detectors ${(subjectMs / 1000).toFixed(1)} s (one pass), bare pass median of 3 ${bareMs.toFixed(0)} ms; checksum ${sink.toExponential(3)}`,
  };
}
