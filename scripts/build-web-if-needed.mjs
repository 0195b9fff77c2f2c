#!/usr/bin/env node
/**
 * Builds the web UI (`vite build` in packages/web) when `packages/web/dist/index.html` is missing or older than
 * the newest file under packages/web/src, packages/web/index.html, packages/web/vite.config.ts or
 * packages/contract/src (the UI's types) or packages/core/src (science the UI imports). Otherwise does nothing. Exit code = vite's exit code.
 * Usage: `node scripts/build-web-if-needed.mjs [--force]` (root script `npm run build:web`).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { newestMtime } from "./newest-mtime.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(repo, "packages", "web");
const distIndex = path.join(web, "dist", "index.html");
const inputs = [
  path.join(web, "src"),
  path.join(web, "index.html"),
  path.join(web, "vite.config.ts"),
  path.join(web, "package.json"),
  path.join(repo, "packages", "contract", "src"),
  path.join(repo, "packages", "core", "src"),
];

const force = process.argv.includes("--force");
const builtAt = newestMtime(distIndex);
const sourcesAt = Math.max(...inputs.map((p) => newestMtime(p)));
if (!force && builtAt > 0 && builtAt >= sourcesAt) {
  console.log("web UI is up to date (packages/web/dist)");
  process.exit(0);
}
console.log(builtAt === 0 ? "building the web UI (no dist yet)…" : "building the web UI (sources changed)…");
const viteBin = path.join(repo, "node_modules", "vite", "bin", "vite.js");
const result = spawnSync(process.execPath, [viteBin, "build"], { cwd: web, stdio: "inherit" });
process.exit(result.status ?? 1);
