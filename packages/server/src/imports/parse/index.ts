/**
 * Import parser: lab, EUDA, PHES-ODM and site-registry files → sites, measurements and EVERY error.
 * Pure with respect to storage: the storage side (packages/server/src/imports/, outside parse/) inserts the
 * records in one transaction and writes nothing when `errors` is non-empty. Rules: docs/import-formats.md.
 *
 * API
 * ```ts
 * parseFile(input: string | { name: string; bytes: Uint8Array }, opts?: ParseOptions): Promise<ParseResult>
 * parseFiles(inputs: FileInput[], opts?: ParseOptions): Promise<ParseResult>      // ODM as separate CSVs
 * parseFileStreaming(path: string, opts?: StreamOptions): AsyncGenerator<ParseBatch> // big lab-long CSV
 * detectFormat(input, opts?): Promise<FormatDetection>
 *
 * ParseOptions = { format?: ImportFormat ('auto' default), sheet?: string, source?: string, timeZone?: string }
 * ParseResult  = { file, format: 'euda'|'lab-long'|'lab-wide'|'odm'|'sites'|null, encoding, rows,
 *                  sites: ParsedSite[], measurements: ParsedMeasurement[], errors: ImportError[], tables: TableInfo[] }
 * ParsedSite   = { code, name, kind, jurisdictionCode, lon, lat, populationServed (persons), downstreamSite,
 *                  country, city, source, file, sheet, row }
 * ParsedMeasurement = { siteCode, sampleDate 'YYYY-MM-DD', datePrecision 'day'|'nominal-week', analyte (core code),
 *                  quantity 'concentration' (ng/L) | 'pnl' (mg/day/1000 inh), valueReported, unitReported,
 *                  valueCanonical, detection, lodNgPerL, loqNgPerL, flowM3PerDay, populationServed, file, sheet, row, column }
 * ImportError  = { file, sheet?, row (header = 1; null = whole file), column (header text), value, message }
 * ParseBatch   = { format, encoding, sites, measurements, errors, rowsSoFar, bytesRead, totalBytes, done }
 * ```
 * `format` is null only when it could not be detected; `errors` then explains why. Errors are never thrown for bad
 * input; only I/O failures (missing file) reject.
 *
 * Formats: EUDA/SCORE CSV (all-data + sites), lab long, lab wide, site registry, PHES-ODM v2 sites/samples/measures
 * (+ drug extension). Encodings: UTF-8 (± BOM), UTF-16 with BOM, GBK/GB18030; XLSX (first or named sheet).
 */
import { importIssue } from "@tracewater/contract";
import { TABLE_FORMAT, UNKNOWN_FORMAT_MESSAGE, detectTableKind, tableKindForFormat } from "./detect.js";
import { eudaAllDataProcessor, eudaSitesProcessor } from "./formats/euda.js";
import { labLongProcessor } from "./formats/lab-long.js";
import { labWideProcessor } from "./formats/lab-wide.js";
import { processOdm, type OdmTables } from "./formats/odm.js";
import { sitesProcessor } from "./formats/sites.js";
import { readInput, readTables } from "./read-input.js";
import { ArraySink, DuplicateTracker, makeError, type Sink, type TableHead, type TableProcessor } from "./sink.js";
import type { Table } from "./table.js";
import type { FileInput, ImportError, ParseOptions, ParseResult, ResolvedFormat, TableInfo, TableKind } from "./types.js";

export type * from "./types.js";
export { parseFileStreaming, type ParseBatch, type StreamOptions } from "./streaming.js";
export { detectTableKind } from "./detect.js";
export { eudaNominalDate, EUDA_NOMINAL_ISO_WEEK } from "./formats/euda.js";
export { ODM_DRUG_MEASURES } from "./formats/odm-vocabulary.js";

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** Default `source` label of parsed sites: `euda-2025` for `ww2025-…` files, else by format. */
export function defaultSource(format: ResolvedFormat, file: string): string {
  if (format === "euda") {
    const m = /ww(\d{4})/i.exec(file);
    return m ? `euda-${m[1]}` : "euda";
  }
  return format === "odm" ? "odm" : format === "sites" ? "registry" : "lab";
}

/** Shared state across the tables of one import (duplicate keys, site codes). */
export interface ImportState {
  dups: DuplicateTracker;
  siteCodes: Map<string, number>;
}

export function newImportState(): ImportState {
  return { dups: new DuplicateTracker(), siteCodes: new Map() };
}

/** Row processor for a non-ODM table kind. */
export function processorFor(kind: Exclude<TableKind, `odm-${string}`>, head: TableHead, sink: Sink, source: string, state: ImportState): TableProcessor {
  switch (kind) {
    case "lab-long":
      return labLongProcessor(head, sink, state.dups);
    case "lab-wide":
      return labWideProcessor(head, sink, state.dups);
    case "sites":
      return sitesProcessor(head, sink, source, state.siteCodes);
    case "euda-all-data":
      return eudaAllDataProcessor(head, sink, state.dups);
    case "euda-sites":
      return eudaSitesProcessor(head, sink, source, state.siteCodes);
  }
}

function isOdm(kind: TableKind): kind is "odm-sites" | "odm-samples" | "odm-measures" {
  return kind.startsWith("odm-");
}

/** Classify a table (auto or forced format); null = unknown (an error has been reported). */
function classify(table: Table, opts: ParseOptions, sink: Sink): TableKind | null {
  const format = opts.format ?? "auto";
  const kind = format === "auto" ? detectTableKind(table.headers) : tableKindForFormat(format, table.headers, table.sheet);
  if (kind === null) {
    const msg =
      format === "odm"
        ? "cannot tell which ODM table this is; expected the headers of sites (siteID, popServ…), samples (sampleID, siteID, dateTimeStart…) or measures (sampleID, measure, value, unit…), or sheets named sites/samples/measures"
        : UNKNOWN_FORMAT_MESSAGE;
    sink.error(makeError(table, table.headerRow, null, table.headers.join(", "), msg, importIssue(format === "odm" ? "unknown-odm-table" : "unknown-format", {})));
  }
  return kind;
}

/**
 * Parse several files as one import (PHES-ODM tables as separate CSVs, or a registry plus data). All files must
 * be of one format. Duplicate checks span the files.
 */
export async function parseFiles(inputs: readonly FileInput[], opts: ParseOptions = {}): Promise<ParseResult> {
  const sink = new ArraySink();
  const state = newImportState();
  const tz = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const infos: TableInfo[] = [];
  const encodings: string[] = [];
  const names: string[] = [];
  const odm: OdmTables = { sites: [], samples: [], measures: [] };
  const formats = new Set<ResolvedFormat>();
  const plain: Array<{ table: Table; kind: Exclude<TableKind, `odm-${string}`> }> = [];
  for (const input of inputs) {
    const { name, bytes } = await readInput(input);
    names.push(name);
    const read = await readTables(name, bytes, opts);
    if (!encodings.includes(read.encoding)) encodings.push(read.encoding);
    for (const e of read.errors) sink.error(e);
    for (const table of read.tables) {
      const kind = classify(table, opts, sink);
      if (kind === null) continue;
      formats.add(TABLE_FORMAT[kind]);
      infos.push({ file: table.file, sheet: table.sheet, table: kind, rows: table.rows.length });
      if (isOdm(kind)) odm[kind === "odm-sites" ? "sites" : kind === "odm-samples" ? "samples" : "measures"].push(table);
      else plain.push({ table, kind });
    }
  }
  const format = formats.size === 1 ? [...formats][0]! : null;
  if (formats.size > 1) {
    sink.error(makeError({ file: names.join(", "), sheet: null }, null, null, [...formats].join(", "), `the files have different formats (${[...formats].join(", ")}); expected one format per import`, importIssue("mixed-formats", { formats: [...formats].join(", ") })));
  } else {
    // sites first so measurements of the same import can refer to them
    plain.sort((a, b) => Number(b.kind === "sites" || b.kind === "euda-sites") - Number(a.kind === "sites" || a.kind === "euda-sites"));
    for (const { table, kind } of plain) {
      const source = opts.source ?? defaultSource(TABLE_FORMAT[kind], table.file);
      const p = processorFor(kind, table, sink, source, state);
      for (const r of table.rows) p.processRow(r.row, r.cells);
      p.finish();
    }
    if (odm.sites.length + odm.samples.length + odm.measures.length > 0) {
      processOdm(odm, sink, opts.source ?? "odm", tz);
    }
  }
  return {
    file: names.join(", "),
    format,
    encoding: encodings.join(", "),
    rows: infos.reduce((s, t) => s + t.rows, 0),
    sites: sink.sites,
    measurements: sink.measurements,
    errors: sink.errors,
    rejectedRowSites: sink.rejectedRowSites,
    tables: infos,
  };
}

/** Parse one file (CSV or XLSX) completely in memory. See the module doc for the shapes. */
export async function parseFile(input: FileInput, opts: ParseOptions = {}): Promise<ParseResult> {
  return parseFiles([input], opts);
}

export interface FormatDetection {
  file: string;
  format: ResolvedFormat | null;
  encoding: string;
  tables: Array<{ sheet: string | null; table: TableKind | null; headers: string[] }>;
  errors: ImportError[];
}

/** Detect the layout of a file from its headers (and sheet names) without processing rows. */
export async function detectFormat(input: FileInput, opts: Omit<ParseOptions, "format"> = {}): Promise<FormatDetection> {
  const { name, bytes } = await readInput(input);
  const read = await readTables(name, bytes, { ...opts, format: "auto" });
  const sink = new ArraySink();
  for (const e of read.errors) sink.error(e);
  const tables = read.tables.map((t) => ({ sheet: t.sheet, table: classify(t, {}, sink), headers: t.headers }));
  const formats = new Set(tables.map((t) => (t.table ? TABLE_FORMAT[t.table] : null)).filter((f): f is ResolvedFormat => f !== null));
  return { file: name, format: formats.size === 1 ? [...formats][0]! : null, encoding: read.encoding, tables, errors: sink.errors };
}
