/**
 * Source tracing (溯源) in the sewer tree (issue #4): after an alert at a node, the source lies in the local
 * catchment of some site upstream of it (or the node's own). A sample taken at site j is positive exactly when the
 * source drains through j (model: perfect detection, steady source during the round; dilution below LOQ, travel
 * times and intermittent sources are not modelled here). A round of k samples therefore splits the candidate set
 * into classes "deepest sampled site the source drains through" (or "none of them"); the outcome reveals the
 * class.
 *
 * Planning (greedy, expected information): the information of a round is the entropy of its outcome,
 *   H = −Σ_c p_c log₂ p_c,  p_c = prior mass of class c (normalised over the candidates),
 * which for a deterministic outcome equals the expected reduction of the entropy of the source's location
 * (Cover & Thomas 2006, ch. 2: I(S; Y) = H(Y) when Y = f(S)). Points are chosen one at a time, each maximising H
 * of the partition so far (greedy set selection; ties → the shallower site, then the smaller id), skipping
 * points that add nothing. This is the classic greedy for group testing / binary search on trees with priors
 * (cf. generalized binary search, Dasgupta 2005); it is not guaranteed optimal.
 * Priors: any non-negative weights (venue counts, population, past alerts); uniform when absent.
 *
 * Travel times (issue #4, {@link RoundTiming}): a round follows ONE parcel of sewage down the tree — point j's
 * composite of C hours (24 h, the alert node's composite) is shifted earlier by its sewer travel time lag_j to the
 * alert node (server trace.ts windows [−lag_j, C − lag_j]), so that an intermittent source is seen, or missed, by all
 * points alike and the outcome classes stay consistent. The crew therefore opens the deepest point's window first and
 * has the last bottle when the shallowest point's window closes: the round lasts
 *   D(S) = C + max_{j∈S} lag_j − min_{j∈S} lag_j   hours (lab turnaround, the same for every round, left out).
 * Two rules make the choice respect it, and the greedy-entropy splitting stays the primary criterion:
 *   1. budget: with budgetHours = B, a point is proposed only when the round including it still has D ≤ B (a point
 *      whose lag is unknown cannot be shown to fit and is not proposed under a finite budget);
 *   2. earliest results among near-equal gains: at each greedy step, among the points whose round entropy is within
 *      toleranceBits (default {@link TIME_TIE_TOLERANCE_BITS}) of the step's best, the one with the smallest D(S ∪ j)
 *      is taken (then the higher entropy, the shallower site, the smaller id). Gains that close are below the
 *      resolution of the judgement priors, durations are not: the next round, and the localisation, come earlier.
 * The alternative "maximise bits per hour" (cost-sensitive generalised binary search, Guillory & Bilmes 2009) was
 * not taken: D is dominated by the fixed composite C (24 h of a 24–30 h round), so the ratio would mostly trade
 * real information for a few percent of time. A single-point round always lasts C, so travel times change only
 * rounds of k ≥ 2 points.
 *
 * Baselines for the evaluation ({@link compareTracingStrategies}): plain bisection (one point per round that splits
 * the candidate COUNT most evenly, no priors) and "all at once" (sample every candidate site in one round).
 */
import { ScienceInputError } from "../errors.js";
import { drainsThrough, nodeIndex, type SewerTree, travelTimeHours } from "./sewer-tree.js";

/** A candidate source with its prior weight (normalised to sum 1 over the candidates). */
export interface Candidate {
  id: string;
  prior: number;
}

/**
 * Candidate sources for an alert at `alertNode`: the node and every site upstream of it with a positive prior.
 * @param priors weights ≥ 0 by site id; sites absent from a given map get weight 0; absent map = uniform
 * @throws SewerNetworkError for an unknown node; ScienceInputError for a negative or non-finite prior, or when all
 *   candidates have weight 0
 */
export function candidateSources(tree: SewerTree, alertNode: string, priors?: ReadonlyMap<string, number>): Candidate[] {
  const a = nodeIndex(tree, alertNode);
  const raw: { id: string; w: number }[] = [];
  for (let i = 0; i < tree.ids.length; i++) {
    if (!drainsThrough(tree, i, a)) continue;
    const id = tree.ids[i] as string;
    const w = priors ? (priors.get(id) ?? 0) : 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new ScienceInputError(`priors[${id}]`, w, "a finite weight ≥ 0");
    if (w > 0) raw.push({ id, w });
  }
  const total = raw.reduce((s, x) => s + x.w, 0);
  if (!(total > 0)) throw new ScienceInputError("priors", total, `a positive total weight upstream of ${alertNode}`);
  return raw.sort((x, y) => (x.id < y.id ? -1 : 1)).map((x) => ({ id: x.id, prior: x.w / total }));
}

/** Entropy in bits of a list of masses (normalised by their sum; zero masses ignored). */
export function entropyBits(masses: readonly number[]): number {
  let total = 0;
  for (const m of masses) total += m;
  if (!(total > 0)) return 0;
  let h = 0;
  for (const m of masses) if (m > 0) h -= (m / total) * Math.log2(m / total);
  return h;
}

/** A planned sampling round. */
export interface SamplingPlan {
  /** sites to sample, in the order chosen */
  points: string[];
  /** entropy of the outcome = expected information gained, bits */
  expectedInformationBits: number;
  /** outcome classes: the sampled site the source would first drain through (null = none of them), prior mass, members */
  classes: { point: string | null; mass: number; candidates: string[] }[];
  /**
   * Sewer travel time from each point to the alert node, hours (only with `alertNode` and `linkHours`, or `timing`):
   * to catch the water the alert node receives at time T, point j's sampling window ends at T − lag_j.
   */
  travelTimeToAlertHours?: Record<string, number>;
  /**
   * Only with `timing`: the round's duration D = C + max lag − min lag over the points, hours (null when a point's
   * lag is unknown; 0 points → null).
   */
  roundHours?: number | null;
}

/**
 * Near-tie tolerance of the time rule, bits (judgement): 0.05 bit ≈ the entropy change of a split whose class of
 * mass p = 0.3 is mis-weighted by ±15 % (dH/dp = log₂((1 − p)/p) = 1.22 bit per unit mass; 0.045 × 1.22 = 0.055) —
 * about the resolution of the judgement priors (tracing-priors.ts).
 */
export const TIME_TIE_TOLERANCE_BITS = 0.05;

/** Travel-time constraints of a round (see the module comment). */
export interface RoundTiming {
  /** the alerting node (lags are to it) */
  alertNode: string;
  /** hours from a site to its downstream site; a missing link makes the lags through it unknown */
  linkHours: ReadonlyMap<string, number>;
  /** C: hours of each composite sample (> 0; the server uses 24) */
  compositeHours: number;
  /** B: longest allowed round duration, hours (≥ compositeHours; default +∞ = no budget) */
  budgetHours?: number;
  /** gains within this many bits of a step's best count as equal (≥ 0; default TIME_TIE_TOLERANCE_BITS) */
  toleranceBits?: number;
}

export interface PlanOptions {
  /** sites that may be sampled (default: all); the alert node itself is never proposed */
  samplable?: ReadonlySet<string>;
  /** the alerting node and per-link travel times (hours from a site to its downstream site), for the lags only */
  alertNode?: string;
  linkHours?: ReadonlyMap<string, number>;
  /** travel-time constraints on the CHOICE of points (budget, earliest results among near-equal gains) */
  timing?: RoundTiming;
}

/** Lag (hours to the alert node) of tree index j, null when a link on the path has no time or j is not upstream. */
function lagOf(tree: SewerTree, j: number, timing: RoundTiming): number | null {
  const a = nodeIndex(tree, timing.alertNode);
  if (!drainsThrough(tree, j, a)) return null;
  let h = 0;
  for (let v = j; v !== a; v = tree.parent[v] as number) {
    const t = timing.linkHours.get(tree.ids[v] as string);
    if (t === undefined || !(t >= 0) || !Number.isFinite(t)) return null;
    h += t;
  }
  return h;
}

/** D = C + max lag − min lag of a round's lags, hours; null when any lag is unknown or the round is empty. */
export function roundDurationHours(lags: readonly (number | null)[], compositeHours: number): number | null {
  if (lags.length === 0 || lags.some((l) => l === null)) return null;
  const ls = lags as number[];
  return compositeHours + Math.max(...ls) - Math.min(...ls);
}

function checkTiming(timing: RoundTiming): void {
  if (!(timing.compositeHours > 0 && Number.isFinite(timing.compositeHours)))
    throw new ScienceInputError("timing.compositeHours", timing.compositeHours, "a finite number of hours > 0");
  const b = timing.budgetHours ?? Number.POSITIVE_INFINITY;
  if (!(b >= timing.compositeHours))
    throw new ScienceInputError("timing.budgetHours", b, `hours ≥ the composite (${timing.compositeHours} h)`);
  const tol = timing.toleranceBits ?? TIME_TIE_TOLERANCE_BITS;
  if (!(tol >= 0 && Number.isFinite(tol))) throw new ScienceInputError("timing.toleranceBits", tol, "a finite number of bits ≥ 0");
}

function resolveCandidates(tree: SewerTree, candidates: readonly Candidate[]) {
  const idx = new Int32Array(candidates.length);
  const w = new Float64Array(candidates.length);
  candidates.forEach((c, i) => {
    idx[i] = nodeIndex(tree, c.id);
    if (!(c.prior >= 0 && Number.isFinite(c.prior))) throw new ScienceInputError(`candidates[${i}].prior`, c.prior, "a finite number ≥ 0");
    w[i] = c.prior;
  });
  return { idx, w };
}

/**
 * Greedy plan of up to k sampling points maximising the entropy of the outcome (see the module comment), with
 * `options.timing` subject to the round budget and preferring the earliest round among near-equal gains.
 * Returns fewer points when no further point splits the candidates (or none that splits fits the budget).
 * @param candidates the current candidate set (e.g. from {@link candidateSources} or {@link applySamplingResults})
 * @throws ScienceInputError for k not an integer ≥ 1, or invalid timing (composite ≤ 0, budget < composite,
 *   tolerance < 0); SewerNetworkError for an unknown timing.alertNode
 */
export function planSamplingRound(tree: SewerTree, candidates: readonly Candidate[], k: number, options?: PlanOptions): SamplingPlan {
  if (!Number.isInteger(k) || k < 1) throw new ScienceInputError("k", k, "an integer ≥ 1");
  const timing = options?.timing;
  if (timing) checkTiming(timing);
  const budget = timing?.budgetHours ?? Number.POSITIVE_INFINITY;
  const tol = timing ? (timing.toleranceBits ?? TIME_TIE_TOLERANCE_BITS) : 0;
  const { idx, w } = resolveCandidates(tree, candidates);
  const m = idx.length;
  // class of each candidate = index (into tree) of the deepest chosen point it drains through, −1 = none
  const cls = new Int32Array(m).fill(-1);
  const chosen: number[] = [];
  const classMass = new Map<number, number>([[-1, w.reduce((s, x) => s + x, 0)]]);
  // the points worth considering: ancestors-or-self of candidates within the candidates' common region
  const pool = new Set<number>();
  for (let c = 0; c < m; c++) for (let v = idx[c] as number; v >= 0; v = tree.parent[v] as number) pool.add(v);
  const lag = new Map<number, number | null>();
  if (timing) for (const j of pool) lag.set(j, lagOf(tree, j, timing));
  const durationWith = (j: number): number | null =>
    timing ? roundDurationHours([...chosen, j].map((x) => lag.get(x) ?? null), timing.compositeHours) : null;
  let H = 0;
  for (let step = 0; step < k; step++) {
    // every point that adds information (and fits the budget): its round entropy h and round duration d
    const options_: { j: number; h: number; d: number }[] = [];
    for (const j of pool) {
      if (chosen.includes(j)) continue;
      const id = tree.ids[j] as string;
      if (options?.samplable && !options.samplable.has(id)) continue;
      // mass moving to class j: candidates draining through j whose current class is not inside j's subtree
      let moved = 0;
      const loss = new Map<number, number>();
      for (let c = 0; c < m; c++) {
        if (!drainsThrough(tree, idx[c] as number, j)) continue;
        const k0 = cls[c] as number;
        if (k0 >= 0 && drainsThrough(tree, k0, j)) continue;
        moved += w[c] as number;
        loss.set(k0, (loss.get(k0) ?? 0) + (w[c] as number));
      }
      if (moved === 0) continue;
      const masses: number[] = [moved];
      for (const [key, mass] of classMass) masses.push(mass - (loss.get(key) ?? 0));
      const h = entropyBits(masses);
      if (!(h > H + 1e-12)) continue;
      const dur = durationWith(j);
      if (Number.isFinite(budget) && !(dur !== null && dur <= budget + 1e-9)) continue;
      options_.push({ j, h, d: dur ?? Number.POSITIVE_INFINITY });
    }
    if (options_.length === 0) break;
    const hMax = Math.max(...options_.map((o) => o.h));
    let best: { j: number; h: number; d: number } | null = null;
    for (const o of options_) {
      if (o.h < hMax - tol - 1e-12) continue;
      if (best === null) {
        best = o;
        continue;
      }
      const dj = tree.depth[o.j] as number;
      const db = tree.depth[best.j] as number;
      const better =
        o.d < best.d - 1e-9 ||
        (Math.abs(o.d - best.d) <= 1e-9 || o.d === best.d) &&
          (o.h > best.h + 1e-12 ||
            (Math.abs(o.h - best.h) <= 1e-12 && (dj < db || (dj === db && (tree.ids[o.j] as string) < (tree.ids[best.j] as string)))));
      if (better) best = o;
    }
    const pick = (best as { j: number; h: number }).j;
    chosen.push(pick);
    H = (best as { h: number }).h;
    for (let c = 0; c < m; c++) {
      const k0 = cls[c] as number;
      if (drainsThrough(tree, idx[c] as number, pick) && !(k0 >= 0 && drainsThrough(tree, k0, pick))) {
        classMass.set(k0, (classMass.get(k0) ?? 0) - (w[c] as number));
        classMass.set(pick, (classMass.get(pick) ?? 0) + (w[c] as number));
        cls[c] = pick;
      }
    }
  }
  const total = w.reduce((s, x) => s + x, 0);
  const classes = [-1, ...chosen].map((key) => {
    const members: string[] = [];
    let mass = 0;
    for (let c = 0; c < m; c++) {
      if (cls[c] === key) {
        members.push(tree.ids[idx[c] as number] as string);
        mass += w[c] as number;
      }
    }
    return { point: key < 0 ? null : (tree.ids[key] as string), mass: total > 0 ? mass / total : 0, candidates: members };
  });
  const points = chosen.map((j) => tree.ids[j] as string);
  const plan: SamplingPlan = { points, expectedInformationBits: H, classes: classes.filter((c) => c.candidates.length > 0) };
  if (timing) {
    const lags = chosen.map((j) => lag.get(j) ?? null);
    plan.roundHours = roundDurationHours(lags, timing.compositeHours);
    if (lags.every((l) => l !== null)) plan.travelTimeToAlertHours = Object.fromEntries(points.map((p, i) => [p, lags[i] as number]));
  } else if (options?.alertNode !== undefined && options.linkHours) {
    const { alertNode, linkHours } = options;
    plan.travelTimeToAlertHours = Object.fromEntries(points.map((p) => [p, travelTimeHours(tree, p, alertNode, linkHours)]));
  }
  return plan;
}

/** The result of one sample of a round. */
export interface SamplingResult {
  site: string;
  /** true when the analyte was found (above the alert level) at that site */
  positive: boolean;
}

/**
 * Narrows the candidates with a round's results: a positive site keeps only candidates draining through it, a
 * negative site removes them. Priors are renormalised.
 * @throws ScienceInputError when the results contradict each other or the candidates (no candidate left)
 */
export function applySamplingResults(tree: SewerTree, candidates: readonly Candidate[], results: readonly SamplingResult[]): Candidate[] {
  const tests = results.map((r) => ({ j: nodeIndex(tree, r.site), positive: r.positive }));
  const kept = candidates.filter((c) => {
    const i = nodeIndex(tree, c.id);
    return tests.every((t) => drainsThrough(tree, i, t.j) === t.positive);
  });
  const total = kept.reduce((s, c) => s + c.prior, 0);
  if (kept.length === 0) throw new ScienceInputError("results", JSON.stringify(results), "results consistent with at least one candidate source");
  return kept.map((c) => ({ id: c.id, prior: total > 0 ? c.prior / total : 1 / kept.length }));
}

/** Plain bisection: the one site whose upstream candidate COUNT is closest to half (ties: shallower, smaller id). */
export function bisectionPoint(tree: SewerTree, candidates: readonly Candidate[], options?: PlanOptions): string | null {
  const { idx } = resolveCandidates(tree, candidates);
  const half = idx.length / 2;
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  const pool = new Set<number>();
  for (const c of idx) for (let v = c; v >= 0; v = tree.parent[v] as number) pool.add(v);
  for (const j of pool) {
    const id = tree.ids[j] as string;
    if (options?.samplable && !options.samplable.has(id)) continue;
    let cnt = 0;
    for (const c of idx) if (drainsThrough(tree, c, j)) cnt++;
    if (cnt === 0 || cnt === idx.length) continue; // no split
    const d = Math.abs(cnt - half);
    if (
      d < bestD - 1e-12 ||
      (Math.abs(d - bestD) <= 1e-12 &&
        ((tree.depth[j] as number) < (tree.depth[best] as number) || (tree.depth[j] === tree.depth[best] && id < (tree.ids[best] as string))))
    ) {
      best = j;
      bestD = d;
    }
  }
  return best < 0 ? null : (tree.ids[best] as string);
}

/** Rounds and samples a strategy needs to localise one true source. */
export interface LocalisationRun {
  rounds: number;
  samples: number;
  /** candidates left at the end (1 when localised) */
  remaining: number;
  /** the localised site when remaining = 1, else null */
  source: string | null;
  /**
   * Only with `timing`: Σ of the rounds' durations D (module comment), hours — the sewer-time part of the time to
   * localise (lab turnaround and travel between rounds excluded); null when a round's duration is unknown.
   */
  hours?: number | null;
}

export type TracingStrategy = "greedy-entropy" | "bisection" | "all-at-once";

/** Options of {@link simulateLocalisation} and {@link compareTracingStrategies}. */
export interface TracingSimulationOptions {
  /** points per greedy round (default 1) */
  k?: number;
  priors?: ReadonlyMap<string, number>;
  samplable?: ReadonlySet<string>;
  /** travel-time constraints of the greedy planner; also times every strategy's rounds */
  timing?: RoundTiming;
  /** with `timing`: time the rounds but let the greedy planner choose without travel times (evaluation baseline) */
  timeBlindPlanner?: boolean;
}

/**
 * Simulates localising `trueSource` after an alert at `alertNode` (outcomes from the tree model, no noise).
 * "greedy-entropy": k points per round by {@link planSamplingRound}; "bisection": 1 point per round by
 * {@link bisectionPoint}; "all-at-once": one round sampling every candidate site except the alert node.
 * Stops when one candidate remains or no point splits the rest. With `timing` the greedy planner obeys it (budget,
 * earliest near-equal round) and every strategy's rounds are timed (the baselines ignore the budget).
 */
export function simulateLocalisation(
  tree: SewerTree,
  alertNode: string,
  trueSource: string,
  strategy: TracingStrategy,
  options: TracingSimulationOptions = {},
): LocalisationRun {
  const s = nodeIndex(tree, trueSource);
  let cand = candidateSources(tree, alertNode, options.priors);
  if (!cand.some((c) => c.id === trueSource)) throw new ScienceInputError("trueSource", trueSource, `a candidate upstream of ${alertNode}`);
  const outcome = (site: string) => ({ site, positive: drainsThrough(tree, s, nodeIndex(tree, site)) });
  const plan: PlanOptions = {
    samplable: options.samplable,
    ...(options.timing && !options.timeBlindPlanner ? { timing: options.timing } : {}),
  };
  const lagCache = new Map<string, number | null>();
  const lag = (id: string, timing: RoundTiming) => {
    if (!lagCache.has(id)) lagCache.set(id, lagOf(tree, nodeIndex(tree, id), timing));
    return lagCache.get(id) ?? null;
  };
  let hours: number | null = 0;
  let rounds = 0;
  let samples = 0;
  while (cand.length > 1) {
    let points: string[];
    if (strategy === "greedy-entropy") points = planSamplingRound(tree, cand, options.k ?? 1, plan).points;
    else if (strategy === "bisection") {
      const p = bisectionPoint(tree, cand, plan);
      points = p === null ? [] : [p];
    } else {
      points = cand.map((c) => c.id).filter((id) => id !== alertNode && (!options.samplable || options.samplable.has(id)));
    }
    if (points.length === 0) break;
    rounds++;
    samples += points.length;
    if (options.timing && hours !== null) {
      const timing = options.timing;
      const d = roundDurationHours(points.map((p) => lag(p, timing)), timing.compositeHours);
      hours = d === null ? null : hours + d;
    }
    const before = cand.length;
    cand = applySamplingResults(tree, cand, points.map(outcome));
    if (strategy === "all-at-once" || cand.length === before) break;
  }
  return {
    rounds,
    samples,
    remaining: cand.length,
    source: cand.length === 1 ? (cand[0] as Candidate).id : null,
    ...(options.timing ? { hours } : {}),
  };
}

/** Prior-weighted expected rounds and samples of each strategy over every candidate true source. */
export interface StrategyComparison {
  strategy: TracingStrategy;
  expectedRounds: number;
  expectedSamples: number;
  worstRounds: number;
  /** prior mass of true sources left unresolved (> 1 candidate at the end) */
  unresolvedMass: number;
  /** only with `timing`: prior-weighted Σ of round durations, hours (null when some duration is unknown) */
  expectedHours?: number | null;
}

/**
 * Compares greedy-entropy (k points per round), plain bisection and all-at-once over every possible true source,
 * weighted by the normalised priors (exact expectation, no random draws).
 */
export function compareTracingStrategies(
  tree: SewerTree,
  alertNode: string,
  options: TracingSimulationOptions = {},
): StrategyComparison[] {
  const cand = candidateSources(tree, alertNode, options.priors);
  return (["greedy-entropy", "bisection", "all-at-once"] as const).map((strategy) => {
    let er = 0;
    let es = 0;
    let worst = 0;
    let un = 0;
    let eh: number | null = 0;
    for (const c of cand) {
      const r = simulateLocalisation(tree, alertNode, c.id, strategy, options);
      if (eh !== null) eh = r.hours === null || r.hours === undefined ? null : eh + c.prior * r.hours;
      er += c.prior * r.rounds;
      es += c.prior * r.samples;
      worst = Math.max(worst, r.rounds);
      if (r.remaining > 1) un += c.prior;
    }
    return {
      strategy,
      expectedRounds: er,
      expectedSamples: es,
      worstRounds: worst,
      unresolvedMass: un,
      ...(options.timing ? { expectedHours: eh } : {}),
    };
  });
}
