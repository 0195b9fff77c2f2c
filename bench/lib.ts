/**
 * Shared helpers of the benchmarks: timing of repeated runs (median), child-process runs that report JSON, and the
 * result record every benchmark prints. Benchmarks compare against a baseline measured in the same run (ratios).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** One benchmark figure: `ratio` = subject ÷ baseline in the benchmark's own direction (higher is better unless said). */
export interface BenchResult {
  name: string;
  subject: string;
  baseline: string;
  /** the subject's figure, with its unit */
  value: number;
  unit: string;
  baselineValue: number | null;
  ratio: number | null;
  target: string;
  pass: boolean;
  notes?: string;
}

/** Median of `runs` timings (ms) of `fn`, after `warmup` untimed calls. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** Runs `node --expose-gc [--import tsx] <script> args…` (tsx for `.ts` scripts) and parses the last stdout line as JSON. */
export function runChild<T>(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    // TypeScript children run through tsx; plain JavaScript children (`.mjs`) run as they are, without its loader
    const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
    const child = spawn(process.execPath, ["--expose-gc", ...loader, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${out.slice(-500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${out.slice(-500)}`));
      }
    });
  });
}
