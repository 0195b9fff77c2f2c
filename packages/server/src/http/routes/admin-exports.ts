/**
 * `/api/v1/export-approvals` — four-eyes approval of person-level bulk exports (SEC-18). A data role holding
 * `export.bulk` requests (purpose from `X-Purpose`), another one approves; the export route then calls
 * `authorizeRecordAccess(ctx, c, "export.bulk", …)` with the header `X-Export-Approval: <id>`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppContext } from "../../services/index.js";
import {
  decideExportApproval,
  listExportApprovals,
  requestExportApproval,
} from "../../services/security/export-approvals.js";
import type { ChangeContext } from "../../services/security/staff.js";
import type { AppEnv } from "../env.js";
import { clientAddressOf } from "../middleware/auth.js";
import { type App, authErrors, json, notFound } from "../openapi.js";

const tags = ["admin"];
const ExportApprovalSchema = z.object({
  id: z.string(),
  requestedBy: z.string(),
  purpose: z.string(),
  reason: z.string(),
  jurisdictionCode: z.string(),
  requestedAt: z.string(),
  status: z.enum(["requested", "approved", "rejected"]),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

function by(c: Context<AppEnv>): ChangeContext {
  return { actor: c.get("access").actor, clientAddress: clientAddressOf(c) };
}

export function registerExportApprovalRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/export-approvals",
      tags,
      summary: "Bulk-export approval records you requested or may decide",
      responses: { 200: json(z.array(ExportApprovalSchema), "Approval records."), ...authErrors },
    }),
    async (c) => c.json(await listExportApprovals(ctx, by(c)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/export-approvals",
      tags,
      summary: "Request approval of a person-level bulk export (purpose from X-Purpose)",
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ reason: z.string().min(1), jurisdictionCode: z.string().min(1) }),
            },
          },
        },
      },
      responses: { 201: json(ExportApprovalSchema, "The pending request."), ...authErrors },
    }),
    async (c) =>
      c.json(
        await requestExportApproval(ctx, by(c), { ...c.req.valid("json"), purpose: c.get("access").purpose ?? "" }),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/export-approvals/{id}/decision",
      tags,
      summary: "Approve or reject another person's request (valid validHours, default 24)",
      request: {
        params: z.object({ id: z.string() }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ approve: z.boolean(), validHours: z.number().positive().max(168).optional() }),
            },
          },
        },
      },
      responses: { 200: json(ExportApprovalSchema, "The decided request."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await decideExportApproval(ctx, by(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
