import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { DEFAULT_LOAD_RSD, massBalance } from "./mass-balance.js";

describe("mass balance", () => {
  it("default load RSD = √(0.26² + 0.10² + 0.10²) = 0.295973 (DEFAULT_RSD: concentration, flow, sampling)", () => {
    expect(DEFAULT_LOAD_RSD).toBeCloseTo(0.29597297173897485, 14);
  });

  it("hand-computed excess and z", () => {
    // up 600 + 500 = 1100, down 700 → excess 400 mg/day
    // RSD 0.10 each: σ = √(60² + 50² + 70²) = √11000 = 104.8809 → z = 3.813850 > 3 → alarm
    const r = massBalance(
      [
        { site: "S1", loadMgPerDay: 600, rsd: 0.1 },
        { site: "S2", loadMgPerDay: 500, rsd: 0.1 },
      ],
      { loadMgPerDay: 700, rsd: 0.1 },
    );
    expect(r.excessMgPerDay).toBe(400);
    expect(r.sigmaMgPerDay).toBeCloseTo(Math.sqrt(11000), 10);
    expect(r.z).toBeCloseTo(3.813850356982369, 10);
    expect(r.alarm).toBe(true);
    expect(r.involvesCensored).toBe(false);
    // default RSD 0.295973: σ = 0.295973·√(600² + 500² + 700²) = 310.4191 → z = 1.288581, no alarm
    const d = massBalance([{ loadMgPerDay: 600 }, { loadMgPerDay: 500, censored: true }], { loadMgPerDay: 700 });
    expect(d.z).toBeCloseTo(1.2885806209176047, 10);
    expect(d.alarm).toBe(false);
    expect(d.involvesCensored).toBe(true);
  });

  it("a deficit (down > Σ up) never alarms; scaling all loads leaves z unchanged", () => {
    expect(massBalance([{ loadMgPerDay: 100 }], { loadMgPerDay: 1000 }).alarm).toBe(false);
    const a = massBalance([{ loadMgPerDay: 6 }, { loadMgPerDay: 5 }], { loadMgPerDay: 7 });
    const b = massBalance([{ loadMgPerDay: 6e3 }, { loadMgPerDay: 5e3 }], { loadMgPerDay: 7e3 });
    expect(b.z).toBeCloseTo(a.z, 12);
  });

  it("rejects bad loads", () => {
    expect(() => massBalance([], { loadMgPerDay: 1 })).toThrow(ScienceInputError);
    expect(() => massBalance([{ loadMgPerDay: -1 }], { loadMgPerDay: 1 })).toThrow(/upstream\[0\]\.loadMgPerDay/);
    expect(() => massBalance([{ loadMgPerDay: 1, rsd: Number.NaN }], { loadMgPerDay: 1 })).toThrow(/upstream\[0\]\.rsd/);
  });
});
