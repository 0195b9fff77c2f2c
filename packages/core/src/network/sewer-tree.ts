/**
 * The sewer network as a tree of sampling sites linked by their downstream site (DESIGN.md §5:
 * `site.downstream_site_id`): sub-catchment outfalls, manholes and pumping stations drain towards a treatment
 * plant (a root: no downstream site). Several plants give a forest.
 *
 * "Upstream of X" = every site whose flow passes X = the subtree rooted at X. Subtree membership is O(1) by
 * pre-order entry/exit numbers (Euler tour), so tracing can test "does X's sample contain Y's water?" cheaply.
 */

/** A site and the site its sewage flows to (null for a plant/outlet). */
export interface SewerNode {
  id: string;
  downstreamId: string | null;
}

/** The network is not a valid tree. `nodeIds` lists the offending sites (for a cycle, the whole cycle in flow order). */
export class SewerNetworkError extends Error {
  override readonly name = "SewerNetworkError";
  readonly kind: "duplicate-id" | "unknown-downstream" | "cycle" | "unknown-node";
  readonly nodeIds: string[];
  constructor(kind: SewerNetworkError["kind"], nodeIds: string[], message: string) {
    super(message);
    this.kind = kind;
    this.nodeIds = nodeIds;
  }
}

/** A validated sewer tree (forest). Indices refer to `ids`. */
export interface SewerTree {
  /** site ids in input order */
  readonly ids: readonly string[];
  /** id → index */
  readonly index: ReadonlyMap<string, number>;
  /** downstream index, −1 for a root */
  readonly parent: Int32Array;
  /** upstream neighbours (direct inflows), sorted by id */
  readonly children: readonly (readonly number[])[];
  /** pre-order entry number */
  readonly tin: Int32Array;
  /** last pre-order number inside the subtree: j is upstream-or-self of i ⇔ tin[i] ≤ tin[j] ≤ tout[i] */
  readonly tout: Int32Array;
  /** depth below its root (root = 0) */
  readonly depth: Int32Array;
}

/**
 * Builds and validates a sewer tree.
 * @throws SewerNetworkError for a duplicate id, a downstream id that is not a node, or a cycle (incl. a self-link)
 */
export function buildSewerTree(nodes: readonly SewerNode[]): SewerTree {
  const n = nodes.length;
  const ids = nodes.map((x) => x.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new SewerNetworkError("duplicate-id", [id], `Site ${id} appears twice in the sewer network`);
    index.set(id, i);
  });
  const parent = new Int32Array(n).fill(-1);
  nodes.forEach((x, i) => {
    if (x.downstreamId === null) return;
    const p = index.get(x.downstreamId);
    if (p === undefined) {
      throw new SewerNetworkError("unknown-downstream", [x.id, x.downstreamId], `Site ${x.id} flows to unknown site ${x.downstreamId}`);
    }
    parent[i] = p;
  });
  // cycle check: follow downstream links; colour 1 = on the current walk, 2 = known to reach a root
  const colour = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const walk: number[] = [];
    let v = s;
    while (v >= 0 && colour[v] === 0) {
      colour[v] = 1;
      walk.push(v);
      v = parent[v] as number;
    }
    if (v >= 0 && colour[v] === 1) {
      const cycle = walk.slice(walk.indexOf(v)).map((i) => ids[i] as string);
      throw new SewerNetworkError("cycle", cycle, `The sewer network has a cycle: ${[...cycle, cycle[0]].join(" → ")}`);
    }
    for (const w of walk) colour[w] = 2;
  }
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) if ((parent[i] as number) >= 0) children[parent[i] as number]?.push(i);
  for (const c of children) c.sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : 1));
  const tin = new Int32Array(n);
  const tout = new Int32Array(n);
  const depth = new Int32Array(n);
  let clock = 0;
  const rootIdx = [...Array(n).keys()].filter((i) => parent[i] === -1).sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : 1));
  for (const r of rootIdx) {
    // iterative DFS: stack of [node, next child position]
    const stack: [number, number][] = [[r, 0]];
    tin[r] = clock++;
    depth[r] = 0;
    while (stack.length) {
      const top = stack[stack.length - 1] as [number, number];
      const [v, k] = top;
      const ch = children[v] as number[];
      if (k < ch.length) {
        top[1] = k + 1;
        const c = ch[k] as number;
        tin[c] = clock++;
        depth[c] = (depth[v] as number) + 1;
        stack.push([c, 0]);
      } else {
        tout[v] = clock - 1;
        stack.pop();
      }
    }
  }
  return { ids, index, parent, children, tin, tout, depth };
}

/** Index of a site. @throws SewerNetworkError (unknown-node) */
export function nodeIndex(tree: SewerTree, id: string): number {
  const i = tree.index.get(id);
  if (i === undefined) throw new SewerNetworkError("unknown-node", [id], `Site ${id} is not in the sewer network`);
  return i;
}

/** True when the water of site index `a` passes site index `b` (a is in b's subtree, or a = b). */
export function drainsThrough(tree: SewerTree, a: number, b: number): boolean {
  const t = tree.tin[a] as number;
  return (tree.tin[b] as number) <= t && t <= (tree.tout[b] as number);
}

/**
 * Every site upstream of `id` (its subtree), in pre-order (nearest first along each branch).
 * @param includeSelf include `id` itself (default false)
 */
export function upstreamOf(tree: SewerTree, id: string, includeSelf = false): string[] {
  const r = nodeIndex(tree, id);
  const out: string[] = [];
  const stack = [r];
  while (stack.length) {
    const v = stack.pop() as number;
    if (v !== r || includeSelf) out.push(tree.ids[v] as string);
    const ch = tree.children[v] as readonly number[];
    for (let k = ch.length - 1; k >= 0; k--) stack.push(ch[k] as number);
  }
  return out;
}

/** The flow path from `id` down to its plant (both included). */
export function pathToOutlet(tree: SewerTree, id: string): string[] {
  const out: string[] = [];
  for (let v = nodeIndex(tree, id); v >= 0; v = tree.parent[v] as number) out.push(tree.ids[v] as string);
  return out;
}

/** The roots (plants / outlets), sorted by id. */
export function outlets(tree: SewerTree): string[] {
  return tree.ids.filter((_, i) => tree.parent[i] === -1).sort();
}

/**
 * The sampled sites nearest upstream of `id` that do not lie upstream of one another: for each direct inflow, the
 * inflow itself when it is in `sampled`, else (recursively) its own nearest sampled inflows. Their loads can be
 * summed without double counting (mass balance). Sorted by id.
 */
export function sampledFrontier(tree: SewerTree, id: string, sampled: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const stack = [...(tree.children[nodeIndex(tree, id)] as readonly number[])];
  while (stack.length) {
    const v = stack.pop() as number;
    const vid = tree.ids[v] as string;
    if (sampled.has(vid)) out.push(vid);
    else stack.push(...(tree.children[v] as readonly number[]));
  }
  return out.sort();
}

/**
 * Sewer travel time from `from` down to `to` (which must be downstream of, or equal to, `from`): the sum of the
 * per-link times `linkHours.get(site)` (time from a site to its downstream site) along the path.
 * @throws SewerNetworkError when `to` is not on the path of `from`, or a link time is missing
 */
export function travelTimeHours(tree: SewerTree, from: string, to: string, linkHours: ReadonlyMap<string, number>): number {
  const target = nodeIndex(tree, to);
  const start = nodeIndex(tree, from);
  if (!drainsThrough(tree, start, target)) throw new SewerNetworkError("unknown-node", [from, to], `Site ${to} is not downstream of ${from}`);
  let h = 0;
  for (let v = start; v !== target; v = tree.parent[v] as number) {
    const id = tree.ids[v] as string;
    const t = linkHours.get(id);
    if (t === undefined || !(t >= 0)) throw new SewerNetworkError("unknown-node", [id], `No travel time (hours ≥ 0) for the link from ${id}`);
    h += t;
  }
  return h;
}
