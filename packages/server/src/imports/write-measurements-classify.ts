/**
 * The slow path of the measurement writer (`write-measurements.ts`) for chunks whose natural keys may already
 * have a current measurement, and the end-of-import sample updates.
 *
 * Classification: the chunk is staged (UNLOGGED working table, dropped by the caller in the same transaction),
 * joined once with the current measurements (site × date × analyte × quantity, `superseded_by IS NULL`):
 * same canonical value, detection, LOD and LOQ → `unchanged` (nothing written); different → `revised` (the old row
 * is kept and gets `superseded_by` = the new row's id; the new row has revision old+1); no match → `inserted`.
 */
import type { BulkColumn, SqlClient } from "../storage/open-database.js";
import type { IdSequence } from "./ids.js";
import type { ParsedMeasurement } from "./parse/types.js";
import { SampleState, type SampleRegistry } from "./sample-registry.js";

/** Columns of `measurement` written by an import (revision and superseded_by have defaults 1 and NULL). */
export const MEASUREMENT_COLUMNS = [
  "id",
  "sample_id",
  "site_id",
  "sample_date",
  "analyte_code",
  "quantity",
  "value_reported",
  "unit_reported",
  "value_canonical",
  "detection",
  "lod_ng_per_l",
  "loq_ng_per_l",
  "import_batch_id",
  "recorded_at",
] as const;

const STAGE_COLUMNS: BulkColumn[] = [
  { name: "seq", type: "int4" },
  { name: "sample_id", type: "uuid" },
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

export interface ClassifyInput {
  /** name of the working table (created here when missing; the caller drops it) */
  table: string;
  rows: readonly ParsedMeasurement[];
  rowSample: readonly number[];
  /** sequence number of the chunk's first row (ids: `ids.id(seq)`) */
  firstSeq: number;
  samples: SampleRegistry;
  ids: IdSequence;
  batchId: string;
  now: Date;
}

/** Stages one chunk and writes it against the current measurements. Returns the counts of the chunk. */
export async function classifyChunk(tx: SqlClient, input: ClassifyInput): Promise<{ inserted: number; unchanged: number; revised: number }> {
  const { table: st, rows, rowSample, firstSeq, samples: reg, ids, batchId, now } = input;
  const ct = `${st}_class`;
  await tx.exec(`
    CREATE UNLOGGED TABLE IF NOT EXISTS ${st} (
      seq int, sample_id uuid, site_id uuid, sample_date date, analyte text, quantity text,
      value_reported text, unit_reported text, value_canonical float8, detection text, lod float8, loq float8);
    TRUNCATE ${st};`);
  await tx.bulkInsert(
    st,
    STAGE_COLUMNS,
    rows.map((m, i) => {
      const s = rowSample[i] as number;
      return [firstSeq + i, reg.idOf(s), reg.siteIds[reg.site[s] as number], m.sampleDate, m.analyte, m.quantity, m.valueReported, m.unitReported, m.valueCanonical, m.detection, m.lodNgPerL, m.loqNgPerL];
    }),
  );
  // a chunk is small (≤ CHUNK_ROWS) and the table may be huge: one unique-index lookup per staged row. Without this
  // the planner, with no statistics for the fresh working table, may hash-join against a scan of all measurements
  // per chunk (1M-row re-import: 440 s).
  await tx.exec("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;");
  await tx.exec(`
    CREATE UNLOGGED TABLE ${ct} AS
    SELECT s.seq, m.id AS old_id, m.revision AS old_revision,
           (m.value_canonical IS NOT DISTINCT FROM s.value_canonical AND m.detection = s.detection
            AND m.lod_ng_per_l IS NOT DISTINCT FROM s.lod AND m.loq_ng_per_l IS NOT DISTINCT FROM s.loq) AS same
      FROM ${st} s
      JOIN measurement m ON m.site_id = s.site_id AND m.analyte_code = s.analyte
       AND m.sample_date = s.sample_date AND m.quantity = s.quantity AND m.superseded_by IS NULL;`);
  const cls = await tx.query<{ unchanged: number; revised: number }>(
    `SELECT count(*) FILTER (WHERE same)::int AS unchanged, count(*) FILTER (WHERE NOT same)::int AS revised FROM ${ct}`,
  );
  const unchanged = cls.rows[0]?.unchanged ?? 0;
  const revised = cls.rows[0]?.revised ?? 0;
  const inserted = rows.length - unchanged - revised;
  if (revised > 0) {
    await tx.query(`UPDATE measurement m SET superseded_by = ${ids.sql("c.seq")} FROM ${ct} c WHERE NOT c.same AND m.id = c.old_id`);
  }
  if (inserted + revised > 0) {
    await tx.query(
      `INSERT INTO measurement (${MEASUREMENT_COLUMNS.join(", ")}, revision)
       SELECT ${ids.sql("s.seq")}, s.sample_id, s.site_id, s.sample_date, s.analyte, s.quantity, s.value_reported, s.unit_reported,
              s.value_canonical, s.detection, s.lod, s.loq, $1, $2, COALESCE(c.old_revision, 0) + 1
         FROM ${st} s LEFT JOIN ${ct} c ON c.seq = s.seq
        WHERE c.seq IS NULL OR NOT c.same`,
      [batchId, now],
    );
  }
  await tx.exec(`DROP TABLE ${ct}; SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = on;`);
  return { inserted, unchanged, revised };
}

/**
 * End of import: writes the final flow/population of samples inserted earlier in the import whose values were
 * completed by later rows, and replaces changed flow/population of samples that existed before the import (the
 * old values are appended to `sample.history`). Returns the number of existing samples changed.
 */
export async function updateSamples(tx: SqlClient, reg: SampleRegistry, batchId: string): Promise<number> {
  const dirty: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < reg.size; i++) {
    if (reg.state[i] === SampleState.Inserted && reg.dirty[i] === 1) dirty.push(i);
    else if (reg.state[i] === SampleState.Existing) existing.push(i);
  }
  if (dirty.length > 0) {
    await tx.query(
      `UPDATE sample p SET flow_m3_per_day = k.flow, population_served = k.pop
         FROM unnest($1::uuid[], $2::float8[], $3::float8[]) k(id, flow, pop) WHERE p.id = k.id`,
      [dirty.map((i) => reg.idOf(i)), dirty.map((i) => reg.flowOf(i)), dirty.map((i) => reg.popOf(i))],
    );
  }
  if (existing.length === 0) return 0;
  const res = await tx.query<{ n: number }>(
    `WITH upd AS (
       UPDATE sample p SET
         history = p.history || jsonb_build_array(jsonb_build_object(
           'flowM3PerDay', p.flow_m3_per_day, 'populationServed', p.population_served, 'importBatchId', p.import_batch_id)),
         flow_m3_per_day = COALESCE(x.flow, p.flow_m3_per_day),
         population_served = COALESCE(x.pop, p.population_served),
         import_batch_id = $4
       FROM unnest($1::uuid[], $2::float8[], $3::float8[]) x(id, flow, pop)
       WHERE p.id = x.id
         AND ((x.flow IS NOT NULL AND x.flow IS DISTINCT FROM p.flow_m3_per_day)
           OR (x.pop IS NOT NULL AND x.pop IS DISTINCT FROM p.population_served))
       RETURNING 1)
     SELECT count(*)::int AS n FROM upd`,
    [existing.map((i) => reg.idOf(i)), existing.map((i) => reg.flowOf(i)), existing.map((i) => reg.popOf(i)), batchId],
  );
  return res.rows[0]?.n ?? 0;
}
