/**
 * Plumbing shared by the table processors: where records and errors go, the error constructor, and the
 * duplicate tracker (same site, date, analyte and quantity twice in one file).
 */
import type { Cell, ImportError, ParsedMeasurement, ParsedSite } from "./types.js";
import type { Table } from "./table.js";
import { cellText } from "./values.js";

/** Receives records and errors as rows are processed (arrays for parseFile, batches for streaming). */
export interface Sink {
  site(s: ParsedSite): void;
  measurement(m: ParsedMeasurement): void;
  error(e: ImportError): void;
}

/** A table without its rows (what a processor needs to start; streaming gives rows one by one). */
export type TableHead = Omit<Table, "rows">;

/** Processes the data rows of one table. */
export interface TableProcessor {
  processRow(row: number, cells: readonly Cell[]): void;
  /** cross-row checks after the last row */
  finish(): void;
}

/** Build an error located in `table`. `column` is the header text as written. */
export function makeError(table: Pick<TableHead, "file" | "sheet">, row: number | null, column: string | null, value: Cell | string | null | undefined, message: string): ImportError {
  const v = value === null || value === undefined ? null : typeof value === "string" ? value : cellText(value);
  return { file: table.file, sheet: table.sheet, row, column, value: v === "" ? null : v, message };
}

/** Collecting sink for non-streaming parses. */
export class ArraySink implements Sink {
  readonly sites: ParsedSite[] = [];
  readonly measurements: ParsedMeasurement[] = [];
  readonly errors: ImportError[] = [];
  site(s: ParsedSite): void {
    this.sites.push(s);
  }
  measurement(m: ParsedMeasurement): void {
    this.measurements.push(m);
  }
  error(e: ImportError): void {
    this.errors.push(e);
  }
}

const MS_PER_DAY = 86_400_000;

/**
 * Finds repeated (site, date, analyte, quantity) keys with bounded memory per key: one Map per
 * site|analyte|quantity holding day numbers → first row, both small integers (≈40 bytes per measurement;
 * 1 million rows ≈ 40 MB).
 */
export class DuplicateTracker {
  private readonly seen = new Map<string, Map<number, number>>();
  private readonly sheets: Array<string | null> = [];

  /** Record the key; returns where it was seen first, or undefined when new. */
  check(site: string, date: string, analyte: string, quantity: string, row: number, sheet: string | null): { row: number; sheet: string | null } | undefined {
    const outer = `${site}\u0000${analyte}\u0000${quantity}`;
    let inner = this.seen.get(outer);
    if (!inner) {
      inner = new Map();
      this.seen.set(outer, inner);
    }
    const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
    const first = inner.get(day);
    if (first !== undefined) return { row: Math.floor(first / 256), sheet: this.sheets[first % 256] ?? null };
    let sheetIdx = this.sheets.indexOf(sheet);
    if (sheetIdx < 0) {
      sheetIdx = this.sheets.length;
      this.sheets.push(sheet);
    }
    inner.set(day, row * 256 + (sheetIdx % 256));
    return undefined;
  }
}

/** `duplicate row: same site, date and analyte as row 7` (+ the sheet when it differs). */
export function duplicateMessage(first: { row: number; sheet: string | null }, sheet: string | null): string {
  const where = first.sheet !== null && first.sheet !== sheet ? `row ${first.row} of sheet "${first.sheet}"` : `row ${first.row}`;
  return `duplicate row: same site, date and analyte as ${where}`;
}

/** A small memo for per-row lookups (analyte names, units, dates) with a size cap so memory stays bounded. */
export class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max = 10_000) {}
  get(key: string, compute: (k: string) => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) return hit as V;
    const v = compute(key);
    if (this.map.size < this.max) this.map.set(key, v);
    return v;
  }
}
