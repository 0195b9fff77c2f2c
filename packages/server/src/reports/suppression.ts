/**
 * Small-count suppression of the person-derived count tables of a report (docs/domain.md SEC-12): reports for
 * readers without person access hide counts 1…k−1 and the complementary cells that would reveal them (core
 * `suppressLabelledTable`, keyed by stable row/column keys so every order of the same table hides the same cells —
 * issue #3). `person-access` reports show every count.
 */
import type { ReportAudience } from "@tracewater/contract";
import { K_INTERNAL, K_PUBLIC, suppressLabelledTable } from "@tracewater/core";

/** k of an audience, or null for no suppression. */
export function kOf(audience: ReportAudience): number | null {
  return audience === "person-access" ? null : audience === "public" ? K_PUBLIC : K_INTERNAL;
}

/** The mark shown for a hidden count. */
export const SUPPRESSED_MARK = "*";

export interface CountTableText {
  /** header: row label column, one column per count column, 合计 */
  columns: string[];
  /** one row per row label plus the 合计 row, cells as text (hidden ones = {@link SUPPRESSED_MARK}) */
  rows: string[][];
  /** explanation when something was hidden, else undefined */
  note: string | undefined;
  hidden: number;
}

/**
 * Formats a table of counts with row and column totals, suppressing small cells for `audience`.
 * @param counts R×C non-negative integers (R, C ≥ 1)
 * @param keys stable row/column keys (e.g. GB/T 2260 codes); default the names. The hidden cells depend on the
 *   keys only, never on the order of the rows or columns.
 * @throws ScienceInputError (core) for a ragged table, a negative/non-integer count or duplicate keys
 */
export function countTable(
  rowLabel: string,
  rowNames: readonly string[],
  columnNames: readonly string[],
  counts: readonly (readonly number[])[],
  audience: ReportAudience,
  keys: { rows: readonly string[]; columns: readonly string[] } = { rows: rowNames, columns: columnNames },
): CountTableText {
  const k = kOf(audience);
  const t = suppressLabelledTable({ rowKeys: keys.rows, columnKeys: keys.columns, counts }, k ?? 1);
  const text = (n: number | null) => (n === null ? SUPPRESSED_MARK : String(n));
  const rows = rowNames.map((name, r) => [name, ...(t.cells[r] ?? []).map(text), text(t.rowTotals[r] ?? null)]);
  rows.push(["合计", ...t.columnTotals.map(text), text(t.grandTotal)]);
  const hidden = t.counts.primary + t.counts.complementary;
  return {
    columns: [rowLabel, ...columnNames, "合计"],
    rows,
    note:
      hidden > 0 && k !== null
        ? `标“${SUPPRESSED_MARK}”的数值已隐藏：小于 ${k} 的计数及可据以推算它们的数值（小数抑制，k = ${k}）。`
        : undefined,
    hidden,
  };
}
