import { describe, expect, it } from "vitest";
import { nodeMassBalance } from "./node-mass-balance.js";
import { buildSewerTree, sampledFrontier, travelTimeHours } from "./sewer-tree.js";

// P ← PS ← {K1 ← K2, R1};  P ← H1
const t = buildSewerTree([
  { id: "P", downstreamId: null },
  { id: "PS", downstreamId: "P" },
  { id: "H1", downstreamId: "P" },
  { id: "K1", downstreamId: "PS" },
  { id: "R1", downstreamId: "PS" },
  { id: "K2", downstreamId: "K1" },
]);

describe("sampled frontier, travel time and node mass balance", () => {
  it("frontier skips unsampled sites and never double counts", () => {
    expect(sampledFrontier(t, "P", new Set(["PS", "K2", "H1"]))).toEqual(["H1", "PS"]); // K2 is inside PS
    expect(sampledFrontier(t, "P", new Set(["K2", "R1"]))).toEqual(["K2", "R1"]); // PS and K1 not sampled
    expect(sampledFrontier(t, "K2", new Set(["P"]))).toEqual([]);
  });

  it("travel time sums the links along the path", () => {
    const links = new Map([
      ["K2", 1.5],
      ["K1", 2],
      ["PS", 3],
    ]);
    expect(travelTimeHours(t, "K2", "P", links)).toBe(6.5);
    expect(travelTimeHours(t, "K2", "K2", links)).toBe(0);
    expect(() => travelTimeHours(t, "R1", "P", links)).toThrow(/No travel time/);
    expect(() => travelTimeHours(t, "H1", "PS", links)).toThrow(/not downstream/);
  });

  it("balance at P uses PS and H1 (not K2 inside PS)", () => {
    // up = PS 600 + H1 500 = 1100 (K2's 400 is already in PS); down 700; RSD 0.1 → σ = √(60² + 50² + 70²) → z = 3.81385
    const loads = new Map([
      ["P", { loadMgPerDay: 700, rsd: 0.1 }],
      ["PS", { loadMgPerDay: 600, rsd: 0.1 }],
      ["H1", { loadMgPerDay: 500, rsd: 0.1 }],
      ["K2", { loadMgPerDay: 400, rsd: 0.1 }],
    ]);
    const r = nodeMassBalance(t, "P", loads);
    expect(r?.upstreamSites).toEqual(["H1", "PS"]);
    expect(r?.z).toBeCloseTo(400 / Math.sqrt(11000), 12);
    expect(r?.alarm).toBe(true);
    expect(nodeMassBalance(t, "H1", loads)).toBeNull(); // nothing sampled upstream of H1
    expect(nodeMassBalance(t, "K1", loads)).toBeNull(); // K1 has no load itself
  });
});
