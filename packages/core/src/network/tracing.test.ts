import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { buildSewerTree } from "./sewer-tree.js";
import {
  applySamplingResults,
  bisectionPoint,
  candidateSources,
  compareTracingStrategies,
  entropyBits,
  planSamplingRound,
  roundDurationHours,
  simulateLocalisation,
  TIME_TIE_TOLERANCE_BITS,
} from "./tracing.js";

/** Chain P ← n1 ← n2 ← … ← n7 (n7 most upstream). */
const chain = buildSewerTree([
  { id: "P", downstreamId: null },
  ...Array.from({ length: 7 }, (_, i) => ({ id: `n${i + 1}`, downstreamId: i === 0 ? "P" : `n${i}` })),
]);
/** Star: six outfalls L1…L6 straight into plant P. */
const star = buildSewerTree([{ id: "P", downstreamId: null }, ...Array.from({ length: 6 }, (_, i) => ({ id: `L${i + 1}`, downstreamId: "P" }))]);

describe("candidates and entropy", () => {
  it("candidate set = alert node + upstream sites with positive prior, normalised", () => {
    expect(candidateSources(chain, "n5").map((c) => c.id)).toEqual(["n5", "n6", "n7"]);
    expect(candidateSources(chain, "n5").every((c) => Math.abs(c.prior - 1 / 3) < 1e-15)).toBe(true);
    const pri = new Map([
      ["L1", 3],
      ["L2", 1],
    ]);
    expect(candidateSources(star, "P", pri)).toEqual([
      { id: "L1", prior: 0.75 },
      { id: "L2", prior: 0.25 },
    ]);
    expect(() => candidateSources(star, "L3", pri)).toThrow(ScienceInputError); // no weight upstream of L3
  });

  it("entropy: 1 bit for two equal halves, 2 bits for four quarters", () => {
    expect(entropyBits([1, 1])).toBe(1);
    expect(entropyBits([0.25, 0.25, 0.25, 0.25])).toBe(2);
    expect(entropyBits([0.6, 0.4])).toBeCloseTo(0.9709505944546686, 14);
  });
});

describe("planning a sampling round", () => {
  it("chain of 8, one point: the midpoint n4 (splits 4 | 4, 1 bit)", () => {
    const p = planSamplingRound(chain, candidateSources(chain, "P"), 1);
    expect(p.points).toEqual(["n4"]);
    expect(p.expectedInformationBits).toBeCloseTo(1, 14);
  });

  it("chain of 8, three points: n2, n4, n6 → four classes of two (2 bits)", () => {
    const p = planSamplingRound(chain, candidateSources(chain, "P"), 3);
    expect([...p.points].sort()).toEqual(["n2", "n4", "n6"]);
    expect(p.expectedInformationBits).toBeCloseTo(2, 14);
    expect(p.classes.map((c) => [...c.candidates].sort().join(",")).sort()).toEqual(["P,n1", "n2,n3", "n4,n5", "n6,n7"]);
    expect(p.classes.map((c) => c.mass)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("priors steer the choice: greedy samples the likely branch, count bisection the big one", () => {
    // P ← A ← {A1…A4}; P ← B. Prior B = 0.6, the other six 0.4/6 each.
    // sample B: classes {0.6, 0.4} → H = 0.97095 bits; sample A: {A, A1…A4} = 5/15 = 0.3333 vs 0.6667 → 0.91830
    // count bisection: |C| = 7, A's subtree holds 5 (|5 − 3.5| = 1.5), every other site 1 (2.5) → A
    const t = buildSewerTree([
      { id: "P", downstreamId: null },
      { id: "A", downstreamId: "P" },
      { id: "B", downstreamId: "P" },
      ...[1, 2, 3, 4].map((i) => ({ id: `A${i}`, downstreamId: "A" })),
    ]);
    const pri = new Map<string, number>([["B", 0.6], ...["P", "A", "A1", "A2", "A3", "A4"].map((id) => [id, 0.4 / 6] as [string, number])]);
    const c = candidateSources(t, "P", pri);
    const p = planSamplingRound(t, c, 1);
    expect(p.points).toEqual(["B"]);
    expect(p.expectedInformationBits).toBeCloseTo(0.9709505944546686, 12);
    expect(bisectionPoint(t, c)).toBe("A");
  });

  it("only samplable sites are proposed; stops early when nothing more splits", () => {
    const p = planSamplingRound(chain, candidateSources(chain, "P"), 1, { samplable: new Set(["n1", "n7"]) });
    // n1 splits {P} | 7 others (H = 0.5436), n7 {n7} | 7 others: equal → the shallower n1
    expect(p.points).toEqual(["n1"]);
    const all = planSamplingRound(chain, candidateSources(chain, "n6"), 5); // candidates n6, n7: one point suffices
    expect(all.points).toEqual(["n7"]);
  });

  it("with link travel times the plan gives each point's lag to the alert node", () => {
    // chain links of 2 h each: n4 → P passes n4→n3→n2→n1→P = 4 links = 8 h
    const links = new Map(["n1", "n2", "n3", "n4", "n5", "n6", "n7"].map((id) => [id, 2] as [string, number]));
    const p = planSamplingRound(chain, candidateSources(chain, "P"), 1, { alertNode: "P", linkHours: links });
    expect(p.travelTimeToAlertHours).toEqual({ n4: 8 });
    expect(planSamplingRound(chain, candidateSources(chain, "P"), 1).travelTimeToAlertHours).toBeUndefined();
  });

  it("applying results narrows and renormalises; contradictions are errors", () => {
    const c = candidateSources(chain, "P");
    const after = applySamplingResults(chain, c, [
      { site: "n4", positive: true },
      { site: "n6", positive: false },
    ]);
    expect(after.map((x) => x.id)).toEqual(["n4", "n5"]);
    expect(after[0]?.prior).toBeCloseTo(0.5, 14);
    expect(() =>
      applySamplingResults(chain, c, [
        { site: "n6", positive: true },
        { site: "n4", positive: false },
      ]),
    ).toThrow(ScienceInputError);
  });
});

describe("travel times in the choice of points (budget, earliest round among near-equal gains)", () => {
  // Star P ← L1…L4; lags to P (one link each): L1 1 h, L2 5 h, L3 2 h, L4 1.5 h; composite C = 24 h.
  // Round duration D = C + max lag − min lag (tracing.ts module comment).
  const star4 = buildSewerTree([{ id: "P", downstreamId: null }, ...[1, 2, 3, 4].map((i) => ({ id: `L${i}`, downstreamId: "P" }))]);
  const lags4 = new Map<string, number>([
    ["L1", 1],
    ["L2", 5],
    ["L3", 2],
    ["L4", 1.5],
  ]);
  const timing4 = { alertNode: "P", linkHours: lags4, compositeHours: 24 };

  it("round duration = C + max lag − min lag; unknown lag → null", () => {
    expect(roundDurationHours([1, 5, 2], 24)).toBe(28);
    expect(roundDurationHours([3], 24)).toBe(24);
    expect(roundDurationHours([1, null], 24)).toBeNull();
    expect(roundDurationHours([], 24)).toBeNull();
  });

  it("exact tie: uniform star, k = 2 — without times L1, L2; with times L1, L4 (the round ends 3.5 h earlier)", () => {
    // 5 candidates of 1/5. Step 1: every Li gives H(0.2, 0.8) = 0.72193 bits and D = 24 → smallest id L1.
    // Step 2: every Lj gives H(0.2, 0.2, 0.6) = 1.37095 bits; D with L2 = 24 + 5 − 1 = 28, L3 = 25, L4 = 24.5.
    const c = candidateSources(star4, "P");
    const plain = planSamplingRound(star4, c, 2);
    expect(plain.points).toEqual(["L1", "L2"]);
    expect(plain.roundHours).toBeUndefined();
    const timed = planSamplingRound(star4, c, 2, { timing: timing4 });
    expect(timed.points).toEqual(["L1", "L4"]);
    expect(timed.expectedInformationBits).toBeCloseTo(1.3709505944546687, 12);
    expect(timed.expectedInformationBits).toBeCloseTo(plain.expectedInformationBits, 12); // no information lost
    expect(timed.roundHours).toBe(24.5);
    expect(timed.travelTimeToAlertHours).toEqual({ L1: 1, L4: 1.5 });
  });

  it("near tie: a 0.016-bit better point 3.5 h further away loses within the tolerance, wins with tolerance 0", () => {
    // priors P 0.2, L1 0.2, L2 0.2, L3 0.21, L4 0.19. Step 1: L3 H(0.21, 0.79) = 0.74148 (L1 0.72193, L4 0.70147;
    // all D = 24) → L3 (lag 2). Step 2: + L1 H(0.21, 0.2, 0.59) = 1.38632, D = 24 + 2 − 1 = 25;
    // + L4 H(0.21, 0.19, 0.6) = 1.37023, D = 24 + 2 − 1.5 = 24.5; L2 = L1's entropy but D = 27.
    // 1.38632 − 1.37023 = 0.0161 < 0.05 bit → L4 (earlier); with tolerance 0 the entropy alone → L1.
    const pri = new Map<string, number>([
      ["P", 0.2],
      ["L1", 0.2],
      ["L2", 0.2],
      ["L3", 0.21],
      ["L4", 0.19],
    ]);
    const c = candidateSources(star4, "P", pri);
    expect(TIME_TIE_TOLERANCE_BITS).toBe(0.05);
    expect(planSamplingRound(star4, c, 2).points).toEqual(["L3", "L1"]);
    const near = planSamplingRound(star4, c, 2, { timing: timing4 });
    expect(near.points).toEqual(["L3", "L4"]);
    expect(near.expectedInformationBits).toBeCloseTo(1.3702289460717927, 12);
    expect(near.roundHours).toBe(24.5);
    const strict = planSamplingRound(star4, c, 2, { timing: { ...timing4, toleranceBits: 0 } });
    expect(strict.points).toEqual(["L3", "L1"]);
    expect(strict.roundHours).toBe(25);
  });

  it("budget: chain of 8 (2 h links), k = 3 — 24 h + 4 h budget keeps the round's lags within 4 h", () => {
    // lags to P: n_i = 2i h. No budget: n4 (1 bit), n2 or n6 (1.5 bits, D 28 each → shallower n2), n6 (2 bits);
    // lags 4, 8, 12 → D = 24 + 12 − 4 = 32.
    // Budget 28 h: steps 1–2 as before (n4, n2: lags 8, 4); step 3 needs lag in [4, 8]: n6 (12) and n1 (2), n5 (10)
    // exceed, n3 (6) fits: classes {P,n1} {n2} {n3} {n4…n7} = 1/4, 1/8, 1/8, 1/2 → H = 0.5 + 0.375 + 0.375 + 0.5 = 1.75.
    const links = new Map(["n1", "n2", "n3", "n4", "n5", "n6", "n7"].map((id) => [id, 2] as [string, number]));
    const timing = { alertNode: "P", linkHours: links, compositeHours: 24 };
    const c = candidateSources(chain, "P");
    const free = planSamplingRound(chain, c, 3, { timing });
    expect(free.points).toEqual(["n4", "n2", "n6"]);
    expect(free.expectedInformationBits).toBeCloseTo(2, 12);
    expect(free.roundHours).toBe(32);
    const tight = planSamplingRound(chain, c, 3, { timing: { ...timing, budgetHours: 28 } });
    expect(tight.points).toEqual(["n4", "n2", "n3"]);
    expect(tight.expectedInformationBits).toBeCloseTo(1.75, 12);
    expect(tight.roundHours).toBe(28);
    expect(tight.travelTimeToAlertHours).toEqual({ n4: 8, n2: 4, n3: 6 });
    // budget = the composite: every point must share one lag → one point per round here
    expect(planSamplingRound(chain, c, 3, { timing: { ...timing, budgetHours: 24 } }).points).toEqual(["n4"]);
  });

  it("unknown lag: never proposed under a budget; without one it loses near-ties to known lags", () => {
    // star4 without L4's link time: exact-tie step 2 (first test) ranks L4 (D unknown) last → L3 (D 25)
    const noL4 = new Map([...lags4].filter(([id]) => id !== "L4"));
    const c = candidateSources(star4, "P");
    const t = planSamplingRound(star4, c, 2, { timing: { ...timing4, linkHours: noL4 } });
    expect(t.points).toEqual(["L1", "L3"]);
    const all = planSamplingRound(star4, c, 4, { timing: { ...timing4, linkHours: noL4 } });
    expect(all.points).toEqual(["L1", "L3", "L2", "L4"]);
    expect(all.roundHours).toBeNull();
    expect(all.travelTimeToAlertHours).toBeUndefined();
    const budget = planSamplingRound(star4, c, 4, { timing: { ...timing4, linkHours: noL4, budgetHours: 48 } });
    expect(budget.points).toEqual(["L1", "L3", "L2"]);
    expect(budget.roundHours).toBe(28);
  });

  it("invalid timing is an error", () => {
    const c = candidateSources(star4, "P");
    expect(() => planSamplingRound(star4, c, 2, { timing: { ...timing4, budgetHours: 23 } })).toThrow(ScienceInputError);
    expect(() => planSamplingRound(star4, c, 2, { timing: { ...timing4, compositeHours: 0 } })).toThrow(ScienceInputError);
    expect(() => planSamplingRound(star4, c, 2, { timing: { ...timing4, toleranceBits: -1 } })).toThrow(ScienceInputError);
  });

  it("time-aware vs time-blind planner on the uniform star: source L4 found in 24.5 h instead of 52.5 h", () => {
    // time-blind round 1: L1, L2 (D 24 + 5 − 1 = 28), both negative → {P, L3, L4}; round 2: L3, L4 (D 24.5) → 52.5 h
    // time-aware round 1: L1, L4 (D 24.5), L4 positive → localised in 24.5 h
    const opts = { k: 2, timing: timing4 };
    expect(simulateLocalisation(star4, "P", "L4", "greedy-entropy", { ...opts, timeBlindPlanner: true })).toEqual({ rounds: 2, samples: 4, remaining: 1, source: "L4", hours: 52.5 });
    expect(simulateLocalisation(star4, "P", "L4", "greedy-entropy", opts)).toEqual({ rounds: 1, samples: 2, remaining: 1, source: "L4", hours: 24.5 });
  });

  it("timed localisation: chain of 8, 2 h links — k = 1 takes 3 rounds × 24 h; k = 3 for n5 takes 32 + 24 h", () => {
    const links = new Map(["n1", "n2", "n3", "n4", "n5", "n6", "n7"].map((id) => [id, 2] as [string, number]));
    const timing = { alertNode: "P", linkHours: links, compositeHours: 24 };
    expect(simulateLocalisation(chain, "P", "n3", "greedy-entropy", { timing })).toEqual({ rounds: 3, samples: 3, remaining: 1, source: "n3", hours: 72 });
    // round 1 n4, n2, n6 (D 32): n4 positive, n6 negative → {n4, n5}; round 2 one point n5 (D 24) → 56 h
    expect(simulateLocalisation(chain, "P", "n5", "greedy-entropy", { k: 3, timing })).toEqual({ rounds: 2, samples: 4, remaining: 1, source: "n5", hours: 56 });
    // all at once: n1…n7, lags 2…14 → D = 24 + 12 = 36
    expect(simulateLocalisation(chain, "P", "n5", "all-at-once", { timing }).hours).toBe(36);
    const cmp = compareTracingStrategies(chain, "P", { k: 1, timing });
    expect(cmp.find((x) => x.strategy === "greedy-entropy")?.expectedHours).toBeCloseTo(72, 12);
    expect(cmp.find((x) => x.strategy === "all-at-once")?.expectedHours).toBeCloseTo(36, 12);
  });
});

describe("rounds to localise vs baselines", () => {
  it("chain of 8: greedy k=1 and bisection need 3 rounds for every source; k=3 needs 2 rounds, 4 samples", () => {
    for (const s of ["P", "n1", "n3", "n4", "n7"]) {
      expect(simulateLocalisation(chain, "P", s, "greedy-entropy")).toEqual({ rounds: 3, samples: 3, remaining: 1, source: s });
      expect(simulateLocalisation(chain, "P", s, "bisection")).toEqual({ rounds: 3, samples: 3, remaining: 1, source: s });
      expect(simulateLocalisation(chain, "P", s, "greedy-entropy", { k: 3 })).toEqual({ rounds: 2, samples: 4, remaining: 1, source: s });
    }
    expect(simulateLocalisation(chain, "P", "n5", "all-at-once")).toEqual({ rounds: 1, samples: 7, remaining: 1, source: "n5" });
  });

  it("star of 6 outfalls: bisection tests one outfall per round (expected 27/7 rounds); greedy k=6 takes 1 round", () => {
    // order L1, L2, …: L_i found in round i (i ≤ 5); L6 and P both in round 6 → (1+2+3+4+5+6+6)/7 = 27/7
    const cmp = compareTracingStrategies(star, "P", { k: 6 });
    const by = Object.fromEntries(cmp.map((c) => [c.strategy, c]));
    expect(by.bisection?.expectedRounds).toBeCloseTo(27 / 7, 12);
    expect(by.bisection?.worstRounds).toBe(6);
    // (prior-weighted sums of 7 × 1/7: compare to 12 digits)
    expect(by["greedy-entropy"]).toMatchObject({ expectedRounds: expect.closeTo(1, 12), expectedSamples: expect.closeTo(6, 12), worstRounds: 1, unresolvedMass: 0 });
    expect(by["all-at-once"]).toMatchObject({ expectedRounds: expect.closeTo(1, 12), expectedSamples: expect.closeTo(6, 12) });
  });

  it("priors pay off: with a likely outfall greedy needs fewer expected rounds than count bisection", () => {
    // star, prior L3 = 0.5, the other six 0.5/6: greedy k=1 tests L3 first (1 bit)
    const pri = new Map<string, number>([["L3", 0.5], ...["P", "L1", "L2", "L4", "L5", "L6"].map((id) => [id, 0.5 / 6] as [string, number])]);
    const cmp = compareTracingStrategies(star, "P", { k: 1, priors: pri });
    const g = cmp.find((c) => c.strategy === "greedy-entropy");
    const b = cmp.find((c) => c.strategy === "bisection");
    expect(simulateLocalisation(star, "P", "L3", "greedy-entropy", { priors: pri }).rounds).toBe(1);
    // greedy: L3 (0.5) in round 1; then uniform over the rest L1, L2, L4, L5, L6, P, one outfall per round:
    // L1 r2, L2 r3, L4 r4, L5 r5, L6 and P r6 → E = 0.5·1 + (0.5/6)(2+3+4+5+6+6) = 0.5 + 26/12 = 2.6667
    expect(g?.expectedRounds).toBeCloseTo(0.5 + 26 / 12, 12);
    // bisection ignores priors: L1, L2, L3 …: L3 in round 3 → E = 0.5·3 + (0.5/6)(1+2+4+5+6+6) = 1.5 + 2 = 3.5
    expect(b?.expectedRounds).toBeCloseTo(3.5, 12);
  });
});

describe("tracing properties (fast-check)", () => {
  // random trees: node i > 0 drains to a random earlier node; random positive priors; random source and k
  const treeArb = fc
    .array(fc.record({ r: fc.nat(), w: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 25 })
    .map((xs) => ({
      nodes: [{ id: "T0", downstreamId: null }, ...xs.map((x, i) => ({ id: `T${i + 1}`, downstreamId: `T${x.r % (i + 1)}` }))],
      priors: new Map(xs.map((x, i) => [`T${i + 1}`, x.w] as [string, number]).concat([["T0", 5]])),
    }));

  it("every strategy localises exactly the true source, and greedy never needs more rounds than there are candidates", () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.integer({ min: 1, max: 4 }), ({ nodes, priors }, r, k) => {
        const t = buildSewerTree(nodes);
        const src = nodes[r % nodes.length]?.id as string;
        for (const strategy of ["greedy-entropy", "bisection", "all-at-once"] as const) {
          const run = simulateLocalisation(t, "T0", src, strategy, { k, priors });
          expect(run.remaining).toBe(1);
          expect(run.source).toBe(src);
          expect(run.rounds).toBeLessThanOrEqual(nodes.length);
        }
      }),
      { seed: 404, numRuns: 150 },
    );
  });
});
