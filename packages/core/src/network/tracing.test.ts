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
  simulateLocalisation,
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
