#!/usr/bin/env node
/**
 * The server's production build: esbuild bundles the TypeScript sources into plain ES modules that Node runs
 * without a TypeScript loader —
 *   packages/server/dist/index.mjs                     ← src/index.ts (API, services, CLI `main`)
 *   packages/server/dist/streaming-worker-thread.mjs   ← src/imports/parse/streaming-worker-thread.ts (import parser)
 * The workspace packages (@tracewater/core, @tracewater/contract: TypeScript) are bundled in; every npm package stays
 * an external import resolved from node_modules at run time.
 *
 * Why: running the sources through tsx costs every process ≈ 40 MB before the first line of Tracewater and ≈ 100 MB
 * at the peak of a 1M-row import (tsx's loader keeps transformed modules and source maps; a worker thread registers
 * its own), and ≈ 0.5 s to start the import's parser worker (docs/performance.md, "Import", fourth round).
 *
 * `ensureServerBuild()` rebuilds only when dist is missing or older than a source (server, core or contract `src/`,
 * or a package.json): ≈ 0.3–0.7 s, once after a change. The bundle is written to a temporary name and renamed, so
 * processes that start at the same time never load half a file. Tests run the sources (vitest); `tracewater`
 * (bin/tracewater.mjs) and `npm start` run the build.
 * Usage: `node packages/server/bin/build.mjs [--force]`.
 */
import { renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { newestMtime } from "../../../scripts/newest-mtime.mjs";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(serverDir, "..", "..");
const distDir = path.join(serverDir, "dist");

/** Bundles and their entry points (relative to packages/server). */
const ENTRIES = [
  { out: "index.mjs", entry: "src/index.ts" },
  { out: "streaming-worker-thread.mjs", entry: "src/imports/parse/streaming-worker-thread.ts" },
];

/** Files and folders whose changes require a rebuild. */
const INPUTS = [
  path.join(serverDir, "src"),
  path.join(serverDir, "package.json"),
  path.join(repo, "packages", "core", "src"),
  path.join(repo, "packages", "core", "package.json"),
  path.join(repo, "packages", "contract", "src"),
  path.join(repo, "packages", "contract", "package.json"),
  fileURLToPath(import.meta.url),
];

/** Newest modification time of `target` without test files (they are not bundled). */
function newestSource(target) {
  return newestMtime(target, (file) => file.endsWith(".test.ts"));
}

/** Oldest modification time of the bundles; 0 when one is missing. */
function builtAt() {
  let oldest = Number.POSITIVE_INFINITY;
  for (const { out } of ENTRIES) {
    const t = newestMtime(path.join(distDir, out));
    if (t === 0) return 0;
    oldest = Math.min(oldest, t);
  }
  return oldest;
}

/** Whether the bundles are missing or older than a source. */
export function serverBuildIsStale() {
  const built = builtAt();
  return built === 0 || built < Math.max(...INPUTS.map(newestSource));
}

/**
 * Builds the bundles (see the module comment) when stale or when `force`.
 * @returns the file URL of dist/index.mjs
 * @throws Error with esbuild's messages when the sources do not compile
 */
export async function ensureServerBuild({ force = false, log = () => {} } = {}) {
  if (force || serverBuildIsStale()) {
    const started = performance.now();
    const { build } = await import("esbuild");
    const suffix = `.${process.pid}.${Date.now()}.tmp`;
    await Promise.all(
      ENTRIES.map(({ out, entry }) =>
        build({
          entryPoints: [path.join(serverDir, entry)],
          outfile: path.join(distDir, out + suffix),
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          logLevel: "error",
          // CommonJS dependencies imported by bundled code still find `require` (esbuild's ESM output has none)
          banner: {
            js: 'import { createRequire as __twCreateRequire } from "node:module"; const require = __twCreateRequire(import.meta.url);',
          },
          plugins: [
            {
              name: "externals",
              setup(b) {
                // npm packages load from node_modules; the workspace packages are TypeScript and are bundled
                b.onResolve({ filter: /^[^./]/ }, (a) =>
                  a.path.startsWith("@tracewater/") ? undefined : { path: a.path, external: true },
                );
              },
            },
          ],
        }),
      ),
    );
    for (const { out } of ENTRIES) renameSync(path.join(distDir, out + suffix), path.join(distDir, out));
    log(`built the server (packages/server/dist) in ${Math.round(performance.now() - started)} ms`);
  }
  return pathToFileURL(path.join(distDir, "index.mjs")).href;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes("--force");
  if (!force && !serverBuildIsStale()) console.log("server build is up to date (packages/server/dist)");
  else await ensureServerBuild({ force, log: console.log });
}
