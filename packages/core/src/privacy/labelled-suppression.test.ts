/**
 * Two queries of the same table must not be combinable into a disclosure (issue #3, SEC-12). Counter-example for
 * position-dependent suppression, found by a property search and kept as a small case: counts [[1,12,0],[9,2,1]],
 * k = 5 (primary: the two 1s; the complementary choice depends on the row order), where the answers for the two row
 * orders together leave a hidden entry determined by the published margins.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findBridge, type SuppressedTable, suppressSmallCells } from "./k-suppression.js";
import { suppressLabelledTable } from "./labelled-suppression.js";

type Reasons = SuppressedTable["reasons"];

/** Entries hidden in BOTH answers (what an attacker holding both answers still does not see). */
function hiddenInBoth(a: Reasons, b: Reasons): Reasons {
  return a.map((row, r) => row.map((x, c) => (x != null && b[r]?.[c] != null ? x : null)));
}

/** Answer `b` (rows given in the order `perm` of the original) mapped back to the original row order. */
function rowsBack(b: Reasons, perm: number[]): Reasons {
  const R = perm.length;
  const out: Reasons = new Array(R);
  perm.forEach((orig, pos) => {
    out[orig] = b[pos] as Reasons[number];
  });
  return [...out, b[R] as Reasons[number]];
}

describe("two queries of one table", () => {
  it("position-dependent suppression leaks: [[1,12,0],[9,2,1]], k = 5, asked in both row orders", () => {
    const t = [
      [1, 12, 0],
      [9, 2, 1],
    ];
    const a = suppressSmallCells(t, 5);
    const b = suppressSmallCells([t[1] as number[], t[0] as number[]], 5);
    // each answer alone is safe …
    expect(findBridge(a.reasons)).toBeNull();
    expect(findBridge(b.reasons)).toBeNull();
    // … but together some hidden entry is determined by the published margins
    expect(findBridge(hiddenInBoth(a.reasons, rowsBack(b.reasons, [1, 0])))).not.toBeNull();
    // the labelled version hides the same entries in both orders: nothing more is learned from two answers
    const la = suppressLabelledTable({ rowKeys: ["140403", "140404"], columnKeys: ["m", "c", "k"], counts: t }, 5);
    const lb = suppressLabelledTable(
      { rowKeys: ["140404", "140403"], columnKeys: ["m", "c", "k"], counts: [t[1] as number[], t[0] as number[]] },
      5,
    );
    expect(rowsBack(lb.reasons, [1, 0])).toEqual(la.reasons);
    expect(findBridge(hiddenInBoth(la.reasons, rowsBack(lb.reasons, [1, 0])))).toBeNull();
    // every 0 < n < k entry stays hidden
    expect(la.cells[0]?.[0]).toBeNull();
    expect(la.cells[1]?.[2]).toBeNull();
  });

  it("property: any two presentations (row and column permutations) hide the same entries, so their union discloses nothing", () => {
    const table = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([R, C]) =>
      fc.tuple(
        fc.array(fc.array(fc.integer({ min: 0, max: 14 }), { minLength: C, maxLength: C }), {
          minLength: R,
          maxLength: R,
        }),
        fc.shuffledSubarray([...Array(R).keys()], { minLength: R, maxLength: R }),
        fc.shuffledSubarray([...Array(C).keys()], { minLength: C, maxLength: C }),
      ),
    );
    fc.assert(
      fc.property(table, ([counts, rp, cp]) => {
        const rowKeys = counts.map((_, r) => `r${String(r).padStart(2, "0")}`);
        const columnKeys = (counts[0] as number[]).map((_, c) => `c${c}`);
        const a = suppressLabelledTable({ rowKeys, columnKeys, counts }, 5);
        const b = suppressLabelledTable(
          {
            rowKeys: rp.map((r) => rowKeys[r] as string),
            columnKeys: cp.map((c) => columnKeys[c] as string),
            counts: rp.map((r) => cp.map((c) => (counts[r] as number[])[c] as number)),
          },
          5,
        );
        // b's entry (i, j) is a's entry (rp[i], cp[j]); margins follow their lines
        rp.forEach((r, i) => {
          cp.forEach((c, j) => {
            expect(b.cells[i]?.[j]).toBe(a.cells[r]?.[c]);
          });
          expect(b.rowTotals[i]).toBe(a.rowTotals[r]);
        });
        cp.forEach((c, j) => {
          expect(b.columnTotals[j]).toBe(a.columnTotals[c]);
        });
        expect(b.grandTotal).toBe(a.grandTotal);
        expect(findBridge(a.reasons)).toBeNull();
      }),
      { numRuns: 1500 },
    );
  });

  it("rejects duplicate keys and key counts that do not match the table", () => {
    expect(() => suppressLabelledTable({ rowKeys: ["a", "a"], columnKeys: ["x"], counts: [[1], [2]] })).toThrow(
      /unique/,
    );
    expect(() => suppressLabelledTable({ rowKeys: ["a"], columnKeys: ["x"], counts: [[1], [2]] })).toThrow(/2 keys/);
  });
});
