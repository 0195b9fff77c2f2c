/**
 * The trace plan on the map (pure builder, issue #4): the sewer links of the network as lines from each site to its
 * downstream site (arrow at the downstream end), every site as a point at its registry coordinates, the candidate
 * upstream sources sized and shaded by prior, the alerting node as a pin, and the proposed sampling points of the
 * next round as diamonds numbered in plan order with their sampling window (hours relative to the start of the alert
 * node's 24-h composite). Sites without coordinates are left out, and so are links with an end left out.
 */
import type { NetworkTree, TracePlan } from "@tracewater/contract";

export type TraceMapRole = "alert" | "plan" | "candidate" | "other";

export interface TraceMapSite {
  site: string;
  name: string;
  lon: number;
  lat: number;
  role: TraceMapRole;
  /** prior of a candidate (0…1), else null */
  prior: number | null;
  /** 1-based position in the proposed round, else null */
  order: number | null;
  /** sampling window of a plan point, hours relative to the alert node's composite start (null when unknown) */
  window: { from: number; to: number } | null;
}

export interface TraceMapLink {
  /** upstream site code → downstream site code */
  from: string;
  to: string;
  coords: [[number, number], [number, number]];
  /** both ends are candidates (the link lies in the candidate sub-tree) */
  candidate: boolean;
}

export interface TraceMapData {
  sites: TraceMapSite[];
  links: TraceMapLink[];
  /** [[west, north], [east, south]] of the located sites, padded by 12 % of the span (at least 0.003°, ≈ 300 m); null when none */
  bounds: [[number, number], [number, number]] | null;
  /** sites of the tree without coordinates (not drawn) */
  unlocated: number;
}

/**
 * Builds the map layers of a network tree with an optional trace plan. A site is a plan point before it is the
 * alert node or a candidate (the alert node itself is never proposed by the server).
 */
export function traceMapData(tree: NetworkTree, trace: TracePlan | null): TraceMapData {
  const priors = new Map((trace?.candidates ?? []).map((c) => [c.site, c.prior]));
  const order = new Map((trace?.plan?.points ?? []).map((p, i) => [p, i + 1]));
  const windows = new Map((trace?.plan?.windows ?? []).map((w) => [w.site, w]));
  const alertSite = trace?.site ?? tree.site;
  const located = new Map<string, [number, number]>();
  const sites: TraceMapSite[] = [];
  let unlocated = 0;
  for (const n of tree.nodes) {
    if (n.lon === null || n.lat === null) {
      unlocated++;
      continue;
    }
    located.set(n.site, [n.lon, n.lat]);
    const w = windows.get(n.site);
    const role: TraceMapRole = order.has(n.site)
      ? "plan"
      : n.site === alertSite
        ? "alert"
        : priors.has(n.site)
          ? "candidate"
          : "other";
    sites.push({
      site: n.site,
      name: n.name,
      lon: n.lon,
      lat: n.lat,
      role,
      prior: priors.get(n.site) ?? null,
      order: order.get(n.site) ?? null,
      window:
        w && w.windowStartOffsetHours !== null && w.windowEndOffsetHours !== null
          ? { from: w.windowStartOffsetHours, to: w.windowEndOffsetHours }
          : null,
    });
  }
  const links: TraceMapLink[] = [];
  for (const n of tree.nodes) {
    if (!n.downstreamSite) continue;
    const a = located.get(n.site);
    const b = located.get(n.downstreamSite);
    if (!a || !b) continue;
    links.push({
      from: n.site,
      to: n.downstreamSite,
      coords: [a, b],
      candidate: priors.has(n.site) && priors.has(n.downstreamSite),
    });
  }
  let bounds: TraceMapData["bounds"] = null;
  if (sites.length > 0) {
    const lons = sites.map((s) => s.lon);
    const lats = sites.map((s) => s.lat);
    const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const padLon = Math.max(0.003, 0.12 * (e - w));
    const padLat = Math.max(0.003, 0.12 * (n - s));
    bounds = [
      [w - padLon, n + padLat],
      [e + padLon, s - padLat],
    ];
  }
  return { sites, links, bounds, unlocated };
}
