import { describe, expect, it } from "vitest";
import { CHANGZHI_COUNTIES, CHANGZHI_POPULATION_2020, changzhiDemoScenario } from "./changzhi-demo.js";
import { simulateScenario } from "./generate.js";
import { type Scenario, ScenarioError, validateScenario } from "./scenario.js";

function broken(change: (s: Scenario) => void): () => void {
  const s = changzhiDemoScenario();
  change(s);
  return () => validateScenario(s);
}

describe("validateScenario", () => {
  it("accepts the bundled scenario", () => {
    expect(validateScenario(changzhiDemoScenario()).ids).toHaveLength(changzhiDemoScenario().nodes.length);
  });

  it("names the offending field", () => {
    expect(broken((s) => (s.nodes[2]!.downstream = "NOPE"))).toThrow(/nodes\[2\]\.downstream.*unknown site NOPE/);
    expect(broken((s) => (s.nodes[3]!.code = s.nodes[2]!.code))).toThrow(ScenarioError);
    expect(broken((s) => (s.analytes[0]!.code = "unobtainium"))).toThrow(/analytes\[0\]\.code/);
    expect(broken((s) => (s.analytes[0]!.loqNgPerL = 0.1))).toThrow(/analytes\[0\]\.loqNgPerL.*LOQ ≥ the LOD \(0\.2\)/);
    expect(broken((s) => (s.events[0]!.site = "X"))).toThrow(/events\[0\]\.site/);
    expect(broken((s) => (s.events[0]!.end = "2020-01-01"))).toThrow(/events\[0\]\.end/);
    expect(broken((s) => (s.to = "2022-01-01"))).toThrow(/Invalid scenario to/);
    expect(broken((s) => (s.from = "2023-02-29"))).toThrow(/Invalid scenario from/);
  });

  it("rejects a cycle and a leaf without people (no flow)", () => {
    expect(
      broken((s) => {
        const ps = s.nodes.find((n) => n.code === "CZ-140403-PS1")!;
        ps.downstream = "CZ-140403-RB1";
      }),
    ).toThrow(/cycle/);
    expect(broken((s) => (s.nodes.find((n) => n.code === "CZ-140403-RB1")!.ownPopulation = 0))).toThrow(
      /ownPopulation.*no flow/,
    );
  });
});

describe("changzhi-demo", () => {
  const s = changzhiDemoScenario();
  const r = simulateScenario(s, { seed: 1, from: "2024-06-10", to: "2024-06-16" });

  it("12 county-level divisions (GB/T 2260 140403 … 140431), each with at least one plant CZ-<code>-WWTP1", () => {
    expect(CHANGZHI_COUNTIES.map((c) => c.code)).toEqual([
      "140403",
      "140404",
      "140405",
      "140406",
      "140423",
      "140425",
      "140426",
      "140427",
      "140428",
      "140429",
      "140430",
      "140431",
    ]);
    for (const c of CHANGZHI_COUNTIES) {
      expect(r.sites.find((x) => x.site_code === `CZ-${c.code}-WWTP1`)).toMatchObject({
        kind: "wwtp_influent",
        jurisdiction_code: c.code,
        downstream_site: "",
      });
    }
  });

  it("every county carries its 2020 census 常住人口 (citypopulation.de 长治市 table, sources in changzhi-demo.ts)", () => {
    // 2020-11-01 census column of https://www.citypopulation.de/en/china/shanxi/admin/1404__chángzhì_shì/;
    // 潞州区, 屯留区, 襄垣县, 黎城县, 潞城区 also confirmed by zh.wikipedia / psic.org.cn (header of changzhi-demo.ts).
    expect(Object.fromEntries(CHANGZHI_COUNTIES.map((c) => [c.name, c.population]))).toEqual({
      潞州区: 895_280,
      上党区: 319_660,
      屯留区: 253_756,
      潞城区: 219_256,
      襄垣县: 260_081,
      平顺县: 115_927,
      黎城县: 134_186,
      壶关县: 240_109,
      长子县: 298_690,
      武乡县: 155_386,
      沁县: 138_578,
      沁源县: 149_975,
    });
    expect(CHANGZHI_COUNTIES.every((c) => c.populationConfirmed)).toBe(true);
  });

  it("county populations sum to the 2020 census total 3 180 884 and the plants serve exactly that", () => {
    expect(CHANGZHI_POPULATION_2020).toBe(3_180_884);
    expect(CHANGZHI_COUNTIES.reduce((t, c) => t + c.population, 0)).toBe(3_180_884);
    const plants = r.sites.filter((x) => x.kind === "wwtp_influent");
    expect(plants.reduce((t, p) => t + p.population_served, 0)).toBe(3_180_884);
    for (const c of CHANGZHI_COUNTIES) {
      expect(plants.filter((p) => p.jurisdiction_code === c.code).reduce((t, p) => t + p.population_served, 0)).toBe(
        c.population,
      );
    }
  });

  it("venue outfalls and pumping stations only in the urban districts; everything marked simulated", () => {
    const urban = new Set(CHANGZHI_COUNTIES.filter((c) => c.urban).map((c) => c.code));
    for (const x of r.sites) {
      expect(x.name.startsWith("[模拟]")).toBe(true);
      if (x.kind !== "wwtp_influent") expect(urban.has(x.jurisdiction_code)).toBe(true);
    }
    expect(r.sites.filter((x) => x.kind === "venue_outfall").length).toBeGreaterThanOrEqual(5);
    expect(r.source).toBe("changzhi-demo");
    expect(r.simulated).toBe(true);
  });

  it("plant METH consumption (PNL × CF 2.33) within the Chinese 2018 city range 23–376 mg/day/1000 (science.md §5)", () => {
    for (const row of r.labRows) {
      if (row.analyte !== "methamphetamine" || !row.site_code.includes("WWTP") || typeof row.concentration !== "number")
        continue;
      const pnl = (row.concentration * row.flow_m3_per_day) / 1000 / (row.population_served / 1000);
      expect(pnl * 2.33).toBeGreaterThan(15); // noise (σ ≈ 0.2 on ln) around 28–65 mg/d/1000
      expect(pnl * 2.33).toBeLessThan(150);
    }
  });

  it("the default range 2023-01-01 … 2025-12-31 holds every demo event with its truth", () => {
    expect([s.from, s.to]).toEqual(["2023-01-01", "2025-12-31"]);
    const full = simulateScenario(s, { seed: 1, from: "2023-01-01", to: "2023-01-01" });
    expect(full.events).toEqual([]);
    const types = new Set(s.events.map((e) => e.type));
    expect(types).toEqual(new Set(["party_spike", "step", "dumping", "new_substance", "lab_error"]));
  });
});
