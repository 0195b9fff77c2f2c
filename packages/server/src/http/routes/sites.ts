/** `/api/v1/sites`, `/api/v1/sites/{code}`, `/api/v1/sites/{code}/series` (services/monitoring). */
import { createRoute } from "@hono/zod-openapi";
import { SiteCodeParams, SitesQuery } from "@tracewater/contract";
import type { AppContext } from "../../services/index.js";
import { getSite, listSites, siteSeries } from "../../services/index.js";
import { type App, authErrors, json, jsonOrCsv, notFound, pageOf, S } from "../openapi.js";
import { csvOfPages } from "./list.js";

const tags = ["sites"];

export function registerSiteRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/sites",
      tags,
      summary: "Sampling sites (cursor-paginated)",
      request: { query: SitesQuery },
      responses: { 200: jsonOrCsv(pageOf(S.Site, "SitePage"), "A page of sites."), ...authErrors },
    }),
    async (c) => {
      const { format, cursor, limit, source } = c.req.valid("query");
      const fetchPage = (at: string | undefined, n: number) => listSites(ctx, { source, cursor: at, limit: n, scope: c.get("access").siteScope });
      if (format === "csv") return csvOfPages(c, "sites", S.Site, fetchPage, cursor);
      return c.json(await fetchPage(cursor, limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/sites/{code}",
      tags,
      summary: "One site by code",
      request: { params: SiteCodeParams },
      responses: { 200: json(S.Site, "The site."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await getSite(ctx, c.req.valid("param").code), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/sites/{code}/series",
      tags,
      summary: "Per analyte: yearly means, weekday profile and Mann-Kendall/Sen trend test",
      request: { params: SiteCodeParams },
      responses: { 200: json(S.SiteSeriesResponse, "The site's series."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await siteSeries(ctx, c.req.valid("param").code), 200),
  );
}
