/**
 * The HTTP application: REST API under `/api/v1` (OpenAPI 3.1 at `/api/v1/openapi.json`).
 *
 * `createApp(ctx)` → an `OpenAPIHono` usable in-process (`app.request()`) or served by `startServer`.
 * Order: request log → security headers → auth/CSRF (`/api/v1/*`, one middleware) → routes. Every error,
 * thrown anywhere, becomes RFC 9457 problem+json in `onError` via `toProblem` (the one mapping).
 */
import type { AppContext } from "../services/index.js";
import { API_PREFIX, authMiddleware } from "./middleware/auth.js";
import { requestLog } from "./middleware/request-log.js";
import { securityHeaders } from "./middleware/security-headers.js";
import { type App, createOpenApiHono, serveOpenApiDocument } from "./openapi.js";
import { problem, sendProblem, toProblem } from "./problem.js";
import { registerAdminRoutes } from "./routes/admin.js";
import { registerExportApprovalRoutes } from "./routes/admin-exports.js";
import { registerAssessmentRoutes } from "./routes/assessment.js";
import { registerAuthRoutes } from "./routes/auth.js";
import { registerCareRoutes } from "./routes/care.js";
import { registerCatalogRoutes } from "./routes/catalog.js";
import { registerGeoRoutes } from "./routes/geo.js";
import { API_VERSION, registerHealthRoutes } from "./routes/health.js";
import { registerImportRoutes } from "./routes/imports.js";
import { registerMeasurementRoutes } from "./routes/measurements.js";
import { registerReportRoutes } from "./routes/reports.js";
import { registerSiteRoutes } from "./routes/sites.js";
import { registerStatisticsRoutes } from "./routes/statistics.js";
import { registerWarningRoutes } from "./routes/warning.js";

export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

/** Builds the API app for `ctx` (routes call the services with it; no SQL here). */
export function createApp(ctx: AppContext): App {
  const app = createOpenApiHono();

  app.use("*", requestLog(ctx.log));
  app.use("*", securityHeaders);
  app.use(`${API_PREFIX}/*`, authMiddleware(ctx));

  app.onError((err, c) => {
    const body = toProblem(err);
    const log = c.get("log") ?? ctx.log;
    if (body.status >= 500) log.error({ err }, "unhandled error");
    else log.debug({ code: body.code, status: body.status }, body.detail ?? body.title);
    return sendProblem(c, body);
  });
  app.notFound((c) =>
    c.req.path.startsWith(`${API_PREFIX}/`) || c.req.path === API_PREFIX
      ? sendProblem(c, problem(404, "not-found", `No route ${c.req.method} ${c.req.path}.`))
      : c.text("Not found", 404),
  );

  registerHealthRoutes(app);
  registerAuthRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerExportApprovalRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerSiteRoutes(app, ctx);
  registerMeasurementRoutes(app, ctx);
  registerStatisticsRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerGeoRoutes(app);
  registerReportRoutes(app, ctx);
  registerAssessmentRoutes(app, ctx);
  registerCareRoutes(app, ctx);
  registerWarningRoutes(app, ctx);
  serveOpenApiDocument(app, OPENAPI_PATH, API_VERSION);

  return app;
}
