import { z } from "zod";
import { AnalyteCode, CensoringPolicy, IsoDate } from "./common.js";
import { ImportFormat } from "./imports.js";

/**
 * Query-string and path-parameter schemas of the REST API (`/api/v1`). The server validates requests with them
 * (400 problem+json `validation` on failure); the web client uses them to build typed requests.
 * Values arrive as strings, hence `z.coerce` for numbers and `z.stringbool()` for booleans ("true"/"false").
 */

/** Page size of cursor-paginated lists: default 100, at most 1000. */
export const Limit = z.coerce.number().int().min(1).max(1000).default(100);
/** Opaque cursor returned as `nextCursor` by the previous page (base64url). */
export const Cursor = z
  .string()
  .min(1)
  .max(2000)
  .regex(/^[A-Za-z0-9_-]+$/, "expected a base64url cursor");
/** `?format=csv` exports the whole filtered list as CSV (UTF-8 with BOM); default JSON. */
export const ExportFormat = z.enum(["json", "csv"]).default("json");
/** A 4-digit calendar year. */
export const Year = z.coerce.number().int().min(1900).max(2200);
/** A "true"/"false" query flag. */
export const QueryFlag = z.stringbool();

export const PageQuery = z.object({ cursor: Cursor.optional(), limit: Limit, format: ExportFormat });

export const SitesQuery = PageQuery.extend({ source: z.string().min(1).optional() });
export const SamplesQuery = PageQuery.extend({
  site: z.string().min(1).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const MeasurementsQuery = PageQuery.extend({
  site: z.string().min(1).optional(),
  analyte: AnalyteCode.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  includeSuperseded: QueryFlag.optional(),
});
export const ImportsQuery = PageQuery;
export const SourceQuery = z.object({ source: z.string().min(1).optional() });
export const ListFormatQuery = z.object({ format: ExportFormat });
export const OverviewQuery = SourceQuery.extend({ format: ExportFormat });

export const LoadsQuery = z.object({
  site: z.string().min(1),
  analyte: AnalyteCode,
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  censoringPolicy: CensoringPolicy.optional(),
  format: ExportFormat,
});
export const WeeklyQuery = z.object({
  site: z.string().min(1),
  analyte: AnalyteCode,
  year: Year,
  format: ExportFormat,
});
export const TrendQuery = z.object({
  analyte: AnalyteCode,
  panel: z.enum(["constant", "all"]).default("constant"),
  fromYear: Year.optional(),
  toYear: Year.optional(),
  source: z.string().min(1).optional(),
  format: ExportFormat,
});
export const ChangesQuery = z.object({
  analyte: AnalyteCode,
  year: Year,
  source: z.string().min(1).optional(),
  format: ExportFormat,
});
/** `POST /imports?format=&dryRun=` (multipart field `file`). */
export const ImportUploadQuery = z.object({
  format: ImportFormat.default("auto"),
  dryRun: QueryFlag.default(false),
});

export const SiteCodeParams = z.object({ code: z.string().min(1).max(100) });
export const MeasurementIdParams = z.object({ id: z.string().min(1).max(100) });
/** Bundled boundary maps: `changzhi` (长治市 140400) or `shanxi` (山西省 140000). */
export const GeoName = z.enum(["changzhi", "shanxi"]);
export const GeoParams = z.object({ name: GeoName });
