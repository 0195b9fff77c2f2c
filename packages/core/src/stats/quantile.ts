/**
 * Median and quantiles. Quantiles are Hyndman & Fan (1996) type 7 — linear interpolation between order
 * statistics, h = (n − 1)·p — the default of R `quantile()` and NumPy `percentile()`.
 */
import { ScienceInputError } from "../errors.js";

/** Type-7 quantile of an ascending-sorted array (not checked). @throws ScienceInputError for empty input or p ∉ [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new ScienceInputError("values", "[]", "a non-empty list");
  if (!(p >= 0 && p <= 1)) throw new ScienceInputError("p", p, "a probability in [0, 1]");
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

/** Type-7 quantile of unsorted finite values (copied, then sorted). */
export function quantile(values: readonly number[], p: number): number {
  for (const v of values) if (!Number.isFinite(v)) throw new ScienceInputError("values", v, "finite numbers");
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** Median (type-7 quantile at 0.5 = mean of the two middle values for even n). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Arithmetic mean. @throws ScienceInputError for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new ScienceInputError("values", "[]", "a non-empty list");
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Rearranges `a[left..right]` so that a[k] is the value of rank k, smaller values before it, larger after (Hoare quickselect, median-of-three pivot). */
function selectInPlace(a: Float64Array, k: number, left: number, right: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three → pivot value
    let x = a[lo] as number;
    let y = a[mid] as number;
    const z = a[hi] as number;
    if (x > y) [x, y] = [y, x];
    if (y > z) y = Math.max(x, z);
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Several type-7 quantiles of `a` in O(n) expected time by selection; **reorders `a` in place**.
 * @param ps probabilities in [0, 1], in any order
 * @returns the quantiles in the order of `ps`
 * @throws ScienceInputError for an empty array or p ∉ [0, 1]
 */
export function quantilesInPlace(a: Float64Array, ps: readonly number[]): number[] {
  const n = a.length;
  if (n === 0) throw new ScienceInputError("values", "[]", "a non-empty list");
  const order = ps.map((p, idx) => {
    if (!(p >= 0 && p <= 1)) throw new ScienceInputError("p", p, "a probability in [0, 1]");
    return { p, idx };
  });
  order.sort((u, v) => u.p - v.p);
  const res: number[] = new Array(ps.length).fill(0);
  let left = 0;
  for (const { p, idx } of order) {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    if (lo >= left) {
      selectInPlace(a, lo, left, n - 1);
      left = lo;
    }
    const x = a[lo] as number;
    let q = x;
    if (lo + 1 < n && h > lo) {
      // next order statistic = minimum of the part right of lo
      let m = Number.POSITIVE_INFINITY;
      for (let i = lo + 1; i < n; i++) if ((a[i] as number) < m) m = a[i] as number;
      q = x + (h - lo) * (m - x);
    }
    res[idx] = q;
  }
  return res;
}
