/** `GET /api/v1/health` — liveness, no auth. */
import { createRoute } from "@hono/zod-openapi";
import { type App, json, S } from "../openapi.js";

export const API_VERSION = "0.1.0";

export function registerHealthRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/health",
      tags: ["system"],
      summary: "Liveness check (no auth)",
      security: [],
      responses: { 200: json(S.Health, "The server is up.") },
    }),
    (c) => c.json({ status: "ok" as const, version: API_VERSION }, 200),
  );
}
