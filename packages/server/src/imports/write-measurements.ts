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
  { name: "new_id", type: "uuid" },
  { name: "row_no", type: "int4" },
  { name: "site_id", type: "uuid" },
  { name: "sample_date", type: "date" },
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
  { name: "candidate_id", type: "uuid" },
  { name: "site_id", type: "uuid" },
  { name: "sample_date", type: "date" },
  { name: "date_precision", type: "text" },
  { name: "flow", type: "float8" },
  { name: "pop", type: "float8" },
];

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

  constructor(
    private readonly tx: SqlClient,
    private readonly options: MeasurementWriterOptions,
  ) {}

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
      CREATE TEMP TABLE tw_stage (
        new_id uuid, row_no int, site_id uuid, sample_date date, analyte text, quantity text,
        value_reported text, unit_reported text, value_canonical float8, detection text, lod float8, loq float8
      ) ON COMMIT DROP;
      CREATE TEMP TABLE tw_stage_sample (
        candidate_id uuid, site_id uuid, sample_date date, date_precision text, flow float8, pop float8
      ) ON COMMIT DROP;`);
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
        s = { candidateId: uuidv7(), siteId, date: m.sampleDate, precision: m.datePrecision, flow: m.flowM3PerDay, pop: m.populationServed, row: m.row };
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
        uuidv7(),
        m.row,
        siteId,
        m.sampleDate,
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
    await this.tx.bulkInsert("tw_stage", STAGE_COLUMNS, this.buffer);
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

    // duplicates of the natural key inside the file
    const dups = await tx.query<{ rows: number[]; analyte: string; quantity: string; sample_date: string }>(
      `SELECT array_agg(row_no ORDER BY row_no) AS rows, analyte, quantity, sample_date
         FROM tw_stage GROUP BY site_id, sample_date, analyte, quantity HAVING count(*) > 1
         ORDER BY min(row_no) LIMIT ${MAX_LISTED_ERRORS}`,
    );
    for (const d of dups.rows) {
      for (const r of d.rows.slice(1))
        this.error({ file, row: r, column: "analyte", value: d.analyte, message: `duplicate ${d.quantity} value for the same site, date (${d.sample_date}) and analyte as row ${d.rows[0]}` });
    }
    if (this.errorCount > 0) return empty(this.finalErrors());

    // samples
    await tx.bulkInsert(
      "tw_stage_sample",
      SAMPLE_COLUMNS,
      [...this.samples.values()].map((s) => [s.candidateId, s.siteId, s.date, s.precision, s.flow, s.pop]),
    );
    const insertedSamples = await tx.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO sample (id, site_id, sample_date, date_precision, mode, flow_m3_per_day, population_served, import_batch_id)
         SELECT candidate_id, site_id, sample_date, date_precision, 'composite_24h', flow, pop, $1 FROM tw_stage_sample
         ON CONFLICT (site_id, sample_date) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [batchId],
    );
    const updatedSamples = await tx.query<{ n: number }>(
      `WITH upd AS (
         UPDATE sample p SET
           history = p.history || jsonb_build_array(jsonb_build_object(
             'flowM3PerDay', p.flow_m3_per_day, 'populationServed', p.population_served, 'importBatchId', p.import_batch_id)),
           flow_m3_per_day = COALESCE(x.flow, p.flow_m3_per_day),
           population_served = COALESCE(x.pop, p.population_served),
           import_batch_id = $1
         FROM tw_stage_sample x
         WHERE p.site_id = x.site_id AND p.sample_date = x.sample_date AND p.id <> x.candidate_id
           AND ((x.flow IS NOT NULL AND x.flow IS DISTINCT FROM p.flow_m3_per_day)
             OR (x.pop IS NOT NULL AND x.pop IS DISTINCT FROM p.population_served))
         RETURNING 1)
       SELECT count(*)::int AS n FROM upd`,
      [batchId],
    );

    // classification against the current measurement of each natural key (only rows that have one)
    await tx.exec(`
      CREATE TEMP TABLE tw_class ON COMMIT DROP AS
      SELECT s.new_id, m.id AS old_id, m.revision AS old_revision,
             (m.value_canonical IS NOT DISTINCT FROM s.value_canonical AND m.detection = s.detection
              AND m.lod_ng_per_l IS NOT DISTINCT FROM s.lod AND m.loq_ng_per_l IS NOT DISTINCT FROM s.loq) AS same
        FROM tw_stage s
        JOIN measurement m ON m.site_id = s.site_id AND m.analyte_code = s.analyte
         AND m.sample_date = s.sample_date AND m.quantity = s.quantity AND m.superseded_by IS NULL;`);
    const cls = await tx.query<{ unchanged: number; revised: number }>(
      "SELECT count(*) FILTER (WHERE same)::int AS unchanged, count(*) FILTER (WHERE NOT same)::int AS revised FROM tw_class",
    );
    const unchanged = cls.rows[0]?.unchanged ?? 0;
    const revised = cls.rows[0]?.revised ?? 0;
    const inserted = this.staged - unchanged - revised;
    if (revised > 0) {
      await tx.query(
        "UPDATE measurement m SET superseded_by = c.new_id FROM tw_class c WHERE NOT c.same AND m.id = c.old_id",
      );
    }
    if (inserted + revised > 0) {
      await tx.query(
        `INSERT INTO measurement (id, sample_id, site_id, sample_date, analyte_code, quantity, value_reported, unit_reported,
                                  value_canonical, detection, lod_ng_per_l, loq_ng_per_l, revision, superseded_by, import_batch_id, recorded_at)
         SELECT s.new_id, p.id, s.site_id, s.sample_date, s.analyte, s.quantity, s.value_reported, s.unit_reported,
                s.value_canonical, s.detection, s.lod, s.loq, COALESCE(c.old_revision, 0) + 1, NULL, $1, $2
           FROM tw_stage s
           JOIN sample p ON p.site_id = s.site_id AND p.sample_date = s.sample_date
           LEFT JOIN tw_class c ON c.new_id = s.new_id
          WHERE c.new_id IS NULL OR NOT c.same`,
        [batchId, now],
      );
    }
    const changed = inserted + revised + (updatedSamples.rows[0]?.n ?? 0) > 0;
    return {
      samples: insertedSamples.rows[0]?.n ?? 0,
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
