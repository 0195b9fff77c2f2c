/**
 * `importFile`: parse a file (parser helper's `imports/parse`) and write it in one transaction
 * (`imports/import-pipeline.ts`). Big CSV files given by path are parsed with the streaming parser (bounded
 * memory) in a worker thread (`imports/parse/streaming-worker.ts`); everything else with `parseFile`.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { importIssue, type ImportFormat, type ImportReport } from "@tracewater/contract";
import * as parser from "../../imports/parse/index.js";
import { parseFileStreamingInWorker, parseWorkerEnabled } from "../../imports/parse/streaming-worker.js";
import type { FileInput, ParseResult, ResolvedFormat } from "../../imports/parse/types.js";
import { runImport, sha256Hex, type ImportProgress, type ParsedBatch, type ParsedFile } from "../../imports/import-pipeline.js";
import type { AppContext } from "../context.js";
import { readEudaPublishedMeans } from "../../imports/euda-published-means.js";
import type { ImportScope } from "../../imports/import-scope.js";
import { invalidateDataVersion } from "../monitoring/stats.js";
import { detectAfterImport } from "../warning/after-import.js";

export type { ImportProgress };

export interface ImportFileOptions {
  format?: ImportFormat;
  dryRun?: boolean;
  /** who imports (username, `cli`, `seed`) — stored on the batch */
  actor?: string | null;
  onProgress?: (p: ImportProgress) => void;
  /** label for the `source` of sites defined by the file (default by format, e.g. `euda-2025`, `lab`) */
  source?: string;
  /** bulk-load mode for a big first import (default: files over the streaming threshold; tests force it) */
  bulkLoad?: boolean;
  /** measurement rows per database write chunk (default 10 000; tests use tiny chunks to cross chunk boundaries) */
  chunkRows?: number;
  /** bulk load: bytes of pending new samples per COPY (default `SAMPLE_COPY_BYTES` of write-measurements.ts; tests use 1) */
  sampleCopyBytes?: number;
  /** the importer's jurisdiction scope (API uploads, `importScopeOf`); absent = unrestricted (console CLI, seed) */
  scope?: ImportScope;
  /** CSV files given by path larger than this are streamed (default {@link STREAMING_THRESHOLD_BYTES}; tests use 0) */
  streamingThresholdBytes?: number;
}

/** Files given by path larger than this are parsed with the streaming parser when it supports the format. */
export const STREAMING_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** Measurements per batch handed to the write side. */
const BATCH_ROWS = 5_000;

/** Read size when hashing a file: 1 MB reads hash 52 MB in ≈ 45 ms instead of ≈ 100 ms with the 64 KB default. */
const HASH_READ_BYTES = 1 << 20;

async function sha256OfPath(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: HASH_READ_BYTES })) h.update(chunk as Buffer);
  return h.digest("hex");
}

function fromParseResult(r: ParseResult, format: ResolvedFormat): ParsedFile {
  const batches: ParsedBatch[] = [{ sites: r.sites, measurements: [], rejectedRowSites: r.rejectedRowSites }];
  for (let i = 0; i < r.measurements.length; i += BATCH_ROWS) {
    batches.push({ sites: [], measurements: r.measurements.slice(i, i + BATCH_ROWS) });
  }
  let done = 0;
  return {
    file: r.file,
    format,
    encoding: r.encoding,
    rows: () => r.rows,
    batches: (function* () {
      for (const b of batches) {
        done += b.measurements.length;
        yield b;
      }
    })(),
    errors: () => r.errors,
    progress: () => ({ done, total: r.measurements.length }),
  };
}

/** The format reported for a file whose layout could not be detected (contract needs a concrete value). */
function fallbackFormat(requested: ImportFormat | undefined): ResolvedFormat {
  return requested && requested !== "auto" ? requested : "lab-long";
}

async function streamed(file: string, options: ImportFileOptions): Promise<ParsedFile | null> {
  // parsed in a worker thread (overlaps the database writes on the main thread), unless switched off
  const stream = parseWorkerEnabled() ? parseFileStreamingInWorker : parser.parseFileStreaming;
  const gen = stream(file, { format: options.format ?? "auto", batchSize: BATCH_ROWS, ...(options.source ? { source: options.source } : {}) });
  const first = await gen.next();
  if (first.done) return null;
  const head = first.value;
  // only lab-long streams; other layouts spread sites over batches → use the in-memory path
  if (head.format !== "lab-long") {
    await gen.return(undefined as never);
    return null;
  }
  const errors = [...head.errors];
  let rows = head.rowsSoFar;
  let bytes = head.bytesRead;
  const total = head.totalBytes;
  return {
    file: path.basename(file),
    format: head.format ?? fallbackFormat(options.format),
    encoding: head.encoding,
    rows: () => rows,
    errors: () => errors,
    progress: () => ({ done: bytes, total }),
    batches: (async function* () {
      yield { sites: head.sites, measurements: head.measurements, rejectedRowSites: head.rejectedRowSites };
      for await (const b of { [Symbol.asyncIterator]: () => gen }) {
        errors.push(...b.errors);
        rows = b.rowsSoFar;
        bytes = b.bytesRead;
        yield { sites: b.sites, measurements: b.measurements, rejectedRowSites: b.rejectedRowSites };
      }
    })(),
  };
}

/**
 * Imports one file (path or name + bytes). Never throws for bad content: a file with any error comes back
 * with `status: "rejected"` and every error listed (nothing written; the batch row with the report is kept
 * unless `dryRun`). Re-importing the same content → `unchanged`; corrected values → `revised` rows.
 * @throws only for I/O failures (missing file) and database failures
 */
export async function importFile(ctx: AppContext, input: FileInput, options: ImportFileOptions = {}): Promise<ImportReport> {
  const now = ctx.now();
  let parsed: ParsedFile | null = null;
  let sha256: string;
  let size = 0;
  if (typeof input === "string") {
    size = (await stat(input)).size;
    const stream = size > (options.streamingThresholdBytes ?? STREAMING_THRESHOLD_BYTES) && /\.(csv|tsv|txt)$/i.test(input);
    // the parser worker starts on the file while this thread hashes it
    [sha256, parsed] = await Promise.all([sha256OfPath(input), stream ? streamed(input, options) : null]);
  } else {
    sha256 = sha256Hex(input.bytes);
    size = input.bytes.byteLength;
  }
  if (!parsed) {
    const result = await parser.parseFile(input, {
      format: options.format ?? "auto",
      ...(options.source ? { source: options.source } : {}),
    });
    parsed = fromParseResult(result, result.format ?? fallbackFormat(options.format));
    if (result.format === "euda") parsed.publishedMeans = () => readEudaPublishedMeans(input);
    if (result.format === null && result.errors.length === 0) {
      result.errors.push({ file: result.file, row: null, column: null, value: null, message: "could not detect the file format", ...importIssue("format-not-detected", {}) });
    }
  }
  const fileName = parsed.file;
  const report = await runImport(ctx.database, parsed, {
    dryRun: options.dryRun ?? false,
    actor: options.actor ?? null,
    now,
    sha256,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}),
    ...(options.sampleCopyBytes ? { sampleCopyBytes: options.sampleCopyBytes } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    bulkLoad: options.bulkLoad ?? size > STREAMING_THRESHOLD_BYTES,
    onPhases: (phases) => ctx.log.debug({ file: fileName, phases }, "import phases (ms)"),
  });
  invalidateDataVersion(ctx);
  await detectAfterImport(ctx, report); // issue #4: attach sampling results, run detectors (never undoes the import)
  ctx.log.info(
    { file: report.file, status: report.status, rows: report.rows, measurements: report.measurements, errors: report.errors.length },
    "import",
  );
  return report;
}
