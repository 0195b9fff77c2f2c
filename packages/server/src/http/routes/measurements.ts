/**
 * `/api/v1/samples`, `/api/v1/measurements`, `/api/v1/measurements/{id}/revisions` (services/monitoring).
 * Measurements are never overwritten: a corrected value is a new revision; `includeSuperseded=true` lists
 * the old ones too, and `/revisions` gives a measurement's whole history, newest first.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { ListFormatQuery, MeasurementIdParams, MeasurementsQuery, SamplesQuery } from "@tracewater/contract";
import type { AppContext } from "../../services/index.js";
import { listMeasurements, listSamples, measurementRevisions } from "../../services/index.js";
import { type App, authErrors, jsonOrCsv, notFound, pageOf, S } from "../openapi.js";
import { csvOfPages, csvOfRows } from "./list.js";

const tags = ["measurements"];

export function registerMeasurementRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/samples",
      tags,
      summary: "Samples (cursor-paginated)",
      request: { query: SamplesQuery },
      responses: { 200: jsonOrCsv(pageOf(S.Sample, "SamplePage"), "A page of samples."), ...authErrors },
    }),
    async (c) => {
      const { format, cursor, limit, ...filter } = c.req.valid("query");
      const fetchPage = (at: string | undefined, n: number) => listSamples(ctx, { ...filter, cursor: at, limit: n, scope: c.get("access").siteScope });
      if (format === "csv") return csvOfPages(c, "samples", S.Sample, fetchPage, cursor);
      return c.json(await fetchPage(cursor, limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/measurements",
      tags,
      summary: "Measurements (cursor-paginated; current revisions unless includeSuperseded=true)",
      request: { query: MeasurementsQuery },
      responses: {
        200: jsonOrCsv(pageOf(S.Measurement, "MeasurementPage"), "A page of measurements."),
        ...authErrors,
      },
    }),
    async (c) => {
      const { format, cursor, limit, ...filter } = c.req.valid("query");
      const fetchPage = (at: string | undefined, n: number) =>
        listMeasurements(ctx, { ...filter, cursor: at, limit: n, scope: c.get("access").siteScope });
      if (format === "csv") return csvOfPages(c, "measurements", S.Measurement, fetchPage, cursor);
      return c.json(await fetchPage(cursor, limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/measurements/{id}/revisions",
      tags,
      summary: "All revisions of a measurement (same site × date × analyte), newest first",
      request: { params: MeasurementIdParams, query: ListFormatQuery },
      responses: { 200: jsonOrCsv(z.array(S.Measurement), "The revisions."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const revisions = await measurementRevisions(ctx, c.req.valid("param").id);
      if (c.req.valid("query").format === "csv") return csvOfRows("revisions", S.Measurement, revisions);
      return c.json(revisions, 200);
    },
  );
}
