// Entry of the parser worker thread (streaming-worker.ts). Worker threads do not inherit the parent's
// `--import tsx` loader on Node 20, so the worker registers tsx itself before loading the TypeScript worker code.
import { register } from "tsx/esm/api";

register();
await import("./streaming-worker-thread.ts");
