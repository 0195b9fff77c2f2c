/**
 * k-suppression of a LABELLED table, independent of the order in which rows and columns are presented
 * (issue #3, SEC-12: suppression "must not be undoable by differencing two queries").
 *
 * `suppressSmallCells` chooses complementary cells by cost and, on ties, by position. Asking for the same table twice
 * with rows in another order (e.g. sorted by name, then by count) can then hide different complementary cells, and
 * the values published by one answer can reveal a cell hidden by the other: for counts [[1,12,0],[9,2,1]] with k = 5,
 * the two row orders together determine every hidden entry (see `labelled-suppression.test.ts`). Here the table is
 * first put in a canonical order (rows and columns sorted by their keys, UTF-16 code-unit order), suppressed, and
 * mapped back, so every presentation of the same labelled table hides exactly the same entries. Aggregate endpoints
 * must publish through this function, with stable keys (e.g. GB/T 2260 codes), not display names.
 *
 * Source of the method: GB/T 37964-2019 (suppression; de-identification guide) via docs/domain.md SEC-12.
 */
import { ScienceInputError } from "../errors.js";
import { type SuppressedTable, suppressSmallCells } from "./k-suppression.js";

export interface LabelledCounts {
  /** one stable key per row (e.g. a jurisdiction code) */
  rowKeys: readonly string[];
  /** one stable key per column (e.g. an analyte or category code) */
  columnKeys: readonly string[];
  /** rows × columns non-negative integer counts, in the presentation order of the keys */
  counts: readonly (readonly number[])[];
}

function canonicalOrder(keys: readonly string[], what: string): number[] {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new ScienceInputError(what, k, "unique keys");
    seen.add(k);
  }
  return keys.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
}

/**
 * `suppressSmallCells` over the canonical (key-sorted) order, returned in the caller's order.
 * @throws ScienceInputError for duplicate keys, a key count that does not match the counts, or what
 *   `suppressSmallCells` rejects
 */
export function suppressLabelledTable(table: LabelledCounts, k?: number): SuppressedTable {
  const R = table.counts.length;
  if (table.rowKeys.length !== R) throw new ScienceInputError("rowKeys", table.rowKeys.length, `${R} keys`);
  const C = R ? (table.counts[0] as readonly number[]).length : 0;
  if (table.columnKeys.length !== C) throw new ScienceInputError("columnKeys", table.columnKeys.length, `${C} keys`);
  const rows = canonicalOrder(table.rowKeys, "rowKeys");
  const cols = canonicalOrder(table.columnKeys, "columnKeys");
  const canon = rows.map((r) => cols.map((c) => (table.counts[r] as readonly number[])[c] as number));
  const s = suppressSmallCells(canon, k);
  // position of original row r / column c in the canonical order
  const rowPos = new Array<number>(R);
  rows.forEach((orig, pos) => {
    rowPos[orig] = pos;
  });
  const colPos = new Array<number>(C);
  cols.forEach((orig, pos) => {
    colPos[orig] = pos;
  });
  const back = <T>(m: T[][]): T[][] =>
    Array.from({ length: R }, (_, r) =>
      Array.from({ length: C }, (_, c) => (m[rowPos[r] as number] as T[])[colPos[c] as number] as T),
    );
  const reasonsInterior = back(s.reasons.slice(0, R).map((row) => row.slice(0, C)));
  return {
    k: s.k,
    cells: back(s.cells),
    rowTotals: Array.from({ length: R }, (_, r) => s.rowTotals[rowPos[r] as number] ?? null),
    columnTotals: Array.from({ length: C }, (_, c) => s.columnTotals[colPos[c] as number] ?? null),
    grandTotal: s.grandTotal,
    reasons: [
      ...reasonsInterior.map((row, r) => [
        ...row,
        (s.reasons[rowPos[r] as number] as (typeof row)[number][])[C] ?? null,
      ]),
      [
        ...Array.from(
          { length: C },
          (_, c) => (s.reasons[R] as (typeof reasonsInterior)[number])[colPos[c] as number] ?? null,
        ),
        s.reasons[R]?.[C] ?? null,
      ],
    ],
    counts: s.counts,
  };
}
