import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { median as medianOf } from "../stats/quantile.js";
import { dateOfDayNumber, dayNumber, isoWeekday } from "./day-number.js";
import { MAD_TO_SD, robustBaseline, robustBaselineInto, robustBaselineWorkspaceSize } from "./robust-baseline.js";
import { type SeriesPoint, toTypedLogSeries } from "./series.js";

const E = Math.exp;

describe("day numbers", () => {
  it("epoch, leap day, weekday", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("2024-03-01") - dayNumber("2024-02-28")).toBe(2); // 2024 is a leap year
    expect(dateOfDayNumber(dayNumber("2023-12-31"))).toBe("2023-12-31");
    expect(isoWeekday(dayNumber("2024-01-01"))).toBe(1); // a Monday
    expect(isoWeekday(dayNumber("1969-12-28"))).toBe(7); // a Sunday, negative day number
    expect(() => dayNumber("2023-02-30")).toThrow(ScienceInputError);
    expect(() => dayNumber("2023-2-3")).toThrow(/YYYY-MM-DD/);
  });
});

describe("robust baseline (same weekday)", () => {
  // Mondays 2024-01-01 … 2024-01-29 with ln values 1, 2, 3, 4, 10, and Tuesdays with ln 50 (must not enter).
  const mondays = ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"];
  const pts: SeriesPoint[] = [];
  mondays.forEach((d, i) => {
    pts.push({ date: d, value: E([1, 2, 3, 4, 10][i] as number), censored: false });
    if (i < 4) pts.push({ date: dateOfDayNumber(dayNumber(d) + 1), value: E(50), censored: false });
  });

  it("hand-computed z with other weekdays interleaved", () => {
    // baseline of 2024-01-29 = {1, 2, 3, 4}: median 2.5; |dev| = 1.5, 0.5, 0.5, 1.5 → MAD = 1.0
    // scale = 1.4826 · 1.0 = 1.4826; z = (10 − 2.5)/1.4826 = 5.058680696
    const r = robustBaseline(pts);
    const last = r.at(-1);
    expect(last?.baselineCount).toBe(4);
    expect(last?.baselineLogMedian).toBeCloseTo(2.5, 12);
    expect(last?.scale).toBeCloseTo(1.4826, 12);
    expect(last?.z).toBeCloseTo(7.5 / 1.4826, 10);
    expect(last?.baselineValue).toBeCloseTo(E(2.5), 9);
    // earlier Mondays have < 4 baseline points → no z
    expect(r.filter((p) => p.z !== null).map((p) => p.date)).toEqual(["2024-01-29"]);
  });

  it("censored, missing and zero values never enter the baseline; a censored current point gives no z", () => {
    // add a censored Monday value and a 0 between: baseline stays {1,2,3,4}
    const p2: SeriesPoint[] = [
      { date: "2023-12-25", value: 0.001, censored: true },
      { date: "2023-12-18", value: 0, censored: false },
      { date: "2023-12-11", value: null, censored: false },
    ];
    const r = robustBaseline([...p2.reverse(), ...pts]);
    expect(r.at(-1)?.baselineCount).toBe(4);
    expect(r.at(-1)?.z).toBeCloseTo(7.5 / 1.4826, 10);
    const cens = robustBaseline([...pts.slice(0, -1), { date: "2024-01-29", value: 5, censored: true }]);
    expect(cens.at(-1)?.z).toBeNull();
    expect(cens.at(-1)?.logValue).toBeNull();
    expect(cens.at(-1)?.baselineLogMedian).toBeCloseTo(2.5, 12); // the baseline itself is still reported
  });

  it("the window is W weeks: a value 9 weeks back is excluded with W = 8", () => {
    // Mondays: week −9 has ln 100; weeks −8…−1 have ln 1…8; current ln 4.5.
    // W = 8 → baseline {1..8}: median 4.5, |dev| = 3.5,2.5,1.5,0.5,0.5,1.5,2.5,3.5 → MAD = 2 → z = 0
    const start = dayNumber("2024-01-01");
    const vals = [100, 1, 2, 3, 4, 5, 6, 7, 8, 4.5];
    const p = vals.map((v, i) => ({ date: dateOfDayNumber(start + 7 * i), value: E(v), censored: false }));
    const r = robustBaseline(p);
    expect(r.at(-1)?.baselineCount).toBe(8);
    expect(r.at(-1)?.scale).toBeCloseTo(2 * MAD_TO_SD, 12);
    expect(r.at(-1)?.z).toBeCloseTo(0, 12);
    // W = 9 → {100, 1..8}: median 5, |dev| = 95,4,3,2,1,0,1,2,3 → MAD 2 → z = (4.5 − 5)/(2·1.4826) = −0.168622
    const r9 = robustBaseline(p, { windowWeeks: 9 });
    expect(r9.at(-1)?.z).toBeCloseTo(-0.5 / (2 * 1.4826), 10);
  });

  it("the scale floor applies to a flat baseline", () => {
    // baseline {2,2,2,2}: MAD 0 → scale = floor 0.06; z = (2.3 − 2)/0.06 = 5
    const start = dayNumber("2024-01-01");
    const p = [2, 2, 2, 2, 2.3].map((v, i) => ({ date: dateOfDayNumber(start + 7 * i), value: E(v), censored: false }));
    expect(robustBaseline(p).at(-1)?.z).toBeCloseTo(5, 9);
    expect(robustBaseline(p, { minScale: 0.1 }).at(-1)?.z).toBeCloseTo(3, 9);
  });

  it("all-days mode uses every day of the trailing 7W days", () => {
    // W = 1: days t−7…t−1 = ln 1..7 → median 4, |dev| 3,2,1,0,1,2,3 → MAD 2; current ln 10 → z = 6/2.9652
    const start = dayNumber("2024-01-01");
    const p = [1, 2, 3, 4, 5, 6, 7, 10].map((v, i) => ({ date: dateOfDayNumber(start + i), value: E(v), censored: false }));
    const r = robustBaseline(p, { windowWeeks: 1, sameWeekday: false });
    expect(r.at(-1)?.baselineCount).toBe(7);
    expect(r.at(-1)?.z).toBeCloseTo(6 / (2 * 1.4826), 10);
  });

  it("rejects unsorted dates, bad values and bad options", () => {
    expect(() =>
      robustBaseline([
        { date: "2024-01-02", value: 1, censored: false },
        { date: "2024-01-01", value: 1, censored: false },
      ]),
    ).toThrow(/points\[1\]\.date/);
    expect(() => robustBaseline([{ date: "2024-01-02", value: Number.NaN, censored: false }])).toThrow(/points\[0\]\.value/);
    expect(() => robustBaseline([], { windowWeeks: 0 })).toThrow(ScienceInputError);
    expect(() => robustBaseline([], { minScale: 0 })).toThrow(ScienceInputError);
    expect(() => robustBaselineInto(new Int32Array([0, 0]), new Float64Array(2), { z: new Float64Array(2) })).toThrow(/day\[1\]/);
  });
});

describe("robust baseline (pooled residual scale)", () => {
  // W = 1, ≥ 1 observation, pooled scale from ≥ 2 residuals. Daily ln values: days 0–6 = 0 (no baseline: nothing
  // 7 days earlier), then day 7 = 0.1, 8 = −0.2, 9 = 0.3, 10 = 1.0, (gap), 16 = 0.8.
  // Baseline of day d = {x(d − 7)} → median x(d − 7), MAD 0 → same-weekday scale = floor 0.06.
  //   day 7: r = 0.1 − 0 = 0.1; pool {} (0 < 2) → s = 0.06, z = 1.666667; pool ← 0.1
  //   day 8: r = −0.2; pool {0.1} (1 < 2) → s = 0.06, z = −3.333333; pool ← 0.2
  //   day 9: r = 0.3; pool {0.1, 0.2}: median 0.15 → s = 1.4826·0.15 = 0.22239, z = 0.3/0.22239 = 1.348981
  //   day 10: r = 1.0; pool {0.1, 0.2, 0.3}: median 0.2 → s = 0.29652, z = 3.372454
  //   day 16: baseline x(9) = 0.3, r = 0.5; window [9, 15] keeps the residuals of days 9, 10 only (7 and 8 left)
  //           → pool {0.3, 1.0}: median 0.65 → s = 0.963690, z = 0.5/0.963690 = 0.518839
  const d0 = dayNumber("2024-01-01");
  const lv: [number, number][] = [
    ...Array.from({ length: 7 }, (_, i): [number, number] => [i, 0]),
    [7, 0.1],
    [8, -0.2],
    [9, 0.3],
    [10, 1.0],
    [16, 0.8],
  ];
  const pts: SeriesPoint[] = lv.map(([d, v]) => ({ date: dateOfDayNumber(d0 + d), value: E(v), censored: false }));
  const opts = { windowWeeks: 1, minObservations: 1, pooledScale: true, minPooledResiduals: 2 };

  it("hand-computed scale and z, eviction of residuals older than 7W days", () => {
    const r = robustBaseline(pts, opts).slice(7);
    expect(r.map((p) => p.scale)).toEqual(
      [0.06, 0.06, 1.4826 * 0.15, 1.4826 * 0.2, 1.4826 * 0.65].map((x) => expect.closeTo(x, 12)),
    );
    expect(r.map((p) => p.z)).toEqual(
      [1.666667, -3.333333, 1.348981, 3.372454, 0.518839].map((x) => expect.closeTo(x, 5)),
    );
    // without the pooled scale every z uses the floor 0.06: day 10 → (1.0 − 0)/0.06 = 16.67
    expect(robustBaseline(pts, { ...opts, pooledScale: false }).at(-2)?.z).toBeCloseTo(1 / 0.06, 9);
  });

  it("the default minimum is 2W residuals; the workspace grows by 3(7W + 1) + 2", () => {
    // W = 1 → 2 residuals: the same result as the explicit option
    const { minPooledResiduals: _m, ...dflt } = opts;
    expect(robustBaseline(pts, dflt).map((p) => p.z)).toEqual(robustBaseline(pts, opts).map((p) => p.z));
    expect(robustBaselineWorkspaceSize({ pooledScale: true }) - robustBaselineWorkspaceSize()).toBe(3 * 57 + 2);
    expect(() => robustBaseline(pts, { ...opts, minPooledResiduals: 0 })).toThrow(ScienceInputError);
  });
});

/** Independent (slow) oracle: same definition, written with Maps and stats/quantile.median. */
function naive(
  days: number[],
  logs: number[],
  W: number,
  minObs: number,
  minScale: number,
  sameWeekday = true,
  minPooled: number | null = null,
): (number | null)[] {
  const byDay = new Map(days.map((d, i) => [d, logs[i] as number]));
  // residual of every point with a value and a baseline (for the pooled scale)
  const resid = new Map<number, number>();
  return days.map((d, i) => {
    const base: number[] = [];
    for (let k = 1; k <= 7 * W; k++) {
      if (sameWeekday && k % 7 !== 0) continue;
      const v = byDay.get(d - k);
      if (v !== undefined && !Number.isNaN(v)) base.push(v);
    }
    const x = logs[i] as number;
    if (base.length < minObs) return null;
    const m = medianOf(base);
    let s = Math.max(MAD_TO_SD * medianOf(base.map((b) => Math.abs(b - m))), minScale);
    if (minPooled !== null) {
      const pool = [...resid].filter(([dj]) => dj >= d - 7 * W).map(([, r]) => Math.abs(r));
      if (pool.length >= minPooled) s = Math.max(MAD_TO_SD * medianOf(pool), minScale);
    }
    if (Number.isNaN(x)) return null;
    resid.set(d, x - m);
    return (x - m) / s;
  });
}

const seriesArb = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 9 }), v: fc.option(fc.double({ min: 0.01, max: 1000, noNaN: true }), { nil: null }) }), {
    minLength: 1,
    maxLength: 120,
  })
  .map((xs) => {
    let d = dayNumber("2023-01-01");
    return xs.map((x) => {
      d += x.gap;
      return { date: dateOfDayNumber(d), value: x.v, censored: false } satisfies SeriesPoint;
    });
  });

describe("robust baseline workspace reuse", () => {
  it("a reused workspace gives the same result as a fresh one (no state leaks between series)", () => {
    fc.assert(
      fc.property(seriesArb, seriesArb, fc.boolean(), (a, b, pooledScale) => {
        const o = { pooledScale, minPooledResiduals: 3 };
        const ta = toTypedLogSeries(a);
        const tb = toTypedLogSeries(b);
        const ws = new Float64Array(robustBaselineWorkspaceSize(o));
        const za = new Float64Array(a.length);
        const zb = new Float64Array(b.length);
        robustBaselineInto(ta.day, ta.logValue, { z: za }, o, ws);
        robustBaselineInto(tb.day, tb.logValue, { z: zb }, o, ws);
        const fresh = new Float64Array(b.length);
        robustBaselineInto(tb.day, tb.logValue, { z: fresh }, o);
        expect(Array.from(zb)).toEqual(Array.from(fresh));
      }),
      { seed: 5, numRuns: 50 },
    );
  });
});

describe("robust baseline properties", () => {
  it("matches an independent naive implementation on irregular series", () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), (pts, W, minObs, sameWeekday) => {
        const days = pts.map((p) => dayNumber(p.date));
        const logs = pts.map((p) => (p.value === null ? Number.NaN : Math.log(p.value)));
        const expected = naive(days, logs, W, minObs, 0.06, sameWeekday);
        const got = robustBaseline(pts, { windowWeeks: W, minObservations: minObs, sameWeekday }).map((p) => p.z);
        expect(got.length).toBe(expected.length);
        got.forEach((g, i) => {
          const e = expected[i];
          if (e === null || e === undefined) expect(g).toBeNull();
          else expect(g).toBeCloseTo(e, 9);
        });
      }),
      { seed: 20240101, numRuns: 300 },
    );
  });

  it("the pooled residual scale matches the naive oracle on irregular series", () => {
    fc.assert(
      fc.property(
        seriesArb,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 20 }),
        (pts, W, minObs, sameWeekday, minPooled) => {
          const days = pts.map((p) => dayNumber(p.date));
          const logs = pts.map((p) => (p.value === null ? Number.NaN : Math.log(p.value)));
          const expected = naive(days, logs, W, minObs, 0.06, sameWeekday, minPooled);
          const o = {
            windowWeeks: W,
            minObservations: minObs,
            sameWeekday,
            pooledScale: true,
            minPooledResiduals: minPooled,
          };
          const got = robustBaseline(pts, o).map((p) => p.z);
          got.forEach((g, i) => {
            const e = expected[i];
            if (e === null || e === undefined) expect(g).toBeNull();
            else expect(g).toBeCloseTo(e, 9);
          });
        },
      ),
      { seed: 20240102, numRuns: 300 },
    );
  });

  it("a constant series has z = 0 everywhere a baseline exists", () => {
    fc.assert(
      fc.property(seriesArb, fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.boolean(), (pts, c, pooledScale) => {
        const r = robustBaseline(
          pts.map((p) => ({ ...p, value: c })),
          { pooledScale, minPooledResiduals: 1 },
        );
        for (const p of r) if (p.z !== null) expect(p.z).toBe(0);
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it("multiplying every value by a positive constant leaves z unchanged (log scale)", () => {
    fc.assert(
      fc.property(seriesArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.boolean(), (pts, c, pooledScale) => {
        const o = { pooledScale, minPooledResiduals: 2 };
        const a = robustBaseline(pts, o);
        const b = robustBaseline(
          pts.map((p) => ({ ...p, value: p.value === null ? null : p.value * c })),
          o,
        );
        a.forEach((p, i) => {
          const q = b[i]?.z;
          if (p.z === null) expect(q).toBeNull();
          else expect(q).toBeCloseTo(p.z, 6);
        });
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
