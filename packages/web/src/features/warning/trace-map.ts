/**
 * The trace plan on the map (pure builder, issue #4): the sewer links of the network as lines from each site to its
 * downstream site (arrow at the downstream end), every site as a point at its registry coordinates, the candidate
 * upstream sources sized and shaded by prior, the alerting node as a pin, and the proposed sampling points of the
 * next round as diamonds numbered in plan order with their sampling window (hours relative to the start of the alert
 * node's 24-h composite). Sites without coordinates are left out, and so are links with an end left out.
 *
 * The initial view (`bounds`) frames the tree together with the nearest stretch of administrative boundary of the
 * base map, so the tree is seen inside its county and not on a blank background (a demo tree spans ≈ 0.02°, its
 * county ≈ 0.4°: fitting the whole county would shrink the tree to a few dozen pixels).
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
  /**
   * [[west, north], [east, south]] (degrees) of the located sites and the nearest base-map boundary point to their
   * centre (when one lies within {@link BOUNDARY_REACH_DEG}), padded by 12 % of the span (at least 0.003°, ≈ 300 m);
   * null when no site is located
   */
  bounds: [[number, number], [number, number]] | null;
  /** sites of the tree without coordinates (not drawn) */
  unlocated: number;
}

/** A closed ring of a boundary polygon: [lon, lat] vertices in degrees (WGS-84, GeoJSON order). */
export type BoundaryRing = ReadonlyArray<readonly [number, number]>;

/**
 * A boundary farther than this (degrees, ≈ 33 km north–south) from the tree is not pulled into the view: the tree
 * then lies outside the base map (e.g. sites of another city) and the view stays on the tree.
 */
export const BOUNDARY_REACH_DEG = 0.3;

/**
 * The rings of every Polygon / MultiPolygon feature of a GeoJSON FeatureCollection (RFC 7946 §3.1.6–7); other
 * geometries and malformed input give no ring.
 */
export function boundaryRings(geo: unknown): BoundaryRing[] {
  const rings: BoundaryRing[] = [];
  const features = (geo as { features?: unknown })?.features;
  if (!Array.isArray(features)) return rings;
  for (const f of features) {
    const g = (f as { geometry?: { type?: string; coordinates?: unknown } })?.geometry;
    if (!g || !Array.isArray(g.coordinates)) continue;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    for (const polygon of polygons as unknown[]) {
      if (!Array.isArray(polygon)) continue;
      for (const ring of polygon) if (Array.isArray(ring) && ring.length > 1) rings.push(ring as BoundaryRing);
    }
  }
  return rings;
}

/**
 * The point of the rings' edges nearest to `p` ([lon, lat], degrees), with its distance in degrees of latitude:
 * equirectangular (longitude differences × cos latitude of `p`), exact enough over the few km in question.
 * `viewAspect` (width / height of the map view, ≥ 1) divides east–west distances: a view twice as wide as high
 * shows a boundary 2 km to the side at the zoom that shows one 1 km above, so that one counts as near.
 * Null when there is no edge.
 */
export function nearestBoundaryPoint(
  p: readonly [number, number],
  rings: readonly BoundaryRing[],
  viewAspect = 1,
): { point: [number, number]; distance: number } | null {
  const k = Math.cos((p[1] * Math.PI) / 180) / viewAspect;
  let best: { point: [number, number]; distance: number } | null = null;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1];
      const b = ring[i];
      if (!a || !b) continue;
      // in scaled coordinates (x = lon × k, y = lat) relative to p
      const ax = (a[0] - p[0]) * k;
      const ay = a[1] - p[1];
      const dx = (b[0] - a[0]) * k;
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
      const x = ax + t * dx;
      const y = ay + t * dy;
      const distance = Math.hypot(x, y);
      if (!best || distance < best.distance) best = { point: [a[0] + t * (b[0] - a[0]), a[1] + t * dy], distance };
    }
  }
  return best;
}

/**
 * Builds the map layers of a network tree with an optional trace plan. A site is a plan point before it is the
 * alert node or a candidate (the alert node itself is never proposed by the server). `boundaries` are the rings
 * of the base map ({@link boundaryRings}); the view is widened to the nearest of them (see `bounds`), nearest for
 * a view `viewAspect` times as wide as high ({@link nearestBoundaryPoint}).
 */
export function traceMapData(
  tree: NetworkTree,
  trace: TracePlan | null,
  boundaries: readonly BoundaryRing[] = [],
  viewAspect = 1,
): TraceMapData {
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
    let [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const near = nearestBoundaryPoint([(w + e) / 2, (s + n) / 2], boundaries, viewAspect);
    if (near && near.distance <= BOUNDARY_REACH_DEG) {
      [w, e] = [Math.min(w, near.point[0]), Math.max(e, near.point[0])];
      [s, n] = [Math.min(s, near.point[1]), Math.max(n, near.point[1])];
    }
    const padLon = Math.max(0.003, 0.12 * (e - w));
    const padLat = Math.max(0.003, 0.12 * (n - s));
    bounds = [
      [w - padLon, n + padLat],
      [e + padLon, s - padLat],
    ];
  }
  return { sites, links, bounds, unlocated };
}
