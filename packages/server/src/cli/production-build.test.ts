/**
 * The production build (packages/server/bin/build.mjs) that `tracewater` and `npm start` run: it must build, run in
 * plain Node without a TypeScript loader, find the migrations and bundled data from packages/server/dist, and start
 * its own bundled import-parser worker (a streamed import through the worker, from the bundle).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { REPO } from "./testing.js";

const BUILD = path.join(REPO, "packages/server/bin/build.mjs");

function runNode(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _a, ...base } = process.env;
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...base, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

it("builds the bundles; the import worker's bundle leaves out zod (it needs only importIssue of the contract)", async () => {
  const { ensureServerBuild, serverBuildIsStale } = (await import(pathToFileURL(BUILD).href)) as {
    ensureServerBuild(o?: { force?: boolean }): Promise<string>;
    serverBuildIsStale(): boolean;
  };
  const url = await ensureServerBuild();
  expect(url).toMatch(/packages\/server\/dist\/index\.mjs$/);
  expect(serverBuildIsStale()).toBe(false);
  const worker = readFileSync(path.join(REPO, "packages/server/dist/streaming-worker-thread.mjs"), "utf8");
  expect(worker).not.toMatch(/from "zod"/);
  expect(worker).toMatch(/from "papaparse"/); // npm packages stay external
});

it("imports a streamed file with the bundled parser worker, in plain Node, on a fresh database", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tw-dist-"));
  const sites = path.join(dir, "sites.csv");
  writeFileSync(sites, "site_code,name,kind,population_served\nCZ-1,一厂,wwtp_influent,100000\n");
  const lab = path.join(dir, "lab.csv");
  const lines = ["site_code,sample_date,analyte,concentration,unit,flow_m3_per_day"];
  for (let d = 1; d <= 28; d++) lines.push(`CZ-1,2025-02-${String(d).padStart(2, "0")},冰毒,${d * 10},ng/L,20000`);
  writeFileSync(lab, `${lines.join("\n")}\n`);
  const script = `
    const { ensureServerBuild } = await import(${JSON.stringify(pathToFileURL(BUILD).href)});
    const api = await import(await ensureServerBuild());
    const ctx = await api.createAppContext({ dataDir: ${JSON.stringify(dir)} });
    const a = await api.importFile(ctx, ${JSON.stringify(sites)});
    // threshold 0: the lab file streams through the parser worker (the bundled dist/streaming-worker-thread.mjs)
    const b = await api.importFile(ctx, ${JSON.stringify(lab)}, { streamingThresholdBytes: 0 });
    const n = await ctx.database.raw.query("SELECT count(*)::int AS n, sum(value_canonical)::float8 AS s FROM measurement");
    await ctx.database.close();
    console.log(JSON.stringify({ a: a.status, b: b.status, rows: b.rows, inserted: b.measurements.inserted, db: n.rows[0] }));
  `;
  const r = await runNode(["--input-type=module", "-e", script], {
    LOG_LEVEL: "warn",
    TRACEWATER_DETECT_AFTER_IMPORT: "0",
  });
  expect(r.code, r.stderr).toBe(0);
  // 28 days of 10, 20, …, 280 ng/L: sum = 10 × (28 × 29 / 2) = 4060
  expect(JSON.parse(r.stdout.trim().split("\n").pop() ?? "")).toEqual({
    a: "imported",
    b: "imported",
    rows: 28,
    inserted: 28,
    db: { n: 28, s: 4060 },
  });
});
