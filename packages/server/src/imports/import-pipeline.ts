/**
 * The import write side: one file → one transaction.
 *
 * - The file is parsed (parser helper's `imports/parse`); any parse error → `rejected`, nothing written.
 * - Inside ONE transaction: the batch row, the file's sites, the measurements (staged + classified set-based,
 *   see `write-measurements.ts`), the cached statistics. Any error found there (unknown site code, duplicate
 *   natural key, inconsistent flow) rolls the whole transaction back → `rejected`.
 * - A rejected file's batch row (with the full error list, sorted by file, sheet and row — `sortImportErrors`) is
 *   recorded afterwards in its own small transaction, so users can see the report later (`GET /imports`); no data
 *   row is written.
 * - Nothing changed (same file again) → `unchanged`; the batch row is still recorded as an audit entry.
 * - `dryRun` runs everything and rolls back → `validated` with exact counts; nothing at all is written.
 */
import { createHash } from "node:crypto";
import type { ImportError, ImportFormat, ImportReport } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { Database, TxClient } from "../storage/open-database.js";
import { MeasurementWriter, siteColumnOf } from "./write-measurements.js";
import { type ImportScope, ImportScopeCheck } from "./import-scope.js";
import { refreshSiteYearStats } from "./refresh-stats.js";
import { writeSites, type WriteSitesResult } from "./write-sites.js";
import { writePublishedMeans, type PublishedMean } from "./euda-published-means.js";
import { PhaseTimer } from "./phase-timer.js";
import type { ParsedMeasurement, ParsedSite, RejectedRowSite, ResolvedFormat } from "./parse/types.js";

export type ImportStatus = ImportReport["status"];

/** Progress of an import: `rows` processed so far of `total` (when known). */
export interface ImportProgress {
  phase: "parse" | "stage" | "write" | "done";
  rows: number;
  total: number | null;
}

/** One batch of parsed records; a batch's sites are written before its measurements are staged. */
export interface ParsedBatch {
  sites: readonly ParsedSite[];
  measurements: readonly ParsedMeasurement[];
  /** site codes of rows the parser rejected: checked against the registry too, so unknown sites are listed at once */
  rejectedRowSites?: readonly RejectedRowSite[];
}

/** What the parser gives the write side: header info and the records as batches. */
export interface ParsedFile {
  file: string;
  format: ResolvedFormat;
  encoding: string;
  /** data rows read; for streamed files known only at the end → read after the batches are consumed */
  rows(): number;
  batches: AsyncIterable<ParsedBatch> | Iterable<ParsedBatch>;
  /** parse errors (complete after the batches are consumed) */
  errors(): ImportError[];
  /** progress: units done so far and in total (rows, or bytes for streamed files) */
  progress?(): { done: number; total: number | null };
  /** published weekly means of the file (EUDA), written after the measurements */
  publishedMeans?(): Promise<PublishedMean[]>;
}

export interface PipelineOptions {
  dryRun?: boolean;
  actor?: string | null;
  now: Date;
  sha256: string;
  onProgress?: (p: ImportProgress) => void;
  /** receives the time per phase (ms) and the peak RSS (MB) at the end (debug log) */
  onPhases?: (phases: Record<string, number>) => void;
  /** measurement rows per write chunk (see `write-measurements.ts`) */
  chunkRows?: number;
  /** bulk load: bytes of pending new samples per COPY (see `write-measurements.ts`) */
  sampleCopyBytes?: number;
  /** a large file: allow the bulk-load mode of `write-measurements.ts` (indexes rebuilt after loading an empty table) */
  bulkLoad?: boolean;
  /** the importer's jurisdiction scope (API uploads); absent = unrestricted (console CLI, seed) — `import-scope.ts` */
  scope?: ImportScope;
}

class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super("rollback");
  }
}

function emptyReport(parsed: Pick<ParsedFile, "file" | "format" | "encoding">, sha256: string, dryRun: boolean): ImportReport {
  return {
    batchId: null,
    file: parsed.file,
    sha256,
    format: parsed.format,
    encoding: parsed.encoding,
    dryRun,
    status: "rejected",
    rows: 0,
    sites: 0,
    samples: 0,
    measurements: { inserted: 0, unchanged: 0, revised: 0 },
    errors: [],
    warnings: [],
  };
}

/**
 * The errors of a report in file order: sorted stably by file, sheet and row, with a null sheet or row first (such an
 * error concerns the whole file or sheet). The checks run one after another (parse, scope, sites, measurements),
 * so their lists concatenated are grouped by kind (e.g. rows 4, 4, 2, 3, 5, 6, 7); sorted, the errors of one row
 * stand together and keep the order the checks found them in. File and sheet names compare by UTF-16 code unit
 * (deterministic, locale-free). The `more-errors` summary ("N more errors not listed", row null) stays last.
 * Returns a new array; the input is not changed.
 */
export function sortImportErrors(errors: readonly ImportError[]): ImportError[] {
  const text = (x: string | null | undefined, y: string | null | undefined): number => {
    const a = x ?? null;
    const b = y ?? null;
    return a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  };
  const last = (e: ImportError): number => (e.code === "more-errors" ? 1 : 0);
  return [...errors].sort(
    (a, b) =>
      last(a) - last(b) ||
      text(a.file, b.file) ||
      text(a.sheet, b.sheet) ||
      (a.row === b.row ? 0 : a.row === null ? -1 : b.row === null ? 1 : a.row - b.row),
  );
}

/** Records the batch row of a rejected import (own transaction; no data rows). */
export async function recordRejectedBatch(database: Database, report: ImportReport, actor: string | null, now: Date): Promise<ImportReport> {
  const id = uuidv7();
  await database.transaction((tx) => insertBatch(tx, id, report, actor, now));
  return { ...report, batchId: id };
}

async function insertBatch(tx: TxClient, id: string, report: ImportReport, actor: string | null, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO import_batch (id, file_name, sha256, format, encoding, rows, status, dry_run, counts, errors, actor, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb,$10::jsonb,$11,$12)`,
    [
      id,
      report.file,
      report.sha256,
      report.format,
      report.encoding,
      report.rows,
      report.status,
      report.dryRun,
      JSON.stringify({ sites: report.sites, samples: report.samples, measurements: report.measurements }),
      JSON.stringify(report.errors),
      actor,
      now,
    ],
  );
}

/** Writes one parsed file in one transaction. Never throws for bad input: returns a `rejected` report. */
export async function runImport(database: Database, parsed: ParsedFile, options: PipelineOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const actor = options.actor ?? null;
  const { now, onProgress } = options;
  const base = emptyReport(parsed, options.sha256, dryRun);
  const batchId = uuidv7();
  const timer = new PhaseTimer();
  let report: ImportReport;
  let tCommit = 0;
  try {
    report = await database.transaction(async (tx) => {
      await insertBatch(tx, batchId, { ...base, status: "rejected" }, actor, now);
      const siteRows = await tx.query<{ id: string; code: string; jurisdiction_code: string | null }>(
        "SELECT id, code, jurisdiction_code FROM site",
      );
      const scopeCheck = options.scope
        ? new ImportScopeCheck(options.scope, new Map(siteRows.rows.map((r) => [r.code, r.jurisdiction_code])))
        : null;
      const analyteRows = await tx.query<{ code: string }>("SELECT code FROM analyte");
      const siteIds = new Map(siteRows.rows.map((r) => [r.code, r.id]));
      const writer = new MeasurementWriter(tx, {
        batchId,
        file: parsed.file,
        format: parsed.format,
        siteIds,
        analytes: new Set(analyteRows.rows.map((r) => r.code)),
        now,
        timer,
        ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}),
        ...(options.sampleCopyBytes ? { sampleCopyBytes: options.sampleCopyBytes } : {}),
        ...(options.bulkLoad ? { bulkLoad: true } : {}),
      });
      const sitesResult: WriteSitesResult = { written: 0, populationChanged: [], errors: [] };
      let seen = 0;
      let tParse = performance.now();
      for await (const batch of parsed.batches) {
        timer.add("parse", performance.now() - tParse);
        // a refused site is still upserted so its rows resolve; the scope errors roll the transaction back
        if (scopeCheck && batch.sites.length > 0) scopeCheck.checkSites(batch.sites);
        if (batch.sites.length > 0) {
          const r = await writeSites(tx, [...batch.sites], batchId, now);
          sitesResult.written += r.written;
          sitesResult.populationChanged.push(...r.populationChanged);
          sitesResult.errors.push(...r.errors);
          const ids = await tx.query<{ id: string; code: string }>("SELECT id, code FROM site WHERE code = ANY($1::text[])", [
            batch.sites.map((x) => x.code),
          ]);
          for (const x of ids.rows) siteIds.set(x.code, x.id);
        }
        // a parse error rejects the file: stop writing (rows are still validated so every error is listed)
        if (parsed.errors().length > 0) writer.halt();
        if (batch.rejectedRowSites && batch.rejectedRowSites.length > 0) writer.checkRejectedSites(batch.rejectedRowSites);
        if (scopeCheck) {
          if (batch.rejectedRowSites) scopeCheck.checkRejected(batch.rejectedRowSites);
          scopeCheck.checkRows(batch.measurements, siteColumnOf(parsed.format));
          if (scopeCheck.failed) writer.halt();
        }
        if (batch.measurements.length > 0) await writer.add(batch.measurements);
        seen += batch.measurements.length;
        const p = parsed.progress?.();
        onProgress?.({ phase: "stage", rows: p?.done ?? seen, total: p?.total ?? null });
        tParse = performance.now();
      }
      timer.add("parse", performance.now() - tParse);
      const parseErrors = parsed.errors();
      const rows = parsed.rows();
      const early = [...parseErrors, ...(scopeCheck?.list(parsed.file) ?? []), ...sitesResult.errors, ...writer.currentErrors()];
      const warnings = writer.currentWarnings();
      if (early.length > 0) throw new Rollback({ ...base, rows, errors: early, warnings });
      onProgress?.({ phase: "write", rows: seen, total: null });
      const written = await writer.finish();
      if (written.errors.length > 0) throw new Rollback({ ...base, rows, errors: written.errors, warnings });
      const means = parsed.publishedMeans
        ? await writePublishedMeans(tx, await parsed.publishedMeans(), siteIds, batchId, now)
        : { changed: 0, touched: [] };
      await timer.time("stats", () =>
        refreshSiteYearStats(tx, [...written.touchedKeys, ...means.touched], sitesResult.populationChanged,
          written.measurements.inserted + written.measurements.revised,
          written.measurementsWereEmpty ?? false,
          written.statsBuckets ?? null,
        ),
      );
      const m = written.measurements;
      const changed = m.inserted + m.revised + sitesResult.written + written.samples + written.samplesUpdated + means.changed > 0;
      const result: ImportReport = {
        ...base,
        batchId: dryRun ? null : batchId,
        status: dryRun ? "validated" : changed ? "imported" : "unchanged",
        rows,
        sites: sitesResult.written,
        samples: written.samples,
        measurements: m,
        warnings,
      };
      if (dryRun) throw new Rollback(result);
      await tx.query(
        "UPDATE import_batch SET status = $2, rows = $3, counts = $4::jsonb WHERE id = $1",
        [batchId, result.status, rows, JSON.stringify({ sites: result.sites, samples: result.samples, measurements: m })],
      );
      tCommit = performance.now();
      return result;
    });
    timer.add("commit", performance.now() - tCommit);
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    // the one place reported errors are put in file order (stored in the batch row in that order too)
    report = { ...error.report, errors: sortImportErrors(error.report.errors) };
    if (report.status === "rejected" && !dryRun) report = await recordRejectedBatch(database, report, actor, now);
  }
  options.onPhases?.(timer.summary());
  onProgress?.({ phase: "done", rows: report.rows, total: report.rows });
  return report;
}

/** SHA-256 (hex) of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export type { ImportFormat };
