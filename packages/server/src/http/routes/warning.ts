/**
 * `/api/v1` routes of early warning, leads and tracing (issue #4; shapes in `@tracewater/contract` warning.ts, route
 * list in its module comment; docs/api.md). Every handler calls a service of `services/warning` with the caller
 * (`c.var.access.actor`, set by the policy middleware): the route policy (security/route-policy.ts) requires the
 * capability, the services check each record's jurisdiction with `decide()` (alerts and sampling tasks by their
 * site, leads by the assigned or assigning unit) — a record outside the caller's scope answers 404.
 */
import { createRoute, z } from "@hono/zod-openapi";
import * as contract from "@tracewater/contract";
import type { Context } from "hono";
import { InvalidInputError } from "../../services/errors.js";
import type { AppContext } from "../../services/index.js";
import {
  addLeadAttachment,
  alertSeries,
  createLead,
  createSamplingTask,
  createSuppression,
  getAlert,
  getLead,
  getSamplingTask,
  listAlerts,
  listInbox,
  listLeads,
  listSamplingTasks,
  listSupervisionOrders,
  listSuppressions,
  markAllNotificationsRead,
  markNotificationRead,
  networkTree,
  readLeadAttachment,
  revokeSuppression,
  runDetection,
  submitLeadFeedback,
  tracePlan,
  transitionAlert,
  transitionLead,
  transitionSamplingTask,
  updateLead,
  type WarningCaller,
} from "../../services/warning/index.js";
import type { AppEnv } from "../env.js";
import { type App, authErrors, json, notFound } from "../openapi.js";

const named = <T extends z.ZodTypeAny>(schema: T, id: string): T => schema.meta({ id }) as T;
const W = {
  Alert: named(contract.Alert, "Alert"),
  AlertDetail: named(contract.AlertDetail, "AlertDetail"),
  AlertSeries: named(contract.AlertSeries, "AlertSeries"),
  AlertTransitionRequest: named(contract.AlertTransitionRequest, "AlertTransitionRequest"),
  AlertSuppression: named(contract.AlertSuppression, "AlertSuppression"),
  AlertSuppressionCreate: named(contract.AlertSuppressionCreate, "AlertSuppressionCreate"),
  DetectRunResult: named(contract.DetectRunResult, "DetectRunResult"),
  Lead: named(contract.Lead, "Lead"),
  LeadDetail: named(contract.LeadDetail, "LeadDetail"),
  LeadCreate: named(contract.LeadCreate, "LeadCreate"),
  LeadUpdate: named(contract.LeadUpdate, "LeadUpdate"),
  LeadTransitionRequest: named(contract.LeadTransitionRequest, "LeadTransitionRequest"),
  LeadFeedbackInput: named(contract.LeadFeedbackInput, "LeadFeedbackInput"),
  LeadAttachment: named(contract.LeadAttachment, "LeadAttachment"),
  SupervisionOrder: named(contract.SupervisionOrder, "SupervisionOrder"),
  InboxResponse: named(contract.InboxResponse, "InboxResponse"),
  Notification: named(contract.Notification, "Notification"),
  SamplingTask: named(contract.SamplingTask, "SamplingTask"),
  SamplingTaskCreate: named(contract.SamplingTaskCreate, "SamplingTaskCreate"),
  SamplingTaskTransitionRequest: named(contract.SamplingTaskTransitionRequest, "SamplingTaskTransitionRequest"),
  TracePlan: named(contract.TracePlan, "TracePlan"),
  NetworkTree: named(contract.NetworkTree, "NetworkTree"),
};
const page = <T extends z.ZodTypeAny>(item: T, id: string) =>
  named(z.object({ items: z.array(item), nextCursor: z.string().nullable() }), id);
const items = <T extends z.ZodTypeAny>(item: T, id: string) => named(z.object({ items: z.array(item) }), id);

const conflict = {
  409: {
    description:
      "The record is not in a state that allows the change (problem `conflict`, names the allowed next states).",
    content: { "application/problem+json": { schema: contract.Problem } },
  },
} as const;
const badRequest = {
  400: {
    description: "Invalid input (problem `invalid-input` / `validation`).",
    content: { "application/problem+json": { schema: contract.Problem } },
  },
} as const;

/** A comma list of enum values (`?status=new,acknowledged`). */
const csvEnum = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === "") return undefined;
      const list = s.split(",").map((x) => x.trim());
      const bad = list.filter((x) => !(values as readonly string[]).includes(x));
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `unknown value(s) ${bad.join(", ")}; expected ${values.join(", ")}` });
        return z.NEVER;
      }
      return list as T[];
    });

const Limit = z.coerce.number().int().min(1).max(1000).default(100);
const AlertsQuery = z.object({
  status: csvEnum(contract.AlertStatus.options),
  level: csvEnum(contract.WarningLevel.options),
  site: z.string().optional(),
  analyte: z.string().optional(),
  detector: z.string().optional(),
  source: z.string().optional(),
  from: contract.IsoDate.optional(),
  cursor: z.string().optional(),
  limit: Limit,
});
const LeadsQuery = z.object({
  status: csvEnum(contract.LeadStatus.options),
  orgUnit: z.string().optional(),
  overdue: z.enum(["true", "false"]).optional(),
  cursor: z.string().optional(),
  limit: Limit,
});
const IdParam = z.object({ id: z.string() });
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

/** The caller of the request: the policy middleware's actor. */
function caller(c: Context<AppEnv>): WarningCaller {
  const actor = c.get("access").actor;
  return { username: actor.username, actor };
}

export function registerWarningRoutes(app: App, ctx: AppContext): void {
  const tags = ["warning"];

  // ── alerts ──
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts",
      tags,
      summary: "Alerts in the reader's jurisdiction, newest sample date first (cursor-paginated)",
      request: { query: AlertsQuery },
      responses: { 200: json(page(W.Alert, "AlertPage"), "A page of alerts."), ...authErrors },
    }),
    async (c) => {
      const { cursor, limit, ...filter } = c.req.valid("query");
      const f = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
      return c.json(await listAlerts(ctx, caller(c), f, { ...(cursor ? { cursor } : {}), limit }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts/{id}",
      tags,
      summary: "One alert with its evidence and state history",
      request: { params: IdParam },
      responses: { 200: json(W.AlertDetail, "The alert."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await getAlert(ctx, caller(c), c.req.valid("param").id), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/alerts/{id}/transition",
      tags,
      summary: "Move an alert to its next state (new → acknowledged → lead | dismissed → closed)",
      request: { params: IdParam, ...body(W.AlertTransitionRequest) },
      responses: {
        200: json(W.AlertDetail, "The alert after the change."),
        ...badRequest,
        ...authErrors,
        ...notFound,
        ...conflict,
      },
    }),
    async (c) => c.json(await transitionAlert(ctx, caller(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts/{id}/series",
      tags,
      summary: "The values, baseline, score and threshold behind the alert's chart",
      request: { params: IdParam },
      responses: { 200: json(W.AlertSeries, "The series."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await alertSeries(ctx, caller(c), c.req.valid("param").id), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts/{id}/trace",
      tags,
      summary: "Source tracing (溯源): candidate upstream sources and the proposed next sampling round",
      request: {
        params: IdParam,
        query: z.object({
          k: z.coerce.number().int().min(1).max(20).default(2),
          /** longest allowed round, hours (≥ 24, the composite); absent = no budget */
          budgetHours: z.coerce.number().min(24).max(720).optional(),
        }),
      },
      responses: { 200: json(W.TracePlan, "The trace plan."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await tracePlan(ctx, caller(c), c.req.valid("param").id, q.k, q.budgetHours ?? null), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alert-suppressions",
      tags,
      summary: "Active suppression windows",
      responses: { 200: json(items(W.AlertSuppression, "AlertSuppressionList"), "The windows."), ...authErrors },
    }),
    async (c) => c.json({ items: await listSuppressions(ctx, caller(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/alert-suppressions",
      tags,
      summary: "Add a suppression window (no alert, no evidence for matching points in [from, to])",
      request: body(W.AlertSuppressionCreate),
      responses: { 201: json(W.AlertSuppression, "The window."), ...badRequest, ...authErrors },
    }),
    async (c) => c.json(await createSuppression(ctx, caller(c), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/alert-suppressions/{id}",
      tags,
      summary: "Revoke a suppression window",
      request: { params: IdParam },
      responses: { 204: { description: "Revoked." }, ...authErrors, ...notFound },
    }),
    async (c) => {
      await revokeSuppression(ctx, caller(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/detect",
      tags,
      summary: "Run the detectors over the stored data now (creates/updates alerts)",
      responses: { 200: json(W.DetectRunResult, "The run."), ...authErrors },
    }),
    async (c) => c.json(await runDetection(ctx, caller(c)), 200),
  );

  // ── leads ──
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/leads",
      tags,
      summary: "Leads (线索) in the reader's jurisdiction, by deadline (cursor-paginated)",
      request: { query: LeadsQuery },
      responses: { 200: json(page(W.Lead, "LeadPage"), "A page of leads."), ...authErrors },
    }),
    async (c) => {
      const { cursor, limit, status, orgUnit, overdue } = c.req.valid("query");
      const filter = {
        ...(status ? { status } : {}),
        ...(orgUnit ? { orgUnit } : {}),
        ...(overdue ? { overdue: overdue === "true" } : {}),
      };
      return c.json(await listLeads(ctx, caller(c), filter, { ...(cursor ? { cursor } : {}), limit }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/leads",
      tags,
      summary: "Create a lead from alerts or by hand, assigned to an org unit with a deadline",
      request: body(W.LeadCreate),
      responses: { 201: json(W.LeadDetail, "The lead."), ...badRequest, ...authErrors, ...notFound, ...conflict },
    }),
    async (c) => c.json(await createLead(ctx, caller(c), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/leads/{id}",
      tags,
      summary: "One lead with history, attachments and supervision orders",
      request: { params: IdParam },
      responses: { 200: json(W.LeadDetail, "The lead."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await getLead(ctx, caller(c), c.req.valid("param").id), 200),
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/leads/{id}",
      tags,
      summary: "Edit, reassign or move the deadline of an open or in-progress lead",
      request: { params: IdParam, ...body(W.LeadUpdate) },
      responses: { 200: json(W.LeadDetail, "The lead."), ...badRequest, ...authErrors, ...notFound, ...conflict },
    }),
    async (c) => c.json(await updateLead(ctx, caller(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/leads/{id}/transition",
      tags,
      summary: "Move a lead to its next state (open → in_progress → reported → closed)",
      request: { params: IdParam, ...body(W.LeadTransitionRequest) },
      responses: { 200: json(W.LeadDetail, "The lead."), ...badRequest, ...authErrors, ...notFound, ...conflict },
    }),
    async (c) => c.json(await transitionLead(ctx, caller(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/leads/{id}/feedback",
      tags,
      summary: "Submit the findings and outcome of a lead (reports it)",
      request: { params: IdParam, ...body(W.LeadFeedbackInput) },
      responses: { 200: json(W.LeadDetail, "The lead."), ...badRequest, ...authErrors, ...notFound, ...conflict },
    }),
    async (c) => c.json(await submitLeadFeedback(ctx, caller(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/leads/{id}/attachments",
      tags,
      summary: "Attach a file to a lead (multipart/form-data, field `file`; stored with its SHA-256)",
      request: { params: IdParam },
      responses: {
        201: json(W.LeadAttachment, "The attachment."),
        ...badRequest,
        ...authErrors,
        ...notFound,
        ...conflict,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const type = c.req.header("content-type") ?? "";
      if (!type.toLowerCase().startsWith("multipart/form-data"))
        throw new InvalidInputError("send the attachment as multipart/form-data with a field named file");
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new InvalidInputError('multipart field "file" (a file) is missing');
      const att = await addLeadAttachment(ctx, caller(c), id, {
        fileName: file.name,
        mediaType: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      return c.json(att, 201);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/leads/{id}/attachments/{attachmentId}",
      tags,
      summary: "Download an attachment (checked against its SHA-256)",
      request: { params: z.object({ id: z.string(), attachmentId: z.string() }) },
      responses: { 200: { description: "The stored bytes." }, ...authErrors, ...notFound },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid("param");
      const { attachment, bytes } = await readLeadAttachment(ctx, caller(c), id, attachmentId);
      return c.body(new Uint8Array(bytes), 200, {
        "Content-Type": attachment.mediaType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
        "X-Content-SHA256": attachment.sha256,
      });
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/supervision-orders",
      tags,
      summary: "Supervision orders (督办) of the leads the reader may see",
      request: { query: z.object({ status: z.enum(["open", "resolved"]).optional() }) },
      responses: { 200: json(items(W.SupervisionOrder, "SupervisionOrderList"), "The orders."), ...authErrors },
    }),
    async (c) => {
      const { status } = c.req.valid("query");
      return c.json({ items: await listSupervisionOrders(ctx, caller(c), status ? { status } : {}) }, 200);
    },
  );

  // ── inbox (the session's own notifications) ──
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/inbox",
      tags,
      summary: "The logged-in user's notifications, newest first",
      request: { query: z.object({ unread: z.enum(["true", "false"]).optional() }) },
      responses: { 200: json(W.InboxResponse, "The inbox."), ...authErrors },
    }),
    async (c) =>
      c.json(await listInbox(ctx, c.get("me").username, { unread: c.req.valid("query").unread === "true" }), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/inbox/{id}/read",
      tags,
      summary: "Mark one notification read",
      request: { params: IdParam },
      responses: { 200: json(W.Notification, "The notification."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await markNotificationRead(ctx, c.get("me").username, c.req.valid("param").id), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/inbox/read-all",
      tags,
      summary: "Mark every notification read",
      responses: {
        200: json(named(z.object({ updated: z.number().int() }), "InboxReadAll"), "How many changed."),
        ...authErrors,
      },
    }),
    async (c) => c.json(await markAllNotificationsRead(ctx, c.get("me").username), 200),
  );

  // ── sampling tasks ──
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/sampling-tasks",
      tags,
      summary: "Planned sampling rounds",
      request: {
        query: z.object({
          alertId: z.string().optional(),
          leadId: z.string().optional(),
          status: contract.SamplingTaskStatus.optional(),
        }),
      },
      responses: { 200: json(items(W.SamplingTask, "SamplingTaskList"), "The tasks."), ...authErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const filter = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
      return c.json({ items: await listSamplingTasks(ctx, caller(c), filter) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/sampling-tasks",
      tags,
      summary: "Plan a sampling round (points with chain-of-custody codes); imported results attach later",
      request: body(W.SamplingTaskCreate),
      responses: { 201: json(W.SamplingTask, "The task."), ...badRequest, ...authErrors, ...notFound },
    }),
    async (c) => c.json(await createSamplingTask(ctx, caller(c), c.req.valid("json")), 201),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/sampling-tasks/{id}",
      tags,
      summary: "One sampling task",
      request: { params: IdParam },
      responses: { 200: json(W.SamplingTask, "The task."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await getSamplingTask(ctx, caller(c), c.req.valid("param").id), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/sampling-tasks/{id}/transition",
      tags,
      summary: "Move a sampling task (planned → in_progress → completed; → cancelled)",
      request: { params: IdParam, ...body(W.SamplingTaskTransitionRequest) },
      responses: { 200: json(W.SamplingTask, "The task."), ...badRequest, ...authErrors, ...notFound, ...conflict },
    }),
    async (c) =>
      c.json(await transitionSamplingTask(ctx, caller(c), c.req.valid("param").id, c.req.valid("json").to), 200),
  );

  // ── network ──
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/network/{code}",
      tags,
      summary: "The sewer tree (rooted at its plant) containing a site, with open alerts per node",
      request: { params: z.object({ code: z.string() }) },
      responses: { 200: json(W.NetworkTree, "The tree."), ...authErrors, ...notFound },
    }),
    async (c) => c.json(await networkTree(ctx, caller(c), c.req.valid("param").code), 200),
  );
}
