/**
 * Sample-date readers. Every accepted form becomes a local calendar date `YYYY-MM-DD`; anything else is an error.
 *
 * Accepted (fixed patterns, so plain regular expressions suffice):
 *  - `2024-03-13`, `2024-3-13`, `2024/3/13`, `2024/03/13`, `2024年3月13日`, `20240313`,
 *    optionally followed by a midnight time ` 00:00` / ` 00:00:00` (what Excel writes when a date cell is saved as CSV);
 *  - Excel serial day numbers (1900 date system, or the 1904 system when the workbook says so), as numbers or as
 *    5-digit text, from 25569 (1970-01-01) to 73050 (2099-12-31);
 *  - XLSX date cells (exceljs gives a `Date` at UTC midnight of the calendar day; its UTC fields are the date).
 */
import type { Cell } from "./types.js";

/** Excel serial of 1970-01-01 in the 1900 date system (Excel counts 1900-02-29, so day 0 is 1899-12-30). */
export const EXCEL_EPOCH_1970 = 25569;
/** Days between the 1900 and 1904 Excel date systems. */
export const EXCEL_1904_OFFSET = 1462;
const MIN_SERIAL = EXCEL_EPOCH_1970;
const MAX_SERIAL = 73050; // 2099-12-31

export const DATE_EXPECTED =
  "expected a date such as 2024-03-13, 2024/3/13, 2024年3月13日, 20240313 or an Excel date";

const MS_PER_DAY = 86_400_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** `YYYY-MM-DD` when y/m/d is a real calendar day between 1970 and 2099, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1970 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Excel serial day number → `YYYY-MM-DD`; fractional parts (time of day) are dropped. */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  const s = Math.floor(serial) + (date1904 ? EXCEL_1904_OFFSET : 0);
  if (!Number.isFinite(s) || s < MIN_SERIAL || s > MAX_SERIAL) return null;
  const t = new Date((s - EXCEL_EPOCH_1970) * MS_PER_DAY);
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

const MIDNIGHT = String.raw`(?:[ T]0?0:00(?::00(?:\.0+)?)?)?`;
const PATTERNS: RegExp[] = [
  new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${MIDNIGHT}$`),
  new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${MIDNIGHT}$`),
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** Read a sample date from a cell; null when it is not one of the accepted forms. */
export function parseDateCell(cell: Cell | undefined, date1904 = false): string | null {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === "number") {
    if (Number.isInteger(cell) && cell >= 19700101 && cell <= 20991231) return parseDateCell(String(cell));
    return excelSerialToDate(cell, date1904);
  }
  if (typeof cell !== "string") return null;
  const text = cell.normalize("NFKC").trim();
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if (/^\d{5}(?:\.\d+)?$/.test(text)) return excelSerialToDate(Number(text), date1904);
  return null;
}

/** Add `days` to an ISO date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * Monday of ISO-8601 week `week` of `isoYear` (week 1 is the week containing 4 January).
 * Source: ISO 8601-1:2019 §3.2.2 (week numbering).
 */
export function isoWeekMonday(isoYear: number, week: number): string {
  const jan4 = new Date(Date.UTC(isoYear, 0, 4));
  const dow = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  const monday1 = Date.UTC(isoYear, 0, 4) - dow * MS_PER_DAY;
  const t = new Date(monday1 + (week - 1) * 7 * MS_PER_DAY);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * Local calendar date of an ODM timestamp. Date-only text uses {@link parseDateCell}; a timestamp with `Z` or an
 * offset is an instant and is converted to `timeZone`; a timestamp without offset is already local (date part kept).
 */
export function timestampToLocalDate(cell: Cell | undefined, timeZone: string, date1904 = false): string | null {
  const plain = parseDateCell(cell, date1904);
  if (plain) return plain;
  if (cell instanceof Date || typeof cell === "number") return null;
  if (typeof cell !== "string") return null;
  const text = cell.trim();
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.exec(text);
  if (local) return isoDate(Number(local[1]), Number(local[2]), Number(local[3]));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const t = new Date(text);
    if (Number.isNaN(t.getTime())) return null;
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(t);
    return /^\d{4}-\d{2}-\d{2}$/.test(parts) ? parts : null;
  }
  return null;
}
