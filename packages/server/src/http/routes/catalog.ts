/** `/api/v1/sources`, `/api/v1/analytes`, `/api/v1/overview` (services/monitoring). */
import { createRoute, z } from "@hono/zod-openapi";
import { ListFormatQuery, OverviewQuery } from "@tracewater/contract";
import type { AppContext } from "../../services/index.js";
import { listAnalytes, listSources, overview } from "../../services/index.js";
import { type App, authErrors, json, jsonOrCsv, S } from "../openapi.js";
import { csvOfRows } from "./list.js";

const tags = ["catalog"];

export function registerCatalogRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/sources",
      tags,
      summary: "Data sources with their site counts",
      request: { query: ListFormatQuery },
      responses: { 200: jsonOrCsv(z.array(S.Source), "Data sources."), ...authErrors },
    }),
    async (c) => {
      const sources = await listSources(ctx);
      if (c.req.valid("query").format === "csv") return csvOfRows("sources", S.Source, sources);
      return c.json(sources, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/analytes",
      tags,
      summary: "The analyte catalogue",
      request: { query: ListFormatQuery },
      responses: { 200: jsonOrCsv(z.array(S.Analyte), "Analytes."), ...authErrors },
    }),
    async (c) => {
      const analytes = await listAnalytes(ctx);
      if (c.req.valid("query").format === "csv") return csvOfRows("analytes", S.Analyte, analytes);
      return c.json(analytes, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/overview",
      tags,
      summary: "Per analyte: sites, latest-year median PNL and year-on-year classes",
      request: { query: OverviewQuery },
      responses: { 200: jsonOrCsv(S.OverviewResponse, "Overview (CSV: one row per analyte)."), ...authErrors },
    }),
    async (c) => {
      const { format, source } = c.req.valid("query");
      const result = await overview(ctx, { source, scope: c.get("access").siteScope });
      if (format === "csv") {
        return csvOfRows(`overview-${result.source}`, S.OverviewResponse.shape.analytes.element, result.analytes);
      }
      return c.json(result, 200);
    },
  );
}
