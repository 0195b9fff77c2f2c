/**
 * Mass balance at a node of the sewer tree on one day: the loads of the nearest sampled upstream sites
 * ({@link sampledFrontier}) against the node's own load (detect/mass-balance.ts for the statistic). Unsampled
 * inflows make the balance conservative (the sum can only be smaller), so a missing inflow never causes an alarm.
 */
import { type MassBalanceResult, massBalance, type PointLoad } from "../detect/mass-balance.js";
import { sampledFrontier, type SewerTree } from "./sewer-tree.js";

/** Mass balance at `nodeId` with the upstream sites used, or null when the node or every upstream site lacks a load. */
export function nodeMassBalance(
  tree: SewerTree,
  nodeId: string,
  loads: ReadonlyMap<string, PointLoad>,
  options?: { threshold?: number; defaultRsd?: number },
): (MassBalanceResult & { node: string; upstreamSites: string[] }) | null {
  const down = loads.get(nodeId);
  if (!down) return null;
  const up = sampledFrontier(tree, nodeId, new Set(loads.keys()));
  if (up.length === 0) return null;
  const r = massBalance(
    up.map((id) => ({ site: id, ...(loads.get(id) as PointLoad) })),
    down,
    options,
  );
  return { ...r, node: nodeId, upstreamSites: up };
}
