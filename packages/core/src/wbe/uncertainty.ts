/**
 * Uncertainty of back-calculated consumption (science.md §3.1).
 *
 * Model (one draw):  consumption = C·Q/P · CF · S   [mg/day/1000 inh]   (C·Q/1000 ÷ P/1000 = C·Q/P)
 *   C (concentration) ~ lognormal, P (population) ~ lognormal, S (sampling, multiplicative, median 1) ~ lognormal,
 *   Q (flow) ~ normal truncated > 0, CF (correction factor) ~ normal truncated > 0
 * — the suggested defaults of science.md §3.1 (lognormal for C and P, normal for Q; normal around the mean for the
 * excretion-based factor). Parameterisation: the reported value is taken as the **median** of its lognormal and
 * the RSD as its coefficient of variation, so σ_log = √ln(1 + RSD²); normals have mean = reported value and
 * sd = RSD × value. Because C·S/P is a product of independent lognormals with medians C, 1, 1/P, it is drawn as
 * ONE lognormal with median C/P and σ² = σ_C² + σ_S² + σ_P² (identical distribution, fewer draws).
 * Draws are written to a Float64Array; quantiles are type-7 (see stats/quantile.ts).
 *
 * Note on the median: the truncated-normal factors are symmetric, but their logarithms are skewed to the left, so
 * the median of the product lies slightly BELOW the deterministic value — by at most ≈ (RSD_Q² + RSD_CF²)/2
 * (the mean of ln(1 + RSD·Z) is ≈ −RSD²/2); with DEFAULT_RSD about −2.7 %. The mean of the draws equals the
 * deterministic value × exp(σ_log²/2) (lognormal mean).
 */
import { requireNonNegative, requirePositive, ScienceInputError } from "../errors.js";
import { quantilesInPlace } from "../stats/quantile.js";
import { createRng, type SeededRng } from "./rng.js";
import { zigguratNormal } from "./ziggurat.js";

/** Relative standard deviations (fractions, e.g. 0.26 = 26 %) of the independent uncertainty components. */
export interface RsdComponents {
  /** chemical analysis of the concentration */
  concentration: number;
  /** 24-h flow measurement */
  flow: number;
  /** representativeness of the composite sample */
  sampling: number;
  /** population served */
  population: number;
  /** correction factor (excretion) */
  correctionFactor: number;
}

/**
 * Default RSDs. Sources (science.md §3.1) — values marked "judgement" are our choice within the cited range:
 * - concentration 0.26: upper end of the inter-laboratory chemical-analysis RSD 6–26 % (Castiglioni et al. 2013
 *   ES&T 47:1452, SCORE study) — the conservative end is a judgement;
 * - flow 0.10: judgement (typical WWTP flow-meter accuracy; no WBE source in science.md);
 * - sampling 0.10: judgement for 24-h flow-/volume-proportional composite sampling; Ort et al. 2010 ES&T 44:6024
 *   show artefacts from "not significant" to ≥ 100 % depending on the sampling mode;
 * - population 0.20: judgement within the 7–55 % spread between estimation methods (Castiglioni 2013);
 *   Sim et al. 2023 found an RSD of 36 % between wastewater and mobile-phone population estimates;
 * - correctionFactor 0.26: back-calculation RSD reported for cocaine (Castiglioni 2013), applied to all drugs
 *   (judgement).
 */
export const DEFAULT_RSD: Readonly<RsdComponents> = Object.freeze({
  concentration: 0.26,
  flow: 0.1,
  sampling: 0.1,
  population: 0.2,
  correctionFactor: 0.26,
});

/** First-order (delta-method) relative uncertainty of a product of independent factors: √Σ rsd². */
export function firstOrderRsd(rsds: readonly number[] | Readonly<Record<string, number>>): number {
  const list = Array.isArray(rsds) ? rsds : Object.values(rsds);
  let s = 0;
  for (const r of list as number[]) {
    requireNonNegative("rsd", r);
    s += r * r;
  }
  return Math.sqrt(s);
}

/** Monte Carlo summary of consumption, mg/day/1000 inh (p2_5/p50/p97_5 = type-7 quantiles of the draws). */
export interface MonteCarloSummary {
  p2_5: number;
  p50: number;
  p97_5: number;
  mean: number;
  /** sample standard deviation of the draws */
  sd: number;
  draws: number;
}

/** Parameters of one Monte Carlo kernel run: `nominal · LN(1, σ_log) · N⁺(1, rsdFlow) · N⁺(1, rsdCf)`. */
export interface KernelParams {
  /** deterministic value that the lognormal part is centred on (its median) */
  nominal: number;
  /** combined log-scale sd of the lognormal components */
  sigmaLog: number;
  /** RSD of the truncated-normal flow factor */
  rsdFlow: number;
  /** RSD of the truncated-normal correction-factor factor */
  rsdCf: number;
}

/**
 * Fill `out` with Monte Carlo draws of `nominal · exp(σ_log Z₁) · (1 + rsdFlow Z₂)⁺ · (1 + rsdCf Z₃)⁺`,
 * where ⁺ re-draws until positive (normal truncated > 0). Standard normals by the Ziggurat method
 * ({@link zigguratNormal}); no allocation per draw; about 3 generator outputs and one `Math.exp` per draw.
 * @param out array to fill (its whole length is used)
 * @param p kernel parameters (see {@link kernelParams})
 * @param rng seeded generator ({@link createRng})
 * @returns `out`
 */
export function monteCarloDrawsInto(out: Float64Array, p: KernelParams, rng: SeededRng): Float64Array {
  const g = rng.generator;
  const { nominal, sigmaLog, rsdFlow, rsdCf } = p;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    // the flow factor (re-drawn until positive), then the CF factor (likewise), then the lognormal part — in that
    // order, from ONE call of the Ziggurat: with three call sites (as before) the optimiser did not inline it three
    // times and a draw cost ≈ 30 ns against ≈ 24 ns (same values; docs/performance.md, "Monte Carlo")
    let q = 0;
    let c = 0;
    let zLog = 0;
    for (let k = 0; k < 3; ) {
      const z = zigguratNormal(g);
      if (k === 0) {
        q = 1 + rsdFlow * z;
        if (q > 0) k = 1;
      } else if (k === 1) {
        c = 1 + rsdCf * z;
        if (c > 0) k = 2;
      } else {
        zLog = z;
        k = 3;
      }
    }
    out[i] = nominal * Math.exp(sigmaLog * zLog) * q * c;
  }
  return out;
}

/** σ of a lognormal with coefficient of variation `rsd`: √ln(1 + rsd²). */
export function sigmaLogFromRsd(rsd: number): number {
  return Math.sqrt(Math.log1p(rsd * rsd));
}

function checkRsd(rsd: RsdComponents): void {
  for (const k of ["concentration", "flow", "sampling", "population", "correctionFactor"] as const) {
    const v = rsd[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 5) {
      throw new ScienceInputError(`rsd.${k}`, v, "a fraction between 0 and 5 (e.g. 0.26 for 26 %)");
    }
  }
}

function checkDraws(draws: number): void {
  if (!Number.isInteger(draws) || draws < 2 || draws > 10_000_000) {
    throw new ScienceInputError("draws", draws, "an integer between 2 and 10 000 000");
  }
}

/** Kernel parameters for a nominal value and which log-scale components apply. */
export function kernelParams(nominal: number, rsd: RsdComponents, includePopulation = true): KernelParams {
  const sc = sigmaLogFromRsd(rsd.concentration);
  const ss = sigmaLogFromRsd(rsd.sampling);
  const sp = includePopulation ? sigmaLogFromRsd(rsd.population) : 0;
  return { nominal, sigmaLog: Math.sqrt(sc * sc + ss * ss + sp * sp), rsdFlow: rsd.flow, rsdCf: rsd.correctionFactor };
}

/** Summarise draws (reorders `draws` in place: quantiles by selection, O(n)). */
export function summariseDraws(draws: Float64Array): MonteCarloSummary {
  const n = draws.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draws[i] as number;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (draws[i] as number) - mean;
    ss += d * d;
  }
  const [p2_5, p50, p97_5] = quantilesInPlace(draws, [0.025, 0.5, 0.975]) as [number, number, number];
  return {
    p2_5,
    p50,
    p97_5,
    mean,
    sd: Math.sqrt(ss / (n - 1)),
    draws: n,
  };
}

/** Input of {@link monteCarloConsumption}. */
export interface MonteCarloInput {
  concentrationNgPerL: number;
  flowM3PerDay: number;
  population: number;
  correctionFactor: number;
  rsd: RsdComponents;
  draws: number;
  seed: number;
}

/** Result: consumption in mg/day/1000 inh, and the total daily consumption of the catchment in mg/day. */
export interface MonteCarloResult extends MonteCarloSummary {
  /** Total consumption C·Q/1000·CF·S (mg/day) — population uncertainty does not enter a total. */
  totalMgPerDay: MonteCarloSummary | null;
}

/**
 * Monte Carlo interval of consumption (mg/day/1000 inh) from a concentration, flow and population
 * (model in the module docstring). Deterministic value = `C·Q/P·CF`; the median of the draws is close to it
 * (exactly for the lognormal part; the truncated normals are symmetric up to truncation).
 * @throws ScienceInputError for invalid inputs (C, Q ≥ 0; P, CF > 0; rsd in [0, 5]; draws 2…10⁷; integer seed)
 */
export function monteCarloConsumption(input: MonteCarloInput): MonteCarloResult {
  requireNonNegative("concentrationNgPerL", input.concentrationNgPerL);
  requireNonNegative("flowM3PerDay", input.flowM3PerDay);
  requirePositive("population", input.population);
  requirePositive("correctionFactor", input.correctionFactor);
  checkRsd(input.rsd);
  checkDraws(input.draws);
  const rng = createRng(input.seed);
  const nominal = ((input.concentrationNgPerL * input.flowM3PerDay) / input.population) * input.correctionFactor;
  const cons = summariseDraws(
    monteCarloDrawsInto(new Float64Array(input.draws), kernelParams(nominal, input.rsd), rng),
  );
  const totalNominal = ((input.concentrationNgPerL * input.flowM3PerDay) / 1000) * input.correctionFactor;
  const total = summariseDraws(
    monteCarloDrawsInto(new Float64Array(input.draws), kernelParams(totalNominal, input.rsd, false), rng),
  );
  return { ...cons, totalMgPerDay: total };
}

/** Input of {@link monteCarloConsumptionFromPnl} (EUDA-style data: a reported PNL, no C or Q). */
export interface MonteCarloPnlInput {
  /** reported residue PNL, mg/day/1000 inh */
  pnl: number;
  /** population the PNL was normalised with; when given, a total (mg/day) is also returned */
  population?: number | null;
  correctionFactor: number;
  rsd: RsdComponents;
  draws: number;
  seed: number;
}

/**
 * Monte Carlo interval of consumption starting from a reported PNL. The PNL was computed from measured C, Q and
 * an estimated P, so all components of `rsd` still apply: `PNL · LN(C,S,P) · N⁺(Q) · N⁺(CF)`.
 * When `population` is given, `totalMgPerDay` = PNL·P/1000·CF with the population component left out.
 * @throws ScienceInputError for invalid inputs
 */
export function monteCarloConsumptionFromPnl(input: MonteCarloPnlInput): MonteCarloResult {
  requireNonNegative("pnl", input.pnl);
  requirePositive("correctionFactor", input.correctionFactor);
  checkRsd(input.rsd);
  checkDraws(input.draws);
  const rng = createRng(input.seed);
  const cons = summariseDraws(
    monteCarloDrawsInto(
      new Float64Array(input.draws),
      kernelParams(input.pnl * input.correctionFactor, input.rsd),
      rng,
    ),
  );
  let total: MonteCarloSummary | null = null;
  if (input.population !== undefined && input.population !== null) {
    requirePositive("population", input.population);
    const totalNominal = ((input.pnl * input.population) / 1000) * input.correctionFactor;
    total = summariseDraws(
      monteCarloDrawsInto(new Float64Array(input.draws), kernelParams(totalNominal, input.rsd, false), rng),
    );
  }
  return { ...cons, totalMgPerDay: total };
}
