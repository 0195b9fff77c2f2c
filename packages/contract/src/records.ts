import { z } from "zod";
import { IsoDate } from "./common.js";
import { ImportError, ImportFormat } from "./imports.js";

/**
 * Response records of the REST API not covered by monitoring.ts/imports.ts (added for `/api/v1`):
 * samples, import batches, data sources, health and the bundled GeoJSON maps.
 */

/** One composite sample (a site's collection day, local calendar date). */
export const Sample = z.object({
  id: z.string(),
  site: z.string(),
  sampleDate: IsoDate,
  /** `day`, or `nominal-week` for EUDA weeks where only the weekday is known */
  datePrecision: z.string(),
  mode: z.string(),
  flowM3PerDay: z.number().nullable(),
  populationServed: z.number().nullable(),
  importBatchId: z.string(),
});
export type Sample = z.infer<typeof Sample>;

/** One import of a file, as listed by `GET /api/v1/imports`. */
export const ImportBatch = z.object({
  id: z.string(),
  file: z.string(),
  sha256: z.string(),
  format: ImportFormat.exclude(["auto"]).or(z.string()),
  encoding: z.string(),
  status: z.enum(["imported", "unchanged", "rejected", "validated"]),
  dryRun: z.boolean(),
  rows: z.number().int(),
  sites: z.number().int(),
  samples: z.number().int(),
  measurements: z.object({ inserted: z.number().int(), unchanged: z.number().int(), revised: z.number().int() }),
  errors: z.array(ImportError),
  actor: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportBatch = z.infer<typeof ImportBatch>;

/** A data source (`euda-2025`, `lab`, …); `simulated` marks demonstration data that is not real. */
export const Source = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  simulated: z.boolean(),
  sites: z.number().int(),
});
export type Source = z.infer<typeof Source>;

/** `GET /api/v1/health` (no auth). */
export const Health = z.object({ status: z.literal("ok"), version: z.string() });

/** A GeoJSON FeatureCollection (RFC 7946) as bundled in data/geo. */
export const GeoFeatureCollection = z.looseObject({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.looseObject({
      type: z.literal("Feature"),
      properties: z.record(z.string(), z.unknown()).nullable(),
      geometry: z.looseObject({ type: z.string() }).nullable(),
    }),
  ),
});
