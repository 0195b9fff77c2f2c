/**
 * CSV export of API lists (`?format=csv`): `text/csv; charset=utf-8` with a UTF-8 byte-order mark so Excel
 * (zh-CN Windows defaults to GBK otherwise) opens Chinese text correctly. Quoting/escaping is papaparse's
 * `unparse` (RFC 4180, CRLF line ends) with `escapeFormulae` against CSV formula injection in spreadsheets.
 *
 * Nested objects are flattened with dotted column names (`interval.p2_5`); arrays are written as JSON text.
 */
import Papa from "papaparse";
import { z } from "zod";

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
const BOM = "\uFEFF";
const EOL = "\r\n";

type Cell = string | number | boolean | null;

/** Flattens one record: nested plain objects → `a.b` keys, arrays → JSON text, undefined → null. */
export function flattenRecord(record: Record<string, unknown>, prefix = ""): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) out[name] = null;
    else if (Array.isArray(value)) out[name] = JSON.stringify(value);
    else if (value instanceof Date) out[name] = value.toISOString();
    else if (typeof value === "object") Object.assign(out, flattenRecord(value as Record<string, unknown>, name));
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[name] = value;
    else out[name] = String(value);
  }
  return out;
}

/** CSV text (no BOM, no trailing newline) of `rows` with the given `columns`, header optional. */
function unparse(rows: Record<string, Cell>[], columns: string[], header: boolean): string {
  const data = rows.map((row) => columns.map((column) => row[column] ?? null));
  if (data.length === 0) {
    // papaparse ends a header-only output with a newline; the caller adds line ends itself.
    return header ? Papa.unparse({ fields: columns, data: [] }, { newline: EOL }).replace(/\r\n$/, "") : "";
  }
  return Papa.unparse({ fields: columns, data }, { header, newline: EOL, escapeFormulae: true });
}

/** Column list from the first flattened row; `columns` when given (so an empty export still has a header). */
function columnsOf(first: Record<string, Cell> | undefined, columns?: string[]): string[] {
  return columns ?? (first ? Object.keys(first) : []);
}

/** Headers of a CSV download named `<filename>.csv`. */
export function csvHeaders(filename: string): Record<string, string> {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return {
    "content-type": CSV_CONTENT_TYPE,
    "content-disposition": `attachment; filename="${safe}.csv"`,
    "cache-control": "no-store",
  };
}

/** A complete CSV response (BOM + header + rows) for rows already in memory. */
export function csvResponse(filename: string, rows: object[], columns?: string[]): Response {
  const flat = rows.map((r) => flattenRecord(r as Record<string, unknown>));
  const cols = columnsOf(flat[0], columns);
  return new Response(BOM + unparse(flat, cols, true) + EOL, { status: 200, headers: csvHeaders(filename) });
}

/**
 * A streamed CSV response over pages of rows (e.g. {@link walkPages}): the BOM and header are written with the
 * first page; each page is encoded as it arrives so a large list is never held in memory whole. `columns`
 * fixes the header when the list may be empty. An error while streaming aborts the body (the status is
 * already sent), and is logged by the caller's `onError`.
 */
export function csvStreamResponse(
  filename: string,
  pages: AsyncIterable<object[]>,
  columns?: string[],
  onError?: (err: unknown) => void,
): Response {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let cols: string[] | undefined = columns;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) {
            if (!started) controller.enqueue(encoder.encode(BOM + unparse([], cols ?? [], true) + EOL));
            controller.close();
            return;
          }
          const flat = next.value.map((r) => flattenRecord(r as Record<string, unknown>));
          if (!started) {
            if (flat.length === 0 && !cols) continue; // wait for a row to learn the columns
            cols = columnsOf(flat[0], cols);
            started = true;
            controller.enqueue(encoder.encode(BOM + unparse(flat, cols, true) + EOL));
            return;
          }
          if (flat.length === 0) continue;
          controller.enqueue(encoder.encode(unparse(flat, cols ?? [], false) + EOL));
          return;
        }
      } catch (err) {
        onError?.(err);
        controller.error(err);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, { status: 200, headers: csvHeaders(filename) });
}

/**
 * CSV columns of a zod object schema, nested objects flattened like {@link flattenRecord} (`interval.p2_5`),
 * so an export has a stable header even when the list is empty or a nested value is null.
 */
export function schemaColumns(schema: z.ZodType, prefix = ""): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  if (!(inner instanceof z.ZodObject)) return prefix ? [prefix] : [];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
    schemaColumns(value, prefix ? `${prefix}.${key}` : key),
  );
}
