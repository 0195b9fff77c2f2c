/**
 * Warning CLI commands on a fresh embedded database: simulate → import with `--source` (detection runs after the
 * import) → `alerts --json`, `detect --json`, `leads --json`, `trace --json`, and `evaluate-detectors --json`; JSON
 * shapes checked with the contract schemas, exit codes per docs/cli.md.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AlertsResponse,
  DetectorEvaluationResult,
  DetectRunResult,
  LeadsResponse,
  TracePlan,
} from "@tracewater/contract";
import { buildSewerTree, changzhiDemoScenario, upstreamOf } from "@tracewater/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALIBRATION_GRID } from "../../services/warning/evaluate.js";
import { main } from "../main.js";
import type { Io } from "../runtime.js";

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty: false };
}

const work = mkdtempSync(path.join(tmpdir(), "tw-warning-cli-"));
const dataDir = path.join(work, "data");

async function run(...args: string[]): Promise<{ code: number; json: unknown; io: ReturnType<typeof captureIo> }> {
  const io = captureIo();
  const code = await main(["node", "tracewater", "--data-dir", dataDir, ...args], io);
  const text = io.stdout.join("\n");
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { code, json, io };
}

describe("tracewater detect / alerts / leads / trace / evaluate-detectors", () => {
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    const out = path.join(work, "sim");
    expect(
      (
        await run(
          "simulate",
          "--scenario",
          "changzhi-demo",
          "--out",
          out,
          "--from",
          "2025-01-01",
          "--to",
          "2025-03-31",
          "--json",
        )
      ).code,
    ).toBe(0);
    const imp = await run(
      "import",
      "--source",
      "changzhi-demo",
      path.join(out, "sites.csv"),
      path.join(out, "lab-long.csv"),
      "--json",
    );
    expect(imp.io.stderr).toEqual([]);
    expect(imp.code).toBe(0);
  }, 300_000);
  afterAll(() => {
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  });

  it("alerts --json lists the alerts raised after the import with the documented fields", async () => {
    const r = await run("alerts", "--json");
    expect(r.code).toBe(0);
    const { alerts } = AlertsResponse.parse(r.json);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining(["id", "site", "analyte", "detector", "level", "date", "status", "explanation"]),
      );
      expect(a.source).toBe("changzhi-demo");
      expect(a.simulated).toBe(true);
      expect(a.status).toBe("new");
      // default window: 90 days before the newest sample (2025-03-31) → from 2024-12-31
      expect(a.date >= "2024-12-31").toBe(true);
    }
    const filtered = await run("alerts", "--status", "dismissed", "--json");
    expect(AlertsResponse.parse(filtered.json).alerts).toEqual([]);
    const bad = await run("alerts", "--status", "opened", "--json");
    expect(bad.code).toBe(2);
    expect(bad.json).toMatchObject({ error: { code: "invalid-input" } });
    expect((bad.json as { error: { message: string } }).error.message).toMatch(
      /"opened" is not one of new, acknowledged, lead, dismissed, closed/,
    );
  });

  it("detect --json re-runs without changing anything; --since and --all exclude each other", async () => {
    const r = await run("detect", "--json");
    expect(r.code).toBe(0);
    const d = DetectRunResult.parse(r.json);
    expect(d.series).toBeGreaterThan(100);
    expect(d.alertsCreated).toBe(0);
    expect(d.evidenceAppended).toBe(0);
    expect((await run("detect", "--since", "2025-01-01", "--all", "--json")).code).toBe(2);
  });

  it("trace --json proposes the next sampling round of an alert; leads --json is empty", async () => {
    const { alerts } = AlertsResponse.parse((await run("alerts", "--json")).json);
    // an alert at a node with upstream sites (a plant or pumping station of 潞州区)
    const tree = buildSewerTree(changzhiDemoScenario().nodes.map((n) => ({ id: n.code, downstreamId: n.downstream })));
    const alert = alerts.find((a) => upstreamOf(tree, a.site).length >= 2);
    expect(alert).toBeDefined();
    const a = alert as (typeof alerts)[number];
    const r = await run("trace", "--alert", a.id, "--k", "2", "--json");
    expect(r.code).toBe(0);
    const t = TracePlan.parse(r.json);
    // candidates = the node and everything upstream of it (all with positive priors)
    expect(t.candidates.map((c) => c.site).sort()).toEqual(upstreamOf(tree, a.site, true).sort());
    expect(t.plan?.points.length).toBeGreaterThanOrEqual(1);
    expect(t.plan?.points).not.toContain(a.site);
    expect((await run("trace", "--alert", "00000000-0000-7000-8000-000000000000", "--json")).code).toBe(2);
    expect(LeadsResponse.parse((await run("leads", "--json")).json).leads).toEqual([]);
  });

  it("evaluate-detectors --json scores every detector, EARS C2 included, and compares tracing strategies", async () => {
    const r = await run(
      "evaluate-detectors",
      "--scenario",
      "changzhi-demo",
      "--from",
      "2025-01-01",
      "--to",
      "2025-06-30",
      "--json",
    );
    expect(r.code).toBe(0);
    const e = DetectorEvaluationResult.parse(r.json);
    expect(e.detectors.map((d) => d.detector)).toContain("ears-c2");
    expect(e.calibrated).toHaveLength(e.detectors.length);
    for (const c of e.calibrated ?? []) {
      // the smallest threshold of the grid within the budget (or the largest tried when none is)
      const grid = CALIBRATION_GRID[c.detector];
      expect(grid).toContain(c.threshold);
      expect(c.falseAlarmsPerSiteYear <= 1 || c.threshold === grid.at(-1)).toBe(true);
    }
    // same-seed calibration unless --calibration-seed; delay metrics on every row; a goal line per event type
    expect(e.calibrationSeed).toBe(e.seed);
    expect(e.candidates?.map((c) => c.detector)).toEqual([
      "step-cusum-fir",
      "step-cusum-no-fir",
      "cusum-h-calibrated",
      "robust-z-or-step-cusum",
      "mass-balance-calibrated",
    ]);
    for (const t of e.calibrated?.flatMap((c) => c.byType) ?? [])
      expect(t.timeliness?.map((p) => p.days)).toEqual([1, 3, 7]);
    expect(e.goal?.map((g) => g.type)).toEqual(
      e.calibrated?.find((c) => c.detector === "ears-c2")?.byType.map((t) => t.type),
    );
    expect(e.goal?.every((g) => g.referenceDetector === "ears-c2" && g.met === g.metBy.length > 0)).toBe(true);
    // 33 sites × 5 analytes, 181 days
    expect(e.series).toBe(165);
    expect(e.tracing?.map((t) => t.strategy)).toEqual(["greedy-entropy", "bisection", "all-at-once"]);
    const bad = await run("evaluate-detectors", "--scenario", "nowhere", "--json");
    expect(bad.code).toBe(2);
  }, 120_000);
});
