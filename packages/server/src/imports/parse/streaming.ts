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
import { CsvCutter, detectNewline } from "./csv-chunks.js";
import { TABLE_FORMAT, detectTableKind } from "./detect.js";
import { detectEncoding, SAMPLE_BYTES } from "./encoding.js";
import { labLongProcessor } from "./formats/lab-long.js";
import { parseFile } from "./index.js";
import { DuplicateTracker, type Sink, type TableHead, type TableProcessor } from "./sink.js";
import { detectDelimiter, looksLikeZip } from "./table.js";
import { type PackedMeasurements, PackedMeasurementsBuilder, packMeasurements } from "./packed-measurements.js";
import { importIssue } from "@tracewater/contract";
import type { Cell, ImportError, ParseOptions, ParsedMeasurement, ParsedSite, RejectedRowSite, ResolvedFormat } from "./types.js";
import { cellText } from "./values.js";

export interface StreamOptions extends ParseOptions {
  /** data rows per batch (default 5000) */
  batchSize?: number;
  /** called after each batch with the bytes of the file read so far and the file size */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Bytes per read of the file. The records cut from one chunk stay alive until the last of them is processed; with
 * 64 KB chunks (≈ 1 250 rows) V8's scavenges kept finding them alive and promoted them to the old generation. With
 * 16 KB, the parser worker's scavenges of a 1M-row import took 0.29–0.31 s instead of 0.54–0.61 s, its major GCs 9
 * instead of 12–19, the import 4.7–5.0 s instead of 5.2–5.4 s (docs/performance.md, "Import", fifth round).
 */
export const READ_CHUNK_BYTES = 16 * 1024;

/** One batch of records. Errors are those found in the rows of this batch (the caller keeps the running list). */
export interface ParseBatch extends ParseBatchOf<ParsedMeasurement[]> {}

/** A batch whose measurements are packed (`packed-measurements.ts`): what the parser worker posts. */
export interface PackedParseBatch extends Omit<ParseBatchOf<PackedMeasurements>, "measurements"> {
  packed: PackedMeasurements;
}

/** A batch with its measurements in the form `M` of the collector that gathered them. */
interface ParseBatchOf<M> {
  file: string;
  format: ResolvedFormat | null;
  encoding: string;
  sites: ParsedSite[];
  measurements: M;
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

/** Gathers a batch's measurements as the rows are processed, in the form `M` that the batch carries. */
interface MeasurementCollector<M> {
  push(m: ParsedMeasurement): void;
  /** rows pushed since the last {@link take} */
  readonly length: number;
  /** the rows pushed since the last call; starts over */
  take(): M;
  /** the form `M` of rows parsed in memory */
  of(ms: ParsedMeasurement[]): M;
}

class ArrayCollector implements MeasurementCollector<ParsedMeasurement[]> {
  private items: ParsedMeasurement[] = [];
  push(m: ParsedMeasurement): void {
    this.items.push(m);
  }
  get length(): number {
    return this.items.length;
  }
  take(): ParsedMeasurement[] {
    const out = this.items;
    this.items = [];
    return out;
  }
  of(ms: ParsedMeasurement[]): ParsedMeasurement[] {
    return ms;
  }
}

class PackingCollector extends PackedMeasurementsBuilder implements MeasurementCollector<PackedMeasurements> {
  of(ms: ParsedMeasurement[]): PackedMeasurements {
    return packMeasurements(ms);
  }
}

async function* inMemory<M>(path: string, opts: StreamOptions, totalBytes: number, collector: MeasurementCollector<M>): AsyncGenerator<ParseBatchOf<M>> {
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
      measurements: collector.of(r.measurements.slice(i * size, (i + 1) * size)),
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
export function parseFileStreaming(path: string, opts: StreamOptions = {}): AsyncGenerator<ParseBatch> {
  return streamBatches(path, opts, new ArrayCollector());
}

/**
 * {@link parseFileStreaming} with each batch's measurements packed as the rows are parsed (the parser worker's form,
 * `streaming-worker-thread.ts`): no row object outlives its row. `unpackMeasurements(b.packed)` is the batch's
 * `measurements` of {@link parseFileStreaming}.
 */
export async function* parseFileStreamingPacked(path: string, opts: StreamOptions = {}): AsyncGenerator<PackedParseBatch> {
  for await (const { measurements, ...rest } of streamBatches(path, opts, new PackingCollector(opts.batchSize ?? 5000))) {
    yield { ...rest, packed: measurements };
  }
}

async function* streamBatches<M>(path: string, opts: StreamOptions, collector: MeasurementCollector<M>): AsyncGenerator<ParseBatchOf<M>> {
  const file = basename(path);
  const totalBytes = (await stat(path)).size;
  const format = opts.format ?? "auto";
  if (totalBytes === 0 || opts.sheet || !(format === "auto" || format === "lab-long")) {
    yield* inMemory(path, opts, totalBytes, collector);
    return;
  }
  const sample = await readSample(path);
  const det = detectEncoding(sample, totalBytes > sample.length);
  if (looksLikeZip(sample) || !det.ok) {
    yield* inMemory(path, opts, totalBytes, collector);
    return;
  }
  const sampleText = iconv.decode(Buffer.from(sample), det.codec, { stripBOM: true });
  const delimiter = detectDelimiter(sampleText);
  const newline = detectNewline(sampleText);
  const batchSize = opts.batchSize ?? 5000;

  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  let bytesRead = 0;
  raw.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const decoder = iconv.decodeStream(det.codec, { stripBOM: true }) as unknown as import("node:stream").Transform;
  raw.on("error", (e) => decoder.destroy(e));
  raw.pipe(decoder);

  let sites: ParsedSite[] = [];
  let errors: ImportError[] = [];
  let rejectedRowSites: RejectedRowSite[] = [];
  const sink: Sink = {
    site: (s) => sites.push(s),
    measurement: (m) => collector.push(m),
    error: (e) => errors.push(e),
    rejectedRowSite: (r) => rejectedRowSites.push(r),
  };
  let head: TableHead | null = null;
  let processor: TableProcessor | null = null;
  let recordNo = 0;
  let dataRows = 0;
  let sinceYield = 0;
  const take = (done: boolean): ParseBatchOf<M> => {
    const b: ParseBatchOf<M> = { file, format: "lab-long", encoding: det.label, sites, measurements: collector.take(), errors, rejectedRowSites, rowsSoFar: dataRows, bytesRead: done ? totalBytes : bytesRead, totalBytes, done };
    sites = [];
    errors = [];
    rejectedRowSites = [];
    sinceYield = 0;
    opts.onProgress?.(b.bytesRead, totalBytes);
    return b;
  };
  // U+FFFD is what the decoder writes for bytes that are invalid in the file's encoding; until a decoded chunk
  // contains one, no cell can (a chunk is read before the records cut from it are processed), so the per-cell
  // search is skipped
  let replacementSeen = false;
  const checkBytes = (row: number, cells: readonly Cell[], headers: readonly string[]) => {
    if (!replacementSeen) return;
    cells.forEach((c, i) => {
      if (typeof c === "string" && c.includes("\uFFFD")) {
        errors.push({ file, sheet: null, row, column: headers[i] ?? `column ${i + 1}`, value: c, message: `invalid byte sequence for ${det.label}; expected UTF-8 or GBK/GB18030 text throughout the file`, ...importIssue("invalid-bytes", { encoding: det.label }) });
      }
    });
  };
  // the chunks are cut into records in this loop, not in a generator of records between the stream and here: see
  // CsvCutter (csv-chunks.ts) for what that cost
  const chunks = (decoder as AsyncIterable<string>)[Symbol.asyncIterator]();
  const cutter = new CsvCutter(delimiter, newline);
  try {
    for (let ended = false; !ended; ) {
      let records: string[][] | null;
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        records = cutter.end();
      } else {
        if (!replacementSeen && next.value.includes("\uFFFD")) replacementSeen = true;
        records = cutter.push(next.value);
      }
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
            yield* inMemory(path, opts, totalBytes, collector);
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
        if (sinceYield >= batchSize || collector.length >= batchSize) yield take(false);
      }
      records = null; // not kept alive while the next chunk is awaited
    }
  } finally {
    raw.destroy();
    await chunks.return?.();
  }
  if (head === null) {
    yield* inMemory(path, opts, totalBytes, collector);
    return;
  }
  processor!.finish();
  yield take(true);
}
