import { z } from "zod";

export const ImportFormat = z.enum(["auto", "euda", "lab-long", "lab-wide", "odm", "sites"]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/**
 * Data-source label of the sites a file defines (`tracewater import --source`, form field `source` of
 * `POST /api/v1/imports`): lowercase letters, digits and `-`, e.g. `changzhi-demo`, `lab-2025`.
 */
export const DataSourceLabel = z
  .string()
  .regex(/^[a-z0-9-]+$/, "a lowercase label of letters, digits and '-', such as changzhi-demo");
export type DataSourceLabel = z.infer<typeof DataSourceLabel>;

/** One validation error: where it is and what was expected. `row` is the 1-based line/row in the file (header = 1). */
export const ImportError = z.object({
  file: z.string(),
  sheet: z.string().nullable().optional(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  /** English text (authoritative for the CLI and API; unchanged by the codes below) */
  message: z.string(),
  /**
   * Machine-readable kind of the problem, a stable kebab-case string such as `unknown-site` or `duplicate-row`
   * (the list: `IMPORT_ERROR_PARAMS` in import-error-codes.ts). Absent on reports stored before codes existed; a
   * client that does not know a code shows `message`.
   */
  code: z.string().optional(),
  /** The values `message` interpolates, by name (e.g. `{ row: 7 }` for `duplicate-row`); see `IMPORT_ERROR_PARAMS`. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
});
export type ImportError = z.infer<typeof ImportError>;

/** `tracewater import --json` and `POST /api/v1/imports` — the validation/import report. */
export const ImportReport = z.object({
  batchId: z.string().nullable(),
  file: z.string(),
  sha256: z.string(),
  format: ImportFormat.exclude(["auto"]),
  encoding: z.string(),
  dryRun: z.boolean(),
  status: z.enum(["imported", "unchanged", "rejected", "validated"]),
  rows: z.number().int(),
  sites: z.number().int(),
  samples: z.number().int(),
  measurements: z.object({
    inserted: z.number().int(),
    unchanged: z.number().int(),
    revised: z.number().int(),
  }),
  errors: z.array(ImportError),
  /**
   * Plausibility warnings (same shape as errors; the rows ARE imported): e.g. a concentration above the limit for
   * raw wastewater after unit conversion, which usually means a wrong unit (`imports/plausibility.ts`).
   */
  warnings: z.array(ImportError),
});
export type ImportReport = z.infer<typeof ImportReport>;
