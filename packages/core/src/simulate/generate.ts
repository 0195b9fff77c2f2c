/**
 * The scenario simulator (pure: seeded, no I/O, no clock). Model (docs/simulator.md §2):
 *
 *   own load  L_own(n,a,d) [mg/day] = P_own(n)/1000 · PNL_a(profile(n)) · useLevel(n) · W_a(d) · S_a(d) · e^{σ_a Z} · E(n,a,d)
 *   own flow  Q_own(n,d)   [m³/day] = P_own(n) · q(n)/1000 · e^{σ_Q Z}
 *   node      L(n) = L_own(n) + Σ_{u upstream child} L(u);   Q(n) = Q_own(n) + Σ Q(u)     (mass and water conserved)
 *   reported  C(n,a,d) [ng/L] = L(n) · e^{σ_m Z} · labError · 1000 / Q(n)   (science.md §1: L = C·Q/1000)
 *
 * W = weekend factor on Saturday/Sunday samples, S = seasonal cosine (patterns.ts), E = injected event factors,
 * Z independent standard normals (noise is median-preserving: e^{σZ} has median 1). In-sewer transformation is
 * not modelled (METH, MDMA stable ≥ 12 h, van Nuijs 2012, science.md §2). Values below the LOQ are reported
 * as `<LOQ` (docs/import-formats.md §6).
 *
 * Random numbers: one core `createRng` stream per calendar day, seeded from (seed, day), with a fixed order of
 * draws — so a sub-range of dates reproduces exactly the same values as a longer run, and events never change
 * the random draws (a run with and without an event differs only by the event).
 */
import { dateOfDayNumber, dayNumber } from "../detect/day-number.js";
import { createRng } from "../wbe/rng.js";
import { isWeekendSampleDay, seasonalFactor } from "./patterns.js";
import { simulatedTravelTimeHours } from "./travel-time.js";
import {
  nodeProfile,
  type Scenario,
  ScenarioError,
  type ScenarioEvent,
  SIMULATED_NAME_PREFIX,
  type SimEventType,
  type SimSiteKind,
  validateScenario,
} from "./scenario.js";

/** One row of the site registry file (docs/import-formats.md §3, layout `sites`). */
export interface SiteRegistryRow {
  site_code: string;
  name: string;
  kind: SimSiteKind;
  jurisdiction_code: string;
  longitude: number;
  latitude: number;
  /** persons: own + everything upstream */
  population_served: number;
  /** downstream site code, "" for a plant */
  downstream_site: string;
  /** sewer travel time to the downstream site, hours (travel-time.ts); "" for a plant */
  travel_time_hours: number | "";
}

/** One row of the lab-long file (docs/import-formats.md §3, layout `lab-long`). */
export interface LabLongRow {
  site_code: string;
  /** YYYY-MM-DD, day the 24-h composite started */
  sample_date: string;
  /** catalogue code */
  analyte: string;
  /** ng/L rounded to 0.001, or `<LOQ` (censored) */
  concentration: number | "<LOQ";
  unit: "ng/L";
  /** ng/L */
  lod: number;
  /** ng/L */
  loq: number;
  /** m³/day rounded to 0.1 */
  flow_m3_per_day: number;
  population_served: number;
}

/** The truth record of an injected event (clipped to the simulated range). */
export interface SimTruthEvent {
  type: SimEventType;
  site: string;
  analyte: string;
  start: string;
  end: string;
  /** multiplier (own load for party_spike/step/dumping; reported concentration for lab_error); null for new_substance */
  factor: number | null;
  /** new_substance: PNL at the site's own part, mg/day/1000 inh */
  pnlMgPerDayPer1000?: number;
  note?: string;
}

/** Daily truth per site × analyte (only with `includeLoads`). */
export interface SimulatedLoad {
  site: string;
  date: string;
  analyte: string;
  /** true load at the site, mg/day (conserved down the tree) */
  trueLoadMgPerDay: number;
  /** the site's own contribution, mg/day */
  ownLoadMgPerDay: number;
  /** reported load = reported concentration × flow / 1000 (measurement noise and lab error), mg/day */
  reportedLoadMgPerDay: number;
  flowM3PerDay: number;
  /** reported concentration before rounding and censoring, ng/L */
  concentrationNgPerL: number;
}

export interface SimulateOptions {
  /** seed of the random streams (safe integer; low 32 bits used), default 1 */
  seed?: number;
  /** first and last date (inclusive); default the scenario's */
  from?: string;
  to?: string;
  /** false → every σ is 0 (deterministic patterns + events only); default true */
  noise?: boolean;
  /** also return the daily true/reported loads (memory: one object per site × analyte × day) */
  includeLoads?: boolean;
}

export interface SimulationResult {
  scenario: string;
  source: string;
  simulated: true;
  from: string;
  to: string;
  seed: number;
  noise: boolean;
  sites: SiteRegistryRow[];
  labRows: LabLongRow[];
  events: SimTruthEvent[];
  loads?: SimulatedLoad[];
}

/** 32-bit integer hash of (seed, day) (MurmurHash3 fmix32 finaliser) → the day's RNG seed. */
function daySeed(seed: number, day: number): number {
  let h = (seed | 0) ^ Math.imul((day + 0x632be5ab) | 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

interface CompiledEvent {
  ev: ScenarioEvent;
  a: number;
  start: number;
  end: number;
}

/**
 * Runs a scenario. Output rows are ordered by date, then node (scenario order), then analyte (scenario order).
 * @throws ScenarioError for an invalid scenario or date range
 */
export function simulateScenario(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const tree = validateScenario(scenario);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new ScenarioError("seed", seed, "a safe integer");
  const fromStr = options.from ?? scenario.from;
  const toStr = options.to ?? scenario.to;
  let from: number;
  let to: number;
  try {
    from = dayNumber(fromStr, "from");
    to = dayNumber(toStr, "to");
  } catch {
    throw new ScenarioError("from/to", [fromStr, toStr], "calendar dates YYYY-MM-DD");
  }
  if (to < from) throw new ScenarioError("to", toStr, `a date ≥ from (${fromStr})`);
  const noise = options.noise ?? true;
  const nodes = scenario.nodes;
  const analytes = scenario.analytes;
  const N = nodes.length;
  const A = analytes.length;

  // children before parents: deepest first (stable by input order)
  const order = nodes.map((_, i) => i).sort((i, j) => (tree.depth[j] as number) - (tree.depth[i] as number) || i - j);
  const served = new Float64Array(N);
  for (const i of order) {
    served[i] = (served[i] as number) + (nodes[i]?.ownPopulation as number);
    const p = tree.parent[i] as number;
    if (p >= 0) served[p] = (served[p] as number) + (served[i] as number);
  }

  const aIndex = new Map(analytes.map((a, i) => [a.code, i]));
  const eventsByNode: CompiledEvent[][] = nodes.map(() => []);
  const truth: SimTruthEvent[] = [];
  for (const ev of scenario.events) {
    const start = dayNumber(ev.start);
    const end = dayNumber(ev.end);
    eventsByNode[tree.index.get(ev.site) as number]?.push({ ev, a: aIndex.get(ev.analyte) as number, start, end });
    if (end < from || start > to) continue;
    truth.push({
      type: ev.type,
      site: ev.site,
      analyte: ev.analyte,
      start: dateOfDayNumber(Math.max(start, from)),
      end: dateOfDayNumber(Math.min(end, to)),
      factor: ev.type === "new_substance" ? null : (ev.factor as number),
      ...(ev.type === "new_substance" ? { pnlMgPerDayPer1000: ev.pnlMgPerDayPer1000 as number } : {}),
      ...(ev.note ? { note: ev.note } : {}),
    });
  }

  const sigmaQ = noise ? scenario.flowSigmaLog : 0;
  const sigmaM = noise ? scenario.measurementSigmaLog : 0;
  const sigmaA = analytes.map((a) => (noise ? a.dailySigmaLog : 0));
  const profiles = nodes.map(nodeProfile);
  const ownFlowMedian = nodes.map(
    (n) => (n.ownPopulation * (n.flowLPerPersonPerDay ?? scenario.flowLPerPersonPerDay)) / 1000,
  );

  const sites: SiteRegistryRow[] = nodes.map((n, i) => ({
    site_code: n.code,
    name: n.name.startsWith(SIMULATED_NAME_PREFIX) ? n.name : `${SIMULATED_NAME_PREFIX}${n.name}`,
    kind: n.kind,
    jurisdiction_code: n.jurisdictionCode,
    longitude: n.lon,
    latitude: n.lat,
    population_served: Math.round(served[i] as number),
    downstream_site: n.downstream ?? "",
    travel_time_hours: (() => {
      const d = nodes[tree.parent[i] as number]; // tree ids follow the node order; parent −1 → undefined
      return d ? simulatedTravelTimeHours(n.lon, n.lat, d.lon, d.lat) : "";
    })(),
  }));

  const Q = new Float64Array(N);
  const L = new Float64Array(N * A);
  const own = new Float64Array(N * A);
  const labRows: LabLongRow[] = [];
  const loads: SimulatedLoad[] | undefined = options.includeLoads ? [] : undefined;

  for (let day = from; day <= to; day++) {
    const rng = createRng(daySeed(seed, day));
    const date = dateOfDayNumber(day);
    const weekend = isWeekendSampleDay(day);
    const season = analytes.map((a) => seasonalFactor(day, a.seasonalAmplitude, a.seasonalPeakDayOfYear));
    Q.fill(0);
    L.fill(0);
    for (const i of order) {
      const n = nodes[i]!;
      const prof = profiles[i]!;
      Q[i] = (Q[i] as number) + (ownFlowMedian[i] as number) * Math.exp(sigmaQ * rng.normal());
      const evs = eventsByNode[i]!;
      for (let a = 0; a < A; a++) {
        const an = analytes[a]!;
        let pnl = an.baselinePnl[prof] * (n.useLevel ?? 1);
        let factor = 1;
        for (const e of evs) {
          if (e.a !== a || day < e.start || day > e.end) continue;
          if (e.ev.type === "new_substance") pnl += e.ev.pnlMgPerDayPer1000 as number;
          else if (e.ev.type !== "lab_error") factor *= e.ev.factor as number;
        }
        const z = rng.normal();
        const o =
          (n.ownPopulation / 1000) *
          pnl *
          (weekend ? an.weekendFactor[prof] : 1) *
          (season[a] as number) *
          Math.exp((sigmaA[a] as number) * z) *
          factor;
        own[i * A + a] = o;
        L[i * A + a] = (L[i * A + a] as number) + o;
      }
      const p = tree.parent[i] as number;
      if (p >= 0) {
        Q[p] = (Q[p] as number) + (Q[i] as number);
        for (let a = 0; a < A; a++) L[p * A + a] = (L[p * A + a] as number) + (L[i * A + a] as number);
      }
    }
    for (let i = 0; i < N; i++) {
      const q = Q[i] as number;
      const evs = eventsByNode[i]!;
      for (let a = 0; a < A; a++) {
        const an = analytes[a]!;
        let labError = 1;
        for (const e of evs)
          if (e.ev.type === "lab_error" && e.a === a && day >= e.start && day <= e.end)
            labError *= e.ev.factor as number;
        const trueLoad = L[i * A + a] as number;
        const reported = trueLoad * Math.exp(sigmaM * rng.normal()) * labError;
        const c = (reported * 1000) / q;
        labRows.push({
          site_code: nodes[i]!.code,
          sample_date: date,
          analyte: an.code,
          concentration: c < an.loqNgPerL || c === 0 ? "<LOQ" : round(c, 3),
          unit: "ng/L",
          lod: an.lodNgPerL,
          loq: an.loqNgPerL,
          flow_m3_per_day: round(q, 1),
          population_served: sites[i]!.population_served,
        });
        loads?.push({
          site: nodes[i]!.code,
          date,
          analyte: an.code,
          trueLoadMgPerDay: trueLoad,
          ownLoadMgPerDay: own[i * A + a] as number,
          reportedLoadMgPerDay: reported,
          flowM3PerDay: q,
          concentrationNgPerL: c,
        });
      }
    }
  }

  return {
    scenario: scenario.name,
    source: scenario.source,
    simulated: true,
    from: dateOfDayNumber(from),
    to: dateOfDayNumber(to),
    seed,
    noise,
    sites,
    labRows,
    events: truth,
    ...(loads ? { loads } : {}),
  };
}
