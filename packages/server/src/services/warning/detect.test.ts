/**
 * The grouped detection run (`detectSource`: whole sewer trees loaded a group at a time, the network-wide
 * new-substance detector from per-analyte, per-date counts) gives exactly the graded points of the former
 * all-at-once run (testing/detect-all-at-once.ts, the code of commit 6f35e4c kept callable): same series and point
 * counts, same `since`, and the same findings — every field, scores compared with `toEqual` (no tolerance) — on
 * 1. the simulated demo city (`changzhi-demo`, 2025-01-01…2025-06-30: the RB3 dumping on 03-12, the RB2 step from
 *    04-01, the first etomidate at ENT3 on 05-10; core changzhi-demo.ts), and
 * 2. a generated network of four trees whose site codes interleave (a tree is not a code range), with a
 *    sub-catchment step, a one-day ×1/500 result at a node below its upstream load (mass balance), a substance first
 *    detected at two sites on one day (network + site events) and at a third site later (site event only), censored
 *    results, a site sampled every third day and a site without flow (concentration scale).
 * Each case runs with every tree in its own group (groupMaxResults 1), with groups of several trees, and with one
 * group; the default window, a fixed `since`, and all history with every detector (EARS included).
 */
import { expect, it } from "vitest";
import { importFile } from "../imports/import-file.js";
import { withTestContexts } from "../testing.js";
import { CLI_CALLER } from "./access.js";
import { DEMO_SOURCE, seedDemoCity } from "./demo-seed.js";
import { type DetectOptions, detectSource, runDetection, type SiteRow } from "./detect.js";
import { ALL_DETECTORS, type Finding } from "./detection-engine.js";
import { detectSourceAllAtOnce } from "./testing/detect-all-at-once.js";
import { mulberry32 as rng } from "../../imports/parse/testing/generate-lab-long.js";

const GEN_SOURCE = "gen-trees";

/**
 * Four trees (downstream in brackets): S01 ← S05, S09 ← S02 | S03 ← S04, S07 ← S10 | S06 | S08 ← S11.
 * Loads (mg/day) = own population / 1000 × rate × lognormal noise (σ 0.2) + the loads of the sites upstream;
 * concentration = load / (flow × 10⁻³) ng/L with flow = 0.2 m³/day per person. 180 days from 2025-01-01.
 */
function generatedFiles(): { registry: Uint8Array; lab: Uint8Array } {
  const sites: [code: string, down: string, pop: number][] = [
    ["S01", "", 200_000],
    ["S05", "S01", 40_000],
    ["S09", "S01", 30_000],
    ["S02", "S09", 15_000],
    ["S03", "", 150_000],
    ["S04", "S03", 20_000],
    ["S07", "S03", 25_000],
    ["S10", "S07", 10_000],
    ["S06", "", 60_000],
    ["S08", "", 80_000],
    ["S11", "S08", 20_000],
  ];
  const reg = ["site_code,name,kind,population_served,downstream_site"];
  for (const [code, down, pop] of sites)
    reg.push(`${code},生成 ${code},${down ? "manhole" : "wwtp_influent"},${pop},${down}`);
  const rate: Record<string, number> = { METH: 50, 氯胺酮: 20, MDMA: 5 };
  const rand = rng(7);
  const lab = ["site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served"];
  for (let day = 0; day < 180; day++) {
    const date = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    for (const [analyte, r] of Object.entries(rate)) {
      // loads from the leaves down (the list above has every site after its downstream site)
      const load = new Map<string, number>();
      for (const [code, , pop] of [...sites].reverse()) {
        const noise = Math.exp(0.2 * (rand() + rand() + rand() - 1.5) * 2);
        let own = (pop / 1000) * r * noise;
        if (analyte === "METH" && code === "S02" && day >= 130) own *= 4; // sub-catchment step
        load.set(code, own + (load.get(code) ?? 0));
        const [, down] = sites.find((s) => s[0] === code) as [string, string, number];
        if (down) load.set(down, (load.get(down) ?? 0) + (load.get(code) as number));
      }
      for (const [code, , pop] of sites) {
        if (code === "S06" && day % 3 !== 0) continue; // sampled every third day
        const flow = pop * 0.2;
        // ×1/500 reported at node S07 on day 150 (≈ 0.7 ng/L, above the LOQ): its upstream S10 (≈ 500 mg/day) exceeds it,
        // z = (500 − 3.5) / (0.296 · √(500² + 3.5²)) ≈ 3.35 ≥ 3 (core mass-balance.ts: load RSD 0.296, yellow at 3)
        const low = analyte === "METH" && code === "S07" && day === 150;
        const c = ((load.get(code) as number) / (flow * 1e-3)) * (low ? 1 / 500 : 1);
        const u = rand();
        const value = u < 0.03 ? "<0.5" : u < 0.05 ? "ND" : c.toFixed(3);
        lab.push(`${code},${date},${analyte},${value},ng/L,0.2,0.5,${code === "S11" ? "" : flow},${pop}`);
      }
    }
    // etomidate: not detected anywhere until day 120 (S05, S10), S06 from day 141 (first sampled day ≥ 140)
    for (const [code, , pop] of sites) {
      if (code === "S06" && day % 3 !== 0) continue;
      const on = (day >= 120 && (code === "S05" || code === "S10")) || (day >= 140 && code === "S06");
      const value = on ? (30 + 10 * rand()).toFixed(2) : "ND";
      lab.push(`${code},${date},依托咪酯,${value},ng/L,0.2,0.5,${code === "S11" ? "" : pop * 0.2},${pop}`);
    }
  }
  const enc = (lines: string[]) => new TextEncoder().encode(`${lines.join("\n")}\n`);
  return { registry: enc(reg), lab: enc(lab) };
}

const key = (f: Finding) => `${f.site}\u0000${f.analyte}\u0000${f.detector}\u0000${f.date}`;
const sorted = (fs: Finding[]) => [...fs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function sourceSites(
  ctx: { database: { raw: { query: <T>(q: string, p: unknown[]) => Promise<{ rows: T[] }> } } },
  source: string,
) {
  const res = await ctx.database.raw.query<Pick<SiteRow, "id" | "code" | "downstream">>(
    `SELECT s.id, s.code, d.code AS downstream FROM site s LEFT JOIN site d ON d.id = s.downstream_site_id
      WHERE s.source = $1 ORDER BY s.code`,
    [source],
  );
  return res.rows;
}

withTestContexts("grouped detection equals the all-at-once run", (h) => {
  async function compare(source: string, groupSizes: number[], variants: Pick<DetectOptions, "since" | "detectors">[]) {
    const sites = await sourceSites(h.ctx, source);
    const byDetector = new Map<string, number>();
    const groupCounts: number[] = [];
    for (const v of variants) {
      const ref = await detectSourceAllAtOnce(h.ctx.database.raw, source, sites, v);
      expect(ref).not.toBeNull();
      if (!ref) return { byDetector, groupCounts };
      for (const groupMaxResults of groupSizes) {
        const got = await detectSource(h.ctx.database.raw, sites, { ...v, groupMaxResults });
        expect(got).not.toBeNull();
        if (!got) continue;
        groupCounts.push(got.groups);
        expect([got.series, got.points, got.since]).toEqual([ref.series, ref.points, ref.since]);
        expect(got.findings.length).toBe(ref.findings.length);
        expect(sorted(got.findings)).toEqual(sorted(ref.findings));
      }
      if (v.since === null && v.detectors)
        for (const f of ref.findings) byDetector.set(f.detector, (byDetector.get(f.detector) ?? 0) + 1);
    }
    return { byDetector, groupCounts };
  }

  it("demo city: same graded points in per-tree groups, groups of several trees and one group", async () => {
    await seedDemoCity(h.ctx, { from: "2025-01-01", to: "2025-06-30", since: "2025-01-01" });
    const n = await h.ctx.database.raw.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM measurement m JOIN site s ON s.id = m.site_id WHERE s.source = $1",
      [DEMO_SOURCE],
    );
    const total = n.rows[0]?.n ?? 0;
    const { byDetector, groupCounts } = await compare(
      DEMO_SOURCE,
      [1, Math.ceil(total / 3), 10_000_000],
      [{}, { since: "2025-01-01" }, { since: null, detectors: ALL_DETECTORS }],
    );
    // the groupings really differ: one group per tree (the demo city has several plants), fewer, one
    expect(groupCounts[0]).toBeGreaterThan(2);
    expect(groupCounts[2]).toBe(1);
    // every detector family took part in the comparison (all history, all detectors)
    for (const d of ["robust-z", "ewma", "cusum", "step-cusum", "subcatchment", "new-substance-network"])
      expect(byDetector.get(d) ?? 0, d).toBeGreaterThan(0);
  }, 300_000);

  it("generated four-tree network: same graded points in per-tree groups, groups of several trees and one group", async () => {
    const prev = process.env.TRACEWATER_DETECT_AFTER_IMPORT;
    process.env.TRACEWATER_DETECT_AFTER_IMPORT = "0";
    try {
      const files = generatedFiles();
      const reg = await importFile(h.ctx, { name: "gen-sites.csv", bytes: files.registry }, { source: GEN_SOURCE });
      expect(reg.status).toBe("imported");
      const lab = await importFile(h.ctx, { name: "gen-lab-long.csv", bytes: files.lab }, { source: GEN_SOURCE });
      expect(lab.status).toBe("imported");
    } finally {
      if (prev === undefined) delete process.env.TRACEWATER_DETECT_AFTER_IMPORT;
      else process.env.TRACEWATER_DETECT_AFTER_IMPORT = prev;
    }
    // results (4 analytes × 180 days): trees S01 and S03 2 880 each, S06 240 (60 days), S08 1 440 — 7 440 in all;
    // groups of ≤ 6 000: S01 + S03 + S06 = 6 000 exactly, then S08
    const { byDetector, groupCounts } = await compare(
      GEN_SOURCE,
      [1, 6_000, 10_000_000],
      [{}, { since: "2025-05-01" }, { since: null, detectors: ALL_DETECTORS }],
    );
    expect(groupCounts.slice(0, 3)).toEqual([4, 2, 1]);
    for (const d of ["subcatchment", "mass-balance", "new-substance-site", "new-substance-network", "robust-z"])
      expect(byDetector.get(d) ?? 0, d).toBeGreaterThan(0);

    // the network event by hand: etomidate first detected on day 120 = 2025-05-01 at S05 and S10; prior analysed
    // results (all "ND"): days 0–119 × 10 daily sites + S06 on days 0, 3, …, 117 (40) = 1 240
    const sites0 = await sourceSites(h.ctx, GEN_SOURCE);
    const grouped = await detectSource(h.ctx.database.raw, sites0, { since: null, groupMaxResults: 1 });
    const network = grouped?.findings.filter((f) => f.detector === "new-substance-network") ?? [];
    expect(network.map((f) => [f.site, f.analyte, f.date, f.explanation.details])).toEqual(
      ["S05", "S10"].map((site) => [
        site,
        "etomidate",
        "2025-05-01",
        { kind: "first-ever", lastDetectedDate: null, priorResults: 1240, sites: ["S05", "S10"] },
      ]),
    );

    // end to end: runDetection applies exactly the graded points of the grouped run
    const sites = await sourceSites(h.ctx, GEN_SOURCE);
    const expected = await detectSourceAllAtOnce(h.ctx.database.raw, GEN_SOURCE, sites);
    const run = await runDetection(h.ctx, CLI_CALLER, { source: GEN_SOURCE, groupMaxResults: 1 });
    expect([run.series, run.points, run.graded]).toEqual([
      expected?.series,
      expected?.points,
      expected?.findings.length,
    ]);
    expect(run.alertsCreated).toBeGreaterThan(0);

    // results of samples that are not day-precision (EUDA campaign weeks, `nominal-week`) are left out alike — also
    // when they are the source's newest, where the grouped run takes `since` from the exact (joined) query: the last
    // day everywhere and S10's May (its first etomidate detections) become weekly
    await h.ctx.database.raw.query(
      `UPDATE sample SET date_precision = 'nominal-week'
        WHERE site_id IN (SELECT id FROM site WHERE source = $1)
          AND (sample_date = '2025-06-29'
               OR (sample_date BETWEEN '2025-05-01' AND '2025-05-31'
                   AND site_id = (SELECT id FROM site WHERE source = $1 AND code = 'S10')))`,
      [GEN_SOURCE],
    );
    await compare(GEN_SOURCE, [1, 10_000_000], [{}, { since: null, detectors: ALL_DETECTORS }]);
    const weekly = await detectSource(h.ctx.database.raw, sites, {});
    expect(weekly?.since).toBe("2025-03-30"); // newest daily 2025-06-28 − 90 days
  }, 300_000);
});
