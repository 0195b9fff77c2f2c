/**
 * Measurement part of the import write side, set-based for large files:
 *  1. rows are validated against the registry in JS (site code, analyte, consistent flow/population per
 *     sample) and staged into a TEMP table in chunks (PGlite: COPY FROM '/dev/blob'; PostgreSQL: unnest);
 *  2. `finish()` checks duplicates of the natural key in SQL, inserts the new samples, classifies every
 *     staged row against the current measurement of its natural key (site × date × analyte × quantity) as
 *     inserted / unchanged / revised in one join, supersedes the revised rows and inserts new rows with
 *     one `INSERT … SELECT`.
 * Runs inside the caller's transaction; when `finish()` returns errors nothing must be committed.
 */
import type { ImportError } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { ParsedMeasurement, ResolvedFormat } from "./parse/types.js";
import type { BulkColumn, SqlClient } from "../storage/open-database.js";

/** At most this many errors are listed; one more entry says how many were left out. */
export const MAX_LISTED_ERRORS = 10_000;
/** Rows per bulk load into the staging table. */
const STAGE_CHUNK_ROWS = 25_000;

const STAGE_COLUMNS: BulkColumn[] = [
  { name: "seq", type: "int4" },
  { name: "row_no", type: "int4" },
  { name: "sample_idx", type: "int4" },
  { name: "analyte", type: "text" },
  { name: "quantity", type: "text" },
  { name: "value_reported", type: "text" },
  { name: "unit_reported", type: "text" },
  { name: "value_canonical", type: "float8" },
  { name: "detection", type: "text" },
  { name: "lod", type: "float8" },
  { name: "loq", type: "float8" },
];

const SAMPLE_COLUMNS: BulkColumn[] = [
  { name: "idx", type: "int4" },
  { name: "candidate_id", type: "uuid" },
  { name: "site_id", type: "uuid" },
  { name: "sample_date", type: "date" },
  { name: "date_precision", type: "text" },
  { name: "flow", type: "float8" },
  { name: "pop", type: "float8" },
];

/**
 * UUIDv7 ids of the inserted measurements, computed in SQL from one `uuidv7()` per import (its 48-bit timestamp,
 * version, rand_a and variant kept) plus the staging sequence number added to the low 48 bits — the monotonic
 * counter scheme of RFC 9562 §6.2 (method 2), unique within the import and time-ordered across imports. Avoids
 * shipping 1 million 36-character ids through COPY.
 */
function idSql(seqExpr: string): string {
  return `(substr($ID_HEAD, 1, 20) || lpad(to_hex($ID_BASE::bigint + ${seqExpr}), 12, '0'))::uuid`;
}

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
}

export interface MeasurementWriterOptions {
  batchId: string;
  file: string;
  format: ResolvedFormat;
  /** site code → id of every site known to the registry (including the file's own sites) */
  siteIds: Map<string, string>;
  analytes: Set<string>;
  now: Date;
}

interface SampleInfo {
  idx: number;
  candidateId: string;
  siteId: string;
  date: string;
  precision: string;
  flow: number | null;
  pop: number | null;
  row: number;
}

/** Column in which the site code of a measurement row stands (for error reports). */
function siteColumnOf(format: ResolvedFormat): string {
  return format === "euda" ? "Site ID" : "site_code";
}

export class MeasurementWriter {
  private readonly errors: ImportError[] = [];
  private errorsLeftOut = 0;
  private buffer: unknown[][] = [];
  private readonly samples = new Map<string, SampleInfo>();
  private readonly keys = new Set<string>();
  private staged = 0;
  private started = false;
  private readonly stageTable: string;
  private readonly sampleTable: string;
  private readonly classTable: string;
  private readonly idHead: string;
  private readonly idBase: number;

  constructor(
    private readonly tx: SqlClient,
    private readonly options: MeasurementWriterOptions,
  ) {
    // per-import working tables (UNLOGGED: cheaper than TEMP tables in PGlite; dropped in the same transaction)
    const tag = options.batchId.replaceAll("-", "").slice(-12);
    this.stageTable = `tw_stage_${tag}`;
    this.sampleTable = `tw_stage_sample_${tag}`;
    this.classTable = `tw_class_${tag}`;
    const head = uuidv7().replaceAll("-", "");
    this.idHead = head;
    // low 48 bits of the id: start below 2^47 so base + sequence never overflows 12 hex digits
    this.idBase = Number.parseInt(head.slice(20, 32), 16) % 2 ** 47;
  }

  private ids(sql: string): string {
    return sql.replaceAll("$ID_HEAD", `'${this.idHead}'`).replaceAll("$ID_BASE", String(this.idBase));
  }

  private error(e: ImportError): void {
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(e);
    else this.errorsLeftOut++;
  }

  get errorCount(): number {
    return this.errors.length + this.errorsLeftOut;
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.tx.exec(`
      CREATE UNLOGGED TABLE ${this.stageTable} (
        seq int, row_no int, sample_idx int, analyte text, quantity text,
        value_reported text, unit_reported text, value_canonical float8, detection text, lod float8, loq float8);
      CREATE UNLOGGED TABLE ${this.sampleTable} (
        idx int, candidate_id uuid, site_id uuid, sample_date date, date_precision text, flow float8, pop float8, actual_id uuid);`);
  }

  /** Validates and stages a chunk of parsed measurements. */
  async add(chunk: readonly ParsedMeasurement[]): Promise<void> {
    await this.start();
    const { siteIds, analytes } = this.options;
    for (const m of chunk) {
      const siteId = siteIds.get(m.siteCode);
      if (!siteId) {
        this.error({
          file: m.file,
          sheet: m.sheet,
          row: m.row,
          column: siteColumnOf(this.options.format),
          value: m.siteCode,
          message: "unknown site code; define it in a site registry file or in the same file",
        });
        continue;
      }
      if (!analytes.has(m.analyte)) {
        this.error({ file: m.file, sheet: m.sheet, row: m.row, column: m.column ?? "analyte", value: m.analyte, message: "unknown analyte code (see `GET /api/v1/analytes`)" });
        continue;
      }
      const sampleKey = `${siteId}|${m.sampleDate}`;
      let s = this.samples.get(sampleKey);
      if (!s) {
        s = { idx: this.samples.size, candidateId: uuidv7(), siteId, date: m.sampleDate, precision: m.datePrecision, flow: m.flowM3PerDay, pop: m.populationServed, row: m.row };
        this.samples.set(sampleKey, s);
      } else {
        if (m.flowM3PerDay !== null) {
          if (s.flow === null) s.flow = m.flowM3PerDay;
          else if (s.flow !== m.flowM3PerDay)
            this.error({ file: m.file, sheet: m.sheet, row: m.row, column: "flow_m3_per_day", value: String(m.flowM3PerDay), message: `flow differs from row ${s.row} of the same site and date (${s.flow} m³/day)` });
        }
        if (m.populationServed !== null) {
          if (s.pop === null) s.pop = m.populationServed;
          else if (s.pop !== m.populationServed)
            this.error({ file: m.file, sheet: m.sheet, row: m.row, column: "population_served", value: String(m.populationServed), message: `population differs from row ${s.row} of the same site and date (${s.pop})` });
        }
      }
      this.keys.add(`${siteId}|${m.analyte}|${m.sampleDate.slice(0, 4)}`);
      this.buffer.push([
        this.staged + this.buffer.length,
        m.row,
        s.idx,
        m.analyte,
        m.quantity,
        m.valueReported,
        m.unitReported,
        m.valueCanonical,
        m.detection,
        m.lodNgPerL,
        m.loqNgPerL,
      ]);
      if (this.buffer.length >= STAGE_CHUNK_ROWS) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0 || this.errorCount > 0) {
      // once there is an error nothing will be written: stop staging, keep validating
      this.staged += this.buffer.length;
      this.buffer = [];
      return;
    }
    await this.tx.bulkInsert(this.stageTable, STAGE_COLUMNS, this.buffer);
    this.staged += this.buffer.length;
    this.buffer = [];
  }

  /** Errors found so far (row-level validation while staging). */
  currentErrors(): ImportError[] {
    return this.finalErrors();
  }

  private finalErrors(): ImportError[] {
    const out = [...this.errors];
    if (this.errorsLeftOut > 0)
      out.push({ file: this.options.file, row: null, column: null, value: null, message: `${this.errorsLeftOut} more errors not listed` });
    return out;
  }

  /** Checks duplicates, then writes samples and measurements. Returns errors instead of writing when there are any. */
  async finish(): Promise<WriteMeasurementsResult> {
    await this.start();
    await this.flush();
    const empty = (errors: ImportError[]): WriteMeasurementsResult => ({
      samples: 0,
      samplesUpdated: 0,
      measurements: { inserted: 0, unchanged: 0, revised: 0 },
      errors,
      touchedKeys: [],
      stagedRows: this.staged,
    });
    if (this.errorCount > 0) return empty(this.finalErrors());
    const tx = this.tx;
    const { batchId, now, file } = this.options;

    // (duplicates of the natural key inside one file are reported by the parser; the partial unique index is the backstop)
    const st = this.stageTable;
    const ss = this.sampleTable;
    const ct = this.classTable;
    await tx.bulkInsert(
      ss,
      SAMPLE_COLUMNS,
      [...this.samples.values()].map((s) => [s.idx, s.candidateId, s.siteId, s.date, s.precision, s.flow, s.pop]),
    );
    const insertedSamples = await tx.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO sample (id, site_id, sample_date, date_precision, mode, flow_m3_per_day, population_served, import_batch_id)
         SELECT candidate_id, site_id, sample_date, date_precision, 'composite_24h', flow, pop, $1 FROM ${ss}
         ON CONFLICT (site_id, sample_date) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [batchId],
    );
    const samplesInserted = insertedSamples.rows[0]?.n ?? 0;
    const fresh = samplesInserted === this.samples.size;
    if (fresh) await tx.exec(`UPDATE ${ss} SET actual_id = candidate_id`);
    else
      await tx.exec(
        `UPDATE ${ss} x SET actual_id = p.id FROM sample p WHERE p.site_id = x.site_id AND p.sample_date = x.sample_date`,
      );
    const updatedSamples = fresh
      ? { rows: [{ n: 0 }] }
      : await tx.query<{ n: number }>(
          `WITH upd AS (
             UPDATE sample p SET
               history = p.history || jsonb_build_array(jsonb_build_object(
                 'flowM3PerDay', p.flow_m3_per_day, 'populationServed', p.population_served, 'importBatchId', p.import_batch_id)),
               flow_m3_per_day = COALESCE(x.flow, p.flow_m3_per_day),
               population_served = COALESCE(x.pop, p.population_served),
               import_batch_id = $1
             FROM ${ss} x
             WHERE p.id = x.actual_id AND x.actual_id <> x.candidate_id
               AND ((x.flow IS NOT NULL AND x.flow IS DISTINCT FROM p.flow_m3_per_day)
                 OR (x.pop IS NOT NULL AND x.pop IS DISTINCT FROM p.population_served))
             RETURNING 1)
           SELECT count(*)::int AS n FROM upd`,
          [batchId],
        );

    // classification against the current measurement of each natural key — only needed when some sample existed
    let unchanged = 0;
    let revised = 0;
    if (!fresh) {
      await tx.exec(`
        CREATE UNLOGGED TABLE ${ct} AS
        SELECT s.seq, m.id AS old_id, m.revision AS old_revision,
               (m.value_canonical IS NOT DISTINCT FROM s.value_canonical AND m.detection = s.detection
                AND m.lod_ng_per_l IS NOT DISTINCT FROM s.lod AND m.loq_ng_per_l IS NOT DISTINCT FROM s.loq) AS same
          FROM ${st} s
          JOIN ${ss} x ON x.idx = s.sample_idx
          JOIN measurement m ON m.site_id = x.site_id AND m.analyte_code = s.analyte
           AND m.sample_date = x.sample_date AND m.quantity = s.quantity AND m.superseded_by IS NULL;`);
      const cls = await tx.query<{ unchanged: number; revised: number }>(
        `SELECT count(*) FILTER (WHERE same)::int AS unchanged, count(*) FILTER (WHERE NOT same)::int AS revised FROM ${ct}`,
      );
      unchanged = cls.rows[0]?.unchanged ?? 0;
      revised = cls.rows[0]?.revised ?? 0;
    }
    const inserted = this.staged - unchanged - revised;
    if (revised > 0) {
      await tx.query(this.ids(`UPDATE measurement m SET superseded_by = ${idSql("c.seq")} FROM ${ct} c WHERE NOT c.same AND m.id = c.old_id`));
    }
    if (inserted + revised > 0) {
      await tx.query(
        this.ids(`INSERT INTO measurement (id, sample_id, site_id, sample_date, analyte_code, quantity, value_reported, unit_reported,
                                  value_canonical, detection, lod_ng_per_l, loq_ng_per_l, revision, superseded_by, import_batch_id, recorded_at)
         SELECT ${idSql("s.seq")}, x.actual_id, x.site_id, x.sample_date, s.analyte, s.quantity, s.value_reported, s.unit_reported,
                s.value_canonical, s.detection, s.lod, s.loq, ${fresh ? "1" : "COALESCE(c.old_revision, 0) + 1"}, NULL, $1, $2
           FROM ${st} s
           JOIN ${ss} x ON x.idx = s.sample_idx
           ${fresh ? "" : `LEFT JOIN ${ct} c ON c.seq = s.seq WHERE c.seq IS NULL OR NOT c.same`}`),
        [batchId, now],
      );
    }
    await tx.exec(`DROP TABLE ${st}; DROP TABLE ${ss};${fresh ? "" : ` DROP TABLE ${ct};`}`);
    const changed = inserted + revised + (updatedSamples.rows[0]?.n ?? 0) > 0;
    return {
      samples: samplesInserted,
      samplesUpdated: updatedSamples.rows[0]?.n ?? 0,
      measurements: { inserted, unchanged, revised },
      errors: [],
      touchedKeys: changed
        ? [...this.keys].map((k) => {
            const [siteId, analyte, year] = k.split("|") as [string, string, string];
            return { siteId, analyte, year: Number(year) };
          })
        : [],
      stagedRows: this.staged,
    };
  }
}
