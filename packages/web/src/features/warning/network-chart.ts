/**
 * The sewer network as an ECharts `tree` series (pure builders): the plant is the root, each sub-catchment outfall
 * or pumping station a node under its downstream node. Nodes with open alerts take their highest level's colour;
 * when a trace plan is shown, the candidate upstream sources are outlined and shaded by prior, the proposed next
 * sampling points drawn as diamonds, and everything else dimmed.
 */
import type { NetworkTree, TracePlan, WarningLevel } from "@tracewater/contract";
import { LEVEL_COLORS } from "./model.js";

export interface NetworkTreeDatum {
  name: string;
  /** site code */
  site: string;
  kind: string;
  openAlerts: number;
  maxLevel: WarningLevel | null;
  candidate: boolean;
  prior: number | null;
  planPoint: boolean;
  alerting: boolean;
  children: NetworkTreeDatum[];
  symbol: string;
  symbolSize: number;
  itemStyle: Record<string, unknown>;
  label: Record<string, unknown>;
}

const NO_ALERT_COLOR = "#bfbfbf";
const CANDIDATE_COLOR = "#fa541c";
const PLAN_COLOR = "#08979c";

/**
 * Nests the flat node list under `tree.root`. Nodes whose downstream site is not in the list (outside the caller's
 * scope) are left out with their subtree; a cycle cannot occur (the server validates the tree).
 * @throws Error when the root is not among the nodes
 */
export function networkTreeData(tree: NetworkTree, trace: TracePlan | null, alertSite?: string): NetworkTreeDatum {
  const nodes = new Map(tree.nodes.map((n) => [n.site, n]));
  const children = new Map<string, string[]>();
  for (const n of tree.nodes) {
    if (!n.downstreamSite || n.site === tree.root) continue;
    const list = children.get(n.downstreamSite) ?? [];
    list.push(n.site);
    children.set(n.downstreamSite, list);
  }
  const priors = new Map((trace?.candidates ?? []).map((c) => [c.site, c.prior]));
  const maxPrior = Math.max(0, ...priors.values());
  const plan = new Set(trace?.plan?.points ?? []);
  const tracing = trace !== null;

  const build = (site: string): NetworkTreeDatum => {
    const n = nodes.get(site);
    if (!n) throw new Error(`network root ${site} is not among the nodes`);
    const candidate = priors.has(site);
    const prior = priors.get(site) ?? null;
    const planPoint = plan.has(site);
    const alerting = site === (alertSite ?? trace?.site);
    const base = n.maxLevel ? LEVEL_COLORS[n.maxLevel] : NO_ALERT_COLOR;
    const dimmed = tracing && !candidate && !planPoint && !alerting;
    const kids = (children.get(site) ?? []).sort().map(build);
    return {
      name: n.name,
      site,
      kind: n.kind,
      openAlerts: n.openAlerts,
      maxLevel: n.maxLevel,
      candidate,
      prior,
      planPoint,
      alerting,
      children: kids,
      symbol: planPoint ? "diamond" : alerting ? "pin" : site === tree.root ? "roundRect" : "circle",
      symbolSize: planPoint ? 20 : alerting ? 26 : site === tree.root ? 16 : 11,
      itemStyle: {
        color: planPoint ? PLAN_COLOR : base,
        borderColor: candidate ? CANDIDATE_COLOR : "#595959",
        borderWidth: candidate ? 3 : 1,
        opacity: dimmed ? 0.35 : 1,
      },
      label: {
        opacity: dimmed ? 0.45 : 1,
        fontWeight: candidate || planPoint || alerting ? "bold" : "normal",
        backgroundColor:
          candidate && prior !== null && maxPrior > 0
            ? `rgba(250, 84, 28, ${(0.1 + 0.35 * (prior / maxPrior)).toFixed(3)})`
            : "transparent",
        padding: [2, 4],
        borderRadius: 3,
      },
    };
  };
  return build(tree.root);
}

/** Number of nodes in a nested tree (for the chart's height). */
export function countLeaves(datum: NetworkTreeDatum): number {
  return datum.children.length === 0 ? 1 : datum.children.reduce((sum, c) => sum + countLeaves(c), 0);
}
