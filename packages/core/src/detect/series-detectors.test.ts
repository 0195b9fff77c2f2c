import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { dateOfDayNumber, dayNumber } from "./day-number.js";
import { DEFAULT_GRADING_RULES, gradeSeries } from "./grading.js";
import type { SeriesPoint } from "./series.js";
import { createSeriesDetectorWorkspace, runSeriesDetectors, runSeriesDetectorsInto, type SeriesDetectorScores } from "./series-detectors.js";

const START = dayNumber("2023-01-02");
const DETECTORS = ["robust-z", "ewma", "cusum", "step-cusum", "ears-c1", "ears-c2", "ears-c3"] as const;

/** Daily series: level μ (log), bounded log noise in [−0.5, 0.5], ~10 % censored. */
const noisySeries = fc
  .record({
    mu: fc.double({ min: -3, max: 8, noNaN: true }),
    noise: fc.array(fc.record({ e: fc.double({ min: -0.5, max: 0.5, noNaN: true }), c: fc.integer({ min: 0, max: 9 }) }), {
      minLength: 80,
      maxLength: 160,
    }),
  })
  .map(({ mu, noise }) =>
    noise.map(({ e, c }, i): SeriesPoint => ({ date: dateOfDayNumber(START + i), value: Math.exp(mu + e), censored: c === 0 })),
  );

const grades = (s: SeriesDetectorScores) =>
  Object.fromEntries(DETECTORS.map((d) => [d, gradeSeries(s[d], DEFAULT_GRADING_RULES[d]).map((g) => `${g.date}:${g.level}`)]));

describe("series detectors — invariants (fast-check)", () => {
  it("a constant series never alarms (any detector, any default rule)", () => {
    fc.assert(
      fc.property(noisySeries, fc.double({ min: 1e-4, max: 1e6, noNaN: true }), (pts, c) => {
        const s = runSeriesDetectors(pts.map((p) => ({ ...p, value: c })));
        for (const d of DETECTORS) expect(gradeSeries(s[d], DEFAULT_GRADING_RULES[d])).toEqual([]);
      }),
      { seed: 101, numRuns: 60 },
    );
  });

  it("multiplying every value by a positive constant changes no log-scale score or alarm", () => {
    fc.assert(
      fc.property(noisySeries, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (pts, c) => {
        const a = runSeriesDetectors(pts);
        const b = runSeriesDetectors(pts.map((p) => ({ ...p, value: (p.value as number) * c })));
        for (const d of DETECTORS) {
          a[d].forEach((p, i) => {
            const q = b[d][i]?.score;
            if (p.score === null) expect(q).toBeNull();
            else expect(q).toBeCloseTo(p.score, 6);
          });
        }
        expect(grades(b)).toEqual(grades(a));
      }),
      { seed: 202, numRuns: 60 },
    );
  });

  it("a large spike (× e¹⁰) raises an alarm at its date: robust z, CUSUM, EARS C1/C2/C3", () => {
    // With noise in [−0.5, 0.5]: robust scale ≤ 1.4826·1, so z ≥ (10 − 1)/1.48 > 6; S ≥ z − 0.5 > 5 = h;
    // the EARS sd of 7 values in a range of 1 is ≤ 0.54, so C1, C2 > 16 and C3 ≥ C2 − 1 > 2.
    // EWMA is left out on purpose: it targets sustained shifts, and a run of strongly negative z before the spike
    // can hold Z below its limit (0.2·z_spike + 0.8·Z_{t−1}); single spikes are the robust z's job.
    fc.assert(
      fc.property(noisySeries, fc.nat(), (pts, r) => {
        const k = 70 + (r % (pts.length - 70));
        const s = pts.map((p, i) => {
          // the spike's baselines must hold values: no censoring in the EARS window or on 4 same weekdays
          const keep = (i >= k - 12 && i < k) || [7, 14, 21, 28].includes(k - i);
          return i === k ? { ...p, value: (p.value as number) * Math.exp(10), censored: false } : keep ? { ...p, censored: false } : p;
        });
        const g = grades(runSeriesDetectors(s));
        const date = s[k]?.date;
        for (const d of ["robust-z", "cusum", "ears-c1", "ears-c2", "ears-c3"] as const) {
          expect(g[d]?.some((x) => x.startsWith(`${date}:`)), `${d} at ${date}`).toBe(true);
        }
      }),
      { seed: 303, numRuns: 60 },
    );
  });
});

describe("series detectors — step CUSUM (operational h = 2.5, no headstart)", () => {
  it("hand-computed S/h on a weekly series with a ×e^0.3 step", () => {
    // Weekly samples (same weekday): values 1, 1, 1, 1, 1, e^0.3, e^0.3, e^0.3.
    // Robust baseline (robust-baseline.ts, W = 8, ≥ 4 observations): points 0–3 have < 4 baseline values → no z.
    // Points 4–7: median of the baseline ln values = 0 (at most 2 of ≤ 7 values are 0.3), MAD = 0 → scale = the floor
    // 0.06, so z = 0 at point 4 and z = 0.3/0.06 = 5 at points 5–7. The operational pooled scale needs ≥ 2W = 16
    // earlier residuals in the trailing 56 days; a weekly series has at most 8, so the same-weekday MAD is used.
    // Step CUSUM (step-cusum.ts): k = ln 1.5/(2·0.06) = 3.378875901; h = 2.5, headstart 0 →
    //   S4 = max(0, 0 − k) = 0; S5 = 5 − k = 1.621124099; S6 = 3.242248198 > 2.5 → alarm, restart at 0;
    //   S7 = 1.621124099.
    // Score S/h: 0, 0.648450, 1.296899, 0.648450 → blue at point 6 only (blue ≥ 1, yellow ≥ 2; grading.ts).
    const d0 = dayNumber("2024-01-01");
    const pts: SeriesPoint[] = [0, 0, 0, 0, 0, 0.3, 0.3, 0.3].map((lv, i) => ({
      date: dateOfDayNumber(d0 + 7 * i),
      value: Math.exp(lv),
      censored: false,
    }));
    const s = runSeriesDetectors(pts)["step-cusum"];
    expect(s.slice(0, 4).map((p) => p.score)).toEqual([null, null, null, null]);
    const k = Math.log(1.5) / (2 * 0.06);
    const expected = [0, 5 - k, 2 * (5 - k), 5 - k];
    expect(expected[2]).toBeCloseTo(3.242248198, 8);
    s.slice(4).forEach((p, i) => {
      expect(p.value).toBeCloseTo(expected[i] as number, 10);
      expect(p.score).toBeCloseTo((expected[i] as number) / 2.5, 10);
      expect(p.detectorThreshold).toBe(2.5);
    });
    const g = gradeSeries(s, DEFAULT_GRADING_RULES["step-cusum"]);
    expect(g.map((x) => [x.date, x.level])).toEqual([["2024-02-12", "blue"]]);
    // options override the defaults: h = 4 → no restart, the alarm comes at S7 = 4.86 > 4
    const h4 = runSeriesDetectors(pts, { stepCusum: { h: 4 } })["step-cusum"];
    expect(h4.slice(5).map((p) => p.value)).toEqual([5 - k, 2 * (5 - k), 3 * (5 - k)].map((x) => expect.closeTo(x, 10)));
    expect(h4.at(-1)?.score).toBeCloseTo((3 * (5 - k)) / 4, 10);
  });
});

describe("series detectors — typed hot path", () => {
  it("the typed run equals the record run and reuses one workspace for shorter series", () => {
    const pts: SeriesPoint[] = Array.from({ length: 60 }, (_, i) => ({
      date: dateOfDayNumber(START + i),
      value: Math.exp(Math.sin(i) / 3 + (i === 50 ? 4 : 0)),
      censored: false,
    }));
    const rec = runSeriesDetectors(pts);
    const ws = createSeriesDetectorWorkspace(100);
    const day = Int32Array.from(pts, (_, i) => START + i);
    const lv = Float64Array.from(pts, (p) => Math.log(p.value as number));
    const w = runSeriesDetectorsInto(day, lv, ws);
    expect(w.z.length).toBe(60);
    expect(Array.from(w.z, (x) => (Number.isNaN(x) ? null : x))).toEqual(rec["robust-z"].map((p) => p.score));
    expect(w.cusumAlarm[50]).toBe(1);
    expect(() => runSeriesDetectorsInto(new Int32Array(101).map((_, i) => i), new Float64Array(101), ws)).toThrow(ScienceInputError);
  });
});
