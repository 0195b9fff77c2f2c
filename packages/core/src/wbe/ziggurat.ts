/**
 * Standard normal variates by the Ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating
 * Random Variables", J Stat Softw 5(8), 128 layers, R = 3.442619855899, V = 9.91256303526217e-3 — the constants
 * and table construction of the paper's `zigset`/`RNOR`/`nfix`), driven by a pure-rand generator instead of SHR3.
 * ~98.8 % of draws take one 32-bit output, a table lookup and a multiply; no transcendental function on the fast
 * path. Tested against Φ with a Kolmogorov–Smirnov statistic (ziggurat.test.ts).
 */
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

const R = 3.442619855899;
const INV_R = 1 / R;
const V = 9.91256303526217e-3;
const M1 = 2147483648; // 2³¹
const INV_2_32 = 2.3283064365386963e-10;

const KN = new Float64Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * M1);
  KN[1] = 0;
  WN[0] = q / M1;
  WN[127] = dn / M1;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / M1;
  }
}

/** Uniform in (0, 1) from one 32-bit output. */
function u01(g: RandomGenerator): number {
  return ((g.next() >>> 0) + 0.5) * INV_2_32;
}

/** One standard normal variate (mutates `g`). */
export function zigguratNormal(g: RandomGenerator): number {
  for (;;) {
    const hz = g.next() | 0;
    const iz = hz & 127;
    if (Math.abs(hz) < (KN[iz] as number)) return hz * (WN[iz] as number);
    if (iz === 0) {
      // base strip: sample the tail beyond R (Marsaglia 1964)
      let x: number;
      let y: number;
      do {
        x = -Math.log(u01(g)) * INV_R;
        y = -Math.log(u01(g));
      } while (y + y < x * x);
      return hz > 0 ? R + x : -R - x;
    }
    const x = hz * (WN[iz] as number);
    if ((FN[iz] as number) + u01(g) * ((FN[iz - 1] as number) - (FN[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
  }
}
