/**
 * `/api/v1/admin/*` — administration under 三权分立 (issue #3; docs/domain.md SEC-04…SEC-07, §8):
 * - system administrator (`staff.manage`): list, create, disable/enable, reset accounts;
 * - security administrator (`role.assign`, `grant.manage`): roles + jurisdiction of accounts (nobody changes their
 *   own), cross-jurisdiction grants with expiry and revocation;
 * - audit administrator (`audit.read`, `audit.verify`, `audit.export`): browse, verify and export the audit log
 *   (browsing and exporting are themselves audited).
 * The policy middleware has already checked the route's action (`ROUTE_POLICY`); the services check it again.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  AuditPage,
  AuditQuery,
  AuditVerifyResult,
  GrantCreateRequest,
  GrantSummary,
  OneTimeCredential,
  RoleAssignmentRequest,
  StaffCreateRequest,
  StaffSummary,
} from "@tracewater/contract";
import type { Context } from "hono";
import { type AppContext, NotFoundError } from "../../services/index.js";
import {
  createStaff,
  exportAuditEvents,
  listGrants,
  listStaff,
  resetStaff,
  searchAuditEvents,
  setStaffDisabled,
} from "../../services/security/admin.js";
import { verifyAuditLog } from "../../services/security/audit-log.js";
import { listJurisdictions } from "../../services/security/jurisdictions.js";
import { assignRoles, type ChangeContext, createGrant, revokeGrant } from "../../services/security/staff.js";
import type { AppEnv } from "../env.js";
import { clientAddressOf } from "../middleware/auth.js";
import { type App, authErrors, json, notFound } from "../openapi.js";

const tags = ["admin"];
const UsernameParams = z.object({ username: z.string().min(1) });
const GrantIdParams = z.object({ id: z.string().min(1) });

function by(c: Context<AppEnv>): ChangeContext {
  return { actor: c.get("access").actor, clientAddress: clientAddressOf(c) };
}

export function registerAdminRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/jurisdictions",
      tags,
      summary: "The jurisdiction tree (city → county → township → community → grid), by path",
      responses: {
        200: json(
          z.array(
            z.object({
              code: z.string(),
              nameZh: z.string(),
              level: z.string(),
              parentCode: z.string().nullable(),
              path: z.string(),
            }),
          ),
          "Jurisdictions.",
        ),
        ...authErrors,
      },
    }),
    async (c) => c.json(await listJurisdictions(ctx), 200),
  );

  for (const [path, action, summary] of [
    ["/api/v1/admin/staff", "staff.manage", "Staff accounts (system administrator)"],
    ["/api/v1/admin/roles", "role.assign", "Staff accounts with roles and jurisdiction (security administrator)"],
  ] as const)
    app.openapi(
      createRoute({
        method: "get",
        path,
        tags,
        summary,
        responses: { 200: json(z.array(StaffSummary), "Accounts by user name."), ...authErrors },
      }),
      async (c) => c.json(await listStaff(ctx, by(c), action), 200),
    );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/admin/staff",
      tags,
      summary: "Create an account without roles; returns its one-time password (shown once)",
      request: { body: { required: true, content: { "application/json": { schema: StaffCreateRequest } } } },
      responses: { 201: json(OneTimeCredential, "The new account's one-time password."), ...authErrors },
    }),
    async (c) => c.json(await createStaff(ctx, by(c), c.req.valid("json")), 201),
  );

  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const)
    app.openapi(
      createRoute({
        method: "post",
        path: `/api/v1/admin/staff/{username}/${verb}`,
        tags,
        summary: disabled ? "Disable an account (ends its sessions)" : "Re-enable a disabled account",
        request: { params: UsernameParams },
        responses: { 204: { description: "Done." }, ...authErrors, ...notFound },
      }),
      async (c) => {
        await setStaffDisabled(ctx, by(c), c.req.valid("param").username, disabled);
        return c.body(null, 204);
      },
    );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/admin/staff/{username}/reset",
      tags,
      summary: "Reset an account: new one-time password, TOTP removed (re-enrol), lockout cleared, sessions ended",
      request: { params: UsernameParams },
      responses: { 200: json(OneTimeCredential, "The one-time password."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await resetStaff(ctx, by(c), c.req.valid("param").username), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/admin/staff/{username}/roles",
      tags,
      summary: "Set roles and jurisdiction (security administrator; 三权分立; not your own account; ends sessions)",
      request: {
        params: UsernameParams,
        body: { required: true, content: { "application/json": { schema: RoleAssignmentRequest } } },
      },
      responses: {
        204: { description: "Assigned." },
        409: { description: "Role conflict (problem `role-conflict`)." },
        ...authErrors,
        ...notFound,
      },
    }),
    async (c) => {
      await assignRoles(ctx, by(c), { username: c.req.valid("param").username, ...c.req.valid("json") });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/admin/grants",
      tags,
      summary: "Cross-jurisdiction grants, newest first (activeOnly=true: live ones)",
      request: { query: z.object({ activeOnly: z.enum(["true", "false"]).optional() }) },
      responses: { 200: json(z.array(GrantSummary), "Grants."), ...authErrors },
    }),
    async (c) => c.json(await listGrants(ctx, by(c), { activeOnly: c.req.valid("query").activeOnly === "true" }), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/admin/grants",
      tags,
      summary: "Grant actions in another jurisdiction's subtree until an expiry (never adds a capability)",
      request: { body: { required: true, content: { "application/json": { schema: GrantCreateRequest } } } },
      responses: { 201: json(z.object({ id: z.string() }), "The grant id."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const id = await createGrant(ctx, by(c), { ...body, expiresAt: new Date(body.expiresAt) });
      return c.json({ id }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/admin/grants/{id}/revoke",
      tags,
      summary: "Revoke a grant now",
      request: { params: GrantIdParams },
      responses: { 204: { description: "Revoked." }, ...authErrors, ...notFound },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
        throw new NotFoundError(`live grant ${id} not found`, "grant");
      await revokeGrant(ctx, by(c), id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/admin/audit",
      tags,
      summary: "Audit events newest first, filtered (audit administrator; the browse is audited)",
      request: { query: AuditQuery },
      responses: { 200: json(AuditPage, "A page of events."), ...authErrors },
    }),
    async (c) => c.json(await searchAuditEvents(ctx, by(c), c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/admin/audit/verify",
      tags,
      summary: "Verify the whole hash chain; the first broken link when it is not intact",
      responses: { 200: json(AuditVerifyResult, "The verdict."), ...authErrors },
    }),
    async (c) => c.json(await verifyAuditLog(ctx), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/admin/audit/export",
      tags,
      summary: "Export audit events as JSON Lines (audit administrator only; the export is audited)",
      request: {
        query: z.object({
          afterSeq: z.coerce.number().int().min(0).optional(),
          throughSeq: z.coerce.number().int().min(1).optional(),
        }),
      },
      responses: {
        200: { description: "One event per line.", content: { "application/x-ndjson": { schema: z.string() } } },
        ...authErrors,
      },
    }),
    async (c) => {
      const { lines } = await exportAuditEvents(ctx, by(c), c.req.valid("query"));
      return new Response(lines, {
        status: 200,
        headers: {
          "content-type": "application/x-ndjson; charset=utf-8",
          "content-disposition": `attachment; filename="audit-${ctx.now().toISOString().slice(0, 10)}.jsonl"`,
        },
      }) as never;
    },
  );
}
