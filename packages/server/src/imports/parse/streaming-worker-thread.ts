/**
 * Worker-thread side of {@link parseFileStreamingInWorker} (`streaming-worker.ts`): runs {@link parseFileStreamingPacked}
 * on the file named in `workerData` and posts each batch with its measurements packed as they were parsed
 * (`packed-measurements.ts`; buffers transferred). Flow control by credits: the main thread grants `window` batches up front and one more per
 * batch it takes, so the worker runs at most `window` batches ahead (bounded memory).
 * Messages to the main thread: `{ type: "batch", batch }` …, then `{ type: "end" }`, or `{ type: "error", message, code }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { packedTransferList } from "./packed-measurements.js";
import { parseFileStreamingPacked, type StreamOptions } from "./streaming.js";

interface WorkerInput {
  path: string;
  options: Omit<StreamOptions, "onProgress">;
  window: number;
}

const port = parentPort as NonNullable<typeof parentPort>;
if (!port) throw new Error("streaming-worker-thread.ts must run in a worker thread");
const { path, options, window } = workerData as WorkerInput;
let credits = window;
let stopped = false;
let wake: (() => void) | null = null;
port.on("message", (m: { type: "credit"; n: number } | { type: "stop" }) => {
  if (m.type === "credit") credits += m.n;
  else stopped = true;
  const w = wake;
  wake = null;
  w?.();
});

/** Parses the file and posts its batches. */
async function run(): Promise<void> {
  try {
    for await (const b of parseFileStreamingPacked(path, options)) {
      while (credits <= 0 && !stopped) await new Promise<void>((r) => (wake = r));
      if (stopped) break;
      credits--;
      port.postMessage({ type: "batch", batch: b }, packedTransferList(b.packed));
    }
    port.postMessage({ type: "end" });
  } catch (e) {
    const err = e as { message?: string; code?: string };
    port.postMessage({ type: "error", message: String(err?.message ?? e), code: err?.code ?? null });
  }
  port.close();
}

void run();
