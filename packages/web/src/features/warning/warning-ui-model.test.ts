/**
 * The pure parts of the early-warning screens: lifecycle actions (server ALERT_TRANSITIONS / LEAD_TRANSITIONS of
 * issue #4), lead board columns, date-range filter, the explanation chart's window and points, and the network
 * tree nesting with trace highlights — on small hand-made inputs whose answers are written out here.
 */
import type { Alert, AlertDetail, Lead, NetworkTree, TracePlan } from "@tracewater/contract";
import { describe, expect, it } from "vitest";
import { alertMarkers } from "./AlertMap.js";
import { explanationChartOption, pointsFromEvidence, windowPoints } from "./explanation-chart.js";
import {
  addDays,
  alertActions,
  alertsInDateRange,
  chinaDateTime,
  LEVEL_COLORS,
  leadColumns,
  leadNextTransition,
} from "./model.js";
import { countLeaves, networkTreeData } from "./network-chart.js";
import { BOUNDARY_REACH_DEG, boundaryRings, nearestBoundaryPoint, traceMapData } from "./trace-map.js";

const explanation = (date: string, score: number, value: number, baseline: number): Alert["explanation"] => ({
  detector: "robust-z",
  scoreLabel: "robust z",
  date,
  score,
  value,
  baseline,
  detectorThreshold: 3,
  condition: { level: "orange", minScore: 4, persistenceDays: 1 },
  runStartDate: date,
  runDays: 1,
  valueUnit: "mg/day/1000 inh",
});

function alert(id: string, date: string, status: Alert["status"] = "new"): AlertDetail {
  return {
    id,
    site: "CZ-LZ-V01",
    siteName: "[模拟] 潞州区 娱乐场所 1",
    source: "changzhi-demo",
    simulated: true,
    jurisdictionCode: "140403",
    analyte: "methamphetamine",
    detector: "robust-z",
    level: "orange",
    date,
    lastDate: addDays(date, 2),
    score: 4.5,
    explanation: explanation(date, 4.5, 120, 40),
    evidenceCount: 2,
    status,
    statusReason: null,
    leadId: null,
    createdAt: `${date}T08:00:00Z`,
    updatedAt: `${date}T08:00:00Z`,
    evidence: [
      {
        date: addDays(date, 2),
        level: "yellow",
        score: 3.4,
        explanation: explanation(addDays(date, 2), 3.4, 90, 41),
        addedAt: "x",
      },
    ],
    history: [],
  };
}

function lead(id: string, status: Lead["status"], deadline: string, overdue: boolean): Lead {
  return {
    id,
    title: id,
    description: "",
    status,
    orgUnit: "140403",
    orgUnitName: "潞州区",
    assignedBy: "analyst",
    assigningUnit: "140400",
    deadline,
    overdue,
    site: null,
    analyte: null,
    alertIds: [],
    level: null,
    feedback: null,
    createdAt: "x",
    updatedAt: "x",
  };
}

describe("lifecycle actions", () => {
  it("mirror new → acknowledged → lead | dismissed → closed (lead creation acknowledges a new alert)", () => {
    expect(alertActions("new")).toEqual(["acknowledge", "createLead"]);
    expect(alertActions("acknowledged")).toEqual(["createLead", "dismiss"]);
    expect(alertActions("lead")).toEqual(["close"]);
    expect(alertActions("dismissed")).toEqual(["close"]);
    expect(alertActions("closed")).toEqual([]);
  });
  it("leads move open → in_progress, reported → closed; reported only through feedback", () => {
    expect(leadNextTransition("open")).toBe("in_progress");
    expect(leadNextTransition("in_progress")).toBeNull();
    expect(leadNextTransition("reported")).toBe("closed");
    expect(leadNextTransition("closed")).toBeNull();
  });
});

describe("lead board and inbox filters", () => {
  it("groups leads by state, overdue first, then by deadline", () => {
    const cols = leadColumns([
      lead("a", "open", "2025-03-10", false),
      lead("b", "open", "2025-03-20", true),
      lead("c", "open", "2025-03-01", false),
      lead("d", "reported", "2025-02-01", false),
    ]);
    expect(cols.open.map((l) => l.id)).toEqual(["b", "c", "a"]);
    expect(cols.in_progress).toEqual([]);
    expect(cols.reported.map((l) => l.id)).toEqual(["d"]);
  });
  it("keeps alerts whose raising date is inside the inclusive range", () => {
    const alerts = [
      alert("1", "2025-01-31"),
      alert("2", "2025-02-01"),
      alert("3", "2025-02-28"),
      alert("4", "2025-03-01"),
    ];
    expect(alertsInDateRange(alerts, "2025-02-01", "2025-02-28").map((a) => a.id)).toEqual(["2", "3"]);
    expect(alertsInDateRange(alerts, null, "2025-02-01").map((a) => a.id)).toEqual(["1", "2"]);
    expect(alertsInDateRange(alerts, null, null)).toHaveLength(4);
  });
  it("shows timestamps in China Standard Time (UTC+8): 02:17 UTC is 10:17, 20:00 UTC is the next day", () => {
    expect(chinaDateTime("2026-11-30T02:17:41.123Z")).toBe("2026-11-30 10:17");
    expect(chinaDateTime("2025-12-31T20:00:00Z")).toBe("2026-01-01 04:00");
    expect(chinaDateTime("not a date")).toBe("not a date");
  });
  it("adds calendar days across month and leap-year ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });
});

describe("explanation chart", () => {
  it("falls back to the evidence points (raising + appended), by date", () => {
    const points = pointsFromEvidence(alert("1", "2025-05-10"));
    expect(points).toEqual([
      { date: "2025-05-10", value: 120, baseline: 40, score: 4.5, threshold: 3, censored: false },
      { date: "2025-05-12", value: 90, baseline: 41, score: 3.4, threshold: 3, censored: false },
    ]);
  });
  it("shows 90 days before the raising date to 30 days after the last evidence", () => {
    const a = alert("1", "2025-05-10"); // lastDate 2025-05-12 → window 2025-02-09 … 2025-06-11
    const p = (date: string) => ({ date, value: 1, baseline: 1, score: 0, threshold: 3, censored: false });
    const kept = windowPoints([p("2025-02-08"), p("2025-02-09"), p("2025-06-11"), p("2025-06-12")], a);
    expect(kept.map((x) => x.date)).toEqual(["2025-02-09", "2025-06-11"]);
  });
  it("marks the raising point in both panels, shades the run, never draws a censored value as zero in the line", () => {
    const a = alert("1", "2025-05-10");
    const points = [
      { date: "2025-05-08", value: null, baseline: 40, score: null, threshold: 3, censored: true },
      { date: "2025-05-10", value: 120, baseline: 40, score: 4.5, threshold: 3, censored: false },
    ];
    const labels = {
      value: "观测值",
      baseline: "基线",
      score: "得分",
      threshold: "阈值",
      minScore: "橙色起点",
      censored: "低于定量限",
      run: "预警期",
      alertPoint: "预警点",
    };
    const option = explanationChartOption(a, points, labels) as { series: Array<Record<string, unknown>> };
    const [observed, , censored, score, threshold] = option.series as Array<{
      data: unknown[];
      markPoint?: { data: Array<{ coord: unknown[] }>; itemStyle: { color: string } };
      markArea?: { data: unknown[] };
      markLine?: { data: unknown[] };
    }>;
    expect(observed?.data).toEqual([
      ["2025-05-08", null],
      ["2025-05-10", 120],
    ]);
    expect(observed?.markPoint?.data[0]?.coord).toEqual(["2025-05-10", 120]);
    expect(observed?.markPoint?.itemStyle.color).toBe(LEVEL_COLORS.orange);
    expect(observed?.markArea?.data).toEqual([[{ xAxis: "2025-05-10" }, { xAxis: "2025-05-10" }]]);
    expect(censored?.data).toEqual([["2025-05-08", 0]]);
    expect(score?.markPoint?.data[0]?.coord).toEqual(["2025-05-10", 4.5]);
    expect(score?.markLine?.data).toEqual([{ yAxis: 4 }]);
    expect(threshold?.data).toEqual([
      ["2025-05-08", 3],
      ["2025-05-10", 3],
    ]);
  });
});

describe("network tree", () => {
  // plant P ← pumping station S ← venues V1, V2; plant P ← residential R
  const node = (site: string, downstreamSite: string | null, maxLevel: "red" | null = null) => ({
    site,
    name: site,
    kind: "x",
    downstreamSite,
    populationServed: null,
    lon: null,
    lat: null,
    jurisdictionCode: null,
    openAlerts: maxLevel ? 1 : 0,
    maxLevel,
  });
  const tree: NetworkTree = {
    root: "P",
    site: "S",
    nodes: [node("P", null), node("S", "P", "red"), node("V1", "S"), node("V2", "S"), node("R", "P")],
  };
  const trace: TracePlan = {
    alertId: "a1",
    site: "S",
    analyte: "methamphetamine",
    candidates: [
      { site: "V1", siteName: "V1", prior: 0.75 },
      { site: "V2", siteName: "V2", prior: 0.25 },
    ],
    priorBasis: "population",
    priorBasisCode: "population-venues-past-alerts",
    priorBasisParams: { venuePersons: 5000 },
    roundsDone: 0,
    localised: null,
    plan: { k: 1, points: ["V1"], expectedInformationBits: 0.811, classes: [] },
  };

  it("nests the nodes under the plant, children sorted", () => {
    const root = networkTreeData(tree, null);
    expect(root.site).toBe("P");
    expect(root.children.map((c) => c.site)).toEqual(["R", "S"]);
    expect(root.children[1]?.children.map((c) => c.site)).toEqual(["V1", "V2"]);
    expect(countLeaves(root)).toBe(3);
    expect(root.children[1]?.itemStyle.color).toBe(LEVEL_COLORS.red);
  });

  it("outlines candidates, shades them by prior, marks the plan point and dims the rest", () => {
    const root = networkTreeData(tree, trace);
    const s = root.children[1];
    const [v1, v2] = s?.children ?? [];
    expect(s?.alerting).toBe(true);
    expect(v1).toMatchObject({ candidate: true, prior: 0.75, planPoint: true, symbol: "diamond" });
    expect(v2).toMatchObject({ candidate: true, prior: 0.25, planPoint: false, symbol: "circle" });
    // label shade 0.1 + 0.35 × prior / max prior: V1 0.45, V2 0.1 + 0.35/3 = 0.217
    expect(v1?.label.backgroundColor).toBe("rgba(250, 84, 28, 0.450)");
    expect(v2?.label.backgroundColor).toBe("rgba(250, 84, 28, 0.217)");
    expect(root.children[0]?.itemStyle.opacity).toBe(0.35);
    expect(s?.itemStyle.opacity).toBe(1);
  });
});

describe("trace map layers", () => {
  // P (113.10, 36.20) ← S (113.00, 36.20) ← V1 (112.90, 36.25), V2 (112.90, 36.15); R without coordinates
  const at = (site: string, downstreamSite: string | null, lon: number | null, lat: number | null) => ({
    site,
    name: `n-${site}`,
    kind: "x",
    downstreamSite,
    populationServed: null,
    lon,
    lat,
    jurisdictionCode: null,
    openAlerts: 0,
    maxLevel: null,
  });
  const tree: NetworkTree = {
    root: "P",
    site: "S",
    nodes: [
      at("P", null, 113.1, 36.2),
      at("S", "P", 113.0, 36.2),
      at("V1", "S", 112.9, 36.25),
      at("V2", "S", 112.9, 36.15),
      at("R", "P", null, null),
    ],
  };
  const trace: TracePlan = {
    alertId: "a1",
    site: "S",
    analyte: "methamphetamine",
    candidates: [
      { site: "S", siteName: "S", prior: 0.5 },
      { site: "V1", siteName: "V1", prior: 0.3 },
      { site: "V2", siteName: "V2", prior: 0.2 },
    ],
    priorBasis: "population",
    priorBasisCode: "population-venues-past-alerts",
    priorBasisParams: { venuePersons: 5000 },
    roundsDone: 0,
    localised: null,
    plan: {
      k: 2,
      points: ["V2", "V1"],
      expectedInformationBits: 1.485,
      classes: [],
      windows: [
        { site: "V2", travelTimeToAlertHours: 1.5, windowStartOffsetHours: -1.5, windowEndOffsetHours: 22.5 },
        { site: "V1", travelTimeToAlertHours: null, windowStartOffsetHours: null, windowEndOffsetHours: null },
      ],
    },
  };

  it("plan points numbered in plan order with their windows, alert pin, candidates, links inside the candidate tree", () => {
    const d = traceMapData(tree, trace);
    const by = Object.fromEntries(d.sites.map((s) => [s.site, s]));
    expect(by.V2).toMatchObject({ role: "plan", order: 1, prior: 0.2, window: { from: -1.5, to: 22.5 } });
    expect(by.V1).toMatchObject({ role: "plan", order: 2, prior: 0.3, window: null });
    expect(by.S).toMatchObject({ role: "alert", prior: 0.5, order: null });
    expect(by.P).toMatchObject({ role: "other", prior: null });
    expect(d.unlocated).toBe(1); // R
    // R → P has no coordinates at R: left out; V1 → S and V2 → S lie in the candidate tree, S → P does not
    expect(d.links.map((l) => `${l.from}>${l.to}:${l.candidate}`).sort()).toEqual([
      "S>P:false",
      "V1>S:true",
      "V2>S:true",
    ]);
    expect(d.links.find((l) => l.from === "V1")?.coords).toEqual([
      [112.9, 36.25],
      [113.0, 36.2],
    ]);
    // span 0.2° × 0.1°: padding max(0.003, 0.12 × span) = 0.024° and 0.012°
    expect(d.bounds?.[0][0]).toBeCloseTo(112.876, 12);
    expect(d.bounds?.[0][1]).toBeCloseTo(36.262, 12);
    expect(d.bounds?.[1][0]).toBeCloseTo(113.124, 12);
    expect(d.bounds?.[1][1]).toBeCloseTo(36.138, 12);
  });

  it("without a plan: only the network, the tree's own site as the alert pin", () => {
    const d = traceMapData(tree, null);
    expect(d.sites.map((s) => s.role).sort()).toEqual(["alert", "other", "other", "other"]);
    expect(d.links.every((l) => !l.candidate)).toBe(true);
  });

  it("the view reaches the nearest county boundary: tree centre (113.0, 36.2) in a box 112.8…113.3 × 36.0…36.28", () => {
    const county = [
      [112.8, 36.0],
      [113.3, 36.0],
      [113.3, 36.28],
      [112.8, 36.28],
      [112.8, 36.0],
    ] as const;
    // distances from the centre (degrees of latitude; longitude × cos 36.2° = 0.80696): north 0.08, south 0.2,
    // west 0.2 × 0.80696 = 0.161, east 0.3 × 0.80696 = 0.242 → the north edge at (113.0, 36.28)
    const near = nearestBoundaryPoint([113.0, 36.2], [county]);
    expect(near?.point[0]).toBeCloseTo(113.0, 12);
    expect(near?.point[1]).toBeCloseTo(36.28, 12);
    expect(near?.distance).toBeCloseTo(0.08, 12);
    // box of the tree widened to lat 36.28: span 0.2° × 0.13° → padding 0.024° and 0.0156°
    const d = traceMapData(tree, trace, [county]);
    expect(d.bounds?.[0][0]).toBeCloseTo(112.876, 12);
    expect(d.bounds?.[0][1]).toBeCloseTo(36.2956, 12);
    expect(d.bounds?.[1][0]).toBeCloseTo(113.124, 12);
    expect(d.bounds?.[1][1]).toBeCloseTo(36.1344, 12);
    // a boundary farther than the reach (0.3°) leaves the tree's own view (see the first test)
    const faraway = county.map(([lon, lat]) => [lon - 1, lat] as const);
    expect(nearestBoundaryPoint([113.0, 36.2], [faraway])?.distance).toBeGreaterThan(BOUNDARY_REACH_DEG);
    expect(traceMapData(tree, trace, [faraway]).bounds).toEqual(traceMapData(tree, trace).bounds);
  });

  it("in a view 3× as wide as high the west edge is nearer: east–west distances count a third", () => {
    const county = [
      [112.8, 36.0],
      [113.3, 36.0],
      [113.3, 36.28],
      [112.8, 36.28],
      [112.8, 36.0],
    ] as const;
    // west 0.2 × 0.80696 / 3 = 0.0538 < north 0.08 → (112.8, 36.2)
    const near = nearestBoundaryPoint([113.0, 36.2], [county], 3);
    expect(near?.point[0]).toBeCloseTo(112.8, 12);
    expect(near?.point[1]).toBeCloseTo(36.2, 12);
    expect(near?.distance).toBeCloseTo((0.2 * Math.cos((36.2 * Math.PI) / 180)) / 3, 12);
    // box widened to lon 112.8: span 0.3° × 0.1° → padding 0.036° and 0.012°
    const d = traceMapData(tree, trace, [county], 3);
    expect(d.bounds?.[0][0]).toBeCloseTo(112.764, 12);
    expect(d.bounds?.[0][1]).toBeCloseTo(36.262, 12);
    expect(d.bounds?.[1][0]).toBeCloseTo(113.136, 12);
    expect(d.bounds?.[1][1]).toBeCloseTo(36.138, 12);
  });

  it("nearest boundary point: perpendicular foot on an edge, longitudes scaled by cos latitude", () => {
    // at the equator: the edge (2, 0)–(0, 2) is nearest to the origin at (1, 1), √2 away
    const diagonal = nearestBoundaryPoint(
      [0, 0],
      [
        [
          [2, 0],
          [0, 2],
        ],
      ],
    );
    expect(diagonal?.point[0]).toBeCloseTo(1, 12);
    expect(diagonal?.point[1]).toBeCloseTo(1, 12);
    expect(diagonal?.distance).toBeCloseTo(Math.SQRT2, 12);
    // at 60° N a degree of longitude is half a degree of latitude: the meridian 2° east is 1.0 away, the parallel
    // 1.5° north 1.5 away → the meridian, at (2, 60)
    const at60 = nearestBoundaryPoint(
      [0, 60],
      [
        [
          [2, 59],
          [2, 61.5],
          [-2, 61.5],
        ],
      ],
    );
    expect(at60?.point).toEqual([2, 60]);
    expect(at60?.distance).toBeCloseTo(1, 12);
    expect(nearestBoundaryPoint([0, 0], [])).toBeNull();
  });

  it("boundary rings of a FeatureCollection: Polygon rings (holes too) and MultiPolygon rings, nothing else", () => {
    const ring = (x: number) => [
      [x, 0],
      [x + 1, 0],
      [x, 1],
      [x, 0],
    ];
    const geo = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [ring(0), ring(10)] } },
        { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: [[ring(20)], [ring(30)]] } },
        { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [5, 5] } },
        { type: "Feature", properties: {}, geometry: null },
      ],
    };
    expect(boundaryRings(geo).map((r) => r[0]?.[0])).toEqual([0, 10, 20, 30]);
    expect(boundaryRings(undefined)).toEqual([]);
    expect(boundaryRings({ type: "FeatureCollection" })).toEqual([]);
  });
});

describe("alert map markers", () => {
  it("one marker per located site: alert count, highest level, the most severe alert as the click target", () => {
    const a1 = { ...alert("a1", "2025-03-01"), site: "S1", level: "yellow" as const };
    const a2 = { ...alert("a2", "2025-03-02"), site: "S1", level: "red" as const };
    const a3 = { ...alert("a3", "2025-03-03"), site: "S1", level: "orange" as const };
    const a4 = { ...alert("a4", "2025-03-04"), site: "S2", level: "blue" as const };
    const a5 = { ...alert("a5", "2025-03-05"), site: "NOWHERE", level: "red" as const };
    const located = new Map([
      ["S1", { lon: 113.1, lat: 36.2 }],
      ["S2", { lon: 112.9, lat: 36.4 }],
    ]);
    expect(alertMarkers([a1, a2, a3, a4, a5], located)).toEqual([
      { site: "S1", name: a1.siteName, lon: 113.1, lat: 36.2, count: 3, maxLevel: "red", alertId: "a2" },
      { site: "S2", name: a4.siteName, lon: 112.9, lat: 36.4, count: 1, maxLevel: "blue", alertId: "a4" },
    ]);
  });
});
