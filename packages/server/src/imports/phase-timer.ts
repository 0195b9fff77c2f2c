/**
 * Wall-clock time per phase of an import (parse, stage, classify, insert, stats…), for the debug log and the
 * performance notes (docs/performance.md). Phases may repeat (per batch); their times add up.
 */
export class PhaseTimer {
  private readonly totals = new Map<string, number>();
  private peakRssMb = 0;

  /** Runs `fn` and adds its duration (ms) to `phase`. */
  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Adds `ms` to `phase`. */
  add(phase: string, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
    const rss = process.memoryUsage.rss() / 1048576;
    if (rss > this.peakRssMb) this.peakRssMb = rss;
  }

  /** `{ phase: ms }` rounded, plus `peakRssMb` sampled at the end of each phase. */
  summary(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.totals) out[k] = Math.round(v);
    out.peakRssMb = Math.round(this.peakRssMb);
    return out;
  }
}
