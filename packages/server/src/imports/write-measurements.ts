/**
 * Measurement part of the import write side, set-based and streaming (bounded memory) for large files.
 * Rows are validated against the registry in JS (site code, analyte, consistent flow/population per sample) and
 * written chunk by chunk (`CHUNK_ROWS`), inside the caller's transaction:
 *  1. the chunk's samples not seen earlier in the file: one range query tells whether any of them may exist; if
 *     none can, they are bulk-loaded into `sample` with new ids, else the existing ones are looked up exactly
 *     (their stored id is used; flow/population changes are applied with history at the end);
 *  2. fast path — one range query over the chunk's (site, analyte, quantity, date range) finds no current
 *     measurement: the rows are bulk-loaded straight into `measurement` (PGlite: `COPY FROM '/dev/blob'` in the binary
 *     format built here, `copy-binary.ts`; PostgreSQL: unnest), all `inserted`;
 *  3. otherwise the chunk is staged and classified against the current measurement of each natural key
 *     (site × date × analyte × quantity) as inserted / unchanged / revised in one join; revised rows supersede the
 *     old ones (kept), new rows get revision old+1 (`write-measurements-classify.ts`).
 * Chunks are independent because a file never repeats a natural key (the parser reports duplicates). Once an
 * error is found nothing more is written and `finish()` returns the errors: the caller must roll back.
 */
import { importIssue, type ImportError } from "@tracewater/contract";
import type { ParsedMeasurement, ResolvedFormat } from "./parse/types.js";
import type { SqlClient } from "../storage/open-database.js";
import type { PhaseTimer } from "./phase-timer.js";
import { IdSequence } from "./ids.js";
import { SampleRegistry, SampleState } from "./sample-registry.js";
import { classifyChunk, MEASUREMENT_COLUMNS, updateSamples } from "./write-measurements-classify.js";
import { BulkStats } from "./bulk-stats.js";
import type { Bucket } from "./refresh-stats.js";
import { dropIndexesIfEmpty, type DroppedIndexes, recreateIndexes } from "./bulk-load.js";
import { PlausibilityCheck } from "./plausibility.js";
import { BinaryCopyWriter, COPY_HEADER_BYTES, uuidBytes } from "./copy-binary.js";
import type { RejectedRowSite } from "./parse/types.js";

/** At most this many errors are listed; one more entry says how many were left out. */
export const MAX_LISTED_ERRORS = 10_000;
/**
 * Bulk load: new samples are collected into one binary COPY input until it holds this many bytes (≈ 60 000 samples),
 * instead of one small COPY per chunk (≈ 2 500 samples each) — a COPY statement has a fixed cost, and the samples of
 * a 1M-row import took 0.73–0.80 s in 100 COPYs against 0.49–0.53 s in 25 (docs/performance.md, "Import", fourth
 * round). Nothing reads the samples before the end of the load (the table was empty and its indexes are rebuilt then).
 */
export const SAMPLE_COPY_BYTES = 4 * 1024 * 1024;
/** Rows per chunk written to the database (≈ 1.9 MB of binary COPY input on the PGlite fast path; smaller chunks keep fewer parsed rows alive across database calls: 1M rows, max RSS 50 000 → 962 MB, 10 000 → 675 MB, 5 000 → 701 MB, same time). */
export const CHUNK_ROWS = 10_000;

export interface MeasurementCounts {
  inserted: number;
  unchanged: number;
  revised: number;
}

export interface WriteMeasurementsResult {
  samples: number;
  /** existing samples whose flow/population were replaced (old values kept in `sample.history`) */
  samplesUpdated: number;
  measurements: MeasurementCounts;
  errors: ImportError[];
  /** (siteId, analyte, year) keys touched by the file, for refreshing cached statistics */
  touchedKeys: { siteId: string; analyte: string; year: number }[];
  stagedRows: number;
  /** `measurement` was empty before this import (bulk-load mode): every current row is this import's */
  measurementsWereEmpty?: boolean;
  /** statistics buckets computed in JS during a bulk load (see `bulk-stats.ts`); null otherwise */
  statsBuckets?: Bucket[] | null;
}

export interface MeasurementWriterOptions {
  batchId: string;
  file: string;
  format: ResolvedFormat;
  /** site code → id of every site known to the registry (including the file's own sites) */
  siteIds: Map<string, string>;
  analytes: Set<string>;
  now: Date;
  timer?: PhaseTimer;
  /** rows per written chunk (default {@link CHUNK_ROWS}; tests use small chunks) */
  chunkRows?: number;
  /** bulk load: bytes of pending new samples per COPY (default {@link SAMPLE_COPY_BYTES}) */
  sampleCopyBytes?: number;
  /**
   * A large file (PGlite only): when `measurement` / `sample` are empty at the first write, their indexes are
   * dropped and rebuilt after the load inside the transaction (one sort instead of a b-tree insert per row;
   * the unique indexes are re-validated when rebuilt) — see `bulk-load.ts`.
   */
  bulkLoad?: boolean;
}

/** Column in which the site code of a measurement row stands (for error reports). */
export function siteColumnOf(format: ResolvedFormat): string {
  return format === "euda" ? "Site ID" : "site_code";
}

const SAMPLE_COLUMNS = ["id", "site_id", "sample_date", "date_precision", "flow_m3_per_day", "population_served", "import_batch_id"] as const;

export class MeasurementWriter {
  private readonly errors: ImportError[] = [];
  private errorsLeftOut = 0;
  private readonly plausibility = new PlausibilityCheck();
  private halted = false;
  private staging = false;
  private prepared = false;
  /** tables that were empty at the first write (their indexes were dropped for the load) */
  private dropped: DroppedIndexes[] = [];
  private measurementsWereEmpty = false;
  private samplesWereEmpty = false;
  private bulkStats: BulkStats | null = null;
  /** the chunk being filled: parsed rows and their sample index */
  private rows: ParsedMeasurement[] = [];
  private rowSample: number[] = [];
  private staged = 0;
  private readonly samples: SampleRegistry;
  private readonly measurementIds = new IdSequence();
  private readonly analyteIdx = new Map<string, number>();
  private readonly analyteCodes: string[] = [];
  /** (site index, analyte index, year) keys, packed into one number */
  private readonly keys = new Set<number>();
  private readonly counts: MeasurementCounts = { inserted: 0, unchanged: 0, revised: 0 };
  private readonly chunkRows: number;
  private readonly tag: string;
  /** binary COPY writer and per-import byte caches of the PGlite fast path */
  private binary: BinaryCopyWriter | null = null;
  /** bulk load: the new samples not yet copied (see {@link SAMPLE_COPY_BYTES}) */
  private sampleCopy: BinaryCopyWriter | null = null;
  private batchIdBytes: Uint8Array | null = null;
  private readonly siteIdBytes: Uint8Array[] = [];

  constructor(
    private readonly tx: SqlClient,
    private readonly options: MeasurementWriterOptions,
  ) {
    this.samples = new SampleRegistry(new IdSequence());
    this.chunkRows = options.chunkRows ?? CHUNK_ROWS;
    this.tag = options.batchId.replaceAll("-", "").slice(-12);
  }

  private error(e: ImportError): void {
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(e);
    else this.errorsLeftOut++;
  }

  get errorCount(): number {
    return this.errors.length + this.errorsLeftOut;
  }

  /** Stop writing (the import will be rejected anyway, e.g. because of parse errors); validation continues. */
  halt(): void {
    this.halted = true;
  }

  private analyteIndex(code: string): number {
    let i = this.analyteIdx.get(code);
    if (i === undefined) {
      i = this.analyteCodes.length;
      this.analyteCodes.push(code);
      this.analyteIdx.set(code, i);
    }
    return i;
  }

  private unknownSite(r: { file: string; sheet?: string | null; row: number; siteCode: string }, column: string): void {
    this.error({
      file: r.file,
      sheet: r.sheet ?? null,
      row: r.row,
      column,
      value: r.siteCode,
      message: "unknown site code; define it in a site registry file or in the same file",
      ...importIssue("unknown-site", {}),
    });
  }

  /**
   * Checks the site codes of rows the parser rejected (bad value, date…), so that an unknown site is reported in the
   * same pass as the row's other errors instead of only after they are fixed.
   */
  checkRejectedSites(refs: readonly RejectedRowSite[]): void {
    const { siteIds } = this.options;
    for (const r of refs) if (!siteIds.has(r.siteCode)) this.unknownSite(r, r.column);
  }

  /** Plausibility warnings of the rows seen so far (see `plausibility.ts`); they never stop the import. */
  currentWarnings(): ImportError[] {
    return this.plausibility.list(this.options.file);
  }

  /** Validates a chunk of parsed measurements and writes every full chunk. */
  async add(chunk: readonly ParsedMeasurement[]): Promise<void> {
    const { siteIds, analytes } = this.options;
    const reg = this.samples;
    const t0 = performance.now();
    let tWrite = 0;
    // the previous row's sample (consecutive rows mostly belong to the same sample: its lookups are skipped)
    let lastSiteCode: string | null = null;
    let lastDate = "";
    let lastSite = -1;
    let lastYear = 0;
    let s = -1; // its index in the registry
    for (const m of chunk) {
      this.plausibility.check(m);
      // an unknown analyte is reported for a known site; a row with an unknown site gets that error instead (below)
      if (!analytes.has(m.analyte) && siteIds.has(m.siteCode)) {
        this.error({ file: m.file, sheet: m.sheet, row: m.row, column: m.column ?? "analyte", value: m.analyte, message: "unknown analyte code (see `GET /api/v1/analytes`)", ...importIssue("unknown-analyte-code", {}) });
        continue;
      }
      let added = false;
      if (m.siteCode !== lastSiteCode || m.sampleDate !== lastDate) {
        const siteId = siteIds.get(m.siteCode);
        if (!siteId) {
          this.unknownSite(m, siteColumnOf(this.options.format));
          lastSiteCode = null;
          continue;
        }
        const site = reg.siteIndex(siteId);
        const day = reg.dayNumber(m.sampleDate);
        s = reg.find(site, day);
        if (s < 0) {
          s = reg.add(site, day, m.datePrecision, m.flowM3PerDay, m.populationServed, m.row);
          added = true;
        }
        lastSiteCode = m.siteCode;
        lastDate = m.sampleDate;
        lastSite = site;
        lastYear = Number(m.sampleDate.slice(0, 4));
      }
      if (!added) {
        if (m.flowM3PerDay !== null) {
          const f = reg.flow[s] as number;
          if (Number.isNaN(f)) {
            reg.flow[s] = m.flowM3PerDay;
            if (reg.state[s] === SampleState.Inserted) reg.dirty[s] = 1;
          } else if (f !== m.flowM3PerDay)
            this.error({ file: m.file, sheet: m.sheet, row: m.row, column: "flow_m3_per_day", value: String(m.flowM3PerDay), message: `flow differs from row ${reg.firstRow[s]} of the same site and date (${f} m³/day)`, ...importIssue("flow-differs", { row: reg.firstRow[s] ?? null, flow: f }) });
        }
        if (m.populationServed !== null) {
          const p = reg.pop[s] as number;
          if (Number.isNaN(p)) {
            reg.pop[s] = m.populationServed;
            if (reg.state[s] === SampleState.Inserted) reg.dirty[s] = 1;
          } else if (p !== m.populationServed)
            this.error({ file: m.file, sheet: m.sheet, row: m.row, column: "population_served", value: String(m.populationServed), message: `population differs from row ${reg.firstRow[s]} of the same site and date (${p})`, ...importIssue("population-differs", { row: reg.firstRow[s] ?? null, population: p }) });
        }
      }
      this.keys.add((lastSite * 4096 + this.analyteIndex(m.analyte)) * 10_000 + lastYear);
      this.rows.push(m);
      this.rowSample.push(s);
      if (this.rows.length >= this.chunkRows) {
        const t1 = performance.now();
        await this.flush();
        tWrite += performance.now() - t1;
      }
    }
    this.options.timer?.add("validate", performance.now() - t0 - tWrite);
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    const rowSample = this.rowSample;
    this.rows = [];
    this.rowSample = [];
    const first = this.staged;
    this.staged += rows.length;
    if (rows.length === 0 || this.errorCount > 0 || this.halted) return; // nothing will be written: keep validating
    const timer = this.options.timer;
    let t0 = performance.now();
    if (!this.prepared) {
      this.prepared = true;
      if (this.options.bulkLoad && this.tx.copyBinary) {
        for (const table of ["measurement", "sample"] as const) {
          const d = await dropIndexesIfEmpty(this.tx, table);
          if (!d) continue;
          this.dropped.push(d);
          if (table === "measurement") {
            this.measurementsWereEmpty = true;
            this.bulkStats = new BulkStats();
          }
          else this.samplesWereEmpty = true;
        }
        timer?.add("indexes", performance.now() - t0);
        t0 = performance.now();
      }
    }
    await this.writeNewSamples(rowSample);
    timer?.add("samples", performance.now() - t0);
    t0 = performance.now();
    // an empty table at the start: nothing can match (a file never repeats a key)
    if (!this.measurementsWereEmpty && (await this.anyCurrent(rows, rowSample))) {
      this.staging = true;
      const c = await classifyChunk(this.tx, {
        table: `tw_stage_${this.tag}`,
        rows,
        rowSample,
        firstSeq: first,
        samples: this.samples,
        ids: this.measurementIds,
        batchId: this.options.batchId,
        now: this.options.now,
      });
      this.counts.inserted += c.inserted;
      this.counts.unchanged += c.unchanged;
      this.counts.revised += c.revised;
      timer?.add("classify+insert", performance.now() - t0);
      return;
    }
    await this.insertFresh(rows, rowSample, first);
    if (this.bulkStats) for (let i = 0; i < rows.length; i++) this.bulkStats.add(rows[i] as ParsedMeasurement, rowSample[i] as number, this.analyteIndex((rows[i] as ParsedMeasurement).analyte));
    this.counts.inserted += rows.length;
    timer?.add("insert", performance.now() - t0);
  }

  /** Inserts the samples first seen in this chunk; samples that already exist in the database keep their id. */
  private async writeNewSamples(rowSample: number[]): Promise<void> {
    const reg = this.samples;
    const fresh: number[] = [];
    for (const s of rowSample) {
      if (reg.state[s] === SampleState.Pending) {
        reg.state[s] = 3; // collected (temporarily)
        fresh.push(s);
      }
    }
    if (fresh.length === 0) return;
    if (this.samplesWereEmpty) {
      for (const s of fresh) reg.state[s] = SampleState.Inserted;
      await this.collectSamples(fresh);
      return;
    }
    // per site, the date range of the new samples: any stored sample in it?
    const lo = new Map<number, number>();
    const hi = new Map<number, number>();
    for (const s of fresh) {
      const site = reg.site[s] as number;
      const d = reg.day[s] as number;
      if (!(lo.get(site)! <= d)) lo.set(site, d);
      if (!(hi.get(site)! >= d)) hi.set(site, d);
    }
    const sites = [...lo.keys()];
    const hit = await this.tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM unnest($1::uuid[], $2::date[], $3::date[]) k(site_id, lo, hi)
         JOIN sample p ON p.site_id = k.site_id AND p.sample_date BETWEEN k.lo AND k.hi AND p.import_batch_id <> $4 LIMIT 1) x`,
      [sites.map((i) => reg.siteIds[i]), sites.map((i) => reg.dateOf(lo.get(i)!)), sites.map((i) => reg.dateOf(hi.get(i)!)), this.options.batchId],
    );
    let insert = fresh;
    if ((hit.rows[0]?.n ?? 0) > 0) {
      const found = await this.tx.query<{ i: number; id: string }>(
        `SELECT k.i, p.id FROM unnest($1::int[], $2::uuid[], $3::date[]) k(i, site_id, d)
           JOIN sample p ON p.site_id = k.site_id AND p.sample_date = k.d`,
        [fresh, fresh.map((s) => reg.siteIds[reg.site[s] as number]), fresh.map((s) => reg.dateOf(reg.day[s] as number))],
      );
      for (const r of found.rows) {
        reg.state[r.i] = SampleState.Existing;
        reg.existingIds.set(r.i, r.id);
      }
      insert = fresh.filter((s) => reg.state[s] !== SampleState.Existing);
    }
    for (const s of insert) reg.state[s] = SampleState.Inserted;
    await this.insertSamples(insert);
  }

  /** Appends the binary COPY tuples of new samples (sequence ids) to `w`. */
  private encodeSamples(w: BinaryCopyWriter, insert: readonly number[]): void {
    const reg = this.samples;
    const batchId = (this.batchIdBytes ??= uuidBytes(this.options.batchId));
    for (const s of insert) {
      const site = reg.site[s] as number;
      w.tuple(SAMPLE_COLUMNS.length);
      w.uuidOfSequence(reg.ids, s);
      w.uuid((this.siteIdBytes[site] ??= uuidBytes(reg.siteIds[site] as string)));
      w.date(reg.day[s] as number);
      w.cachedText(reg.precisionOf(s));
      w.float8(reg.flowOf(s));
      w.float8(reg.popOf(s));
      w.uuid(batchId);
    }
  }

  /**
   * Bulk load (PGlite, `sample` empty at the start): adds new samples to the pending COPY input and copies it once it
   * holds {@link SAMPLE_COPY_BYTES}. Their flow/population are final when encoded: a later row can only fill a
   * missing value of an `Inserted` sample, which marks it dirty for `updateSamples` at the end.
   */
  private async collectSamples(insert: readonly number[]): Promise<void> {
    if (!this.tx.copyBinary) return this.insertSamples(insert);
    if (!this.sampleCopy) {
      this.sampleCopy = new BinaryCopyWriter(SAMPLE_COPY_BYTES + 256 * 1024);
      this.sampleCopy.begin();
    }
    this.encodeSamples(this.sampleCopy, insert);
    if (this.sampleCopy.byteLength >= (this.options.sampleCopyBytes ?? SAMPLE_COPY_BYTES)) await this.copyPendingSamples();
  }

  /** Copies the pending samples of {@link collectSamples} (if any). */
  private async copyPendingSamples(): Promise<void> {
    const w = this.sampleCopy;
    if (!w || w.byteLength <= COPY_HEADER_BYTES || !this.tx.copyBinary) return; // the header alone: no sample
    await this.tx.copyBinary("sample", SAMPLE_COLUMNS, w.end());
    w.begin();
  }

  private async insertSamples(insert: readonly number[]): Promise<void> {
    if (insert.length === 0) return;
    const reg = this.samples;
    if (this.tx.copyBinary) {
      // PGlite: binary COPY (see insertFresh); new samples always have sequence ids
      const w = (this.binary ??= new BinaryCopyWriter());
      w.begin();
      this.encodeSamples(w, insert);
      await this.tx.copyBinary("sample", SAMPLE_COLUMNS, w.end());
      return;
    }
    const rows = insert.map((s) => [reg.idOf(s), reg.siteIds[reg.site[s] as number], reg.dateOf(reg.day[s] as number), reg.precisionOf(s), reg.flowOf(s), reg.popOf(s), this.options.batchId]);
    await this.tx.bulkInsert(
      "sample",
      SAMPLE_COLUMNS.map((name, j) => ({ name, type: (["uuid", "uuid", "date", "text", "float8", "float8", "uuid"] as const)[j]! })),
      rows,
    );
  }

  /**
   * Whether a current measurement from before this import may exist for a row of the chunk (range test per
   * site × analyte × quantity; rows this import wrote cannot match: a file never repeats a key).
   */
  private async anyCurrent(rows: ParsedMeasurement[], rowSample: number[]): Promise<boolean> {
    const reg = this.samples;
    const ranges = new Map<string, { site: number; analyte: string; quantity: string; lo: number; hi: number }>();
    for (let i = 0; i < rows.length; i++) {
      const m = rows[i] as ParsedMeasurement;
      const s = rowSample[i] as number;
      const site = reg.site[s] as number;
      const day = reg.day[s] as number;
      const k = `${site}|${m.analyte}|${m.quantity}`;
      const r = ranges.get(k);
      if (!r) ranges.set(k, { site, analyte: m.analyte, quantity: m.quantity, lo: day, hi: day });
      else {
        if (day < r.lo) r.lo = day;
        if (day > r.hi) r.hi = day;
      }
    }
    const rs = [...ranges.values()];
    const res = await this.tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::date[]) k(site_id, analyte, quantity, lo, hi)
         JOIN measurement m ON m.site_id = k.site_id AND m.analyte_code = k.analyte AND m.sample_date BETWEEN k.lo AND k.hi
          AND m.quantity = k.quantity AND m.superseded_by IS NULL AND m.import_batch_id <> $6 LIMIT 1) x`,
      [
        rs.map((r) => reg.siteIds[r.site]),
        rs.map((r) => r.analyte),
        rs.map((r) => r.quantity),
        rs.map((r) => reg.dateOf(r.lo)),
        rs.map((r) => reg.dateOf(r.hi)),
        this.options.batchId,
      ],
    );
    return (res.rows[0]?.n ?? 0) > 0;
  }

  /** Bulk-loads rows none of whose natural keys has a current measurement: revision 1, ids from the sequence. */
  private async insertFresh(rows: ParsedMeasurement[], rowSample: number[], firstSeq: number): Promise<void> {
    const reg = this.samples;
    const ids = this.measurementIds;
    if (this.tx.copyBinary) {
      // PGlite: binary COPY built in one reused buffer (no per-row strings; no text → uuid/date/float parsing in WASM)
      const w = (this.binary ??= new BinaryCopyWriter());
      const batchId = (this.batchIdBytes ??= uuidBytes(this.options.batchId));
      const recordedAtMs = this.options.now.getTime();
      w.begin();
      for (let i = 0; i < rows.length; i++) {
        const m = rows[i] as ParsedMeasurement;
        const s = rowSample[i] as number;
        const site = reg.site[s] as number;
        w.tuple(MEASUREMENT_COLUMNS.length);
        w.uuidOfSequence(ids, firstSeq + i);
        if (reg.state[s] === SampleState.Existing) w.uuid(uuidBytes(reg.idOf(s)));
        else w.uuidOfSequence(reg.ids, s);
        w.uuid((this.siteIdBytes[site] ??= uuidBytes(reg.siteIds[site] as string)));
        w.date(reg.day[s] as number);
        w.cachedText(m.analyte, 0);
        w.cachedText(m.quantity, 1);
        w.text(m.valueReported);
        if (m.unitReported === null) w.null();
        else w.cachedText(m.unitReported, 2);
        w.float8(m.valueCanonical);
        w.cachedText(m.detection, 3);
        w.float8(m.lodNgPerL);
        w.float8(m.loqNgPerL);
        w.uuid(batchId);
        w.timestamptz(recordedAtMs);
      }
      await this.tx.copyBinary("measurement", MEASUREMENT_COLUMNS, w.end());
      return;
    }
    await this.tx.bulkInsert(
      "measurement",
      MEASUREMENT_COLUMNS.map((name, j) => ({ name, type: MEASUREMENT_TYPES[j]! })),
      rows.map((m, i) => {
        const s = rowSample[i] as number;
        return [ids.id(firstSeq + i), reg.idOf(s), reg.siteIds[reg.site[s] as number], m.sampleDate, m.analyte, m.quantity, m.valueReported, m.unitReported, m.valueCanonical, m.detection, m.lodNgPerL, m.loqNgPerL, this.options.batchId, this.options.now];
      }),
    );
  }

  /** Errors found so far (row-level validation). */
  currentErrors(): ImportError[] {
    const out = [...this.errors];
    if (this.errorsLeftOut > 0)
      out.push({ file: this.options.file, row: null, column: null, value: null, message: `${this.errorsLeftOut} more errors not listed`, ...importIssue("more-errors", { count: this.errorsLeftOut }) });
    return out;
  }

  /** Writes the last chunk and the sample updates. Returns errors instead of results when there are any. */
  async finish(): Promise<WriteMeasurementsResult> {
    await this.flush();
    if (this.errorCount > 0 || this.halted) {
      return { samples: 0, samplesUpdated: 0, measurements: { inserted: 0, unchanged: 0, revised: 0 }, errors: this.currentErrors(), touchedKeys: [], stagedRows: this.staged };
    }
    let t0 = performance.now();
    await this.copyPendingSamples();
    this.options.timer?.add("samples", performance.now() - t0);
    t0 = performance.now();
    for (const d of this.dropped) await recreateIndexes(this.tx, d);
    this.options.timer?.add("indexes", performance.now() - t0);
    t0 = performance.now();
    if (this.staging) await this.tx.exec(`DROP TABLE tw_stage_${this.tag}`);
    const reg = this.samples;
    let inserted = 0;
    for (let i = 0; i < reg.size; i++) if (reg.state[i] === SampleState.Inserted) inserted++;
    const samplesUpdated = await updateSamples(this.tx, reg, this.options.batchId);
    this.options.timer?.add("samples", performance.now() - t0);
    const m = this.counts;
    const changed = m.inserted + m.revised + samplesUpdated > 0;
    const statsBuckets = this.bulkStats ? await this.bulkStats.buckets(this.tx, reg, this.analyteCodes) : null;
    return {
      samples: inserted,
      samplesUpdated,
      measurements: { ...m },
      errors: [],
      touchedKeys: changed
        ? [...this.keys].map((k) => {
            const year = k % 10_000;
            const rest = Math.floor(k / 10_000);
            return { siteId: reg.siteIds[Math.floor(rest / 4096)] as string, analyte: this.analyteCodes[rest % 4096] as string, year };
          })
        : [],
      stagedRows: this.staged,
      measurementsWereEmpty: this.measurementsWereEmpty,
      statsBuckets,
    };
  }
}

const MEASUREMENT_TYPES = ["uuid", "uuid", "uuid", "date", "text", "text", "text", "text", "float8", "text", "float8", "float8", "uuid", "timestamptz"] as const;

