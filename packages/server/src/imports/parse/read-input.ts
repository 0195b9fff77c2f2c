/** Reading a file input (path or name + bytes) and turning it into tables (CSV or XLSX sheets). */
import { importIssue } from "@tracewater/contract";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ODM_SHEET_NAMES, detectTableKind } from "./detect.js";
import { makeError } from "./sink.js";
import { emptyFileError, findSheet, loadWorkbook, looksLikeZip, readCsv, replacementCharErrors, sheetTable, type Table } from "./table.js";
import type { FileInput, ImportError, ParseOptions } from "./types.js";

export interface InputTables {
  file: string;
  encoding: string;
  tables: Table[];
  errors: ImportError[];
}

export async function readInput(input: FileInput): Promise<{ name: string; bytes: Uint8Array }> {
  if (typeof input === "string") return { name: basename(input), bytes: new Uint8Array(await readFile(input)) };
  return { name: input.name, bytes: input.bytes };
}

/**
 * Tables of one file. XLSX: the sheet named by `opts.sheet`; else, when the format is auto/odm and the workbook has
 * sheets named sites/samples/measures, those sheets; else the first sheet. CSV: one table.
 */
export async function readTables(name: string, bytes: Uint8Array, opts: ParseOptions): Promise<InputTables> {
  if (bytes.byteLength === 0) return { file: name, encoding: "utf-8", tables: [], errors: [emptyFileError(name)] };
  if (looksLikeZip(bytes)) {
    const wb = await loadWorkbook(bytes);
    if (!wb) {
      return { file: name, encoding: "xlsx", tables: [], errors: [makeError({ file: name, sheet: null }, null, null, null, "cannot read the workbook; expected an .xlsx file saved by Excel/WPS, or a CSV", importIssue("unreadable-workbook", {}))] };
    }
    const format = opts.format ?? "auto";
    if (opts.sheet) {
      const ws = findSheet(wb, opts.sheet);
      if (!ws) {
        const names = wb.worksheets.map((w) => `"${w.name}"`).join(", ");
        return { file: name, encoding: "xlsx", tables: [], errors: [makeError({ file: name, sheet: opts.sheet }, null, null, opts.sheet, `sheet "${opts.sheet}" not found; expected one of ${names}`, importIssue("sheet-not-found", { sheet: opts.sheet, sheets: names }))] };
      }
      const t = sheetTable(name, wb, ws);
      return { file: name, encoding: "xlsx", tables: t ? [t] : [], errors: t ? [] : [emptyFileError(name, ws.name)] };
    }
    if (format === "auto" || format === "odm") {
      const odm = wb.worksheets.filter((ws) => ODM_SHEET_NAMES[ws.name.trim().toLowerCase()] !== undefined);
      if (odm.length > 0) {
        const tables = odm.map((ws) => sheetTable(name, wb, ws)).filter((t): t is Table => t !== null);
        const odmLike = tables.some((t) => {
          const k = detectTableKind(t.headers);
          return k !== null && k.startsWith("odm-");
        });
        if (odmLike || format === "odm") return { file: name, encoding: "xlsx", tables, errors: tables.length ? [] : [emptyFileError(name)] };
      }
    }
    const ws = wb.worksheets[0];
    const t = ws ? sheetTable(name, wb, ws) : null;
    return { file: name, encoding: "xlsx", tables: t ? [t] : [], errors: t ? [] : [emptyFileError(name, ws?.name ?? null)] };
  }
  const read = readCsv(name, bytes);
  if (!read.ok) return { file: name, encoding: read.encoding, tables: [], errors: read.errors };
  const errors = read.tables.flatMap(replacementCharErrors);
  return { file: name, encoding: read.encoding, tables: read.tables, errors };
}
