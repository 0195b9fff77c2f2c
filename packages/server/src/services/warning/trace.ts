/**
 * Source tracing (溯源) of an alert and the sewer network view. The science is core network/tracing.ts: candidate
 * sources = the alert node and every site upstream of it (priors: tracing-priors.ts), narrowed by the results of
 * completed sampling rounds of the alert (sampling-tasks.ts: positive = the source drains through the point), and
 * the next round of k points chosen by expected information (greedy entropy). Each proposed point carries its sewer
 * travel time to the alert node (registry link times, `site.travel_time_to_downstream_hours`) and the sampling window
 * that catches the water the alert node's composite receives. The travel times also steer the CHOICE of points (core
 * `RoundTiming`): a round lasts D = 24 h + max lag − min lag, an optional budget caps D, and among gains within 0.05
 * bit the round that ends earliest is proposed (docs/METHODS.md §11 "Tracing").
 */
import type { NetworkTree, TracePlan } from "@tracewater/contract";
import {
  applySamplingResults,
  type Candidate,
  candidateSources,
  planSamplingRound,
  type RoundTiming,
  SewerNetworkError,
  type SewerTree,
  travelTimeHours,
} from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import { may, SITE_PATH_SQL, type WarningCaller } from "./access.js";
import { alertRow, levelRank, OPEN_ALERT_STATUSES } from "./alerts.js";
import { engineTree } from "./detection-engine.js";
import { listSamplingTasks } from "./sampling-tasks.js";
import { PRIOR_BASIS, PRIOR_BASIS_CODE, PRIOR_BASIS_PARAMS, tracingPriors } from "./tracing-priors.js";

/** Default sampling points per round. */
export const DEFAULT_POINTS_PER_ROUND = 2;

interface NetSite {
  code: string;
  name: string;
  kind: string;
  downstream: string | null;
  population_served: number | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string | null;
  jpath: string | null;
  /** sewer travel time to the downstream site, hours (registry `travel_time_hours`) */
  link_hours: number | null;
}

/**
 * Hours of the composite sample at the alert node (24-h composite, the sample mode `composite_24h`; science.md
 * sampling protocol): a point's suggested window is this composite shifted earlier by its travel time.
 */
export const COMPOSITE_HOURS = 24;

async function sourceSites(ctx: AppContext, source: string): Promise<NetSite[]> {
  const res = await ctx.database.raw.query<NetSite>(
    `SELECT s.code, s.name, s.kind, d.code AS downstream, s.population_served, s.lon, s.lat, s.jurisdiction_code, ${SITE_PATH_SQL} AS jpath,
            s.travel_time_to_downstream_hours AS link_hours
       FROM site s LEFT JOIN site d ON d.id = s.downstream_site_id LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code
      WHERE s.source = $1 ORDER BY s.code`,
    [source],
  );
  return res.rows;
}

/** Stored link times (hours from a site to its downstream site) by site code. */
function linkHoursOf(sites: readonly NetSite[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sites) if (s.link_hours !== null) m.set(s.code, Number(s.link_hours));
  return m;
}

/**
 * Travel time of each point to the alert node (core `travelTimeHours`: sum of the link times on the path) and its
 * suggested sampling window relative to the alert node's composite start, [−lag, COMPOSITE_HOURS − lag]; all null
 * when a link on the path has no stored time.
 */
export function samplingWindows(
  tree: SewerTree,
  points: readonly string[],
  alertNode: string,
  linkHours: ReadonlyMap<string, number>,
): NonNullable<NonNullable<TracePlan["plan"]>["windows"]> {
  return points.map((site) => {
    let lag: number | null = null;
    try {
      lag = travelTimeHours(tree, site, alertNode, linkHours);
    } catch (e) {
      if (!(e instanceof SewerNetworkError)) throw e; // a missing link time: no window for this point
    }
    // rounded to 0.01 h (36 s) so sums of decimal link times read as written (1.2 + 0.3 = 1.5, not 1.4999…)
    const h = lag === null ? null : Math.round(lag * 100) / 100;
    return {
      site,
      travelTimeToAlertHours: h,
      windowStartOffsetHours: h === null ? null : -h,
      windowEndOffsetHours: h === null ? null : Math.round((COMPOSITE_HOURS - h) * 100) / 100,
    };
  });
}

/**
 * The tracing state and next sampling round of an alert.
 * @param k points per round (integer 1…20)
 * @param budgetHours longest allowed round, hours (≥ COMPOSITE_HOURS; null = no budget). Under a budget a point
 *   whose travel time is unknown (a link without a stored time) is not proposed.
 * @throws NotFoundError (alert unknown or out of scope), InvalidInputError (k, budget)
 */
export async function tracePlan(
  ctx: AppContext,
  by: WarningCaller,
  alertId: string,
  k = DEFAULT_POINTS_PER_ROUND,
  budgetHours: number | null = null,
): Promise<TracePlan> {
  if (!Number.isInteger(k) || k < 1 || k > 20) throw new InvalidInputError(`k must be an integer 1…20, got ${k}`);
  if (budgetHours !== null && !(budgetHours >= COMPOSITE_HOURS && Number.isFinite(budgetHours)))
    throw new InvalidInputError(`the round budget must be ≥ ${COMPOSITE_HOURS} h (the composite), got ${budgetHours}`);
  const alert = await alertRow(ctx.database.raw, alertId);
  if (!may(ctx, by, "monitoring.read", alert.jpath)) throw new NotFoundError(`alert ${alertId} not found`, "alert");
  const sites = await sourceSites(ctx, alert.source);
  const tree = engineTree(sites.map((s) => ({ code: s.code, downstream: s.downstream })));
  const past = await ctx.database.raw.query<{ site: string; n: number }>(
    "SELECT s.code AS site, count(*)::int AS n FROM alert a JOIN site s ON s.id = a.site_id WHERE s.source = $1 AND a.id <> $2 GROUP BY s.code",
    [alert.source, alertId],
  );
  const priors = tracingPriors(
    sites.map((s) => ({ code: s.code, downstream: s.downstream, kind: s.kind, populationServed: s.population_served })),
    new Map(past.rows.map((r) => [r.site, r.n])),
  );
  let candidates: Candidate[] = candidateSources(tree, alert.site, priors);
  const done = (await listSamplingTasks(ctx, by, { alertId })).filter((t) => t.status === "completed");
  for (const t of done) {
    const results = t.points
      .filter((p) => p.positive !== null && tree.index.has(p.site))
      .map((p) => ({ site: p.site, positive: p.positive as boolean }));
    if (results.length) candidates = applySamplingResults(tree, candidates, results);
  }
  const names = new Map(sites.map((s) => [s.code, s.name]));
  const localised = candidates.length === 1 ? (candidates[0] as Candidate).id : null;
  let plan: TracePlan["plan"] = null;
  if (!localised && candidates.length > 1) {
    const timing: RoundTiming = {
      alertNode: alert.site,
      linkHours: linkHoursOf(sites),
      compositeHours: COMPOSITE_HOURS,
      ...(budgetHours !== null ? { budgetHours } : {}),
    };
    const p = planSamplingRound(tree, candidates, k, { timing });
    if (p.points.length) {
      const windows = samplingWindows(tree, p.points, alert.site, timing.linkHours);
      const complete = windows.every((w) => w.travelTimeToAlertHours !== null);
      plan = {
        k,
        points: p.points,
        expectedInformationBits: p.expectedInformationBits,
        classes: p.classes,
        ...(complete
          ? {
              travelTimeToAlertHours: Object.fromEntries(
                windows.map((w) => [w.site, w.travelTimeToAlertHours as number]),
              ),
            }
          : {}),
        // rounded like the windows (0.01 h) so sums of decimal link times read as written
        roundHours: p.roundHours === null || p.roundHours === undefined ? null : Math.round(p.roundHours * 100) / 100,
        budgetHours,
        windows,
      };
    }
  }
  return {
    alertId,
    site: alert.site,
    analyte: alert.analyte_code,
    candidates: candidates.map((c) => ({ site: c.id, siteName: names.get(c.id) ?? null, prior: c.prior })),
    priorBasis: PRIOR_BASIS,
    priorBasisCode: PRIOR_BASIS_CODE,
    priorBasisParams: PRIOR_BASIS_PARAMS,
    roundsDone: done.length,
    localised,
    plan,
  };
}

/**
 * The sewer tree (rooted at its plant) containing `siteCode`, with the open alerts per node. Nodes outside the
 * caller's scope are left out.
 * @throws NotFoundError (unknown site or out of scope)
 */
export async function networkTree(ctx: AppContext, by: WarningCaller, siteCode: string): Promise<NetworkTree> {
  const one = await ctx.database.raw.query<{ source: string; jpath: string | null }>(
    `SELECT s.source, ${SITE_PATH_SQL} AS jpath FROM site s LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code WHERE s.code = $1`,
    [siteCode],
  );
  const site = one.rows[0];
  if (!site || !may(ctx, by, "monitoring.read", site.jpath))
    throw new NotFoundError(`site ${siteCode} not found`, "site");
  const sites = await sourceSites(ctx, site.source);
  const tree = engineTree(sites.map((s) => ({ code: s.code, downstream: s.downstream })));
  let root = tree.index.get(siteCode) as number;
  while (tree.parent[root] !== -1) root = tree.parent[root] as number;
  const rootId = tree.ids[root] as string;
  const alerts = await ctx.database.raw.query<{ site: string; level: string }>(
    `SELECT s.code AS site, a.level FROM alert a JOIN site s ON s.id = a.site_id WHERE s.source = $1 AND a.status = ANY($2::text[])`,
    [site.source, [...OPEN_ALERT_STATUSES]],
  );
  const open = new Map<string, { n: number; max: string | null }>();
  for (const a of alerts.rows) {
    const o = open.get(a.site) ?? { n: 0, max: null };
    o.n++;
    if (o.max === null || levelRank(a.level) > levelRank(o.max)) o.max = a.level;
    open.set(a.site, o);
  }
  const nodes = sites
    .filter((s) => {
      const i = tree.index.get(s.code) as number;
      return (
        (tree.tin[root] as number) <= (tree.tin[i] as number) && (tree.tin[i] as number) <= (tree.tout[root] as number)
      );
    })
    .filter((s) => may(ctx, by, "monitoring.read", s.jpath))
    .map((s) => ({
      site: s.code,
      name: s.name,
      kind: s.kind,
      downstreamSite: s.downstream,
      populationServed: s.population_served,
      lon: s.lon,
      lat: s.lat,
      jurisdictionCode: s.jurisdiction_code,
      openAlerts: open.get(s.code)?.n ?? 0,
      maxLevel: (open.get(s.code)?.max ?? null) as NetworkTree["nodes"][number]["maxLevel"],
    }));
  return { root: rootId, site: siteCode, nodes };
}
