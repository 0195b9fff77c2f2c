#!/usr/bin/env node
// Entry point of the `tracewater` CLI. Runs the production build (packages/server/dist, plain JavaScript), building it
// first when it is missing or older than the sources (bin/build.mjs, ≈ 0.3–0.7 s once after a change).
// TRACEWATER_RUN_SOURCES=1 runs the TypeScript sources through tsx instead (development: no build step).
// The process's V8 heaps may grow at most to twice their live data between full collections (src/heap-growth.ts).
let server;
if (process.env.TRACEWATER_RUN_SOURCES === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  server = await import("../src/index.ts");
} else {
  const { ensureServerBuild } = await import("./build.mjs");
  server = await import(await ensureServerBuild({ log: (m) => process.stderr.write(`${m}\n`) }));
}
server.limitHeapGrowth();
process.exitCode = await server.main(process.argv);
