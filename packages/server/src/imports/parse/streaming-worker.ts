/**
 * {@link parseFileStreaming} in a worker thread: the same batches, parsed on another core while the main thread
 * writes the previous ones. PGlite runs on the main thread, so in-thread parsing and database writes took turns; on
 * a machine with two or more cores the parse now overlaps the writes (1M-row lab-long import: docs/performance.md,
 * "Import"). Batches cross threads packed (`packed-measurements.ts`), and the worker runs at most
 * {@link PREFETCH_BATCHES} batches ahead, so memory stays bounded as with the in-thread parser.
 *
 * The concatenation of all batches equals `parseFileStreaming`'s (and therefore `parseFile`'s) result — tested in
 * `streaming-worker.test.ts`. `onProgress` is called on the main thread as each batch arrives.
 * Switched off (in-thread parsing) with `TRACEWATER_IMPORT_PARSE_WORKER=0` ({@link parseWorkerEnabled}).
 * @throws Error with the worker's message when reading or decoding the file fails (I/O), or when the worker dies
 */
import { Worker } from "node:worker_threads";
import { unpackMeasurements } from "./packed-measurements.js";
import type { PackedParseBatch, ParseBatch, StreamOptions } from "./streaming.js";

/** Batches the worker may parse ahead of the main thread (5 000 rows each by default). */
export const PREFETCH_BATCHES = 4;

/**
 * Young-generation size of the worker's V8 heap, MB (V8's default on 64-bit is up to 3 × 16 MB). The parser's
 * garbage is short-lived (cells, row objects packed and dropped at once), so a small young generation costs no time
 * and keeps the process smaller: 1M-row import, max RSS 481–495 MB with 4 MB vs 495–562 MB with 16 MB at the same
 * import time (docs/performance.md, "Import").
 */
export const WORKER_YOUNG_GENERATION_MB = 4;

/** Whether imports parse big CSV files in a worker thread (default yes; `TRACEWATER_IMPORT_PARSE_WORKER=0`: no). */
export function parseWorkerEnabled(): boolean {
  return process.env.TRACEWATER_IMPORT_PARSE_WORKER !== "0";
}

/**
 * The worker's entry: in the production bundle (packages/server/dist/index.mjs, `bin/build.mjs`) the bundled worker
 * beside it, which Node runs as it is; from the TypeScript sources (tests, tsx) the boot file, which registers tsx in
 * the worker first.
 */
function workerEntry(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./streaming-worker-boot.mjs", import.meta.url)
    : new URL("./streaming-worker-thread.mjs", import.meta.url);
}

type WorkerMessage =
  | { type: "batch"; batch: PackedParseBatch }
  | { type: "end" }
  | { type: "error"; message: string; code: string | null };

/**
 * Parse a file batch by batch in a worker thread (see the module comment).
 * @param path file path
 * @param opts as for `parseFileStreaming` (`batchSize`, `onProgress`, format and parse options)
 */
export async function* parseFileStreamingInWorker(path: string, opts: StreamOptions = {}): AsyncGenerator<ParseBatch> {
  const { onProgress, ...options } = opts;
  const worker = new Worker(workerEntry(), {
    workerData: { path, options, window: PREFETCH_BATCHES },
    // the boot file registers tsx itself; the parent's flags (e.g. --import tsx, --cpu-prof) are not for the worker
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const inbox: WorkerMessage[] = [];
  let failure: Error | null = null;
  let ended = false;
  let notify: (() => void) | null = null;
  const poke = () => {
    const n = notify;
    notify = null;
    n?.();
  };
  worker.on("message", (m: WorkerMessage) => {
    inbox.push(m);
    poke();
  });
  worker.on("error", (e) => {
    failure ??= e;
    poke();
  });
  worker.on("exit", (code) => {
    if (!ended)
      failure ??= new Error(`the import's parser worker stopped (exit code ${code}) before the end of ${path}`);
    poke();
  });
  try {
    for (;;) {
      while (inbox.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((r) => (notify = r));
      }
      const m = inbox.shift() as WorkerMessage;
      if (m.type === "end") {
        ended = true;
        return;
      }
      if (m.type === "error") {
        ended = true;
        throw Object.assign(new Error(m.message), m.code ? { code: m.code } : {});
      }
      worker.postMessage({ type: "credit", n: 1 });
      const { packed, ...rest } = m.batch;
      const batch: ParseBatch = { ...rest, measurements: unpackMeasurements(packed) };
      onProgress?.(batch.bytesRead, batch.totalBytes);
      yield batch;
      if (batch.done) {
        ended = true;
        return;
      }
    }
  } finally {
    ended = true;
    await worker.terminate();
  }
}
