/**
 * `/api/v1/loads`, `/api/v1/weekly`, `/api/v1/trend`, `/api/v1/changes` (services/monitoring: the WBE
 * back-calculation and the EUDA-style statistics). CSV exports the response's rows.
 */
import { createRoute } from "@hono/zod-openapi";
import { ChangesQuery, LoadsQuery, TrendQuery, WeeklyQuery } from "@tracewater/contract";
import type { AppContext } from "../../services/index.js";
import { changes, computeLoads, trend, weekly } from "../../services/index.js";
import { type App, authErrors, jsonOrCsv, notFound, S } from "../openapi.js";
import { csvOfRows } from "./list.js";

const tags = ["statistics"];

export function registerStatisticsRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/loads",
      tags,
      summary: "Daily mass loads, PNL and consumption with Monte Carlo intervals for a site × analyte",
      request: { query: LoadsQuery },
      responses: { 200: jsonOrCsv(S.LoadsResponse, "Loads (CSV: one row per day)."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const { format, ...query } = c.req.valid("query");
      const result = await computeLoads(ctx, query);
      if (format === "csv") {
        return csvOfRows(`loads-${result.site}-${result.analyte}`, S.LoadsResponse.shape.rows.element, result.rows);
      }
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/weekly",
      tags,
      summary: "A site's sampling week for an analyte and year, with weekday/weekend/daily means",
      request: { query: WeeklyQuery },
      responses: { 200: jsonOrCsv(S.WeeklyResponse, "The week (CSV: one row per day)."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const { format, ...query } = c.req.valid("query");
      const result = await weekly(ctx, query);
      if (format === "csv") {
        return csvOfRows(
          `weekly-${result.site}-${result.analyte}-${result.year}`,
          S.WeeklyResponse.shape.days.element,
          result.days,
        );
      }
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/trend",
      tags,
      summary: "Multi-year mean of site daily means over a constant or all-sites panel",
      request: { query: TrendQuery },
      responses: { 200: jsonOrCsv(S.TrendResponse, "The trend (CSV: one row per year)."), ...authErrors },
    }),
    async (c) => {
      const { format, ...query } = c.req.valid("query");
      const result = await trend(ctx, { ...query, scope: c.get("access").siteScope });
      if (format === "csv") {
        return csvOfRows(
          `trend-${result.analyte}-${result.panelMode}`,
          S.TrendResponse.shape.series.element,
          result.series,
        );
      }
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/changes",
      tags,
      summary: "Year-on-year change per site with the ±10 % stable band",
      request: { query: ChangesQuery },
      responses: { 200: jsonOrCsv(S.ChangesResponse, "Changes (CSV: one row per site)."), ...authErrors },
    }),
    async (c) => {
      const { format, ...query } = c.req.valid("query");
      const result = await changes(ctx, { ...query, scope: c.get("access").siteScope });
      if (format === "csv") {
        return csvOfRows(`changes-${result.analyte}-${result.year}`, S.ChangesResponse.shape.rows.element, result.rows);
      }
      return c.json(result, 200);
    },
  );
}
