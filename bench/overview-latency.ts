/**
 * Latency of the overview API (`GET /api/v1/overview`) on the bundled EUDA data under load from autocannon
 * (10 connections, 2 000 requests after a warm-up), against `GET /api/v1/health` on the same server in the same run
 * (the cost floor of a request through the HTTP stack). The server runs in a child process; the load generator here.
 * Target: p95 < 50 ms — autocannon reports p90 and p97.5; the benchmark asserts on p97.5, which bounds p95 from above.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { type BenchResult, ROOT } from "./lib.js";

interface Latency {
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, cookie: string, amount: number): Promise<Latency> {
  const r = await autocannon({ url, connections: 10, amount, headers: { cookie } });
  const { p50, p90, p97_5, p99 } = r.latency;
  return { p50, p90, p97_5, p99, errors: r.errors, non2xx: r.non2xx };
}

export async function benchOverview(): Promise<BenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "tw-bench-overview-"));
  const child = spawn(process.execPath, ["--import", "tsx", "bench/overview-server-child.ts", dataDir], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const { url, cookie } = await new Promise<{ url: string; cookie: string }>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve(JSON.parse(line));
      });
      child.on("close", (code) => reject(new Error(`server child exited ${code}`)));
    });
    await load(`${url}/api/v1/overview`, cookie, 200); // warm-up (the first call fills the cache)
    const health = await load(`${url}/api/v1/health`, cookie, 2000);
    const overview = await load(`${url}/api/v1/overview`, cookie, 2000);
    if (overview.errors || overview.non2xx) throw new Error(`overview answered errors: ${JSON.stringify(overview)}`);
    return {
      name: "overview-latency",
      subject: "GET /api/v1/overview on EUDA 2011–2024 (10 connections, 2 000 requests)",
      baseline: "GET /api/v1/health on the same server",
      value: overview.p97_5,
      unit: "ms p97.5",
      baselineValue: health.p97_5,
      ratio: health.p97_5 > 0 ? overview.p97_5 / health.p97_5 : null,
      target: "p95 < 50 ms (asserted on p97.5)",
      pass: overview.p97_5 < 50,
      notes: `overview p50 ${overview.p50} ms, p90 ${overview.p90} ms, p99 ${overview.p99} ms; health p50 ${health.p50} ms, p97.5 ${health.p97_5} ms`,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  }
}
