/**
 * Whole-process memory/time check of the streaming lab-long parse:
 *   npx tsx packages/server/src/imports/parse/testing/generate-lab-long.ts /tmp/lab-1m.csv 1000000 42
 *   /usr/bin/time -v npx tsx packages/server/src/imports/parse/testing/bench-streaming.ts /tmp/lab-1m.csv
 * Prints rows, measurements, errors, batches and the peak RSS seen by the process.
 */
import { parseFileStreaming } from "../index.js";

const path = process.argv[2];
if (!path) {
  console.error("usage: bench-streaming.ts <lab-long.csv>");
  process.exit(2);
}
const t0 = performance.now();
let measurements = 0;
let errors = 0;
let batches = 0;
let rows = 0;
let peakRss = 0;
for await (const b of parseFileStreaming(path, { batchSize: 5000 })) {
  batches++;
  measurements += b.measurements.length;
  errors += b.errors.length;
  rows = b.rowsSoFar;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ rows, measurements, errors, batches, seconds: +(ms / 1000).toFixed(2), peakRssMiB: +(peakRss / 2 ** 20).toFixed(1) }));
