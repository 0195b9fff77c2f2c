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
 * Travel times: with per-link times the plan gives each point's lag to the alert node (sampling windows are
 * shifted by it); the choice of points itself does not depend on them yet.
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
   * Sewer travel time from each point to the alert node, hours (only with `alertNode` and `linkHours`): to catch
   * the water the alert node receives at time T, point j's sampling window ends at T − lag_j.
   */
  travelTimeToAlertHours?: Record<string, number>;
}

export interface PlanOptions {
  /** sites that may be sampled (default: all); the alert node itself is never proposed */
  samplable?: ReadonlySet<string>;
  /** the alerting node and per-link travel times (hours from a site to its downstream site), for the lags */
  alertNode?: string;
  linkHours?: ReadonlyMap<string, number>;
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
 * Greedy plan of up to k sampling points maximising the entropy of the outcome (see the module comment).
 * Returns fewer points when no further point splits the candidates.
 * @param candidates the current candidate set (e.g. from {@link candidateSources} or {@link applySamplingResults})
 * @throws ScienceInputError for k not an integer ≥ 1
 */
export function planSamplingRound(tree: SewerTree, candidates: readonly Candidate[], k: number, options?: PlanOptions): SamplingPlan {
  if (!Number.isInteger(k) || k < 1) throw new ScienceInputError("k", k, "an integer ≥ 1");
  const { idx, w } = resolveCandidates(tree, candidates);
  const m = idx.length;
  // class of each candidate = index (into tree) of the deepest chosen point it drains through, −1 = none
  const cls = new Int32Array(m).fill(-1);
  const chosen: number[] = [];
  const classMass = new Map<number, number>([[-1, w.reduce((s, x) => s + x, 0)]]);
  // the points worth considering: ancestors-or-self of candidates within the candidates' common region
  const pool = new Set<number>();
  for (let c = 0; c < m; c++) for (let v = idx[c] as number; v >= 0; v = tree.parent[v] as number) pool.add(v);
  let H = 0;
  for (let step = 0; step < k; step++) {
    let best = -1;
    let bestH = H;
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
      const better =
        h > bestH + 1e-12 ||
        (best >= 0 &&
          Math.abs(h - bestH) <= 1e-12 &&
          ((tree.depth[j] as number) < (tree.depth[best] as number) ||
            (tree.depth[j] === tree.depth[best] && id < (tree.ids[best] as string))));
      if (better) {
        best = j;
        bestH = h;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    H = bestH;
    for (let c = 0; c < m; c++) {
      const k0 = cls[c] as number;
      if (drainsThrough(tree, idx[c] as number, best) && !(k0 >= 0 && drainsThrough(tree, k0, best))) {
        classMass.set(k0, (classMass.get(k0) ?? 0) - (w[c] as number));
        classMass.set(best, (classMass.get(best) ?? 0) + (w[c] as number));
        cls[c] = best;
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
  if (options?.alertNode !== undefined && options.linkHours) {
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
}

export type TracingStrategy = "greedy-entropy" | "bisection" | "all-at-once";

/**
 * Simulates localising `trueSource` after an alert at `alertNode` (outcomes from the tree model, no noise).
 * "greedy-entropy": k points per round by {@link planSamplingRound}; "bisection": 1 point per round by
 * {@link bisectionPoint}; "all-at-once": one round sampling every candidate site except the alert node.
 * Stops when one candidate remains or no point splits the rest.
 */
export function simulateLocalisation(
  tree: SewerTree,
  alertNode: string,
  trueSource: string,
  strategy: TracingStrategy,
  options: { k?: number; priors?: ReadonlyMap<string, number>; samplable?: ReadonlySet<string> } = {},
): LocalisationRun {
  const s = nodeIndex(tree, trueSource);
  let cand = candidateSources(tree, alertNode, options.priors);
  if (!cand.some((c) => c.id === trueSource)) throw new ScienceInputError("trueSource", trueSource, `a candidate upstream of ${alertNode}`);
  const outcome = (site: string) => ({ site, positive: drainsThrough(tree, s, nodeIndex(tree, site)) });
  const plan = { samplable: options.samplable };
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
    const before = cand.length;
    cand = applySamplingResults(tree, cand, points.map(outcome));
    if (strategy === "all-at-once" || cand.length === before) break;
  }
  return { rounds, samples, remaining: cand.length, source: cand.length === 1 ? (cand[0] as Candidate).id : null };
}

/** Prior-weighted expected rounds and samples of each strategy over every candidate true source. */
export interface StrategyComparison {
  strategy: TracingStrategy;
  expectedRounds: number;
  expectedSamples: number;
  worstRounds: number;
  /** prior mass of true sources left unresolved (> 1 candidate at the end) */
  unresolvedMass: number;
}

/**
 * Compares greedy-entropy (k points per round), plain bisection and all-at-once over every possible true source,
 * weighted by the normalised priors (exact expectation, no random draws).
 */
export function compareTracingStrategies(
  tree: SewerTree,
  alertNode: string,
  options: { k?: number; priors?: ReadonlyMap<string, number>; samplable?: ReadonlySet<string> } = {},
): StrategyComparison[] {
  const cand = candidateSources(tree, alertNode, options.priors);
  return (["greedy-entropy", "bisection", "all-at-once"] as const).map((strategy) => {
    let er = 0;
    let es = 0;
    let worst = 0;
    let un = 0;
    for (const c of cand) {
      const r = simulateLocalisation(tree, alertNode, c.id, strategy, options);
      er += c.prior * r.rounds;
      es += c.prior * r.samples;
      worst = Math.max(worst, r.rounds);
      if (r.remaining > 1) un += c.prior;
    }
    return { strategy, expectedRounds: er, expectedSamples: es, worstRounds: worst, unresolvedMass: un };
  });
}
