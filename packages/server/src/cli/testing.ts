/**
 * Test helper: runs the `tracewater` CLI as users run it — `node packages/server/bin/tracewater.mjs …` in a child
 * process from the repository root — against a data dir. The caller's `DATABASE_URL` and field-key settings
 * (`TRACEWATER_KEYS`, `TRACEWATER_KEY_FILE`) are not passed on, so the child uses the data dir's PGlite and key file
 * unless `env` sets them.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the CLI's working directory in tests). */
export const REPO = path.resolve(fileURLToPath(new URL("../../../../", import.meta.url)));
/** The CLI entry point. */
export const CLI_BIN = path.join(REPO, "packages/server/bin/tracewater.mjs");

export interface CliRun {
  /** exit code (−1 when killed by a signal) */
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, or null when it is not JSON */
  // biome-ignore lint/suspicious/noExplicitAny: tests read documented JSON fields of many commands
  json: any;
}

/** Runs `tracewater ...args` with `TRACEWATER_DATA_DIR=dataDir` (plus `env`) and collects its output. */
export function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _a, TRACEWATER_KEYS: _b, TRACEWATER_KEY_FILE: _c, ...base } = process.env;
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: { ...base, TRACEWATER_DATA_DIR: dataDir, ...env },
      cwd: REPO,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      let json: unknown = null;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = null;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}
