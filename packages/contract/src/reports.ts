/**
 * The drug-situation assessment report (毒情形势评估报告, issue #5): request shapes, the deterministic document
 * model (sections of blocks, rendered to .docx and PDF by the server), the stored record and its history.
 * Used by `/api/v1/reports*`, `tracewater report --json` and the web UI.
 */
import { z } from "zod";

/** Report period: annual `2024`, quarterly `2024Q1`…`2024Q4`, monthly `2024-01`…`2024-12`. */
export const ReportPeriod = z
  .string()
  .regex(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$/, "a period: 2024 (year), 2024Q1 (quarter) or 2024-03 (month)");
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/**
 * Who the report is for. `person-access`: readers allowed person-level data (no suppression); `internal`: readers
 * without person access, counts 1–4 suppressed (k = 5); `public`: published, k = 10 (docs/domain.md SEC-12).
 */
export const ReportAudience = z.enum(["person-access", "internal", "public"]);
export type ReportAudience = z.infer<typeof ReportAudience>;

export const ReportFormat = z.enum(["docx", "pdf"]);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const ReportStatus = z.enum(["draft", "reviewed", "issued"]);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** A chart of the report, rendered server-side to PNG (ECharts SSR → SVG → resvg). */
export const ReportChart = z.object({
  kind: z.enum(["bar", "line", "map"]),
  title: z.string(),
  /** unit of the values, shown on the axis */
  unit: z.string(),
  /** x categories (bar/line) or region names (map) */
  categories: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })),
  /** map charts: the bundled boundary file name (`data/geo/<name>.geojson`) */
  geo: z.string().optional(),
});
export type ReportChart = z.infer<typeof ReportChart>;

export const ReportBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("paragraph"), text: z.string() }),
  z.object({ type: z.literal("heading"), text: z.string() }),
  z.object({
    type: z.literal("table"),
    caption: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    note: z.string().optional(),
  }),
  z.object({ type: z.literal("chart"), caption: z.string(), chart: ReportChart }),
  /** a remark in smaller type: method, data source, suppression or a missing data source */
  z.object({ type: z.literal("note"), text: z.string() }),
]);
export type ReportBlock = z.infer<typeof ReportBlock>;

export const ReportSectionId = z.enum([
  "summary",
  "wastewater",
  "hair",
  "users",
  "cases",
  "comparison",
  "warnings",
  "analyst",
]);
export type ReportSectionId = z.infer<typeof ReportSectionId>;

export const ReportSection = z.object({
  id: ReportSectionId,
  title: z.string(),
  /**
   * `available`: numbers shown; `no-data`: the source has no values for the scope and period (the section says so);
   * `missing`: the section's source does not apply to the scope (EUDA scopes: wastewater only) — never numbers
   */
  dataSource: z.enum(["available", "no-data", "missing"]),
  blocks: z.array(ReportBlock),
});
export type ReportSection = z.infer<typeof ReportSection>;

/** The document model: a pure function of the data snapshot, the template version and the analyst's text. */
export const ReportDocument = z.object({
  templateVersion: z.string(),
  title: z.string(),
  subtitle: z.string(),
  jurisdiction: z.object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["jurisdiction", "euda-site", "euda-country"]),
  }),
  period: z.object({
    code: ReportPeriod,
    kind: z.enum(["year", "quarter", "month"]),
    label: z.string(),
    from: z.string(),
    to: z.string(),
  }),
  audience: ReportAudience,
  /** last sample date used (≤ period end); the document's only date — never the clock */
  dataAsOf: z.string().nullable(),
  parameterSetVersion: z.string(),
  sections: z.array(ReportSection),
});
export type ReportDocument = z.infer<typeof ReportDocument>;

export const GenerateReportRequest = z.object({
  jurisdiction: z.string().min(1).max(32),
  period: ReportPeriod,
  audience: ReportAudience.default("internal"),
  /** the analyst's section (plain text, paragraphs separated by blank lines) */
  analystText: z.string().max(20_000).default(""),
});
export type GenerateReportRequest = z.infer<typeof GenerateReportRequest>;

export const UpdateReportRequest = z.object({ analystText: z.string().max(20_000) });
export const ReportTransitionRequest = z.object({ note: z.string().max(2000).optional() });

export const ReportEvent = z.object({
  action: z.enum(["generated", "edited", "reviewed", "issued", "regenerated"]),
  fromStatus: ReportStatus.nullable(),
  toStatus: ReportStatus,
  actor: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});
export type ReportEvent = z.infer<typeof ReportEvent>;

/** A stored report (without its document). */
export const ReportSummary = z.object({
  id: z.string(),
  jurisdiction: z.string(),
  jurisdictionName: z.string(),
  period: ReportPeriod,
  audience: ReportAudience,
  status: ReportStatus,
  title: z.string(),
  /** SHA-256 (hex) of the canonical JSON of the data snapshot */
  snapshotSha256: z.string(),
  /** versions of the parameter sets and the template used */
  parameterVersions: z.record(z.string(), z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  issuedAt: z.string().nullable(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportDetail = ReportSummary.extend({
  analystText: z.string(),
  document: ReportDocument,
  history: z.array(ReportEvent),
});
export type ReportDetail = z.infer<typeof ReportDetail>;

export const ReportListQuery = z.object({
  jurisdiction: z.string().optional(),
  period: ReportPeriod.optional(),
  status: ReportStatus.optional(),
});
export const ReportListResponse = z.object({ items: z.array(ReportSummary) });

/** `tracewater report --json` */
export const ReportCliResult = z.object({
  jurisdiction: z.string(),
  period: ReportPeriod,
  format: ReportFormat,
  out: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  snapshotSha256: z.string(),
  sections: z.array(
    z.object({ id: ReportSectionId, title: z.string(), dataSource: z.enum(["available", "no-data", "missing"]) }),
  ),
  summary: z.array(z.string()),
});
export type ReportCliResult = z.infer<typeof ReportCliResult>;
