/**
 * Shared reading of assessment files (hair lab results, anonymous hair surveys, indicator values): CSV (UTF-8,
 * GBK/GB18030, UTF-16; `,` `;` or tab) or XLSX (first sheet, or `sheet`) through the import parser's
 * `readTables`, headers recognised by {@link mapFixedHeaders} (case, spaces, `_`, full-width forms ignored), and
 * the cell readers of `parse/values.ts`. Every problem becomes an {@link ImportError} naming file, sheet, row
 * (header = 1) and column.
 */
import { createHash } from "node:crypto";
import { importIssue, type ImportError, type ImportIssue } from "@tracewater/contract";
import { parseDateCell } from "../parse/dates.js";
import { headerKey, type MappedColumn, mapFixedHeaders } from "../parse/headers.js";
import { readInput, readTables } from "../parse/read-input.js";
import { makeError } from "../parse/sink.js";
import type { Table } from "../parse/table.js";
import type { Cell, FileInput } from "../parse/types.js";
import { cellText, parseNumber } from "../parse/values.js";

export interface ReadFile {
  file: string;
  sha256: string;
  encoding: string;
  table: Table | null;
  errors: ImportError[];
}

/** Reads one file into its first table (or the named sheet). */
export async function readAssessmentFile(input: FileInput, sheet?: string): Promise<ReadFile> {
  const { name, bytes } = await readInput(input);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const read = await readTables(name, bytes, { format: "auto", ...(sheet ? { sheet } : {}) });
  return { file: name, sha256, encoding: read.encoding, table: read.tables[0] ?? null, errors: [...read.errors] };
}

/** Column lookup for one table; `missing` lists required fields without a column (as errors). */
export function mapColumns<K extends string>(
  table: Table,
  names: Readonly<Record<K, readonly string[]>>,
  required: readonly K[],
): {
  cols: Partial<Record<K, MappedColumn>>;
  errors: ImportError[];
  unmapped: Array<{ index: number; header: string }>;
} {
  const cols = mapFixedHeaders(table.headers, names);
  const errors: ImportError[] = [];
  for (const k of required) {
    if (!cols[k])
      errors.push(
        makeError(
          table,
          table.headerRow,
          k,
          table.headers.join(", "),
          `missing column "${k}"; expected one of: ${names[k].join(", ")}`,
          importIssue("missing-assessment-column", { column: k, expected: names[k].join(", ") }),
        ),
      );
  }
  const used = new Set(Object.values(cols).map((c) => (c as MappedColumn).index));
  const unmapped = table.headers
    .map((header, index) => ({ index, header }))
    .filter((h) => h.header.trim() !== "" && !used.has(h.index));
  return { cols, errors, unmapped };
}

/** Row accessor with error reporting in the table's terms. */
export class RowReader<K extends string> {
  constructor(
    readonly table: Table,
    readonly cols: Partial<Record<K, MappedColumn>>,
    readonly errors: ImportError[],
  ) {}

  cell(cells: readonly Cell[], k: K): Cell | undefined {
    const c = this.cols[k];
    return c ? cells[c.index] : undefined;
  }

  text(cells: readonly Cell[], k: K): string {
    return cellText(this.cell(cells, k));
  }

  /** Records an error at `row`, column `k` (its header text when mapped); `issue` = code and params of `message`. */
  error(row: number, k: K | string, value: Cell | string | null | undefined, message: string, issue: ImportIssue): void {
    const header = (this.cols as Record<string, MappedColumn | undefined>)[k]?.header ?? k;
    this.errors.push(makeError(this.table, row, header, value, message, issue));
  }

  /** Required non-empty text. */
  required(row: number, cells: readonly Cell[], k: K, what: string): string | null {
    const t = this.text(cells, k);
    if (t === "") {
      this.error(row, k, null, `empty; expected ${what}`, importIssue("empty-cell", { column: k, expected: what }));
      return null;
    }
    return t;
  }

  /** Optional number (null when empty); an error when not a number or out of range. */
  number(
    row: number,
    cells: readonly Cell[],
    k: K,
    opts: { min?: number; max?: number; integer?: boolean; required?: boolean } = {},
  ): number | null | undefined {
    const cell = this.cell(cells, k);
    const t = cellText(cell);
    if (t === "") {
      if (opts.required) this.error(row, k, null, "empty; expected a number", importIssue("empty-number", {}));
      return opts.required ? undefined : null;
    }
    const n = parseNumber(cell ?? null, this.table.decimalComma);
    const range = `${opts.integer ? "an integer" : "a number"}${opts.min !== undefined ? ` ≥ ${opts.min}` : ""}${opts.max !== undefined ? ` ≤ ${opts.max}` : ""}`;
    if (
      n === null ||
      (opts.integer && !Number.isInteger(n)) ||
      (opts.min !== undefined && n < opts.min) ||
      (opts.max !== undefined && n > opts.max)
    ) {
      this.error(
        row,
        k,
        cell,
        `expected ${range}`,
        importIssue(opts.integer ? "bad-integer-range" : "bad-number-range", { expected: range, min: opts.min ?? null, max: opts.max ?? null }),
      );
      return undefined;
    }
    return n;
  }

  /** Optional date `YYYY-MM-DD`. */
  date(row: number, cells: readonly Cell[], k: K, required = false): string | null | undefined {
    const cell = this.cell(cells, k);
    if (cellText(cell) === "") {
      if (required) this.error(row, k, null, "empty; expected a date such as 2024-03-13", importIssue("empty-date", {}));
      return required ? undefined : null;
    }
    const d = parseDateCell(cell, this.table.date1904);
    if (!d) {
      this.error(row, k, cell, "expected a date such as 2024-03-13, 2024/3/13, 2024年3月13日 or an Excel date", importIssue("bad-assessment-date", {}));
      return undefined;
    }
    return d;
  }
}

/** A boolean cell: true/false, yes/no, 是/否, 1/0; empty → `fallback`; anything else → undefined. */
export function parseFlag(text: string, fallback: boolean): boolean | undefined {
  const t = headerKey(text);
  if (t === "") return fallback;
  if (["true", "yes", "y", "1", "是", "模拟"].includes(t)) return true;
  if (["false", "no", "n", "0", "否"].includes(t)) return false;
  return undefined;
}
