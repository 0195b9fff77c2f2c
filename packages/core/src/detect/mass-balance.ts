/**
 * Mass balance in the sewer tree (issue #4): the loads measured upstream cannot together exceed the load measured
 * downstream on the same day (same analyte, in-sewer losses aside). An excess beyond the combined uncertainty
 * points at a one-day dumping near an upstream point, or at a sampling/analysis error.
 *
 *   excess = Σ L_up − L_down                       [mg/day]
 *   σ² = Σ (rsd_up · L_up)² + (rsd_down · L_down)²   (independent errors, first-order propagation, science.md §3.1)
 *   z = excess / σ;  alarm when z > threshold (one-sided; a deficit is normal: not every inflow is sampled)
 *
 * Default RSD of one daily load L = C·Q: first-order combination of the concentration, flow and sampling RSDs of
 * DEFAULT_RSD (wbe/uncertainty.ts; Castiglioni et al. 2013, Ort et al. 2010): √(0.26² + 0.10² + 0.10²) = 0.29597.
 * Population and correction factor do not enter a load. Default threshold 3 (judgement: one-sided normal tail
 * 0.13 %, ≈ 0.5 false alarms per node-year of daily balances).
 * Censored loads (substituted values) may enter, but the result says so (`involvesCensored`), as science.md §4
 * asks to flag any statistic involving a censored value.
 */
import { ScienceInputError } from "../errors.js";
import { DEFAULT_RSD, firstOrderRsd } from "../wbe/uncertainty.js";

/** Default relative standard deviation of a daily mass load: √(rsd_C² + rsd_Q² + rsd_sampling²) of DEFAULT_RSD. */
export const DEFAULT_LOAD_RSD = firstOrderRsd([DEFAULT_RSD.concentration, DEFAULT_RSD.flow, DEFAULT_RSD.sampling]);
/** Default one-sided alarm threshold of the mass-balance z. */
export const DEFAULT_MASS_BALANCE_THRESHOLD = 3;

/** A daily load at one sampling point. */
export interface PointLoad {
  /** site code (for the explanation) */
  site?: string;
  /** daily mass load, mg/day (≥ 0) */
  loadMgPerDay: number;
  /** relative standard deviation (≥ 0); default {@link DEFAULT_LOAD_RSD} */
  rsd?: number;
  /** true when the load comes from a substituted (below LOD/LOQ) concentration */
  censored?: boolean;
}

export interface MassBalanceResult {
  upstreamSumMgPerDay: number;
  downstreamMgPerDay: number;
  /** Σ up − down, mg/day */
  excessMgPerDay: number;
  /** combined standard uncertainty of the excess, mg/day */
  sigmaMgPerDay: number;
  /** excess/σ; NaN when σ = 0 (all loads 0) */
  z: number;
  threshold: number;
  alarm: boolean;
  involvesCensored: boolean;
}

/**
 * Mass balance of one day at one node.
 * @param upstream loads of the sampled upstream points (non-overlapping: none upstream of another)
 * @param downstream load at the node
 * @throws ScienceInputError for a negative or non-finite load or RSD, or an empty upstream list
 */
export function massBalance(
  upstream: readonly PointLoad[],
  downstream: PointLoad,
  options?: { threshold?: number; defaultRsd?: number },
): MassBalanceResult {
  const threshold = options?.threshold ?? DEFAULT_MASS_BALANCE_THRESHOLD;
  const defaultRsd = options?.defaultRsd ?? DEFAULT_LOAD_RSD;
  if (!Number.isFinite(threshold)) throw new ScienceInputError("threshold", threshold, "a finite number");
  if (!(defaultRsd >= 0 && Number.isFinite(defaultRsd))) throw new ScienceInputError("defaultRsd", defaultRsd, "a finite number ≥ 0");
  if (upstream.length === 0) throw new ScienceInputError("upstream", "[]", "at least one upstream load");
  const check = (p: PointLoad, field: string) => {
    if (!(p.loadMgPerDay >= 0 && Number.isFinite(p.loadMgPerDay))) {
      throw new ScienceInputError(`${field}.loadMgPerDay`, p.loadMgPerDay, "a finite number ≥ 0 (mg/day)");
    }
    const rsd = p.rsd ?? defaultRsd;
    if (!(rsd >= 0 && Number.isFinite(rsd))) throw new ScienceInputError(`${field}.rsd`, rsd, "a finite number ≥ 0");
    return rsd * p.loadMgPerDay;
  };
  let up = 0;
  let v = 0;
  let cens = downstream.censored === true;
  upstream.forEach((p, i) => {
    const s = check(p, `upstream[${i}]`);
    up += p.loadMgPerDay;
    v += s * s;
    if (p.censored) cens = true;
  });
  const sd = check(downstream, "downstream");
  v += sd * sd;
  const sigma = Math.sqrt(v);
  const excess = up - downstream.loadMgPerDay;
  const z = sigma > 0 ? excess / sigma : Number.NaN;
  return {
    upstreamSumMgPerDay: up,
    downstreamMgPerDay: downstream.loadMgPerDay,
    excessMgPerDay: excess,
    sigmaMgPerDay: sigma,
    z,
    threshold,
    alarm: z > threshold,
    involvesCensored: cens,
  };
}
