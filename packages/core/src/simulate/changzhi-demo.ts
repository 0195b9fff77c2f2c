/**
 * Bundled scenario `changzhi-demo` — a SIMULATED monitoring network for 长治市 (Changzhi, Shanxi, GB/T 2260
 * 140400): the 12 county-level divisions, one treatment plant per county (two in 潞州区), pumping stations,
 * residential blocks and venue outfalls (hotels, entertainment venues) in the urban districts. No value here is
 * a measurement; site names carry `[模拟]` and the source label is `changzhi-demo` (docs/simulator.md).
 *
 * Coordinates: each county's plant sits at the `center` (seat of government) of its feature in
 * `data/geo/changzhi-140400.geojson`; sub-catchment sites are placed at small fixed offsets from it (fictional).
 *
 * Populations (2020 seventh census, 常住人口, 2020-11-01) — all twelve are census figures; they sum exactly to the
 * city total:
 * - city total 3 180 884 — 山西省第七次全国人口普查公报（第二号）, 山西省统计局 2021-05-26
 *   (mirror read: http://cctv.casa/news/6771.html);
 * - all twelve divisions — citypopulation.de, 长治市 subdivision table, column "Population Census 2020-11-01"
 *   (https://www.citypopulation.de/en/china/shanxi/admin/1404__chángzhì_shì/; sources named there: China National
 *   Bureau of Statistics, Shanxi Provincial Bureau of Statistics, Bureaus of Statistics in Shanxi). Its 12 figures
 *   sum to 3 180 884 and agree with every independent source below;
 * - 潞州区 895 280 — zh.wikipedia 潞州区 (via https://www.wikiwand.com/zh-tw/articles/潞州区), citing the census;
 * - 屯留区 253 756 and 襄垣县 260 081 — psic.org.cn county pages (http://psic.org.cn/sjrk/8976.html,
 *   http://psic.org.cn/xianjirank/sxxsqrk/8975.html) quoting 长治市第七次全国人口普查公报;
 * - 黎城县 134 186 — zh.wikipedia 黎城县 (mirror read: https://zhwiki.oracleblog.org/wiki/黎城縣), citing the census;
 * - 潞城区 219 256 — zh.wikipedia 潞城区 (mirror read: https://zhwiki.oracleblog.org/zh-hans/潞城区), citing the census;
 * - 上党区 319 660, 平顺县 115 927, 壶关县 240 109, 长子县 298 690, 武乡县 155 386, 沁县 138 578,
 *   沁源县 149 975 — citypopulation.de only (the 长治市 bulletin's per-county table itself was not read).
 *
 * Magnitudes (mg/day/1000 inh of the residue): residential METH PNL 20 × county use level 0.6–1.4 → 12–28, i.e.
 * consumption 28–65 with CF 2.33 (science.md §2), inside the Chinese city range 23–376 mg/day/1000 consumption
 * (2018, science.md §5). Ketamine, MDMA (low in China), cotinine (population marker: 2.5 cigarettes/capita/day ×
 * 0.14 mg, the Chinese platform formula of science.md §1) and etomidate (absent until the injected first
 * appearance) — the other values are modelling judgement, documented in docs/simulator.md §3.
 */
import type { Scenario, ScenarioAnalyte, ScenarioEvent, ScenarioNode } from "./scenario.js";

/** A county-level division of 长治市 with its seat coordinates and 2020 population. */
export interface ChangzhiCounty {
  code: string;
  name: string;
  /** `center` of the GeoJSON feature, [lon, lat] WGS-84 */
  center: readonly [number, number];
  /** 2020 seventh-census resident population, or an approximation (see `populationConfirmed`) */
  population: number;
  /** true when the figure was confirmed against a published source (cited in this file's header) */
  populationConfirmed: boolean;
  /** relative level of drug use (multiplier on the baseline PNLs) — simulated, judgement */
  useLevel: number;
  /** urban district with pumping stations and venue sub-catchments */
  urban: boolean;
}

/** 长治市 2020 seventh-census resident population (山西省第七次全国人口普查公报 第二号). */
export const CHANGZHI_POPULATION_2020 = 3_180_884;

export const CHANGZHI_COUNTIES: readonly ChangzhiCounty[] = [
  {
    code: "140403",
    name: "潞州区",
    center: [113.114107, 36.187895],
    population: 895_280,
    populationConfirmed: true,
    useLevel: 1.4,
    urban: true,
  },
  {
    code: "140404",
    name: "上党区",
    center: [113.056679, 36.052438],
    population: 319_660,
    populationConfirmed: true,
    useLevel: 1.0,
    urban: true,
  },
  {
    code: "140405",
    name: "屯留区",
    center: [112.892741, 36.314072],
    population: 253_756,
    populationConfirmed: true,
    useLevel: 0.9,
    urban: true,
  },
  {
    code: "140406",
    name: "潞城区",
    center: [113.223245, 36.332232],
    population: 219_256,
    populationConfirmed: true,
    useLevel: 1.1,
    urban: true,
  },
  {
    code: "140423",
    name: "襄垣县",
    center: [113.050094, 36.532854],
    population: 260_081,
    populationConfirmed: true,
    useLevel: 1.0,
    urban: false,
  },
  {
    code: "140425",
    name: "平顺县",
    center: [113.438791, 36.200202],
    population: 115_927,
    populationConfirmed: true,
    useLevel: 0.6,
    urban: false,
  },
  {
    code: "140426",
    name: "黎城县",
    center: [113.387366, 36.502971],
    population: 134_186,
    populationConfirmed: true,
    useLevel: 0.7,
    urban: false,
  },
  {
    code: "140427",
    name: "壶关县",
    center: [113.206138, 36.110938],
    population: 240_109,
    populationConfirmed: true,
    useLevel: 0.8,
    urban: false,
  },
  {
    code: "140428",
    name: "长子县",
    center: [112.884656, 36.119484],
    population: 298_690,
    populationConfirmed: true,
    useLevel: 0.9,
    urban: false,
  },
  {
    code: "140429",
    name: "武乡县",
    center: [112.8653, 36.834315],
    population: 155_386,
    populationConfirmed: true,
    useLevel: 0.6,
    urban: false,
  },
  {
    code: "140430",
    name: "沁县",
    center: [112.70138, 36.757123],
    population: 138_578,
    populationConfirmed: true,
    useLevel: 0.6,
    urban: false,
  },
  {
    code: "140431",
    name: "沁源县",
    center: [112.340878, 36.500777],
    population: 149_975,
    populationConfirmed: true,
    useLevel: 0.7,
    urban: false,
  },
];

/**
 * Analytes of the demo. LOD 0.2 / LOQ 0.5 ng/L as in the lab template (`data/templates/lab-long-template.csv`);
 * cotinine 2 / 5 ng/L (judgement). σ of daily METH and MDMA from the daily CVs of Seoul 2024 (7.03 %, 13.4 %,
 * science.md §3.4); weekend factors: METH flat (Chiaia-Hernandez 2011, Seoul 2024), MDMA/ketamine up
 * (van Nuijs 2011, Tscharke 2016) — the sizes are judgement.
 */
export const CHANGZHI_ANALYTES: readonly ScenarioAnalyte[] = [
  {
    code: "methamphetamine",
    lodNgPerL: 0.2,
    loqNgPerL: 0.5,
    baselinePnl: { residential: 20, hotel: 40, entertainment: 80 },
    weekendFactor: { residential: 1, hotel: 1.1, entertainment: 1.2 },
    seasonalAmplitude: 0.1,
    seasonalPeakDayOfYear: 213,
    dailySigmaLog: 0.07,
  },
  {
    code: "ketamine",
    lodNgPerL: 0.2,
    loqNgPerL: 0.5,
    baselinePnl: { residential: 3, hotel: 8, entertainment: 60 },
    weekendFactor: { residential: 1.3, hotel: 1.5, entertainment: 2.5 },
    seasonalAmplitude: 0.1,
    seasonalPeakDayOfYear: 35,
    dailySigmaLog: 0.15,
  },
  {
    code: "mdma",
    lodNgPerL: 0.2,
    loqNgPerL: 0.5,
    baselinePnl: { residential: 0.15, hotel: 1, entertainment: 15 },
    weekendFactor: { residential: 1.6, hotel: 2, entertainment: 3 },
    seasonalAmplitude: 0.2,
    seasonalPeakDayOfYear: 35,
    dailySigmaLog: 0.134,
  },
  {
    code: "cotinine",
    lodNgPerL: 2,
    loqNgPerL: 5,
    baselinePnl: { residential: 350, hotel: 350, entertainment: 700 },
    weekendFactor: { residential: 1, hotel: 1, entertainment: 1.3 },
    seasonalAmplitude: 0,
    seasonalPeakDayOfYear: 1,
    dailySigmaLog: 0.05,
  },
  {
    code: "etomidate",
    lodNgPerL: 0.2,
    loqNgPerL: 0.5,
    baselinePnl: { residential: 0, hotel: 0, entertainment: 0 },
    weekendFactor: { residential: 1, hotel: 1, entertainment: 1.5 },
    seasonalAmplitude: 0,
    seasonalPeakDayOfYear: 1,
    dailySigmaLog: 0.3,
  },
];

/** Person-equivalents per day and wastewater per person of venue outfalls (judgement). */
const ENTERTAINMENT = { persons: 1200, flowL: 50 };
const HOTEL = { persons: 600, flowL: 300 };

function node(
  c: ChangzhiCounty,
  suffix: string,
  name: string,
  kind: ScenarioNode["kind"],
  ownPopulation: number,
  downstream: string | null,
  offset: readonly [number, number],
  extra: Partial<ScenarioNode> = {},
): ScenarioNode {
  return {
    code: `CZ-${c.code}-${suffix}`,
    name: `[模拟]${c.name}${name}`,
    kind,
    jurisdictionCode: c.code,
    lon: Math.round((c.center[0] + offset[0]) * 1e6) / 1e6,
    lat: Math.round((c.center[1] + offset[1]) * 1e6) / 1e6,
    ownPopulation,
    downstream: downstream === null ? null : `CZ-${c.code}-${downstream}`,
    useLevel: c.useLevel,
    ...extra,
  };
}

const venue = (
  c: ChangzhiCounty,
  suffix: string,
  name: string,
  type: "hotel" | "entertainment",
  downstream: string,
  offset: readonly [number, number],
) =>
  node(c, suffix, name, "venue_outfall", type === "hotel" ? HOTEL.persons : ENTERTAINMENT.persons, downstream, offset, {
    venueType: type,
    flowLPerPersonPerDay: type === "hotel" ? HOTEL.flowL : ENTERTAINMENT.flowL,
  });

/** The sewer trees of the 12 divisions. Plant populations = county population − everything upstream. */
function buildNodes(): ScenarioNode[] {
  const out: ScenarioNode[] = [];
  for (const c of CHANGZHI_COUNTIES) {
    if (c.code === "140403") {
      // 潞州区: two plants; WWTP1 (60 % of the district) ← PS1, PS2; WWTP2 ← PS3
      const sub: ScenarioNode[] = [
        node(c, "PS1", "1号污水提升泵站", "pumping_station", 20_000, "WWTP1", [0.02, 0.015]),
        venue(c, "ENT1", "娱乐场所A排口", "entertainment", "PS1", [0.025, 0.02]),
        venue(c, "HOT1", "酒店A排口", "hotel", "PS1", [0.018, 0.024]),
        node(c, "RB1", "居民小区A检查井", "manhole", 30_000, "PS1", [0.03, 0.01]),
        node(c, "PS2", "2号污水提升泵站", "pumping_station", 15_000, "WWTP1", [-0.02, 0.018]),
        venue(c, "ENT2", "娱乐场所B排口", "entertainment", "PS2", [-0.024, 0.022]),
        node(c, "RB2", "居民小区B检查井", "manhole", 25_000, "PS2", [-0.03, 0.012]),
        node(c, "PS3", "3号污水提升泵站", "pumping_station", 18_000, "WWTP2", [0.01, -0.03]),
        venue(c, "HOT2", "酒店B排口", "hotel", "PS3", [0.014, -0.034]),
        venue(c, "ENT3", "娱乐场所C排口", "entertainment", "PS3", [0.006, -0.036]),
        node(c, "RB3", "居民小区C检查井", "manhole", 30_000, "PS3", [0.016, -0.028]),
      ];
      const wwtp1Upstream = sub.filter((n) =>
        ["PS1", "ENT1", "HOT1", "RB1", "PS2", "ENT2", "RB2"].some((s) => n.code.endsWith(`-${s}`)),
      );
      const wwtp2Upstream = sub.filter((n) => !wwtp1Upstream.includes(n));
      const p1 = Math.round(c.population * 0.6);
      const sum = (xs: ScenarioNode[]) => xs.reduce((t, n) => t + n.ownPopulation, 0);
      out.push(node(c, "WWTP1", "第一污水处理厂", "wwtp_influent", p1 - sum(wwtp1Upstream), null, [0, 0]));
      out.push(
        node(
          c,
          "WWTP2",
          "第二污水处理厂",
          "wwtp_influent",
          c.population - p1 - sum(wwtp2Upstream),
          null,
          [0.03, -0.05],
        ),
      );
      out.push(...sub);
    } else if (c.urban) {
      const sub = [
        node(c, "PS1", "1号污水提升泵站", "pumping_station", 10_000, "WWTP1", [0.015, 0.012]),
        venue(c, "ENT1", "娱乐场所A排口", "entertainment", "PS1", [0.02, 0.016]),
        venue(c, "HOT1", "酒店A排口", "hotel", "PS1", [0.012, 0.018]),
      ];
      out.push(
        node(
          c,
          "WWTP1",
          "污水处理厂",
          "wwtp_influent",
          c.population - sub.reduce((t, n) => t + n.ownPopulation, 0),
          null,
          [0, 0],
        ),
      );
      out.push(...sub);
    } else {
      out.push(node(c, "WWTP1", "污水处理厂", "wwtp_influent", c.population, null, [0, 0]));
    }
  }
  return out;
}

/** Injected events with their truth (docs/simulator.md §4). Dates inside 2023-01-01 … 2025-12-31. */
export const CHANGZHI_EVENTS: readonly ScenarioEvent[] = [
  {
    type: "party_spike",
    site: "CZ-140403-ENT2",
    analyte: "mdma",
    start: "2023-12-30",
    end: "2023-12-31",
    factor: 8,
    note: "New Year's Eve party weekend (Sat–Sun)",
  },
  {
    type: "lab_error",
    site: "CZ-140404-WWTP1",
    analyte: "methamphetamine",
    start: "2023-11-08",
    end: "2023-11-08",
    factor: 10,
    note: "one sample reported ×10 (dilution factor slip)",
  },
  {
    type: "party_spike",
    site: "CZ-140403-ENT1",
    analyte: "ketamine",
    start: "2024-06-15",
    end: "2024-06-16",
    factor: 6,
    note: "weekend party (Sat–Sun)",
  },
  {
    type: "step",
    site: "CZ-140423-WWTP1",
    analyte: "methamphetamine",
    start: "2024-09-01",
    end: "2025-12-31",
    factor: 2,
    note: "persistent rise in a county catchment",
  },
  {
    type: "dumping",
    site: "CZ-140403-RB3",
    analyte: "methamphetamine",
    start: "2025-03-12",
    end: "2025-03-12",
    factor: 20,
    note: "one-day dumping into a residential sewer",
  },
  {
    type: "step",
    site: "CZ-140403-RB2",
    analyte: "methamphetamine",
    start: "2025-04-01",
    end: "2025-12-31",
    factor: 3,
    note: "persistent rise in a residential sub-catchment (source-tracing target)",
  },
  {
    type: "new_substance",
    site: "CZ-140403-ENT3",
    analyte: "etomidate",
    start: "2025-05-10",
    end: "2025-12-31",
    pnlMgPerDayPer1000: 20,
    note: "first appearance of etomidate (依托咪酯) at a venue",
  },
];

/** The bundled `changzhi-demo` scenario (fresh copy on every call). */
export function changzhiDemoScenario(): Scenario {
  return {
    name: "changzhi-demo",
    description: "[模拟] 长治市演示监测网络：12个县级行政区、污水处理厂、泵站、居民小区及场所排口（全部为模拟数据）",
    source: "changzhi-demo",
    from: "2023-01-01",
    to: "2025-12-31",
    flowLPerPersonPerDay: 180,
    flowSigmaLog: 0.1,
    measurementSigmaLog: 0.15,
    analytes: CHANGZHI_ANALYTES.map((a) => ({
      ...a,
      baselinePnl: { ...a.baselinePnl },
      weekendFactor: { ...a.weekendFactor },
    })),
    nodes: buildNodes(),
    events: CHANGZHI_EVENTS.map((e) => ({ ...e })),
  };
}

/** Bundled scenarios by name. */
export const BUNDLED_SCENARIOS: Readonly<Record<string, () => Scenario>> = { "changzhi-demo": changzhiDemoScenario };
