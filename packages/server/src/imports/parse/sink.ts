/**
 * Plumbing shared by the table processors: where records and errors go, the error constructor, and the
 * duplicate tracker (same site, date, analyte and quantity twice in one file).
 */
import { parseDayNumber } from "@tracewater/core";
import { importIssue, type ImportIssue } from "@tracewater/contract";
import type { Cell, ImportError, ParsedMeasurement, ParsedSite, RejectedRowSite } from "./types.js";
import type { Table } from "./table.js";
import { cellText } from "./values.js";

/** Receives records and errors as rows are processed (arrays for parseFile, batches for streaming). */
export interface Sink {
  site(s: ParsedSite): void;
  measurement(m: ParsedMeasurement): void;
  error(e: ImportError): void;
  /** a rejected data row's site code (see {@link RejectedRowSite}) */
  rejectedRowSite(r: RejectedRowSite): void;
}

/** A table without its rows (what a processor needs to start; streaming gives rows one by one). */
export type TableHead = Omit<Table, "rows">;

/** Processes the data rows of one table. */
export interface TableProcessor {
  processRow(row: number, cells: readonly Cell[]): void;
  /** cross-row checks after the last row */
  finish(): void;
}

/**
 * Build an error located in `table`. `column` is the header text as written; `issue` is the machine-readable
 * code and the params `message` interpolates (`importIssue(...)`, see @tracewater/contract import-error-codes.ts).
 */
export function makeError(
  table: Pick<TableHead, "file" | "sheet">,
  row: number | null,
  column: string | null,
  value: Cell | string | null | undefined,
  message: string,
  issue: ImportIssue,
): ImportError {
  const v = value === null || value === undefined ? null : typeof value === "string" ? value : cellText(value);
  return {
    file: table.file,
    sheet: table.sheet,
    row,
    column,
    value: v === "" ? null : v,
    message,
    code: issue.code,
    params: issue.params,
  };
}

/** Collecting sink for non-streaming parses. */
export class ArraySink implements Sink {
  readonly sites: ParsedSite[] = [];
  readonly measurements: ParsedMeasurement[] = [];
  readonly errors: ImportError[] = [];
  readonly rejectedRowSites: RejectedRowSite[] = [];
  site(s: ParsedSite): void {
    this.sites.push(s);
  }
  measurement(m: ParsedMeasurement): void {
    this.measurements.push(m);
  }
  error(e: ImportError): void {
    this.errors.push(e);
  }
  rejectedRowSite(r: RejectedRowSite): void {
    this.rejectedRowSites.push(r);
  }
}

/**
 * Days seen for one (site, analyte, quantity), compactly: rows usually arrive in date order per site and analyte,
 * so days are appended to sorted typed arrays (12 bytes per measurement, found by binary search); days that arrive
 * out of order go to a small Map. Values are `row * 256 + sheet index`.
 */
class DayIndex {
  private days = new Int32Array(16);
  private rows = new Float64Array(16);
  private n = 0;
  private overflow: Map<number, number> | null = null;

  /** Returns the packed first row of `day`, or undefined after recording `packed` for it. */
  check(day: number, packed: number): number | undefined {
    const n = this.n;
    if (n > 0 && day <= this.days[n - 1]!) {
      let lo = 0;
      let hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const d = this.days[mid]!;
        if (d === day) return this.rows[mid];
        if (d < day) lo = mid + 1;
        else hi = mid - 1;
      }
      this.overflow ??= new Map();
      const o = this.overflow.get(day);
      if (o !== undefined) return o;
      this.overflow.set(day, packed);
      return undefined;
    }
    const o = this.overflow?.get(day);
    if (o !== undefined) return o;
    if (n === this.days.length) {
      const days = new Int32Array(n * 2);
      days.set(this.days);
      this.days = days;
      const rows = new Float64Array(n * 2);
      rows.set(this.rows);
      this.rows = rows;
    }
    this.days[n] = day;
    this.rows[n] = packed;
    this.n = n + 1;
    return undefined;
  }
}

/**
 * Finds repeated (site, date, analyte, quantity) keys in one import with bounded memory: about 12–24 bytes per
 * measurement when rows come in date order per site and analyte (1 million rows ≈ 12–24 MB).
 */
export class DuplicateTracker {
  /** site → analyte|quantity → days */
  private readonly seen = new Map<string, Map<string, DayIndex>>();
  private readonly sheets: Array<string | null> = [];
  /** the previous row's site map and date (consecutive rows mostly share them) */
  private lastSite: string | null = null;
  private lastBySite: Map<string, DayIndex> | null = null;
  private lastDate = "";
  private lastDay = 0;

  /** Record the key; returns where it was seen first, or undefined when new. */
  check(
    site: string,
    date: string,
    analyte: string,
    quantity: string,
    row: number,
    sheet: string | null,
  ): { row: number; sheet: string | null } | undefined {
    let bySite = site === this.lastSite ? this.lastBySite : this.seen.get(site);
    if (!bySite) {
      bySite = new Map();
      this.seen.set(site, bySite);
    }
    this.lastSite = site;
    this.lastBySite = bySite;
    const aq = quantity === "concentration" ? analyte : `${analyte}|${quantity}`;
    let days = bySite.get(aq);
    if (!days) {
      days = new DayIndex();
      bySite.set(aq, days);
    }
    if (date !== this.lastDate) {
      this.lastDay = parseDayNumber(date); // a date the parser has validated: never NaN
      this.lastDate = date;
    }
    const day = this.lastDay;
    let sheetIdx = this.sheets.indexOf(sheet);
    if (sheetIdx < 0) {
      sheetIdx = this.sheets.length;
      this.sheets.push(sheet);
    }
    const first = days.check(day, row * 256 + (sheetIdx % 256));
    if (first === undefined) return undefined;
    return { row: Math.floor(first / 256), sheet: this.sheets[first % 256] ?? null };
  }
}

/** `duplicate row: same site, date and analyte as row 7` (+ the sheet when it differs), with its code and params (spread into `makeError`). */
export function duplicateMessage(
  first: { row: number; sheet: string | null },
  sheet: string | null,
): [message: string, issue: ImportIssue] {
  const other = first.sheet !== null && first.sheet !== sheet;
  const where = other ? `row ${first.row} of sheet "${first.sheet}"` : `row ${first.row}`;
  return [
    `duplicate row: same site, date and analyte as ${where}`,
    other
      ? importIssue("duplicate-row-other-sheet", { row: first.row, sheet: first.sheet })
      : importIssue("duplicate-row", { row: first.row }),
  ];
}

/**
 * A small memo for per-row lookups (analyte names, units, dates) with a size cap so memory stays bounded. The last
 * key is answered without the map: consecutive rows mostly repeat their date and unit.
 */
export class Memo<V> {
  private readonly map = new Map<string, V>();
  private lastKey: string | undefined;
  private lastValue: V | undefined;
  constructor(private readonly max = 10_000) {}
  get(key: string, compute: (k: string) => V): V {
    if (key === this.lastKey) return this.lastValue as V;
    let v = this.map.get(key);
    if (v === undefined && !this.map.has(key)) {
      v = compute(key);
      if (this.map.size < this.max) this.map.set(key, v);
    }
    this.lastKey = key;
    this.lastValue = v;
    return v as V;
  }
}
