/**
 * The detection run over a monitoring network (no I/O): every detector of `@tracewater/core` detect/ applied to
 * every site × analyte series, graded into blue/yellow/orange/red (core `gradeSeries`, `DEFAULT_GRADING_RULES`).
 * Used by `detect` (stored data → alerts) and by `evaluate-detectors` (simulated data → scores against truth).
 *
 * Per series (site × analyte, one value per sample date, PNL mg/day/1000 inh — or ng/L when a series lacks flow or
 * population): robust z, EWMA, CUSUM, step CUSUM, EARS C1/C2/C3 (core `runSeriesDetectors`). Per sub-catchment: the robust z of
 * ln(sub PNL / plant PNL) against its plant (the root of its sewer tree; core `subcatchmentDifference`). Per node
 * with sampled inflows and day: the mass balance of the nearest sampled upstream loads against the node's load
 * (core `nodeMassBalance`, one-sided z). New substance: first detection (above LOQ) at a site, or anywhere in the
 * network (core `siteNewSubstanceEvents`/`networkNewSubstanceEvents`, score 1 on the event date). Censored results
 * enter no log statistic (core `toTypedLogSeries` makes them NaN) and no mass balance.
 */

import type { AlertExplanation, Detection } from "@tracewater/contract";
import {
  buildSewerTree,
  DEFAULT_GRADING_RULES,
  DEFAULT_MIN_PRIOR_RESULTS,
  type DetectorName,
  dateOfDayNumber,
  dayNumber,
  type GradedPoint,
  type GradingRuleSet,
  gradeSeries,
  massLoadMgPerDay,
  networkNewSubstanceEvents,
  nodeMassBalance,
  type PointLoad,
  pnlMgPerDayPer1000,
  runSeriesDetectors,
  ScienceInputError,
  type ScoredPoint,
  type SeriesPoint,
  type SewerTree,
  type SiteDetectionResult,
  siteNewSubstanceEvents,
  subcatchmentDifference,
} from "@tracewater/core";

export type { Detection };

/** Every detector, in display order. */
export const ALL_DETECTORS: readonly DetectorName[] = [
  "robust-z",
  "ewma",
  "cusum",
  "step-cusum",
  "ears-c1",
  "ears-c2",
  "ears-c3",
  "subcatchment",
  "mass-balance",
  "new-substance-site",
  "new-substance-network",
];

/**
 * Detectors that raise alerts in operation. EARS C1/C2/C3 are reference baselines (issue #4: "implemented as
 * reference baselines") and only run in `evaluate-detectors` unless asked for. The step CUSUM (core step-cusum.ts,
 * h = 2.5, no headstart, alarm at S/h ≥ 1) met the goal for steps, spikes and dumping on held-out seeds
 * (docs/performance.md) and runs in operation since.
 */
export const OPERATIONAL_DETECTORS: readonly DetectorName[] = [
  "robust-z",
  "ewma",
  "cusum",
  "step-cusum",
  "subcatchment",
  "mass-balance",
  "new-substance-site",
  "new-substance-network",
];

/**
 * Lowest alarm score of each detector in operation: the smallest threshold at which the detector made ≤ 1 false
 * alarm per site-year on the simulated `changzhi-demo` network (seed 1 with 20 injected events per type,
 * 2023–2025; `tracewater evaluate-detectors --calibration-seed 1`, tables in docs/performance.md). Since the robust
 * z uses the pooled residual scale (core `OPERATIONAL_BASELINE_OPTIONS`) the robust z stays at its textbook 3.5
 * (it was 5.75 on the same-weekday MAD scale), EWMA Z/UCL 1.2 (was 1.9), CUSUM S/h 1.1 (was 1.5); the sub-catchment
 * z keeps its own baseline (5.5). The step CUSUM's budget is met by its decision interval h = 2.5 itself (core
 * `DEFAULT_STEP_CUSUM_H`, calibrated on the same network), so its alarm stays at S/h ≥ 1.
 */
export const OPERATIONAL_MIN_SCORE: Readonly<Partial<Record<DetectorName, number>>> = {
  // on the z of the pooled residual scale (core OPERATIONAL_BASELINE_OPTIONS): the textbook 3.5 stays within budget
  "robust-z": 3.5,
  subcatchment: 5.5,
  ewma: 1.2,
  cusum: 1.1,
  "step-cusum": 1,
};

/** The core rule sets with every condition's minScore raised to at least {@link OPERATIONAL_MIN_SCORE}. */
export function operationalRules(): Partial<Record<DetectorName, GradingRuleSet>> {
  const out: Partial<Record<DetectorName, GradingRuleSet>> = {};
  for (const [d, min] of Object.entries(OPERATIONAL_MIN_SCORE) as [DetectorName, number][]) {
    const r = DEFAULT_GRADING_RULES[d];
    out[d] = { ...r, conditions: r.conditions.map((c) => ({ ...c, minScore: Math.max(c.minScore, min) })) };
  }
  return out;
}

/** A site of the network (sewer tree by `downstream`). */
export interface EngineSite {
  code: string;
  downstream: string | null;
}

/** One result of a series. */
export interface EnginePoint {
  date: string;
  /** value on the series' scale (PNL or concentration); null when censored/missing */
  value: number | null;
  /** daily load mg/day, null when not computable or censored */
  loadMgPerDay: number | null;
  detection: Detection;
}

/** One site × analyte series, dates strictly increasing. */
export interface EngineSeries {
  site: string;
  analyte: string;
  /** unit of `value`: "mg/day/1000 inh" (PNL) or "ng/L" */
  valueUnit: string;
  points: EnginePoint[];
}

/** A raw lab-like result (stored measurement or simulated lab row) to turn into series. */
export interface RawResult {
  site: string;
  analyte: string;
  date: string;
  /** ng/L; null when censored or missing */
  concentrationNgPerL: number | null;
  detection: Detection;
  flowM3PerDay: number | null;
  populationServed: number | null;
  /** a reported PNL (mg/day/1000 inh) instead of a concentration (EUDA-style files) */
  pnlMgPerDayPer1000?: number | null;
}

/**
 * Groups raw results into series (sorted by date; duplicates of a date: the last wins). A series is on the PNL
 * scale when every detected result has flow and population, else on the concentration scale (ng/L).
 */
export function seriesFromResults(results: Iterable<RawResult>): EngineSeries[] {
  const groups = new Map<string, Map<string, RawResult>>();
  for (const r of results) {
    if (r.detection === "not_analysed") continue;
    const key = `${r.site}\u0000${r.analyte}`;
    let g = groups.get(key);
    if (!g) {
      g = new Map();
      groups.set(key, g);
    }
    g.set(r.date, r);
  }
  const out: EngineSeries[] = [];
  for (const g of groups.values()) {
    const rows = [...g.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const first = rows[0] as RawResult;
    const hasPnl = (r: RawResult) => r.pnlMgPerDayPer1000 !== undefined && r.pnlMgPerDayPer1000 !== null;
    const pnlScale = rows.every(
      (r) =>
        r.detection !== "detected" ||
        hasPnl(r) ||
        (r.flowM3PerDay !== null && r.flowM3PerDay > 0 && r.populationServed !== null && r.populationServed > 0),
    );
    out.push({
      site: first.site,
      analyte: first.analyte,
      valueUnit: pnlScale ? "mg/day/1000 inh" : "ng/L",
      points: rows.map((r) => {
        if (hasPnl(r)) {
          const pnl =
            r.detection === "detected" && (r.pnlMgPerDayPer1000 as number) > 0
              ? (r.pnlMgPerDayPer1000 as number)
              : null;
          const load =
            pnl !== null && r.populationServed !== null && r.populationServed > 0
              ? (pnl * r.populationServed) / 1000
              : null;
          return { date: r.date, value: pnl, loadMgPerDay: load, detection: r.detection };
        }
        const detected = r.detection === "detected" && r.concentrationNgPerL !== null && r.concentrationNgPerL > 0;
        const load =
          detected && r.flowM3PerDay !== null && r.flowM3PerDay > 0
            ? massLoadMgPerDay(r.concentrationNgPerL as number, r.flowM3PerDay)
            : null;
        const value = !detected
          ? null
          : pnlScale
            ? pnlMgPerDayPer1000(load as number, r.populationServed as number)
            : (r.concentrationNgPerL as number);
        return { date: r.date, value, loadMgPerDay: load, detection: r.detection };
      }),
    });
  }
  return out.sort((a, b) =>
    a.site < b.site ? -1 : a.site > b.site ? 1 : a.analyte < b.analyte ? -1 : a.analyte > b.analyte ? 1 : 0,
  );
}

/** A graded point with the contract explanation (unit, detector details). */
export interface Finding {
  site: string;
  analyte: string;
  detector: DetectorName;
  date: string;
  level: GradedPoint["level"];
  score: number;
  explanation: AlertExplanation;
}

export interface EngineOptions {
  /** detectors to run (default {@link OPERATIONAL_DETECTORS}) */
  detectors?: readonly DetectorName[];
  /** grading rules per detector (default core DEFAULT_GRADING_RULES) */
  rules?: Partial<Record<DetectorName, GradingRuleSet>>;
  /** new-substance look-back (days; null = never before) */
  newSubstanceLookbackDays?: number | null;
  /**
   * graded points dated before this day (`YYYY-MM-DD`) are not returned; every score is still computed over the
   * whole series (the baselines use all history), so the points returned are exactly those of a run without it
   * dated on or after the day. Default: all.
   */
  findingsFrom?: string;
}

function grade(
  out: Finding[],
  site: string,
  analyte: string,
  points: ScoredPoint[],
  rules: GradingRuleSet,
  valueUnit: string,
  details?: (date: string) => Record<string, unknown> | undefined,
  from?: string,
): void {
  for (const g of gradeSeries(points, rules)) {
    if (from !== undefined && g.date < from) continue;
    const d = details?.(g.date);
    out.push({
      site,
      analyte,
      detector: g.detector,
      date: g.date,
      level: g.level,
      score: g.score,
      explanation: { ...g.explanation, valueUnit, ...(d ? { details: d } : {}) },
    });
  }
}

/** The sewer tree of the sites (a forest); sites whose downstream site is unknown are treated as roots. */
export function engineTree(sites: readonly EngineSite[]): SewerTree {
  const known = new Set(sites.map((s) => s.code));
  return buildSewerTree(
    sites.map((s) => ({ id: s.code, downstreamId: s.downstream && known.has(s.downstream) ? s.downstream : null })),
  );
}

/**
 * Runs the detectors. Returns every graded point (unsorted groups; within a site × analyte × detector by date).
 * @throws SewerNetworkError when the sites do not form a tree; ScienceInputError for invalid series
 */
export function runDetectors(
  sites: readonly EngineSite[],
  series: readonly EngineSeries[],
  options: EngineOptions = {},
): Finding[] {
  const want = new Set(options.detectors ?? OPERATIONAL_DETECTORS);
  const rules = (d: DetectorName) => options.rules?.[d] ?? DEFAULT_GRADING_RULES[d];
  const from = options.findingsFrom;
  const out: Finding[] = [];
  const tree = engineTree(sites);
  const byKey = new Map(series.map((s) => [`${s.site}\u0000${s.analyte}`, s]));
  const toSeriesPoints = (s: EngineSeries): SeriesPoint[] =>
    s.points.map((p) => ({ date: p.date, value: p.value, censored: p.value === null }));

  const perSeries = (["robust-z", "ewma", "cusum", "step-cusum", "ears-c1", "ears-c2", "ears-c3"] as const).filter(
    (d) => want.has(d),
  );
  for (const s of series) {
    if (s.points.length === 0) continue;
    if (perSeries.length > 0) {
      const scores = runSeriesDetectors(toSeriesPoints(s));
      for (const d of perSeries) {
        const unit = d.startsWith("ears") ? `ln(${s.valueUnit})` : d === "robust-z" ? s.valueUnit : "robust z";
        grade(out, s.site, s.analyte, scores[d], rules(d), unit, undefined, from);
      }
    }
    if (want.has("subcatchment") && tree.index.has(s.site)) {
      const i = tree.index.get(s.site) as number;
      if (tree.parent[i] !== -1) {
        let root = i;
        while (tree.parent[root] !== -1) root = tree.parent[root] as number;
        const plant = tree.ids[root] as string;
        const parent = byKey.get(`${plant}\u0000${s.analyte}`);
        if (parent && parent.valueUnit === s.valueUnit) {
          const diff = subcatchmentDifference(toSeriesPoints(s), toSeriesPoints(parent));
          const pts: ScoredPoint[] = diff.map((p) => ({
            date: p.date,
            score: p.z,
            value: p.logRatio === null ? null : Math.exp(p.logRatio),
            baseline: p.baselineLogRatio === null ? null : Math.exp(p.baselineLogRatio),
          }));
          grade(
            out,
            s.site,
            s.analyte,
            pts,
            rules("subcatchment"),
            `ratio ${s.site}/${plant}`,
            () => ({ plant }),
            from,
          );
        }
      }
    }
  }

  if (want.has("mass-balance")) massBalanceFindings(tree, series, rules("mass-balance"), out, from);

  if (want.has("new-substance-site") || want.has("new-substance-network")) {
    const results: SiteDetectionResult[] = [];
    for (const s of series)
      for (const p of s.points)
        results.push({ site: s.site, analyte: s.analyte, date: p.date, detection: p.detection });
    const opts = { lookbackDays: options.newSubstanceLookbackDays ?? null };
    if (want.has("new-substance-site")) {
      for (const e of siteNewSubstanceEvents(results, opts)) {
        grade(
          out,
          e.site,
          e.analyte,
          [{ date: e.date, score: 1 }],
          rules("new-substance-site"),
          "event",
          () => ({
            kind: e.kind,
            lastDetectedDate: e.lastDetectedDate,
            priorResults: e.priorResults,
          }),
          from,
        );
      }
    }
    if (want.has("new-substance-network")) {
      for (const e of networkNewSubstanceEvents(results, opts)) {
        for (const site of e.sites) {
          grade(
            out,
            site,
            e.analyte,
            [{ date: e.date, score: 1 }],
            rules("new-substance-network"),
            "event",
            () => ({
              kind: e.kind,
              lastDetectedDate: e.lastDetectedDate,
              priorResults: e.priorResults,
              sites: e.sites,
            }),
            from,
          );
        }
      }
    }
  }
  return out;
}

/** Mass balance per node with sampled inflows, per analyte and day (loads of censored results are left out). */
function massBalanceFindings(
  tree: SewerTree,
  series: readonly EngineSeries[],
  rules: GradingRuleSet,
  out: Finding[],
  from: string | undefined,
): void {
  const byAnalyte = new Map<string, EngineSeries[]>();
  for (const s of series) {
    if (!tree.index.has(s.site)) continue;
    const g = byAnalyte.get(s.analyte);
    if (g) g.push(s);
    else byAnalyte.set(s.analyte, [s]);
  }
  for (const [analyte, group] of byAnalyte) {
    // date → site → load
    const byDate = new Map<string, Map<string, PointLoad>>();
    for (const s of group)
      for (const p of s.points) {
        if (p.loadMgPerDay === null) continue;
        let m = byDate.get(p.date);
        if (!m) {
          m = new Map();
          byDate.set(p.date, m);
        }
        m.set(s.site, { site: s.site, loadMgPerDay: p.loadMgPerDay });
      }
    const dates = [...byDate.keys()].sort();
    const nodes = group
      .map((s) => s.site)
      .filter((id) => (tree.children[tree.index.get(id) as number] as readonly number[]).length > 0);
    for (const node of nodes) {
      const pts: ScoredPoint[] = [];
      const upstream = new Map<string, string[]>();
      for (const d of dates) {
        const loads = byDate.get(d) as Map<string, PointLoad>;
        const r = loads.has(node) ? nodeMassBalance(tree, node, loads) : null;
        if (!r) continue;
        upstream.set(d, r.upstreamSites);
        pts.push({
          date: d,
          score: Number.isFinite(r.z) ? r.z : null,
          value: r.upstreamSumMgPerDay,
          baseline: r.downstreamMgPerDay,
          detectorThreshold: r.threshold,
        });
      }
      if (pts.length)
        grade(
          out,
          node,
          analyte,
          pts,
          rules,
          "mg/day (Σ upstream vs node)",
          (d) => ({ upstreamSites: upstream.get(d) ?? [] }),
          from,
        );
    }
  }
}

/**
 * The network-wide new-substance detector ("new-substance-network") over series added in parts — e.g. one group of
 * sewer trees at a time (`detect`) — without holding the results: per analyte and sample date it keeps the number
 * of analysed results (series points; `not_analysed` excluded) and the sites whose result was `detected`.
 * {@link NetworkNewSubstanceTally.findings} gives the same graded points as `runDetectors` with
 * "new-substance-network" over all the series at once (core `networkNewSubstanceEvents` with the default
 * minPriorResults, {@link DEFAULT_MIN_PRIOR_RESULTS}): an event on day d when some site detects the analyte on d,
 * no site detected it in [d − lookbackDays, d) (all history when lookbackDays is null) and at least
 * minPriorResults analysed results of any site lie in that window; at most one event per analyte and day.
 * Memory: one entry per analyte × sample date plus one reference per detected result.
 */
export class NetworkNewSubstanceTally {
  /** analyte → sample date (YYYY-MM-DD) → counts */
  private readonly byAnalyte = new Map<string, Map<string, { analysed: number; detected: string[] }>>();

  /** Adds series (each site × analyte once over all calls, as `seriesFromResults` makes them). */
  add(series: readonly EngineSeries[]): void {
    for (const s of series) {
      let m = this.byAnalyte.get(s.analyte);
      if (!m) {
        m = new Map();
        this.byAnalyte.set(s.analyte, m);
      }
      for (const p of s.points) {
        let e = m.get(p.date);
        if (!e) {
          e = { analysed: 0, detected: [] };
          m.set(p.date, e);
        }
        if (p.detection !== "not_analysed") e.analysed++;
        if (p.detection === "detected") e.detected.push(s.site);
      }
    }
  }

  /**
   * The graded points (one per event and detecting site; explanation details kind, lastDetectedDate,
   * priorResults, sites — as `runDetectors`).
   * @param options.lookbackDays look-back in days (integer ≥ 1) or null for "never before" (default null)
   * @param options.findingsFrom points dated before this day are left out (default: all)
   * @throws ScienceInputError for an invalid lookbackDays or sample date
   */
  findings(rules: GradingRuleSet, options: { lookbackDays?: number | null; findingsFrom?: string } = {}): Finding[] {
    const lookbackDays = options.lookbackDays ?? null;
    if (lookbackDays !== null && (!Number.isInteger(lookbackDays) || lookbackDays < 1))
      throw new ScienceInputError("lookbackDays", lookbackDays, "null or an integer ≥ 1");
    const out: Finding[] = [];
    for (const [analyte, m] of this.byAnalyte) {
      const dates = [...m.keys()].sort();
      const days = dates.map((d, i) => dayNumber(d, `dates[${i}]`));
      // prefix[k] = analysed results on days[0 .. k-1]
      const prefix = new Float64Array(days.length + 1);
      for (let k = 0; k < days.length; k++)
        prefix[k + 1] = (prefix[k] as number) + (m.get(dates[k] as string) as { analysed: number }).analysed;
      let lastDetectedDay: number | null = null; // last day with a detection before the current day
      let lo = 0; // first day index inside the window
      for (let k = 0; k < days.length; k++) {
        const e = m.get(dates[k] as string) as { analysed: number; detected: string[] };
        if (e.detected.length === 0) continue;
        const d = days[k] as number;
        const from = lookbackDays === null ? Number.NEGATIVE_INFINITY : d - lookbackDays;
        while (lo < k && (days[lo] as number) < from) lo++;
        const inWindowDetected = lastDetectedDay !== null && lastDetectedDay >= from;
        const prior = (prefix[k] as number) - (prefix[lo] as number);
        if (!inWindowDetected && prior >= DEFAULT_MIN_PRIOR_RESULTS) {
          const date = dates[k] as string;
          const sites = [...new Set(e.detected)].sort();
          const kind = lastDetectedDay === null ? "first-ever" : "reappearance";
          const lastDetectedDate = lastDetectedDay === null ? null : dateOfDayNumber(lastDetectedDay);
          for (const site of sites)
            grade(
              out,
              site,
              analyte,
              [{ date, score: 1 }],
              rules,
              "event",
              () => ({ kind, lastDetectedDate, priorResults: prior, sites }),
              options.findingsFrom,
            );
        }
        lastDetectedDay = d;
      }
    }
    return out;
  }
}
