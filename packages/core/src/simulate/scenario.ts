/**
 * Scenario of the wastewater simulator (issue #4 "Demo city and simulator", docs/simulator.md): a sewer network
 * as a tree (venue outfalls, residential blocks, pumping stations → treatment plants), the analytes with their
 * baseline population-normalised loads (PNL, mg/day/1000 inh) per load profile, LOD/LOQ, day-of-week and seasonal
 * patterns, noise levels, and the events to inject. Everything here is simulated: the generator marks every site
 * name with {@link SIMULATED_NAME_PREFIX}.
 */

import { dayNumber } from "../detect/day-number.js";
import { buildSewerTree, SewerNetworkError, type SewerTree } from "../network/sewer-tree.js";
import { getAnalyte } from "../substances.js";

/** Site kinds (DESIGN.md §5; docs/import-formats.md §5). */
export type SimSiteKind = "wwtp_influent" | "pumping_station" | "manhole" | "venue_outfall";
export const SIM_SITE_KINDS: readonly SimSiteKind[] = ["wwtp_influent", "pumping_station", "manhole", "venue_outfall"];

/** Who produces a node's own wastewater: residents, hotel guests or entertainment-venue visitors. */
export type LoadProfile = "residential" | "hotel" | "entertainment";
export const LOAD_PROFILES: readonly LoadProfile[] = ["residential", "hotel", "entertainment"];

/** Venue types of a `venue_outfall` (DESIGN.md §5: hotel, entertainment…). */
export type VenueType = "hotel" | "entertainment";

/** Prefix of every simulated site name (the data says it is simulated). */
export const SIMULATED_NAME_PREFIX = "[模拟]";

/** One node of the simulated sewer tree = one sampling site. */
export interface ScenarioNode {
  /** site code, unique, e.g. `CZ-140403-WWTP1` */
  code: string;
  /** display name (zh); the generator prefixes `[模拟]` when missing */
  name: string;
  kind: SimSiteKind;
  /** venue type of a `venue_outfall` (its load profile); ignored for other kinds */
  venueType?: VenueType | null;
  /** GB/T 2260 code of the county-level division (or a local code) */
  jurisdictionCode: string;
  /** WGS-84 degrees */
  lon: number;
  lat: number;
  /**
   * Persons (person-equivalents for a venue: guests/visitors per day) whose wastewater enters the network at this
   * node, NOT counting upstream nodes. The population served by the node = own + all upstream.
   */
  ownPopulation: number;
  /** code of the node the sewage flows to; null for a treatment plant (a root) */
  downstream: string | null;
  /** multiplier on every baseline PNL of this node's own part (local level of use); default 1 */
  useLevel?: number;
  /** wastewater per person and day of the node's own part, L; default the scenario's value */
  flowLPerPersonPerDay?: number;
}

/** An analyte as simulated. */
export interface ScenarioAnalyte {
  /** catalogue code (core `ANALYTES`), e.g. `methamphetamine`, `etomidate` */
  code: string;
  /** limit of detection and of quantification, ng/L (written in the lab file's `lod`/`loq` columns) */
  lodNgPerL: number;
  loqNgPerL: number;
  /** baseline PNL of the residue, mg/day/1000 inh, per load profile (0 = absent) */
  baselinePnl: Record<LoadProfile, number>;
  /** multiplier applied on Saturday and Sunday samples, per load profile (1 = no weekly pattern) */
  weekendFactor: Record<LoadProfile, number>;
  /** seasonal amplitude A: factor 1 + A·cos(2π(dayOfYear − peakDayOfYear)/365.25); 0 = none; |A| < 1 */
  seasonalAmplitude: number;
  /** day of the year (1–366) of the seasonal maximum */
  seasonalPeakDayOfYear: number;
  /** day-to-day variability of use: σ of ln(own load), independent per node and day */
  dailySigmaLog: number;
}

/** Kinds of injected events (the truth file lists them). */
export type SimEventType = "party_spike" | "step" | "dumping" | "new_substance" | "lab_error";
export const SIM_EVENT_TYPES: readonly SimEventType[] = [
  "party_spike",
  "step",
  "dumping",
  "new_substance",
  "lab_error",
];

/**
 * An injected event at a site for one analyte over [start, end] (inclusive calendar dates).
 * - `party_spike`, `step`, `dumping`: the node's OWN load × `factor` (propagates downstream with the water);
 * - `new_substance`: the node's own part gets `pnlMgPerDayPer1000` of the analyte (absent before); `factor` unused;
 * - `lab_error`: the reported concentration of that one site's sample(s) × `factor` (does not propagate).
 */
export interface ScenarioEvent {
  type: SimEventType;
  site: string;
  analyte: string;
  /** YYYY-MM-DD */
  start: string;
  /** YYYY-MM-DD, ≥ start */
  end: string;
  /** multiplier (> 0) for party_spike, step, dumping, lab_error */
  factor?: number | null;
  /** PNL of the new substance at the site's own part, mg/day/1000 inh (new_substance only) */
  pnlMgPerDayPer1000?: number | null;
  /** free text shown in the truth file */
  note?: string;
}

/** A complete scenario (also the JSON shape of a `--scenario <file>`). */
export interface Scenario {
  /** scenario name, e.g. `changzhi-demo` */
  name: string;
  description?: string;
  /** data-source label of the sites when imported (`changzhi-demo`) */
  source: string;
  /** default date range (YYYY-MM-DD, inclusive) */
  from: string;
  to: string;
  /** wastewater per person and day, L (own part of each node unless overridden) */
  flowLPerPersonPerDay: number;
  /** σ of ln(flow) of each node's own part per day */
  flowSigmaLog: number;
  /** σ of ln(reported/true load): sampling + chemical analysis, per sample and analyte */
  measurementSigmaLog: number;
  analytes: ScenarioAnalyte[];
  nodes: ScenarioNode[];
  events: ScenarioEvent[];
}

/** A scenario is inconsistent. `path` locates the field (e.g. `nodes[3].downstream`). */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  readonly path: string;
  readonly value: unknown;
  constructor(path: string, value: unknown, expected: string) {
    super(`Invalid scenario ${path}: got ${JSON.stringify(value)}, expected ${expected}`);
    this.path = path;
    this.value = value;
  }
}

/** Load profile of a node's own part: the venue type of a venue outfall, else residential. */
export function nodeProfile(node: ScenarioNode): LoadProfile {
  return node.kind === "venue_outfall" && node.venueType ? node.venueType : "residential";
}

function finiteAtLeast(path: string, v: unknown, min: number, strict = false): void {
  if (typeof v !== "number" || !Number.isFinite(v) || (strict ? v <= min : v < min)) {
    throw new ScenarioError(path, v, `a finite number ${strict ? ">" : "≥"} ${min}`);
  }
}

function date(path: string, v: unknown): number {
  try {
    return dayNumber(v as string, path);
  } catch {
    throw new ScenarioError(path, v, "a calendar date YYYY-MM-DD");
  }
}

/**
 * Checks the semantic rules a JSON schema cannot: unique codes, a valid tree (no unknown downstream, no cycle),
 * catalogue analytes, every leaf with people, LOD ≤ LOQ, event sites/analytes known, dates ordered.
 * @returns the validated sewer tree (core `buildSewerTree`)
 * @throws ScenarioError naming the offending field
 */
export function validateScenario(s: Scenario): SewerTree {
  const from = date("from", s.from);
  const to = date("to", s.to);
  if (to < from) throw new ScenarioError("to", s.to, `a date ≥ from (${s.from})`);
  finiteAtLeast("flowLPerPersonPerDay", s.flowLPerPersonPerDay, 0, true);
  finiteAtLeast("flowSigmaLog", s.flowSigmaLog, 0);
  finiteAtLeast("measurementSigmaLog", s.measurementSigmaLog, 0);
  if (s.nodes.length === 0) throw new ScenarioError("nodes", s.nodes, "at least one node");
  if (s.analytes.length === 0) throw new ScenarioError("analytes", s.analytes, "at least one analyte");
  const analyteCodes = new Set<string>();
  s.analytes.forEach((a, i) => {
    const p = `analytes[${i}]`;
    if (!getAnalyte(a.code))
      throw new ScenarioError(`${p}.code`, a.code, "an analyte code of the catalogue (core ANALYTES)");
    if (analyteCodes.has(a.code)) throw new ScenarioError(`${p}.code`, a.code, "each analyte once");
    analyteCodes.add(a.code);
    finiteAtLeast(`${p}.lodNgPerL`, a.lodNgPerL, 0);
    finiteAtLeast(`${p}.loqNgPerL`, a.loqNgPerL, 0);
    if (a.loqNgPerL < a.lodNgPerL)
      throw new ScenarioError(`${p}.loqNgPerL`, a.loqNgPerL, `a LOQ ≥ the LOD (${a.lodNgPerL})`);
    for (const prof of LOAD_PROFILES) {
      finiteAtLeast(`${p}.baselinePnl.${prof}`, a.baselinePnl[prof], 0);
      finiteAtLeast(`${p}.weekendFactor.${prof}`, a.weekendFactor[prof], 0, true);
    }
    if (!(Math.abs(a.seasonalAmplitude) < 1))
      throw new ScenarioError(`${p}.seasonalAmplitude`, a.seasonalAmplitude, "a number with |A| < 1");
    if (!(a.seasonalPeakDayOfYear >= 1 && a.seasonalPeakDayOfYear <= 366)) {
      throw new ScenarioError(`${p}.seasonalPeakDayOfYear`, a.seasonalPeakDayOfYear, "a day of the year 1–366");
    }
    finiteAtLeast(`${p}.dailySigmaLog`, a.dailySigmaLog, 0);
  });
  s.nodes.forEach((n, i) => {
    const p = `nodes[${i}]`;
    if (typeof n.code !== "string" || n.code.trim() === "")
      throw new ScenarioError(`${p}.code`, n.code, "a non-empty site code");
    if (typeof n.name !== "string" || n.name.trim() === "")
      throw new ScenarioError(`${p}.name`, n.name, "a non-empty name");
    if (!SIM_SITE_KINDS.includes(n.kind))
      throw new ScenarioError(`${p}.kind`, n.kind, `one of ${SIM_SITE_KINDS.join(", ")}`);
    if (!(n.lon >= -180 && n.lon <= 180)) throw new ScenarioError(`${p}.lon`, n.lon, "a longitude in WGS-84 degrees");
    if (!(n.lat >= -90 && n.lat <= 90)) throw new ScenarioError(`${p}.lat`, n.lat, "a latitude in WGS-84 degrees");
    finiteAtLeast(`${p}.ownPopulation`, n.ownPopulation, 0);
    if (n.useLevel !== undefined) finiteAtLeast(`${p}.useLevel`, n.useLevel, 0);
    if (n.flowLPerPersonPerDay !== undefined)
      finiteAtLeast(`${p}.flowLPerPersonPerDay`, n.flowLPerPersonPerDay, 0, true);
    if (n.kind === "wwtp_influent" && n.downstream !== null)
      throw new ScenarioError(`${p}.downstream`, n.downstream, "null for a treatment plant (a plant is a root)");
  });
  let tree: SewerTree;
  try {
    tree = buildSewerTree(s.nodes.map((n) => ({ id: n.code, downstreamId: n.downstream })));
  } catch (e) {
    if (e instanceof SewerNetworkError) {
      const i = s.nodes.findIndex((n) => n.code === e.nodeIds[0]);
      throw new ScenarioError(
        `nodes[${i}]${e.kind === "duplicate-id" ? ".code" : ".downstream"}`,
        e.nodeIds,
        e.message,
      );
    }
    throw e;
  }
  tree.children.forEach((ch, i) => {
    const n = s.nodes[i] as ScenarioNode;
    if (ch.length === 0 && !(n.ownPopulation > 0)) {
      throw new ScenarioError(
        `nodes[${i}].ownPopulation`,
        n.ownPopulation,
        "a population > 0 at a node with nothing upstream (it would have no flow)",
      );
    }
  });
  s.events.forEach((e, i) => {
    const p = `events[${i}]`;
    if (!SIM_EVENT_TYPES.includes(e.type))
      throw new ScenarioError(`${p}.type`, e.type, `one of ${SIM_EVENT_TYPES.join(", ")}`);
    if (!tree.index.has(e.site)) throw new ScenarioError(`${p}.site`, e.site, "the code of a node of the scenario");
    if (!analyteCodes.has(e.analyte)) throw new ScenarioError(`${p}.analyte`, e.analyte, "an analyte of the scenario");
    const a = date(`${p}.start`, e.start);
    const b = date(`${p}.end`, e.end);
    if (b < a) throw new ScenarioError(`${p}.end`, e.end, `a date ≥ start (${e.start})`);
    if (e.type === "new_substance") finiteAtLeast(`${p}.pnlMgPerDayPer1000`, e.pnlMgPerDayPer1000, 0, true);
    else finiteAtLeast(`${p}.factor`, e.factor, 0, true);
    if ((e.type === "dumping" || e.type === "lab_error") && a !== b) {
      // allowed, but the documented meaning is one day; keep the model honest
      throw new ScenarioError(`${p}.end`, e.end, `the same day as start for a ${e.type} (one day)`);
    }
    const node = s.nodes[tree.index.get(e.site) as number] as ScenarioNode;
    if (e.type !== "lab_error" && !(node.ownPopulation > 0)) {
      throw new ScenarioError(`${p}.site`, e.site, "a node with ownPopulation > 0 (the event scales its own load)");
    }
  });
  return tree;
}
