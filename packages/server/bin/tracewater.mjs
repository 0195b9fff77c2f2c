#!/usr/bin/env node
// Entry point of the `tracewater` CLI. Runs the production build (packages/server/dist, plain JavaScript), building it
// first when it is missing or older than the sources (bin/build.mjs, ≈ 0.3 s once after a change).
// TRACEWATER_RUN_SOURCES=1 runs the TypeScript sources through tsx instead (development: no build step).
let main;
if (process.env.TRACEWATER_RUN_SOURCES === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
} else {
  const { ensureServerBuild } = await import("./build.mjs");
  ({ main } = await import(await ensureServerBuild({ log: (m) => process.stderr.write(`${m}\n`) })));
}
process.exitCode = await main(process.argv);
