import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, isoWeekday } from "../detect/day-number.js";
import { type SimulatedLoad, simulateScenario } from "./generate.js";
import type { Scenario, ScenarioAnalyte, ScenarioNode } from "./scenario.js";

const flat = (v: number) => ({ residential: v, hotel: v, entertainment: v });

/** METH-like analyte, no patterns unless given. */
function analyte(code: string, over: Partial<ScenarioAnalyte> = {}): ScenarioAnalyte {
  return {
    code,
    lodNgPerL: 0.2,
    loqNgPerL: 0.5,
    baselinePnl: flat(25),
    weekendFactor: flat(1),
    seasonalAmplitude: 0,
    seasonalPeakDayOfYear: 1,
    dailySigmaLog: 0.1,
    ...over,
  };
}

function nodeOf(
  code: string,
  kind: ScenarioNode["kind"],
  ownPopulation: number,
  downstream: string | null,
  over: Partial<ScenarioNode> = {},
): ScenarioNode {
  return {
    code,
    name: code,
    kind,
    jurisdictionCode: "140403",
    lon: 113.1,
    lat: 36.2,
    ownPopulation,
    downstream,
    ...over,
  };
}

/** Plant ← pumping station ← {KTV venue, hotel, residential block}; plant has its own residents too. */
function smallScenario(over: Partial<Scenario> = {}): Scenario {
  return {
    name: "test",
    source: "test-demo",
    from: "2024-01-01",
    to: "2024-01-28",
    flowLPerPersonPerDay: 250,
    flowSigmaLog: 0.1,
    measurementSigmaLog: 0.15,
    analytes: [
      analyte("methamphetamine", { baselinePnl: { residential: 25, hotel: 40, entertainment: 80 } }),
      analyte("ketamine", {
        baselinePnl: { residential: 3, hotel: 8, entertainment: 60 },
        weekendFactor: { residential: 1.3, hotel: 1.5, entertainment: 2.5 },
      }),
      analyte("etomidate", { baselinePnl: flat(0) }),
    ],
    nodes: [
      nodeOf("P", "wwtp_influent", 400_000, null),
      nodeOf("PS", "pumping_station", 0, "P"),
      nodeOf("KTV", "venue_outfall", 1200, "PS", { venueType: "entertainment", flowLPerPersonPerDay: 50 }),
      nodeOf("HOT", "venue_outfall", 600, "PS", { venueType: "hotel", flowLPerPersonPerDay: 300 }),
      nodeOf("RB", "manhole", 30_000, "PS"),
    ],
    events: [],
    ...over,
  };
}

function byKey(loads: SimulatedLoad[]): Map<string, SimulatedLoad> {
  return new Map(loads.map((l) => [`${l.site}|${l.date}|${l.analyte}`, l]));
}

describe("simulateScenario — hand calculation (science.md §1 worked example)", () => {
  it("P = 400 000, PNL 25 mg/d/1000, 250 L/person/day → Q = 100 000 m³/d, L = 10 000 mg/d, C = 100 ng/L", () => {
    const s = smallScenario({
      nodes: [nodeOf("P", "wwtp_influent", 400_000, null)],
      analytes: [analyte("methamphetamine")],
    });
    const r = simulateScenario(s, { noise: false, from: "2024-01-03", to: "2024-01-03" });
    expect(r.labRows).toEqual([
      {
        site_code: "P",
        sample_date: "2024-01-03",
        analyte: "methamphetamine",
        concentration: 100,
        unit: "ng/L",
        lod: 0.2,
        loq: 0.5,
        flow_m3_per_day: 100_000,
        population_served: 400_000,
      },
    ]);
    expect(r.sites[0]).toMatchObject({
      site_code: "P",
      name: "[模拟]P",
      kind: "wwtp_influent",
      population_served: 400_000,
      downstream_site: "",
    });
    expect(r.simulated).toBe(true);
  });

  it("population served = own + everything upstream", () => {
    const r = simulateScenario(smallScenario(), { noise: false, from: "2024-01-03", to: "2024-01-03" });
    const served = Object.fromEntries(r.sites.map((s) => [s.site_code, s.population_served]));
    expect(served).toEqual({ P: 400_000 + 31_800, PS: 31_800, KTV: 1200, HOT: 600, RB: 30_000 });
  });
});

describe("simulateScenario — determinism", () => {
  it("same seed → identical output; another seed → different values", () => {
    const a = simulateScenario(smallScenario(), { seed: 7 });
    const b = simulateScenario(smallScenario(), { seed: 7 });
    const c = simulateScenario(smallScenario(), { seed: 8 });
    expect(b).toEqual(a);
    expect(c.labRows.map((x) => x.concentration)).not.toEqual(a.labRows.map((x) => x.concentration));
  });

  it("a sub-range reproduces exactly the rows of the longer run (one random stream per day)", () => {
    const full = simulateScenario(smallScenario(), { seed: 3 });
    const part = simulateScenario(smallScenario(), { seed: 3, from: "2024-01-10", to: "2024-01-12" });
    expect(part.labRows).toEqual(
      full.labRows.filter((x) => x.sample_date >= "2024-01-10" && x.sample_date <= "2024-01-12"),
    );
  });
});

describe("simulateScenario — conservation down the tree", () => {
  it("noise off: reported load at each node = own + Σ upstream reported loads (float tolerance)", () => {
    const r = simulateScenario(smallScenario(), { noise: false, includeLoads: true });
    const m = byKey(r.loads!);
    for (const l of r.loads!) {
      if (l.site === "PS") {
        const up = ["KTV", "HOT", "RB"].reduce(
          (t, s) => t + m.get(`${s}|${l.date}|${l.analyte}`)!.reportedLoadMgPerDay,
          0,
        );
        expect(l.reportedLoadMgPerDay).toBeCloseTo(up + l.ownLoadMgPerDay, 9);
      }
      if (l.site === "P") {
        const ps = m.get(`PS|${l.date}|${l.analyte}`)!;
        expect(l.reportedLoadMgPerDay).toBeCloseTo(ps.reportedLoadMgPerDay + l.ownLoadMgPerDay, 9);
        expect(l.flowM3PerDay).toBeCloseTo(ps.flowM3PerDay + 100_000, 6);
      }
    }
  });

  it("property: on random trees with noise, true loads and flows are conserved at every node", () => {
    const tree = fc.array(
      fc.record({ parent: fc.nat(), pop: fc.integer({ min: 1, max: 200_000 }), venue: fc.boolean() }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (spec, seed) => {
        // node k flows to a node with a smaller index (node 0 = the plant) → always a tree
        const nodes = spec.map((x, k) =>
          nodeOf(
            `N${k}`,
            k === 0 ? "wwtp_influent" : x.venue ? "venue_outfall" : "manhole",
            x.pop,
            k === 0 ? null : `N${x.parent % k}`,
            x.venue ? { venueType: "entertainment" } : {},
          ),
        );
        const r = simulateScenario(smallScenario({ nodes, from: "2024-02-01", to: "2024-02-03" }), {
          seed,
          includeLoads: true,
        });
        const m = byKey(r.loads!);
        for (const l of r.loads!) {
          const kids = nodes
            .filter((n) => n.downstream === l.site)
            .map((n) => m.get(`${n.code}|${l.date}|${l.analyte}`)!);
          const sumL = kids.reduce((t, c) => t + c.trueLoadMgPerDay, 0) + l.ownLoadMgPerDay;
          expect(Math.abs(l.trueLoadMgPerDay - sumL)).toBeLessThanOrEqual(1e-9 * Math.max(1, sumL));
          expect(l.flowM3PerDay).toBeGreaterThan(kids.reduce((t, c) => t + c.flowM3PerDay, 0) - 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("simulateScenario — day-of-week and season", () => {
  it("noise off: Saturday/Sunday concentration = weekday × weekend factor (KTV ketamine 2.5, METH 1)", () => {
    const r = simulateScenario(smallScenario({ from: "2024-01-01", to: "2024-03-31" }), { noise: false });
    const ktv = r.labRows.filter((x) => x.site_code === "KTV" && x.analyte === "ketamine");
    const weekday = ktv.find((x) => isoWeekday(dayNumber(x.sample_date)) === 3)!.concentration as number;
    for (const x of ktv) {
      const wd = isoWeekday(dayNumber(x.sample_date));
      expect(x.concentration as number).toBeCloseTo(wd >= 6 ? weekday * 2.5 : weekday, 2);
    }
    // KTV, no noise: 1.2 persons-thousand × 60 mg/d/1000 = 72 mg/d in 60 m³/d → 1200 ng/L on a weekday
    expect(weekday).toBe(1200);
    const meth = r.labRows.filter((x) => x.site_code === "RB" && x.analyte === "methamphetamine");
    expect(new Set(meth.map((x) => x.concentration))).toEqual(new Set([100]));
  });

  it("with noise, two years: mean ln(weekend) − mean ln(weekday) ≈ ln 2.5 for the venue, ≈ 0 for METH", () => {
    const r = simulateScenario(smallScenario({ from: "2023-01-01", to: "2024-12-31" }), { seed: 11 });
    const gap = (site: string, a: string) => {
      const we: number[] = [];
      const wd: number[] = [];
      for (const x of r.labRows) {
        if (x.site_code !== site || x.analyte !== a) continue;
        (isoWeekday(dayNumber(x.sample_date)) >= 6 ? we : wd).push(Math.log(x.concentration as number));
      }
      const mean = (v: number[]) => v.reduce((t, y) => t + y, 0) / v.length;
      return mean(we) - mean(wd);
    };
    // σ of one ln value ≈ √(0.1² + 0.1² + 0.15²) ≈ 0.21; ~208 weekend days → s.e. of the gap ≈ 0.017
    expect(gap("KTV", "ketamine")).toBeCloseTo(Math.log(2.5), 1);
    expect(Math.abs(gap("P", "methamphetamine"))).toBeLessThan(0.06);
  });

  it("seasonal cosine: peak day × (1 + A), half a year later × (1 − A)", () => {
    const s = smallScenario({
      nodes: [nodeOf("P", "wwtp_influent", 400_000, null)],
      analytes: [analyte("methamphetamine", { seasonalAmplitude: 0.2, seasonalPeakDayOfYear: 213 })],
    });
    const r = simulateScenario(s, { noise: false, from: "2023-01-01", to: "2023-12-31" });
    const c = (d: string) => r.labRows.find((x) => x.sample_date === d)!.concentration as number;
    expect(c("2023-08-01")).toBeCloseTo(120, 3); // day 213 of 2023
    // 182.625 days later is between 30 Jan and 31 Jan 2024; at day 213 − 182 = 31 (31 Jan): cos(2π·182/365.25) ≈ −0.99999
    expect(c("2023-01-31")).toBeCloseTo(80, 1);
  });
});

describe("simulateScenario — censoring", () => {
  it("concentrations below the LOQ are written as <LOQ, the rest as numbers", () => {
    // PNL 0.1 mg/d/1000 in 250 L/person/day → 0.4 ng/L < LOQ 0.5; PNL 0.15 → 0.6 ng/L ≥ 0.5
    const s = smallScenario({
      nodes: [nodeOf("P", "wwtp_influent", 400_000, null)],
      analytes: [analyte("mdma", { baselinePnl: flat(0.1) }), analyte("ketamine", { baselinePnl: flat(0.15) })],
    });
    const r = simulateScenario(s, { noise: false, from: "2024-01-03", to: "2024-01-03" });
    expect(r.labRows.map((x) => [x.analyte, x.concentration])).toEqual([
      ["mdma", "<LOQ"],
      ["ketamine", 0.6],
    ]);
  });

  it("with noise, a value is censored exactly when the unrounded concentration is below the LOQ", () => {
    const s = smallScenario({ analytes: [analyte("mdma", { baselinePnl: flat(0.125), dailySigmaLog: 0.3 })] });
    const r = simulateScenario(s, { seed: 5, includeLoads: true });
    let censored = 0;
    r.labRows.forEach((x, i) => {
      const c = r.loads![i]!.concentrationNgPerL;
      expect(x.concentration === "<LOQ").toBe(c < 0.5);
      if (x.concentration === "<LOQ") censored++;
    });
    expect(censored).toBeGreaterThan(10);
    expect(censored).toBeLessThan(r.labRows.length - 10);
  });
});

describe("simulateScenario — injected events", () => {
  const events: Scenario["events"] = [
    { type: "party_spike", site: "KTV", analyte: "ketamine", start: "2024-01-13", end: "2024-01-14", factor: 6 },
    { type: "step", site: "RB", analyte: "methamphetamine", start: "2024-01-15", end: "2024-01-28", factor: 2 },
    { type: "dumping", site: "HOT", analyte: "methamphetamine", start: "2024-01-10", end: "2024-01-10", factor: 20 },
    {
      type: "new_substance",
      site: "KTV",
      analyte: "etomidate",
      start: "2024-01-20",
      end: "2024-01-28",
      pnlMgPerDayPer1000: 20,
    },
    { type: "lab_error", site: "P", analyte: "methamphetamine", start: "2024-01-08", end: "2024-01-08", factor: 10 },
  ];
  const withEv = simulateScenario(smallScenario({ events }), { seed: 21, includeLoads: true });
  const without = simulateScenario(smallScenario(), { seed: 21, includeLoads: true });
  const base = byKey(without.loads!);

  it("own-load (or reported, for lab_error) ratio = factor exactly on the event days and 1 elsewhere", () => {
    for (const e of events.filter((x) => x.type !== "new_substance")) {
      for (const l of withEv.loads!.filter((x) => x.site === e.site && x.analyte === e.analyte)) {
        const b = base.get(`${l.site}|${l.date}|${l.analyte}`)!;
        const inside = l.date >= e.start && l.date <= e.end;
        // lab error: reported/true (P also receives the upstream events, so compare the measurement ratio)
        const ratio =
          e.type === "lab_error"
            ? l.reportedLoadMgPerDay / l.trueLoadMgPerDay / (b.reportedLoadMgPerDay / b.trueLoadMgPerDay)
            : l.ownLoadMgPerDay / b.ownLoadMgPerDay;
        expect(ratio).toBeCloseTo(inside ? (e.factor as number) : 1, 9);
      }
    }
  });

  it("the party spike shows at the venue's reported concentration (leaf) and propagates downstream diluted", () => {
    const c = (r: typeof withEv, site: string, d: string) =>
      r.loads!.find((x) => x.site === site && x.date === d && x.analyte === "ketamine")!;
    expect(
      c(withEv, "KTV", "2024-01-13").concentrationNgPerL / c(without, "KTV", "2024-01-13").concentrationNgPerL,
    ).toBeCloseTo(6, 9);
    const extra = c(withEv, "KTV", "2024-01-13").trueLoadMgPerDay - c(without, "KTV", "2024-01-13").trueLoadMgPerDay;
    expect(c(withEv, "P", "2024-01-13").trueLoadMgPerDay - c(without, "P", "2024-01-13").trueLoadMgPerDay).toBeCloseTo(
      extra,
      6,
    );
  });

  it("the lab error does not propagate (downstream of nothing; upstream values unchanged)", () => {
    const d = "2024-01-08";
    const ps = withEv.loads!.find((x) => x.site === "PS" && x.date === d && x.analyte === "methamphetamine")!;
    expect(ps.reportedLoadMgPerDay).toBe(base.get(`PS|${d}|methamphetamine`)!.reportedLoadMgPerDay);
  });

  it("new substance: <LOQ everywhere before its start, quantified at the venue from the start day", () => {
    const eto = withEv.labRows.filter((x) => x.analyte === "etomidate");
    expect(eto.filter((x) => x.sample_date < "2024-01-20").every((x) => x.concentration === "<LOQ")).toBe(true);
    const ktv = eto.filter((x) => x.site_code === "KTV" && x.sample_date >= "2024-01-20");
    expect(ktv).toHaveLength(9);
    expect(ktv.every((x) => typeof x.concentration === "number" && x.concentration > 0.5)).toBe(true);
  });

  it("truth lists the events (clipped to the range) with their factors", () => {
    expect(withEv.events).toEqual([
      { type: "party_spike", site: "KTV", analyte: "ketamine", start: "2024-01-13", end: "2024-01-14", factor: 6 },
      { type: "step", site: "RB", analyte: "methamphetamine", start: "2024-01-15", end: "2024-01-28", factor: 2 },
      { type: "dumping", site: "HOT", analyte: "methamphetamine", start: "2024-01-10", end: "2024-01-10", factor: 20 },
      {
        type: "new_substance",
        site: "KTV",
        analyte: "etomidate",
        start: "2024-01-20",
        end: "2024-01-28",
        factor: null,
        pnlMgPerDayPer1000: 20,
      },
      { type: "lab_error", site: "P", analyte: "methamphetamine", start: "2024-01-08", end: "2024-01-08", factor: 10 },
    ]);
    const part = simulateScenario(smallScenario({ events }), { seed: 21, from: "2024-01-12", to: "2024-01-16" });
    expect(part.events.map((e) => [e.type, e.start, e.end])).toEqual([
      ["party_spike", "2024-01-13", "2024-01-14"],
      ["step", "2024-01-15", "2024-01-16"],
    ]);
  });
});
