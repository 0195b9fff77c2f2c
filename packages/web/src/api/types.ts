/**
 * Response shapes used by the web UI. Everything that the contract package defines is re-exported from
 * `@tracewater/contract` (types only: no zod code is bundled into the UI).
 */
import type { LoadsResponse as LoadsResponseSchema, Source } from "@tracewater/contract";

export type {
  Analyte,
  ChangeClass,
  ChangesResponse,
  ImportBatch,
  ImportError,
  ImportFormat,
  ImportReport,
  Me,
  OverviewResponse,
  Site,
  SiteSeriesResponse,
  TrendResponse,
  WeeklyResponse,
} from "@tracewater/contract";

/** Cursor page envelope of every list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /sources` item: a data source; `simulated` sources are demo data (shown as 模拟数据). */
export type DataSource = Source;

/** `GET /loads` — the contract exports only the schema, so the type is derived from it. */
export type LoadsResponse = ReturnType<(typeof LoadsResponseSchema)["parse"]>;
export type LoadRow = LoadsResponse["rows"][number];
