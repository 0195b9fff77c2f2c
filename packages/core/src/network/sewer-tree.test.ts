import { describe, expect, it } from "vitest";
import { buildSewerTree, drainsThrough, nodeIndex, outlets, pathToOutlet, SewerNetworkError, upstreamOf } from "./sewer-tree.js";

//        P1 (plant)                P2 (plant)
//       /   \                        |
//     PS1    H1 (hotel)             V1
//    /   \
//  K1     R1
//  |
//  K2
const nodes = [
  { id: "P1", downstreamId: null },
  { id: "PS1", downstreamId: "P1" },
  { id: "H1", downstreamId: "P1" },
  { id: "K1", downstreamId: "PS1" },
  { id: "R1", downstreamId: "PS1" },
  { id: "K2", downstreamId: "K1" },
  { id: "P2", downstreamId: null },
  { id: "V1", downstreamId: "P2" },
];

describe("sewer tree", () => {
  const t = buildSewerTree(nodes);

  it("upstream sets, paths and outlets", () => {
    expect(upstreamOf(t, "PS1")).toEqual(["K1", "K2", "R1"]);
    expect(upstreamOf(t, "PS1", true)).toEqual(["PS1", "K1", "K2", "R1"]);
    expect(upstreamOf(t, "P1").sort()).toEqual(["H1", "K1", "K2", "PS1", "R1"]);
    expect(upstreamOf(t, "K2")).toEqual([]);
    expect(pathToOutlet(t, "K2")).toEqual(["K2", "K1", "PS1", "P1"]);
    expect(outlets(t)).toEqual(["P1", "P2"]);
    expect(drainsThrough(t, nodeIndex(t, "K2"), nodeIndex(t, "PS1"))).toBe(true);
    expect(drainsThrough(t, nodeIndex(t, "H1"), nodeIndex(t, "PS1"))).toBe(false);
    expect(drainsThrough(t, nodeIndex(t, "V1"), nodeIndex(t, "P1"))).toBe(false);
    expect(t.depth[nodeIndex(t, "K2")]).toBe(3);
  });

  it("rejects cycles, self-links, unknown and duplicate ids", () => {
    const cyc = () => buildSewerTree([...nodes, { id: "A", downstreamId: "B" }, { id: "B", downstreamId: "C" }, { id: "C", downstreamId: "A" }]);
    expect(cyc).toThrow(SewerNetworkError);
    expect(cyc).toThrow(/cycle: A → B → C → A/);
    try {
      cyc();
    } catch (e) {
      expect((e as SewerNetworkError).kind).toBe("cycle");
      expect((e as SewerNetworkError).nodeIds).toEqual(["A", "B", "C"]);
    }
    expect(() => buildSewerTree([{ id: "X", downstreamId: "X" }])).toThrow(/cycle: X → X/);
    expect(() => buildSewerTree([{ id: "X", downstreamId: "Y" }])).toThrow(/unknown site Y/);
    expect(() => buildSewerTree([{ id: "X", downstreamId: null }, { id: "X", downstreamId: null }])).toThrow(/twice/);
    expect(() => upstreamOf(t, "nope")).toThrow(/not in the sewer network/);
  });
});
