/**
 * How far V8 lets this process's JavaScript heaps grow beyond their live data before a full garbage collection.
 *
 * V8 sets the next old-generation limit at the live size after a full GC times a growing factor of up to 4 when the
 * program allocates fast and collects cheaply — exactly a large import: its live data is small (≈ 40–80 MB), but the
 * row objects it unpacks and drops survive the young generation while PGlite runs long synchronous COPYs on the same
 * thread, so they pile up in the old generation until the next full GC. In half of the runs of the 1M-row import the
 * main thread's heap reached ≈ 200 MB that way and the process's max RSS 520–590 MB instead of ≈ 430 MB
 * (docs/performance.md, "Import", fourth round). A factor of 2 (`--heap-growing-percent=100`, V8's flag; it applies
 * to every isolate of the process, the parser worker's too) kept the max RSS at 408–446 MB in thirteen runs (eight
 * direct, five bench runs), with import times within the run-to-run spread.
 */
import v8 from "node:v8";

/** V8's `--heap-growing-percent`: the old-generation limit grows to (1 + p/100) × the live size after a full GC. */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Sets {@link HEAP_GROWING_PERCENT} for this process, with `v8.setFlagsFromString` (call once at start, before the
 * heaps grow: `bin/tracewater.mjs` does, and the import benchmark's child as it).
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
