/**
 * Wall-clock time per phase of an import (parse, stage, classify, insert, stats…), for the debug log and the
 * performance notes (docs/performance.md). Phases may repeat (per batch); their times add up.
 */
/** Least time between two RSS samples, ms. */
const RSS_SAMPLE_MS = 50;

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

  private lastRssAt = Number.NEGATIVE_INFINITY;

  /** Adds `ms` to `phase`; samples the RSS at most every {@link RSS_SAMPLE_MS} ms (a syscall per call added up to ≈ 0.1 s of a 1M-row import). */
  add(phase: string, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
    const now = performance.now();
    if (now - this.lastRssAt < RSS_SAMPLE_MS) return;
    this.lastRssAt = now;
    const rss = process.memoryUsage.rss() / 1048576;
    if (rss > this.peakRssMb) this.peakRssMb = rss;
  }

  /** `{ phase: ms }` rounded, plus `peakRssMb` sampled at phase ends (at most every 50 ms) and at the end. */
  summary(): Record<string, number> {
    const rss = process.memoryUsage.rss() / 1048576;
    if (rss > this.peakRssMb) this.peakRssMb = rss;
    const out: Record<string, number> = {};
    for (const [k, v] of this.totals) out[k] = Math.round(v);
    out.peakRssMb = Math.round(this.peakRssMb);
    return out;
  }
}
