/** Samples and measurements: keyset-paginated lists and the revision history of a measurement. */
import type { Measurement } from "@tracewater/contract";
import type { Sample } from "@tracewater/contract";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { clampLimit, decodeCursor, encodeCursor } from "../pagination.js";
import { type SiteScope, siteInScopeSql, siteScopeParam } from "./sites.js";

interface SampleRow {
  id: string;
  code: string;
  sample_date: string;
  date_precision: string;
  mode: string;
  flow_m3_per_day: number | null;
  population_served: number | null;
  import_batch_id: string;
}

/** Samples ordered by date then id; filters: site code, date range (inclusive). */
export async function listSamples(
  ctx: AppContext,
  options: { site?: string; from?: string; to?: string; cursor?: string; limit?: number; scope?: SiteScope } = {},
): Promise<{ items: Sample[]; nextCursor: string | null }> {
  const limit = clampLimit(options.limit);
  const after = decodeCursor(options.cursor, 2);
  const res = await ctx.database.raw.query<SampleRow>(
    `SELECT p.id, s.code, p.sample_date, p.date_precision, p.mode, p.flow_m3_per_day, p.population_served, p.import_batch_id
       FROM sample p JOIN site s ON s.id = p.site_id
      WHERE ($1::text IS NULL OR s.code = $1) AND ($2::date IS NULL OR p.sample_date >= $2) AND ($3::date IS NULL OR p.sample_date <= $3)
        AND ($4::date IS NULL OR (p.sample_date, p.id) > ($4::date, $5::uuid)) AND ${siteInScopeSql("s", 7)}
      ORDER BY p.sample_date, p.id LIMIT $6`,
    [options.site ?? null, options.from ?? null, options.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1, siteScopeParam(options.scope)],
  );
  const rows = res.rows.slice(0, limit);
  const last = rows.at(-1);
  return {
    items: rows.map((r) => ({
      id: r.id,
      site: r.code,
      sampleDate: r.sample_date,
      datePrecision: r.date_precision,
      mode: r.mode,
      flowM3PerDay: r.flow_m3_per_day,
      populationServed: r.population_served,
      importBatchId: r.import_batch_id,
    })),
    nextCursor: res.rows.length > limit && last ? encodeCursor([last.sample_date, last.id]) : null,
  };
}

interface MeasurementRow {
  id: string;
  code: string;
  sample_date: string;
  analyte_code: string;
  quantity: "concentration" | "pnl";
  value_reported: string | null;
  unit_reported: string | null;
  value_canonical: number | null;
  detection: Measurement["detection"];
  lod_ng_per_l: number | null;
  loq_ng_per_l: number | null;
  revision: number;
  superseded_by: string | null;
  import_batch_id: string;
  recorded_at: Date;
}

const MEASUREMENT_SELECT = `SELECT m.id, s.code, m.sample_date, m.analyte_code, m.quantity, m.value_reported, m.unit_reported,
  m.value_canonical, m.detection, m.lod_ng_per_l, m.loq_ng_per_l, m.revision, m.superseded_by, m.import_batch_id, m.recorded_at
  FROM measurement m JOIN site s ON s.id = m.site_id`;

function toMeasurement(r: MeasurementRow): Measurement {
  return {
    id: r.id,
    site: r.code,
    sampleDate: r.sample_date,
    analyte: r.analyte_code,
    quantity: r.quantity,
    valueReported: r.value_reported,
    unitReported: r.unit_reported,
    valueCanonical: r.value_canonical,
    detection: r.detection,
    lodNgPerL: r.lod_ng_per_l,
    loqNgPerL: r.loq_ng_per_l,
    revision: r.revision,
    superseded: r.superseded_by !== null,
    importBatchId: r.import_batch_id,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

/** Measurements ordered by date then id (current ones only unless `includeSuperseded`). */
export async function listMeasurements(
  ctx: AppContext,
  options: {
    site?: string;
    analyte?: string;
    from?: string;
    to?: string;
    includeSuperseded?: boolean;
    cursor?: string;
    limit?: number;
    scope?: SiteScope;
  } = {},
): Promise<{ items: Measurement[]; nextCursor: string | null }> {
  const limit = clampLimit(options.limit);
  const after = decodeCursor(options.cursor, 2);
  const res = await ctx.database.raw.query<MeasurementRow>(
    `${MEASUREMENT_SELECT}
      WHERE ($1::text IS NULL OR s.code = $1) AND ($2::text IS NULL OR m.analyte_code = $2)
        AND ($3::date IS NULL OR m.sample_date >= $3) AND ($4::date IS NULL OR m.sample_date <= $4)
        AND ($5::bool OR m.superseded_by IS NULL)
        AND ($6::date IS NULL OR (m.sample_date, m.id) > ($6::date, $7::uuid)) AND ${siteInScopeSql("s", 9)}
      ORDER BY m.sample_date, m.id LIMIT $8`,
    [
      options.site ?? null,
      options.analyte ?? null,
      options.from ?? null,
      options.to ?? null,
      options.includeSuperseded ?? false,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit + 1,
      siteScopeParam(options.scope),
    ],
  );
  const rows = res.rows.slice(0, limit);
  const last = rows.at(-1);
  return {
    items: rows.map(toMeasurement),
    nextCursor: res.rows.length > limit && last ? encodeCursor([last.sample_date, last.id]) : null,
  };
}

/** Every revision of the natural key (site × date × analyte × quantity) of measurement `id`, newest first. @throws NotFoundError */
export async function measurementRevisions(ctx: AppContext, id: string): Promise<Measurement[]> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError(`unknown measurement: ${id}`, "measurement");
  const res = await ctx.database.raw.query<MeasurementRow>(
    `${MEASUREMENT_SELECT}
       JOIN measurement x ON x.id = $1 AND x.site_id = m.site_id AND x.sample_date = m.sample_date
        AND x.analyte_code = m.analyte_code AND x.quantity = m.quantity
      ORDER BY m.revision DESC`,
    [id],
  );
  if (res.rows.length === 0) throw new NotFoundError(`unknown measurement: ${id}`, "measurement");
  return res.rows.map(toMeasurement);
}
