/**
 * Streaming parse for big lab-long CSV files, with bounded memory: fs stream → iconv-lite decoder →
 * papaparse Node duplex (backpressure all the way) → the lab-long row processor → batches.
 *
 * Memory: one batch of records + the duplicate-key index (≈40 bytes per measurement, see sink.ts) + stream
 * buffers (1 MiB). Files that are not lab-long CSV (XLSX, EUDA, ODM, wide, registry) are parsed in memory with
 * {@link parseFile} and handed out in the same batch shape, so callers can use one code path.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import iconv from "iconv-lite";
import { csvRecords, detectNewline } from "./csv-chunks.js";
import { TABLE_FORMAT, detectTableKind } from "./detect.js";
import { detectEncoding, SAMPLE_BYTES } from "./encoding.js";
import { labLongProcessor } from "./formats/lab-long.js";
import { parseFile } from "./index.js";
import { DuplicateTracker, type Sink, type TableHead, type TableProcessor } from "./sink.js";
import { detectDelimiter, looksLikeZip } from "./table.js";
import { importIssue } from "@tracewater/contract";
import type { Cell, ImportError, ParseOptions, ParsedMeasurement, ParsedSite, RejectedRowSite, ResolvedFormat } from "./types.js";
import { cellText } from "./values.js";

export interface StreamOptions extends ParseOptions {
  /** data rows per batch (default 5000) */
  batchSize?: number;
  /** called after each batch with the bytes of the file read so far and the file size */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** One batch of records. Errors are those found in the rows of this batch (the caller keeps the running list). */
export interface ParseBatch {
  file: string;
  format: ResolvedFormat | null;
  encoding: string;
  sites: ParsedSite[];
  measurements: ParsedMeasurement[];
  errors: ImportError[];
  /** site codes of the rows of this batch that the parser rejected */
  rejectedRowSites: RejectedRowSite[];
  /** data rows read so far */
  rowsSoFar: number;
  bytesRead: number;
  totalBytes: number;
  /** true on the last batch */
  done: boolean;
}

async function readSample(path: string): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function* inMemory(path: string, opts: StreamOptions, totalBytes: number): AsyncGenerator<ParseBatch> {
  const r = await parseFile(path, opts);
  const size = opts.batchSize ?? 5000;
  const n = Math.max(1, Math.ceil(Math.max(r.measurements.length, r.sites.length) / size));
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    opts.onProgress?.(last ? totalBytes : Math.round((totalBytes * (i + 1)) / n), totalBytes);
    yield {
      file: r.file,
      format: r.format,
      encoding: r.encoding,
      sites: r.sites.slice(i * size, (i + 1) * size),
      measurements: r.measurements.slice(i * size, (i + 1) * size),
      errors: i === 0 ? r.errors : [],
      rejectedRowSites: i === 0 ? r.rejectedRowSites : [],
      rowsSoFar: last ? r.rows : Math.min(r.rows, (i + 1) * size),
      bytesRead: last ? totalBytes : Math.round((totalBytes * (i + 1)) / n),
      totalBytes,
      done: last,
    };
  }
}

/**
 * Parse a file batch by batch. Lab-long CSV streams with bounded memory; other files are parsed in memory.
 * The concatenation of all batches equals {@link parseFile}'s result (same records, same errors, same order).
 * @param path file path
 * @param opts parse options + `batchSize` (rows, default 5000) + `onProgress(bytesRead, totalBytes)`
 */
export async function* parseFileStreaming(path: string, opts: StreamOptions = {}): AsyncGenerator<ParseBatch> {
  const file = basename(path);
  const totalBytes = (await stat(path)).size;
  const format = opts.format ?? "auto";
  if (totalBytes === 0 || opts.sheet || !(format === "auto" || format === "lab-long")) {
    yield* inMemory(path, opts, totalBytes);
    return;
  }
  const sample = await readSample(path);
  const det = detectEncoding(sample, totalBytes > sample.length);
  if (looksLikeZip(sample) || !det.ok) {
    yield* inMemory(path, opts, totalBytes);
    return;
  }
  const sampleText = iconv.decode(Buffer.from(sample), det.codec, { stripBOM: true });
  const delimiter = detectDelimiter(sampleText);
  const newline = detectNewline(sampleText);
  const batchSize = opts.batchSize ?? 5000;

  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  let bytesRead = 0;
  raw.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const decoder = iconv.decodeStream(det.codec, { stripBOM: true }) as unknown as import("node:stream").Transform;
  raw.on("error", (e) => decoder.destroy(e));
  raw.pipe(decoder);

  let sites: ParsedSite[] = [];
  let measurements: ParsedMeasurement[] = [];
  let errors: ImportError[] = [];
  let rejectedRowSites: RejectedRowSite[] = [];
  const sink: Sink = {
    site: (s) => sites.push(s),
    measurement: (m) => measurements.push(m),
    error: (e) => errors.push(e),
    rejectedRowSite: (r) => rejectedRowSites.push(r),
  };
  let head: TableHead | null = null;
  let processor: TableProcessor | null = null;
  let recordNo = 0;
  let dataRows = 0;
  let sinceYield = 0;
  const take = (done: boolean): ParseBatch => {
    const b: ParseBatch = { file, format: "lab-long", encoding: det.label, sites, measurements, errors, rejectedRowSites, rowsSoFar: dataRows, bytesRead: done ? totalBytes : bytesRead, totalBytes, done };
    sites = [];
    measurements = [];
    errors = [];
    rejectedRowSites = [];
    sinceYield = 0;
    opts.onProgress?.(b.bytesRead, totalBytes);
    return b;
  };
  // U+FFFD is what the decoder writes for bytes that are invalid in the file's encoding; until a decoded chunk
  // contains one, no cell can (chunks are read before the records cut from them are processed), so the per-cell
  // search is skipped
  let replacementSeen = false;
  const decoded = (async function* () {
    for await (const chunk of decoder as AsyncIterable<string>) {
      if (!replacementSeen && chunk.includes("\uFFFD")) replacementSeen = true;
      yield chunk;
    }
  })();
  const checkBytes = (row: number, cells: readonly Cell[], headers: readonly string[]) => {
    if (!replacementSeen) return;
    cells.forEach((c, i) => {
      if (typeof c === "string" && c.includes("\uFFFD")) {
        errors.push({ file, sheet: null, row, column: headers[i] ?? `column ${i + 1}`, value: c, message: `invalid byte sequence for ${det.label}; expected UTF-8 or GBK/GB18030 text throughout the file`, ...importIssue("invalid-bytes", { encoding: det.label }) });
      }
    });
  };
  try {
    for await (const records of csvRecords(decoded, delimiter, newline)) {
    for (const cells of records) {
      recordNo++;
      if (cells.every((c) => cellText(c) === "")) continue;
      if (head === null) {
        const headers = cells.map((c) => cellText(c).replace(/^\uFEFF/, ""));
        while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
        const kind = format === "lab-long" ? "lab-long" : detectTableKind(headers);
        if (kind !== "lab-long" || TABLE_FORMAT[kind] !== "lab-long") {
          raw.destroy();
          decoder.destroy();
          yield* inMemory(path, opts, totalBytes);
          return;
        }
        head = { file, sheet: null, encoding: det.label, decimalComma: delimiter === ";", date1904: false, headerRow: recordNo, headers };
        checkBytes(recordNo, headers, headers);
        processor = labLongProcessor(head, sink, new DuplicateTracker());
        continue;
      }
      dataRows++;
      sinceYield++;
      checkBytes(recordNo, cells, head.headers);
      processor!.processRow(recordNo, cells);
      if (sinceYield >= batchSize || measurements.length >= batchSize) yield take(false);
    }
    }
  } finally {
    raw.destroy();
  }
  if (head === null) {
    yield* inMemory(path, opts, totalBytes);
    return;
  }
  processor!.finish();
  yield take(true);
}
