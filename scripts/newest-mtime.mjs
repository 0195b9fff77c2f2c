/**
 * Newest modification time of source trees, for the build-if-needed checks (`build-web-if-needed.mjs`,
 * `packages/server/bin/build.mjs`).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Newest modification time (ms) of a file or of any file below a folder; 0 when missing. Files for which `skip`
 * returns true count as missing.
 * @param {string} target
 * @param {(file: string) => boolean} [skip]
 * @returns {number}
 */
export function newestMtime(target, skip = () => false) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return skip(target) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry), skip));
  return newest;
}
