/**
 * Seeded random numbers for Monte Carlo (DESIGN.md §4: core uses no global random).
 * Generator: xoroshiro128+ from the `pure-rand` package (Blackman & Vigna 2018), used in its mutable form.
 * Normal variates: Ziggurat method (Marsaglia & Tsang 2000, see ziggurat.ts).
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { ScienceInputError } from "../errors.js";
import { zigguratNormal } from "./ziggurat.js";

/** 2⁻³² */
const INV_2_32 = 2.3283064365386963e-10;

/** A seeded random number generator with the distributions the uncertainty module needs. */
export class SeededRng {
  /** The underlying pure-rand generator (mutated in place by every draw). */
  readonly generator: RandomGenerator;

  constructor(generator: RandomGenerator) {
    this.generator = generator;
  }

  /** Uniform in [0, 1) with 53 random bits (pure-rand `uniformFloat64`). */
  uniform(): number {
    return uniformFloat64(this.generator);
  }

  /**
   * Uniform in the open interval (0, 1) with 32 random bits: `(k + 0.5) / 2³²`, k = one generator output.
   * Never 0, so safe for `Math.log`.
   */
  uniformOpen(): number {
    return ((this.generator.next() >>> 0) + 0.5) * INV_2_32;
  }

  /** Standard normal variate (Ziggurat, {@link zigguratNormal}). */
  normal(): number {
    return zigguratNormal(this.generator);
  }

  /** Lognormal variate with the given median and log-scale standard deviation: `median · exp(σ Z)`. */
  lognormal(median: number, sigmaLog: number): number {
    return median * Math.exp(sigmaLog * this.normal());
  }

  /** Normal(mean, sd) truncated to > 0 by rejection (re-draw until positive). Requires mean > 0. */
  positiveNormal(mean: number, sd: number): number {
    for (;;) {
      const x = mean + sd * this.normal();
      if (x > 0) return x;
    }
  }
}

/**
 * Create a seeded generator. The same seed always gives the same sequence.
 * @param seed a safe integer; only its low 32 bits are used (pure-rand seeds are 32-bit)
 * @throws ScienceInputError for a non-integer seed
 */
export function createRng(seed: number): SeededRng {
  if (!Number.isSafeInteger(seed)) throw new ScienceInputError("seed", seed, "a safe integer");
  return new SeededRng(xoroshiro128plus(seed | 0));
}
