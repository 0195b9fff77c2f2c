/**
 * Small-cell suppression of a two-way table of counts with margins (docs/domain.md SEC-12; GB/T 37964-2019
 * de-identification by suppression; Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §5.2).
 *
 * Threshold k: a design choice, no statutory value (domain.md SEC-12): default {@link K_INTERNAL} = 5 for internal
 * dashboards, {@link K_PUBLIC} = 10 for published tables.
 *
 * 1. Primary suppression: every interior cell and every margin (row total, column total, grand total) with
 *    0 < n < k.
 * 2. Complementary suppression, so that no suppressed value can be computed exactly from the published ones.
 *    View the table with margins as an (R+1)×(C+1) array whose last row/column hold the totals. Each of its
 *    R+1 row lines and C+1 column lines gives one linear equation (cells − total = 0, and totals − grand = 0).
 *    The suppressed entries are the edges of a bipartite graph between row lines and column lines; the solution
 *    space of the equations restricted to them is the cycle space of that graph, so an entry is exactly
 *    determined iff its edge is a *bridge* (lies on no cycle). The algorithm repeatedly takes a bridge (r, c) and
 *    closes a cycle through it with the cheapest rectangle (r, c)–(r, c′)–(r′, c′)–(r′, c), cost = the values
 *    newly suppressed (zero cells cost a large penalty, since a hidden zero protects little), until no bridge
 *    remains. Each step adds at least one entry, so it terminates. Consequence: every line with a suppressed
 *    entry has at least two (the "total suppressed too" case is an entry of the same line).
 *
 * Pure: no I/O, deterministic (ties broken by row, then column order).
 */
import { ScienceInputError } from "../errors.js";

/** k for internal dashboards (domain.md SEC-12). */
export const K_INTERNAL = 5;
/** k for published tables (domain.md SEC-12). */
export const K_PUBLIC = 10;

/** Why an entry is hidden. */
export type SuppressionReason = "primary" | "complementary";

/** A published table: hidden entries are `null`. */
export interface SuppressedTable {
  k: number;
  /** R×C interior counts, `null` where suppressed */
  cells: (number | null)[][];
  /** R row totals */
  rowTotals: (number | null)[];
  /** C column totals */
  columnTotals: (number | null)[];
  grandTotal: number | null;
  /** (R+1)×(C+1) reasons (last row = column totals, last column = row totals, corner = grand total); null = shown */
  reasons: (SuppressionReason | null)[][];
  /** number of suppressed entries of each kind */
  counts: { primary: number; complementary: number };
}

const ZERO_PENALTY = 1e12;

/**
 * Suppresses small cells of `counts` (R×C non-negative integers, R, C ≥ 1) with threshold `k` (integer ≥ 1).
 * Margins are computed here, never taken from the caller (so they always match the cells).
 * @throws ScienceInputError for a ragged or empty table, a negative or non-integer count, or a bad k
 */
export function suppressSmallCells(counts: readonly (readonly number[])[], k: number = K_INTERNAL): SuppressedTable {
  if (!Number.isInteger(k) || k < 1) throw new ScienceInputError("k", k, "an integer ≥ 1");
  const R = counts.length;
  if (R === 0) throw new ScienceInputError("counts", "[]", "at least one row");
  const C = (counts[0] as readonly number[]).length;
  if (C === 0) throw new ScienceInputError("counts[0]", "[]", "at least one column");
  counts.forEach((row, r) => {
    if (row.length !== C)
      throw new ScienceInputError(`counts[${r}]`, `${row.length} columns`, `${C} columns like row 0`);
    row.forEach((n, c) => {
      if (!Number.isInteger(n) || n < 0) throw new ScienceInputError(`counts[${r}][${c}]`, n, "an integer count ≥ 0");
    });
  });

  // augmented (R+1)×(C+1) array of values
  const value: number[][] = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totalsRow: number[] = [];
  for (let c = 0; c <= C; c++) totalsRow.push(value.reduce((a, row) => a + (row[c] as number), 0));
  value.push(totalsRow);
  const reasons: (SuppressionReason | null)[][] = value.map((row) =>
    row.map((n) => (n > 0 && n < k ? "primary" : null)),
  );

  const hidden = (r: number, c: number) => reasons[r]?.[c] != null;
  const cost = (r: number, c: number) => {
    if (hidden(r, c)) return 0;
    const n = value[r]?.[c] as number;
    return n === 0 ? ZERO_PENALTY : n;
  };

  for (;;) {
    const bridge = findBridge(reasons);
    if (!bridge) break;
    const [r, c] = bridge;
    let best: { r2: number; c2: number; cost: number } | null = null;
    for (let r2 = 0; r2 <= R; r2++) {
      if (r2 === r) continue;
      for (let c2 = 0; c2 <= C; c2++) {
        if (c2 === c) continue;
        const total = cost(r, c2) + cost(r2, c2) + cost(r2, c);
        if (!best || total < best.cost) best = { r2, c2, cost: total };
      }
    }
    // R+1 ≥ 2 and C+1 ≥ 2 always, so a rectangle exists
    const { r2, c2 } = best as { r2: number; c2: number };
    for (const [rr, cc] of [
      [r, c2],
      [r2, c2],
      [r2, c],
    ] as const) {
      const row = reasons[rr] as (SuppressionReason | null)[];
      if (row[cc] == null) row[cc] = "complementary";
    }
  }

  const show = (r: number, c: number) => (hidden(r, c) ? null : (value[r]?.[c] as number));
  let primary = 0;
  let complementary = 0;
  for (const row of reasons)
    for (const x of row) {
      if (x === "primary") primary++;
      else if (x === "complementary") complementary++;
    }
  return {
    k,
    cells: counts.map((row, r) => row.map((_, c) => show(r, c))),
    rowTotals: counts.map((_, r) => show(r, C)),
    columnTotals: Array.from({ length: C }, (_, c) => show(R, c)),
    grandTotal: show(R, C),
    reasons,
    counts: { primary, complementary },
  };
}

/**
 * The first suppressed entry (row-major) whose edge is a bridge of the bipartite graph row-lines × column-lines
 * (i.e. whose value the published margins determine exactly), or null. Small tables: a BFS per edge.
 */
export function findBridge(reasons: readonly (readonly (SuppressionReason | null)[])[]): [number, number] | null {
  const rows = reasons.length;
  const cols = (reasons[0] ?? []).length;
  const edges: [number, number][] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (reasons[r]?.[c] != null) edges.push([r, c]);
  for (const [r, c] of edges) {
    // is column node c reachable from row node r without the edge (r, c)?
    const seenRow = new Array<boolean>(rows).fill(false);
    const seenCol = new Array<boolean>(cols).fill(false);
    const queue: ["r" | "c", number][] = [["r", r]];
    seenRow[r] = true;
    let reached = false;
    while (queue.length > 0 && !reached) {
      const [kind, i] = queue.shift() as ["r" | "c", number];
      for (const [er, ec] of edges) {
        if (er === r && ec === c) continue;
        if (kind === "r" && er === i && !seenCol[ec]) {
          if (ec === c) reached = true;
          seenCol[ec] = true;
          queue.push(["c", ec]);
        } else if (kind === "c" && ec === i && !seenRow[er]) {
          seenRow[er] = true;
          queue.push(["r", er]);
        }
      }
    }
    if (!reached) return [r, c];
  }
  return null;
}
