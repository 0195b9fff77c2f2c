/**
 * Source-tracing evaluation with sewer travel times (docs/performance.md "Source tracing", issue #4):
 *   npx tsx bench/tracing-travel-times.ts
 * 1. the demo city (changzhi-demo, seed 1; the tree and link times do not depend on the dates): every plant with
 *    upstream sites, priors as `tracewater trace` (tracing-priors.ts, no past alerts), k = 2 and 3 — greedy planner
 *    time-blind, with travel times, with a 26-h budget; every strategy's rounds timed (Σ of D = 24 + max − min lag);
 * 2. 200 random trees of 30 nodes (node i drains to a uniform earlier node, link times uniform 0.2–6 h, priors uniform
 *    integers 1–20, mulberry32 seed 404, alert at the root), greedy only, budget 30 h.
 * Exact prior-weighted expectations (core `compareTracingStrategies`); deterministic; ~10 s on one core.
 */
import {
  buildSewerTree,
  changzhiDemoScenario,
  compareTracingStrategies,
  simulateScenario,
} from "../packages/core/src/index.js";
import { simulatedTracingInputs } from "../packages/server/src/services/warning/evaluate.js";

const MODES = ["time-blind", "timed", "timed-budget"] as const;

const sim = simulateScenario(changzhiDemoScenario(), { seed: 1, from: "2025-01-01", to: "2025-01-10" });
const { tree, priors, plants } = simulatedTracingInputs(sim.sites);
const linkHours = new Map<string, number>();
for (const s of sim.sites) if (s.travel_time_hours !== "") linkHours.set(s.site_code, Number(s.travel_time_hours));
const lh = [...linkHours.values()];
console.log(`demo: ${plants.length} plants, link times ${Math.min(...lh)}–${Math.max(...lh)} h`);
for (const k of [2, 3]) {
  for (const mode of MODES) {
    const sums = new Map<string, { r: number; s: number; u: number; h: number }>();
    for (const plant of plants) {
      const timing = {
        alertNode: plant,
        linkHours,
        compositeHours: 24,
        ...(mode === "timed-budget" ? { budgetHours: 26 } : {}),
      };
      for (const c of compareTracingStrategies(tree, plant, {
        k,
        priors,
        timing,
        timeBlindPlanner: mode === "time-blind",
      })) {
        const t = sums.get(c.strategy) ?? { r: 0, s: 0, u: 0, h: 0 };
        t.r += c.expectedRounds;
        t.s += c.expectedSamples;
        t.u += c.unresolvedMass;
        t.h += c.expectedHours ?? Number.NaN;
        sums.set(c.strategy, t);
      }
    }
    for (const [st, t] of sums)
      console.log(
        `demo k=${k} ${mode.padEnd(13)} ${st.padEnd(15)} rounds ${(t.r / plants.length).toFixed(4)} samples ${(t.s / plants.length).toFixed(3)} unresolved ${(t.u / plants.length).toFixed(3)} hours ${(t.h / plants.length).toFixed(2)}`,
      );
  }
}

/** mulberry32 PRNG (public domain, T. Ettinger): uniform [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const k of [2, 3]) {
  const rnd = mulberry32(404);
  const acc = new Map<string, { r: number; s: number; h: number; n: number }>();
  for (let tr = 0; tr < 200; tr++) {
    const nodes: { id: string; downstreamId: string | null }[] = [{ id: "T0", downstreamId: null }];
    const links = new Map<string, number>();
    const pri = new Map<string, number>([["T0", 1 + Math.floor(rnd() * 20)]]);
    for (let i = 1; i < 30; i++) {
      nodes.push({ id: `T${i}`, downstreamId: `T${Math.floor(rnd() * i)}` });
      links.set(`T${i}`, 0.2 + rnd() * 5.8);
      pri.set(`T${i}`, 1 + Math.floor(rnd() * 20));
    }
    const t = buildSewerTree(nodes);
    for (const mode of MODES) {
      const timing = {
        alertNode: "T0",
        linkHours: links,
        compositeHours: 24,
        ...(mode === "timed-budget" ? { budgetHours: 30 } : {}),
      };
      const [g] = compareTracingStrategies(t, "T0", {
        k,
        priors: pri,
        timing,
        timeBlindPlanner: mode === "time-blind",
      });
      if (!g) throw new Error("no greedy row");
      const a = acc.get(mode) ?? { r: 0, s: 0, h: 0, n: 0 };
      a.r += g.expectedRounds;
      a.s += g.expectedSamples;
      a.h += g.expectedHours ?? Number.NaN;
      a.n++;
      acc.set(mode, a);
    }
  }
  for (const [m, a] of acc)
    console.log(
      `random k=${k} ${m.padEnd(13)} greedy rounds ${(a.r / a.n).toFixed(3)} samples ${(a.s / a.n).toFixed(3)} hours ${(a.h / a.n).toFixed(2)}`,
    );
}
