import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { K_INTERNAL, K_PUBLIC, suppressSmallCells } from "./k-suppression.js";

/** Rank of a small real matrix by Gaussian elimination with partial pivoting (entries are −1, 0, 1). */
function rank(m: number[][]): number {
  const a = m.map((row) => [...row]);
  const rows = a.length;
  const cols = rows ? (a[0] as number[]).length : 0;
  let rnk = 0;
  for (let c = 0; c < cols && rnk < rows; c++) {
    let p = rnk;
    for (let i = rnk + 1; i < rows; i++)
      if (Math.abs((a[i] as number[])[c] as number) > Math.abs((a[p] as number[])[c] as number)) p = i;
    if (Math.abs((a[p] as number[])[c] as number) < 1e-9) continue;
    [a[rnk], a[p]] = [a[p] as number[], a[rnk] as number[]];
    const pivot = a[rnk] as number[];
    for (let i = 0; i < rows; i++) {
      if (i === rnk) continue;
      const row = a[i] as number[];
      const f = (row[c] as number) / (pivot[c] as number);
      if (f !== 0) for (let j = c; j < cols; j++) row[j] = (row[j] as number) - f * (pivot[j] as number);
    }
    rnk++;
  }
  return rnk;
}

/**
 * Which hidden entries an attacker can compute exactly by adding and differencing the published equations
 * (row sums, column sums, sum of row totals = sum of column totals = grand total). Independent of the
 * algorithm's graph argument: entry i is determined iff the unit vector e_i lies in the row space of the
 * equations restricted to the unknowns, i.e. appending e_i does not raise the rank.
 */
function recoverableEntries(t: ReturnType<typeof suppressSmallCells>): [number, number][] {
  const R = t.cells.length;
  const C = (t.cells[0] as unknown[]).length;
  const unknowns: [number, number][] = [];
  t.reasons.forEach((row, r) => {
    row.forEach((x, c) => {
      if (x != null) unknowns.push([r, c]);
    });
  });
  if (unknowns.length === 0) return [];
  const idx = (r: number, c: number) => unknowns.findIndex(([a, b]) => a === r && b === c);
  const eqs: number[][] = [];
  // line r (0..R): entries (r, 0..C-1) − entry (r, C) = 0 ; line over columns likewise
  for (let r = 0; r <= R; r++) {
    const e = new Array<number>(unknowns.length).fill(0);
    for (let c = 0; c < C; c++) if (idx(r, c) >= 0) e[idx(r, c)] = 1;
    if (idx(r, C) >= 0) e[idx(r, C)] = -1;
    eqs.push(e);
  }
  for (let c = 0; c <= C; c++) {
    const e = new Array<number>(unknowns.length).fill(0);
    for (let r = 0; r < R; r++) if (idx(r, c) >= 0) e[idx(r, c)] = 1;
    if (idx(R, c) >= 0) e[idx(R, c)] = -1;
    eqs.push(e);
  }
  const base = rank(eqs);
  return unknowns.filter((_, i) => {
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[i] = 1;
    return rank([...eqs, unit]) === base;
  });
}

describe("suppressSmallCells", () => {
  it("hides the small cell and the cheapest complementary rectangle (hand calculation)", () => {
    // margins: rows 35, 53; columns 27, 11, 50; grand 88. Cell 3 < 5 is primary. Rectangles through (0,1):
    // with row 1 and column 0 cost 12+15+8 = 35, column 2: 20+30+8 = 58, total column: 35+53+8 = 96,
    // total row and column 0: 12+27+11 = 50 … → the 12/15/8 rectangle.
    const t = suppressSmallCells([
      [12, 3, 20],
      [15, 8, 30],
    ]);
    expect(t.cells).toEqual([
      [null, null, 20],
      [null, null, 30],
    ]);
    expect(t.rowTotals).toEqual([35, 53]);
    expect(t.columnTotals).toEqual([27, 11, 50]);
    expect(t.grandTotal).toBe(88);
    expect(t.counts).toEqual({ primary: 1, complementary: 3 });
    expect(t.reasons[0]?.[1]).toBe("primary");
    // what the attacker can derive: a+b = 15, a+c = 27, b+d = 11, c+d = 23 — one free parameter
    expect(recoverableEntries(t)).toEqual([]);
  });

  it("the oracle finds what primary suppression alone would leak (a lone hidden cell, and a bridge between two cycles)", () => {
    const base = suppressSmallCells([
      [20, 30],
      [40, 50],
    ]);
    const lone = {
      ...base,
      reasons: base.reasons.map((row, r) => row.map((_, c) => (r === 0 && c === 0 ? ("primary" as const) : null))),
    };
    expect(recoverableEntries(lone)).toEqual([[0, 0]]);
    // hidden 2×2 blocks in rows 0-1/cols 0-1 and rows 2-3/cols 2-3 plus (0,2): (0,2) is a bridge, hence exactly known
    const big = suppressSmallCells([
      [20, 20, 20, 20],
      [20, 20, 20, 20],
      [20, 20, 20, 20],
      [20, 20, 20, 20],
    ]);
    const hiddenAt = new Set(["0,0", "0,1", "1,0", "1,1", "2,2", "2,3", "3,2", "3,3", "0,2"]);
    const bridged = {
      ...big,
      reasons: big.reasons.map((row, r) =>
        row.map((_, c) => (hiddenAt.has(`${r},${c}`) ? ("primary" as const) : null)),
      ),
    };
    expect(recoverableEntries(bridged)).toEqual([[0, 2]]);
  });

  it("leaves tables without small cells untouched and never hides zeros as primaries", () => {
    const t = suppressSmallCells([
      [0, 10],
      [7, 12],
    ]);
    expect(t.counts).toEqual({ primary: 0, complementary: 0 });
    expect(t.cells).toEqual([
      [0, 10],
      [7, 12],
    ]);
  });

  it("hides a small row total and protects it (a one-row-of-small-cells table)", () => {
    // row 0 = [2, 1] (total 3 < 5): cells and its total are primary
    const t = suppressSmallCells([
      [2, 1],
      [40, 30],
      [25, 35],
    ]);
    expect(t.rowTotals[0]).toBeNull();
    expect(t.cells[0]).toEqual([null, null]);
    expect(recoverableEntries(t)).toEqual([]);
  });

  it("uses k = 10 for public tables", () => {
    expect(K_INTERNAL).toBe(5);
    expect(K_PUBLIC).toBe(10);
    const t = suppressSmallCells(
      [
        [7, 30],
        [20, 40],
      ],
      K_PUBLIC,
    );
    expect(t.reasons[0]?.[0]).toBe("primary");
    expect(
      suppressSmallCells(
        [
          [7, 30],
          [20, 40],
        ],
        K_INTERNAL,
      ).counts.primary,
    ).toBe(0);
  });

  it("rejects ragged tables, negative or fractional counts and a bad k, naming the place", () => {
    expect(() => suppressSmallCells([[1, 2], [3]])).toThrow(/counts\[1\].*1 columns.*2 columns/);
    expect(() => suppressSmallCells([[1, -2]])).toThrow(ScienceInputError);
    expect(() => suppressSmallCells([[1, 2.5]])).toThrow(/counts\[0\]\[1\]/);
    expect(() => suppressSmallCells([[1]], 0)).toThrow(/Invalid k/);
    expect(() => suppressSmallCells([])).toThrow(/at least one row/);
  });

  it("property: every 0<n<k entry is hidden, and no hidden entry can be recovered by differencing published totals", () => {
    const table = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([r, c]) =>
      fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), {
          minLength: c,
          maxLength: c,
        }),
        {
          minLength: r,
          maxLength: r,
        },
      ),
    );
    fc.assert(
      fc.property(table, fc.constantFrom(K_INTERNAL, K_PUBLIC), (counts, k) => {
        const t = suppressSmallCells(counts, k);
        const R = counts.length;
        const C = (counts[0] as number[]).length;
        counts.forEach((row, r) => {
          row.forEach((n, c) => {
            if (n > 0 && n < k) expect(t.cells[r]?.[c]).toBeNull();
            if (t.cells[r]?.[c] != null) expect(t.cells[r]?.[c]).toBe(n);
          });
        });
        const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
        rowTotals.forEach((n, r) => {
          if (n > 0 && n < k) expect(t.rowTotals[r]).toBeNull();
        });
        // each line with a hidden entry has at least two hidden entries (total included)
        for (let r = 0; r <= R; r++) {
          const hiddenInLine = (t.reasons[r] as unknown[]).filter((x) => x != null).length;
          expect(hiddenInLine === 0 || hiddenInLine >= 2).toBe(true);
        }
        for (let c = 0; c <= C; c++) {
          const hiddenInLine = t.reasons.filter((row) => row[c] != null).length;
          expect(hiddenInLine === 0 || hiddenInLine >= 2).toBe(true);
        }
        expect(recoverableEntries(t)).toEqual([]);
      }),
      { seed: 20260301, numRuns: 300 },
    );
  });
});
