/**
 * Reads a CSV file or XLSX sheets into tables of raw cells: header row + data rows with their user-visible row
 * numbers. CSV: encoding detection (encoding.ts), separator `,` `;` or tab (whichever occurs most, outside quotes,
 * in the header line; `;` means decimal commas), papaparse. XLSX: exceljs.
 *
 * The header row is the first non-empty row. Fully empty rows are skipped but keep their numbers.
 */
import { importIssue } from "@tracewater/contract";
import type ExcelJS from "exceljs";
import Papa from "papaparse";
import { detectEncoding, decodeText, SAMPLE_BYTES } from "./encoding.js";
import type { Cell, ImportError, RawRow } from "./types.js";
import { cellText } from "./values.js";

export interface Table {
  file: string;
  sheet: string | null;
  /** encoding label (`utf-8`, `gb18030`…) or `xlsx` */
  encoding: string;
  /** CSV separated by `;`: numbers use a decimal comma */
  decimalComma: boolean;
  /** workbook uses the 1904 date system */
  date1904: boolean;
  headerRow: number;
  /** header texts, trimmed, as written */
  headers: string[];
  rows: RawRow[];
}

export type TableRead = { ok: true; tables: Table[]; encoding: string } | { ok: false; errors: ImportError[]; encoding: string };

/** Pick the separator of a CSV from its first non-empty line: the most frequent of `,` `;` tab outside quotes. */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const start = text.search(/\S/);
  let line = "";
  if (start >= 0) {
    // header line, respecting quotes
    let inQuotes = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') inQuotes = !inQuotes;
      if (!inQuotes && (ch === "\n" || ch === "\r")) break;
      if (!inQuotes) line += ch;
    }
  }
  const count = (c: string) => line.split(c).length - 1;
  const counts: Array<["," | ";" | "\t", number]> = [
    [",", count(",")],
    [";", count(";")],
    ["\t", count("\t")],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

function isEmptyRow(cells: Cell[]): boolean {
  return cells.every((c) => cellText(c) === "");
}

/** Split raw records into header + data rows (row numbers: record index + 1). */
export function toTable(file: string, sheet: string | null, encoding: string, decimalComma: boolean, date1904: boolean, records: RawRow[]): Table | null {
  const headerIdx = records.findIndex((r) => !isEmptyRow(r.cells));
  if (headerIdx < 0) return null;
  const header = records[headerIdx]!;
  const headers = header.cells.map((c) => cellText(c).replace(/^\uFEFF/, ""));
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  const rows = records.slice(headerIdx + 1).filter((r) => !isEmptyRow(r.cells));
  return { file, sheet, encoding, decimalComma, date1904, headerRow: header.row, headers, rows };
}

export function emptyFileError(file: string, sheet: string | null = null): ImportError {
  return { file, sheet, row: null, column: null, value: null, message: "the file is empty; expected a header row and data rows", ...importIssue("file-empty", {}) };
}

/** Rows that contain U+FFFD: bytes that are invalid in the detected encoding. */
export function replacementCharErrors(table: Table): ImportError[] {
  const errors: ImportError[] = [];
  const check = (row: number, cells: Cell[]) => {
    cells.forEach((c, i) => {
      if (typeof c === "string" && c.includes("\uFFFD")) {
        errors.push({
          file: table.file,
          sheet: table.sheet,
          row,
          column: table.headers[i] ?? `column ${i + 1}`,
          value: c,
          message: `invalid byte sequence for ${table.encoding}; expected UTF-8 or GBK/GB18030 text throughout the file`,
          ...importIssue("invalid-bytes", { encoding: table.encoding }),
        });
      }
    });
  };
  check(table.headerRow, table.headers);
  for (const r of table.rows) check(r.row, r.cells);
  return errors;
}

/** Read a CSV file's bytes into one table. */
export function readCsv(file: string, bytes: Uint8Array): TableRead {
  if (bytes.byteLength === 0) return { ok: false, errors: [emptyFileError(file)], encoding: "utf-8" };
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const det = detectEncoding(sample, bytes.byteLength > SAMPLE_BYTES);
  if (!det.ok) {
    return {
      ok: false,
      encoding: det.guess ?? "unknown",
      errors: [
        {
          file,
          sheet: null,
          row: null,
          column: null,
          value: det.guess,
          message: `cannot decode the file: it is neither UTF-8 nor GBK/GB18030 (chardet guesses ${det.guess ?? "unknown"}); expected a CSV saved as UTF-8 or GBK`,
          ...importIssue("undecodable-file", { guess: det.guess ?? null }),
        },
      ],
    };
  }
  const text = decodeText(bytes, det);
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false, header: false });
  const records: RawRow[] = parsed.data.map((cells, i) => ({ row: i + 1, cells }));
  const table = toTable(file, null, det.label, delimiter === ";", false, records);
  if (!table) return { ok: false, errors: [emptyFileError(file)], encoding: det.label };
  return { ok: true, tables: [table], encoding: det.label };
}

/** exceljs cell value → Cell. Rich text is joined, formulas give their cached result, errors their code. */
export function excelCell(v: ExcelJS.CellValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return excelCell(v.result as ExcelJS.CellValue);
    if ("formula" in v || "sharedFormula" in v) return null;
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

/** Load a workbook from bytes; null when the bytes are not an XLSX file. */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook | null> {
  // loaded on demand: exceljs costs ~15 MB of memory that CSV imports (and the streaming path) do not need
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
    return wb;
  } catch {
    return null;
  }
}

/** Read one worksheet into a table (null when the sheet is empty). */
export function sheetTable(file: string, wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet): Table | null {
  const records: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(excelCell(values[i]));
    records.push({ row: rowNumber, cells });
  });
  const date1904 = Boolean((wb.properties as { date1904?: boolean }).date1904);
  return toTable(file, ws.name, "xlsx", false, date1904, records);
}

export function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const want = name.trim().toLowerCase();
  return wb.worksheets.find((ws) => ws.name.trim().toLowerCase() === want);
}

/** True when the bytes start like a ZIP container (XLSX). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
