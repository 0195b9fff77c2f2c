/**
 * New-substance detection (issue #4): the first result above LOQ of an analyte that was never — or not within a
 * configurable number of days — detected at a site (per site × analyte) or anywhere in the network (per analyte).
 * Relevant for new psychoactive substances and newly catalogued analytes (e.g. etomidate 依托咪酯).
 *
 * A result counts as "detected" when its detection condition is `detected` (quantified ≥ LOQ; METHODS.md §3);
 * `below_lod` and `below_loq` are analysed non-detections; `not_analysed` is no evidence at all.
 * An event is raised at a detection on day d when
 *   (a) no detection lies in the look-back window [d − lookbackDays, d) (window = all history when lookbackDays is
 *       null: "never detected before"), and
 *   (b) at least `minPriorResults` analysed results lie in that window — without prior non-detections the site
 *       was simply not monitored, and the first detection of a routine drug in a new site is not news.
 * Default minPriorResults = 4 (judgement: four weeks of weekly sampling, matching the ≥ 4 observations of the
 * robust baseline); default lookbackDays = null (first ever).
 */
import { ScienceInputError } from "../errors.js";
import type { Detection } from "../wbe/censoring.js";
import { dateOfDayNumber, dayNumber, parseDayNumber } from "./day-number.js";

/** One analysed (or not) result of an analyte. */
export interface DetectionResult {
  /** sample date `YYYY-MM-DD` */
  date: string;
  detection: Detection;
}

export interface NewSubstanceOptions {
  /** look-back window in days (integer ≥ 1), or null for "never before" (default null) */
  lookbackDays?: number | null;
  /** minimum analysed results in the window before a detection can count as new (integer ≥ 0); default 4 */
  minPriorResults?: number;
}

/** A detection of an analyte not detected before (in the window). */
export interface NewSubstanceEvent {
  /** date of the detection */
  date: string;
  /** "first-ever": never detected before; "reappearance": detected before, but not within lookbackDays */
  kind: "first-ever" | "reappearance";
  /** date of the previous detection, null when none */
  lastDetectedDate: string | null;
  /** analysed results (not_analysed excluded) in the look-back window, strictly before the detection's day */
  priorResults: number;
}

/** Default minimum prior analysed results (judgement, see the module comment). */
export const DEFAULT_MIN_PRIOR_RESULTS = 4;

function resolve(o?: NewSubstanceOptions) {
  const lookbackDays = o?.lookbackDays ?? null;
  const minPriorResults = o?.minPriorResults ?? DEFAULT_MIN_PRIOR_RESULTS;
  if (lookbackDays !== null && (!Number.isInteger(lookbackDays) || lookbackDays < 1)) {
    throw new ScienceInputError("lookbackDays", lookbackDays, "null or an integer ≥ 1");
  }
  if (!Number.isInteger(minPriorResults) || minPriorResults < 0) {
    throw new ScienceInputError("minPriorResults", minPriorResults, "an integer ≥ 0");
  }
  return { lookbackDays, minPriorResults };
}

/** Core on day numbers: `days` non-decreasing; `analysed[i]`/`detected[i]` flags. Returns event indices. */
function scan(
  days: readonly number[],
  analysed: readonly boolean[],
  detected: readonly boolean[],
  lookbackDays: number | null,
  minPrior: number,
): { index: number; lastDetectedDay: number | null; prior: number }[] {
  const events: { index: number; lastDetectedDay: number | null; prior: number }[] = [];
  // prefix[i] = analysed results among indices < i
  const prefix = new Int32Array(days.length + 1);
  for (let i = 0; i < days.length; i++) prefix[i + 1] = (prefix[i] as number) + (analysed[i] ? 1 : 0);
  let lastDetectedDay: number | null = null; // last detection strictly before the current day
  let pendingDetectedDay: number | null = null; // detections on the current day, applied when the day changes
  let lo = 0; // first index inside the window
  let firstOfDay = 0; // first index with the current day
  let lastEventDay: number | null = null; // one event per day
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (i > 0 && d !== days[i - 1]) {
      firstOfDay = i;
      if (pendingDetectedDay !== null) lastDetectedDay = pendingDetectedDay;
      pendingDetectedDay = null;
    }
    if (!detected[i]) continue;
    pendingDetectedDay = d;
    const from = lookbackDays === null ? Number.NEGATIVE_INFINITY : d - lookbackDays;
    while (lo < firstOfDay && (days[lo] as number) < from) lo++;
    if (lo > firstOfDay) lo = firstOfDay;
    const inWindowDetected = lastDetectedDay !== null && lastDetectedDay >= from;
    const prior = (prefix[firstOfDay] as number) - (prefix[lo] as number);
    if (!inWindowDetected && prior >= minPrior && lastEventDay !== d) {
      lastEventDay = d;
      events.push({ index: i, lastDetectedDay, prior });
    }
  }
  return events;
}

function toDays(results: readonly DetectionResult[], field: string): number[] {
  const days = results.map((r, i) => {
    const d = parseDayNumber(r.date);
    return Number.isNaN(d) ? dayNumber(r.date, `${field}[${i}].date`) : d; // throws when invalid
  });
  for (let i = 1; i < days.length; i++) {
    if ((days[i] as number) < (days[i - 1] as number)) {
      throw new ScienceInputError(`${field}[${i}].date`, results[i]?.date, "dates in non-decreasing order");
    }
  }
  return days;
}

/**
 * New-substance events in one site × analyte series.
 * @param results sorted by date (non-decreasing; several results on one day allowed)
 * @throws ScienceInputError for invalid or unsorted dates and bad options
 */
export function newSubstanceEvents(results: readonly DetectionResult[], options?: NewSubstanceOptions): NewSubstanceEvent[] {
  const { lookbackDays, minPriorResults } = resolve(options);
  const days = toDays(results, "results");
  const analysed = results.map((r) => r.detection !== "not_analysed");
  const detected = results.map((r) => r.detection === "detected");
  return scan(days, analysed, detected, lookbackDays, minPriorResults).map((e) => ({
    date: dateOfDayNumber(days[e.index] as number),
    kind: e.lastDetectedDay === null ? "first-ever" : "reappearance",
    lastDetectedDate: e.lastDetectedDay === null ? null : dateOfDayNumber(e.lastDetectedDay),
    priorResults: e.prior,
  }));
}

/** A result at a site, for the per-site and network-wide variants. */
export interface SiteDetectionResult extends DetectionResult {
  site: string;
  analyte: string;
}

/** A per-site event (site × analyte). */
export interface SiteNewSubstanceEvent extends NewSubstanceEvent {
  site: string;
  analyte: string;
}

/** A network-wide event: the analyte detected on `date` at `sites` and nowhere in the network before (in the window). */
export interface NetworkNewSubstanceEvent extends NewSubstanceEvent {
  analyte: string;
  /** sites detecting it on that date, sorted */
  sites: string[];
}

const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * Per site × analyte new-substance events over unsorted results (grouped, then sorted by date; stable).
 * Output sorted by date, site, analyte.
 */
export function siteNewSubstanceEvents(results: readonly SiteDetectionResult[], options?: NewSubstanceOptions): SiteNewSubstanceEvent[] {
  const groups = new Map<string, SiteDetectionResult[]>();
  for (const r of results) {
    const key = JSON.stringify([r.site, r.analyte]);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: SiteNewSubstanceEvent[] = [];
  for (const g of groups.values()) {
    const first = g[0] as SiteDetectionResult;
    for (const e of newSubstanceEvents([...g].sort(byDate), options)) out.push({ ...e, site: first.site, analyte: first.analyte });
  }
  return out.sort((a, b) => byDate(a, b) || a.site.localeCompare(b.site) || a.analyte.localeCompare(b.analyte));
}

/**
 * Network-wide variant: per analyte, the results of all sites are pooled; an event is the first detection anywhere in the network (in the window).
 * `priorResults` counts the analysed results of all sites. Output sorted by date, analyte.
 */
export function networkNewSubstanceEvents(results: readonly SiteDetectionResult[], options?: NewSubstanceOptions): NetworkNewSubstanceEvent[] {
  const byAnalyte = new Map<string, SiteDetectionResult[]>();
  for (const r of results) {
    const g = byAnalyte.get(r.analyte);
    if (g) g.push(r);
    else byAnalyte.set(r.analyte, [r]);
  }
  const out: NetworkNewSubstanceEvent[] = [];
  for (const [analyte, g] of byAnalyte) {
    const sorted = [...g].sort(byDate);
    for (const e of newSubstanceEvents(sorted, options)) {
      const sites = [...new Set(sorted.filter((r) => r.date === e.date && r.detection === "detected").map((r) => r.site))].sort();
      out.push({ ...e, analyte, sites });
    }
  }
  return out.sort((a, b) => byDate(a, b) || a.analyte.localeCompare(b.analyte));
}
