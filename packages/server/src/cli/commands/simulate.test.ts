/**
 * `tracewater simulate`: the written files are accepted unchanged by the importer (PGlite, fresh data dir), a
 * scenario file is validated with clear errors, and the CLI exit codes follow docs/cli.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { changzhiDemoScenario, type Scenario } from "@tracewater/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../services/context.js";
import { importFile } from "../../services/imports/import-file.js";
import { main } from "../main.js";
import type { Io } from "../runtime.js";
import { runSimulate } from "./simulate.js";

function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty: false };
}

const work = mkdtempSync(path.join(tmpdir(), "tw-simulate-"));

describe("tracewater simulate → tracewater import (changzhi-demo, two weeks)", () => {
  let ctx: AppContext;
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    delete process.env.DATABASE_URL; // a fresh embedded PGlite, whatever the environment says
    ctx = await createAppContext({ dataDir: path.join(work, "data"), log: pino({ level: "silent" }) });
  }, 120_000);
  afterAll(async () => {
    await ctx?.database.close();
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  });

  it("writes sites.csv, lab-long.csv, truth.json that import with status imported and 0 errors", async () => {
    const out = path.join(work, "demo");
    const io = captureIo();
    const code = await main(
      [
        "node",
        "tracewater",
        "simulate",
        "--scenario",
        "changzhi-demo",
        "--out",
        out,
        "--from",
        "2024-06-10",
        "--to",
        "2024-06-23",
        "--seed",
        "7",
        "--json",
      ],
      io,
    );
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout.join(""));
    const scenario = changzhiDemoScenario();
    // 33 sites × 5 analytes × 14 days
    expect(r).toMatchObject({
      scenario: "changzhi-demo",
      source: "changzhi-demo",
      simulated: true,
      from: "2024-06-10",
      to: "2024-06-23",
      seed: 7,
      sites: scenario.nodes.length,
    });
    expect(r.labRows).toBe(scenario.nodes.length * scenario.analytes.length * 14);
    // the 2024-06-15/16 ketamine party at CZ-140403-ENT1 is the one demo event in this fortnight
    expect(r.events).toEqual([
      {
        type: "party_spike",
        site: "CZ-140403-ENT1",
        analyte: "ketamine",
        start: "2024-06-15",
        end: "2024-06-16",
        factor: 6,
        note: "weekend party (Sat–Sun)",
      },
    ]);

    const truth = JSON.parse(readFileSync(r.files.truth, "utf8"));
    expect(truth).toMatchObject({
      simulated: true,
      scenario: "changzhi-demo",
      seed: 7,
      from: "2024-06-10",
      to: "2024-06-23",
      events: r.events,
    });
    expect(truth.parameters.analytes.map((a: { code: string }) => a.code)).toEqual([
      "methamphetamine",
      "ketamine",
      "mdma",
      "cotinine",
      "etomidate",
    ]);
    const lab = readFileSync(r.files.labLong, "utf8");
    expect(
      lab.startsWith(
        "\uFEFFsite_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served",
      ),
    ).toBe(true);
    expect(lab).toContain(",etomidate,<LOQ,ng/L,0.2,0.5,");

    const sites = await importFile(ctx, r.files.sites, { actor: "test", source: "changzhi-demo" });
    expect(sites).toMatchObject({ format: "sites", status: "imported", sites: scenario.nodes.length, errors: [] });
    const labReport = await importFile(ctx, r.files.labLong, { actor: "test" });
    expect(labReport).toMatchObject({
      format: "lab-long",
      status: "imported",
      rows: r.labRows,
      samples: scenario.nodes.length * 14,
      measurements: { inserted: r.labRows, unchanged: 0, revised: 0 },
      errors: [],
    });
    const stored = await ctx.database.raw.query<{ source: string; n: number }>(
      "SELECT source, count(*)::int AS n FROM site WHERE code LIKE 'CZ-%' GROUP BY source",
    );
    expect(stored.rows).toEqual([{ source: "changzhi-demo", n: scenario.nodes.length }]);
    const censored = await ctx.database.raw.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM measurement WHERE detection = 'below_loq'",
    );
    expect(censored.rows[0]?.n).toBe(r.censoredRows);
  }, 300_000);
});

describe("tracewater simulate — scenario files and errors", () => {
  /** A small scenario file: a plant with one venue upstream. */
  const small: Scenario = {
    name: "file-test",
    source: "file-test-demo",
    from: "2024-01-01",
    to: "2024-01-07",
    flowLPerPersonPerDay: 250,
    flowSigmaLog: 0,
    measurementSigmaLog: 0,
    analytes: [
      {
        code: "methamphetamine",
        lodNgPerL: 0.2,
        loqNgPerL: 0.5,
        baselinePnl: { residential: 25, hotel: 25, entertainment: 25 },
        weekendFactor: { residential: 1, hotel: 1, entertainment: 1 },
        seasonalAmplitude: 0,
        seasonalPeakDayOfYear: 1,
        dailySigmaLog: 0,
      },
    ],
    nodes: [
      {
        code: "T-WWTP",
        name: "测试污水厂",
        kind: "wwtp_influent",
        jurisdictionCode: "140403",
        lon: 113.1,
        lat: 36.2,
        ownPopulation: 400_000,
        downstream: null,
      },
      {
        code: "T-KTV",
        name: "测试排口",
        kind: "venue_outfall",
        venueType: "entertainment",
        jurisdictionCode: "140403",
        lon: 113.11,
        lat: 36.21,
        ownPopulation: 1000,
        downstream: "T-WWTP",
      },
    ],
    events: [],
  };

  it("a valid scenario file runs; plant concentration by hand (science.md §1: L = C·Q/1000)", async () => {
    const file = path.join(work, "small.json");
    writeFileSync(file, JSON.stringify(small));
    const r = await runSimulate({ scenario: file, out: path.join(work, "small"), seed: 1 });
    expect(r).toMatchObject({ scenario: "file-test", sites: 2, labRows: 14, censoredRows: 0, events: [] });
    const lines = readFileSync(r.files.labLong, "utf8").split(/\r?\n/);
    // plant: (400 000 + 1000) persons × 25 mg/d/1000 = 10 025 mg/d in (100 000 + 250) m³/d → 100 ng/L
    expect(lines[1]).toBe("T-WWTP,2024-01-01,methamphetamine,100,ng/L,0.2,0.5,100250,401000");
  });

  it("schema and semantic errors name the field; unknown names and missing files exit 2", async () => {
    const bad = path.join(work, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...small, nodes: [{ ...small.nodes[0], lon: 500 }] }));
    let io = captureIo();
    expect(
      await main(["node", "tracewater", "simulate", "--scenario", bad, "--out", path.join(work, "x"), "--json"], io),
    ).toBe(2);
    expect(JSON.parse(io.stdout.join("")).error.message).toMatch(/bad\.json: nodes\.0\.lon: /);

    const cyc = path.join(work, "cycle.json");
    writeFileSync(
      cyc,
      JSON.stringify({ ...small, nodes: [small.nodes[0], { ...small.nodes[1], downstream: "NOPE" }] }),
    );
    io = captureIo();
    expect(
      await main(["node", "tracewater", "simulate", "--scenario", cyc, "--out", path.join(work, "x"), "--json"], io),
    ).toBe(2);
    expect(JSON.parse(io.stdout.join("")).error.message).toMatch(/nodes\[1\]\.downstream.*unknown site NOPE/);

    io = captureIo();
    expect(
      await main(
        ["node", "tracewater", "simulate", "--scenario", "atlantis-demo", "--out", path.join(work, "x"), "--json"],
        io,
      ),
    ).toBe(2);
    expect(JSON.parse(io.stdout.join("")).error.message).toMatch(
      /unknown scenario "atlantis-demo"; expected one of changzhi-demo/,
    );

    io = captureIo();
    expect(
      await main(
        [
          "node",
          "tracewater",
          "simulate",
          "--scenario",
          path.join(work, "missing.json"),
          "--out",
          path.join(work, "x"),
          "--json",
        ],
        io,
      ),
    ).toBe(2);
    expect(JSON.parse(io.stdout.join("")).error.code).toBe("not-found");

    io = captureIo();
    expect(
      await main(
        [
          "node",
          "tracewater",
          "simulate",
          "--scenario",
          "changzhi-demo",
          "--out",
          path.join(work, "x"),
          "--seed",
          "abc",
          "--json",
        ],
        io,
      ),
    ).toBe(2);
    expect(JSON.parse(io.stdout.join("")).error.message).toMatch(/--seed must be an integer/);
  });
});
