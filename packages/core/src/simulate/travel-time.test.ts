import { describe, expect, it } from "vitest";
import { changzhiDemoScenario } from "./changzhi-demo.js";
import { simulateScenario } from "./generate.js";
import { greatCircleDistanceM, simulatedTravelTimeHours } from "./travel-time.js";

describe("simulated sewer travel times", () => {
  it("one degree of latitude is R·π/180 = 111 195.08 m (R = 6 371 008.8 m)", () => {
    expect(greatCircleDistanceM(113, 36, 113, 37)).toBeCloseTo(111_195.08, 1);
  });

  it("0.01° of latitude: 1 111.95 m × 1.3 / 0.6 m/s / 3600 = 0.669 h → 0.7 h; a tiny link is at least 0.1 h", () => {
    expect(simulatedTravelTimeHours(113, 36, 113, 36.01)).toBe(0.7);
    // 0.1° of latitude: 11 119.5 m × 1.3 / 0.6 / 3600 = 6.692 h → 6.7 h
    expect(simulatedTravelTimeHours(113, 36, 113, 36.1)).toBe(6.7);
    expect(simulatedTravelTimeHours(113, 36, 113, 36)).toBe(0.1);
  });

  it("the Changzhi demo registry has a travel time on every link and none on the plants", () => {
    const r = simulateScenario(changzhiDemoScenario(), { from: "2024-01-01", to: "2024-01-01" });
    for (const s of r.sites) {
      if (s.downstream_site === "") expect(s.travel_time_hours).toBe("");
      else {
        expect(typeof s.travel_time_hours).toBe("number");
        expect(s.travel_time_hours as number).toBeGreaterThan(0);
        expect(s.travel_time_hours as number).toBeLessThan(12);
      }
    }
    // 潞州区 PS1 (+0.02°, +0.015°) → WWTP1 (0, 0) around 36.2°N: ≈ 2.49 km → × 1.3 / 0.6 m/s ≈ 1.5 h
    expect(r.sites.find((s) => s.site_code === "CZ-140403-PS1")?.travel_time_hours).toBe(1.5);
  });
});
