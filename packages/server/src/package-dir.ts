/**
 * Where the server package lies on disk, for files it reads at run time (migrations, bundled data, the web build).
 * Found by walking up from this module's URL to the first folder with a package.json: that is packages/server both
 * when the TypeScript sources run (packages/server/src/…, tests and tsx) and when the production bundle runs
 * (packages/server/dist/index.mjs, see bin/build.mjs), where every module shares the bundle's URL — so no path
 * below depends on how deep the module that uses it sits.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findServerDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** packages/server (absolute). */
export const SERVER_DIR = findServerDir();
/** The repository root (two levels above {@link SERVER_DIR}). */
export const REPO_ROOT = path.resolve(SERVER_DIR, "..", "..");
