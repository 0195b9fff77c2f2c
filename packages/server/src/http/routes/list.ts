/**
 * Shared list handling of the routes: JSON page, or (`?format=csv`) the whole filtered list streamed as CSV
 * by walking the service's pages (`walkPages`) from the given cursor.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { csvResponse, csvStreamResponse, schemaColumns } from "../csv-export.js";
import type { AppEnv } from "../env.js";
import { type PageFetcher, walkPages } from "../pagination.js";

/** Streams every page of `fetchPage` from `cursor` as CSV with the columns of `item`. */
export function csvOfPages<T extends object>(
  c: Context<AppEnv>,
  filename: string,
  item: z.ZodType,
  fetchPage: PageFetcher<T>,
  cursor?: string,
): Response {
  return csvStreamResponse(filename, walkPages(fetchPage, cursor), schemaColumns(item), (err) =>
    c.get("log")?.error({ err }, "CSV export failed while streaming"),
  );
}

/** CSV of rows already in memory with the columns of `item`. */
export function csvOfRows(filename: string, item: z.ZodType, rows: object[]): Response {
  return csvResponse(filename, rows, schemaColumns(item));
}
