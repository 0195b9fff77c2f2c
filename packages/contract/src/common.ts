import { z } from "zod";

/** Lowercase English residue code, e.g. `methamphetamine`, `benzoylecgonine`, `thc-cooh` (see core `ANALYTES`). */
export const AnalyteCode = z.string().regex(/^[a-z0-9-]+$/);

/** A local calendar date `YYYY-MM-DD` (the sample's collection day in the site's time zone). */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Detection condition of a measurement (WQX-style ResultDetectionCondition). */
export const Detection = z.enum(["detected", "below_lod", "below_loq", "not_analysed"]);
export type Detection = z.infer<typeof Detection>;

/** Censored-value substitution policy applied only when computing; outputs flag substituted values. */
export const CensoringPolicy = z.enum(["zero", "lod_half", "loq_half", "loq"]);
export type CensoringPolicy = z.infer<typeof CensoringPolicy>;

/** Site kinds (DESIGN.md §5). */
export const SiteKind = z.enum(["wwtp_influent", "pumping_station", "manhole", "venue_outfall"]);
export type SiteKind = z.infer<typeof SiteKind>;

/** Year-on-year class with the EUDA ±10 % stable band. */
export const ChangeClass = z.enum(["increase", "decrease", "stable", "no-previous-data"]);
export type ChangeClass = z.infer<typeof ChangeClass>;

/** Cursor-paginated list envelope used by every list endpoint (`?cursor=&limit=`; `?format=csv` exports). */
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** RFC 9457 problem details; `code` is stable and machine-readable. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  errors: z.array(z.unknown()).optional(),
});
export type Problem = z.infer<typeof Problem>;
