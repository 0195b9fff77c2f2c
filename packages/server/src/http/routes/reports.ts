/**
 * `/api/v1/reports*`: the assessment report workflow (reports/workflow.ts) — generate a draft, edit the analyst's
 * section, regenerate, review, issue, list with history, download .docx/PDF, read the archived data snapshot.
 *
 * Access (security/route-policy.ts): reading needs `aggregate.read`, changing needs `report.publish`, both scoped
 * to the actor's jurisdiction subtree (checked here against the report's jurisdiction path; EUDA reports have no
 * jurisdiction and are readable by every holder of the action). A `person-access` report (no small-count
 * suppression) can only be generated, read, listed or downloaded by an actor who also holds `person.read` for that
 * jurisdiction.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ReportAudience } from "@tracewater/contract";
import * as contract from "@tracewater/contract";
import type { Context } from "hono";
import {
  CONTENT_TYPES,
  createReport,
  getReport,
  listReports,
  regenerateReport,
  renderReport,
  reportAccessInfo,
  reportSnapshot,
  resolveScope,
  transitionReport,
  updateAnalystText,
} from "../../reports/index.js";
import { pathInScope, scopeFor } from "../../security/scope.js";
import type { AppContext } from "../../services/index.js";
import type { AppEnv } from "../env.js";
import type { RequestAccess } from "../middleware/policy.js";
import { type App, authErrors, json, notFound } from "../openapi.js";
import { ProblemError, problem } from "../problem.js";

const tags = ["reports"];
const named = <T extends z.ZodTypeAny>(schema: T, id: string): T => schema.meta({ id }) as T;
const R = {
  GenerateReportRequest: named(contract.GenerateReportRequest, "GenerateReportRequest"),
  UpdateReportRequest: named(contract.UpdateReportRequest, "UpdateReportRequest"),
  ReportTransitionRequest: named(contract.ReportTransitionRequest, "ReportTransitionRequest"),
  ReportDetail: named(contract.ReportDetail, "ReportDetail"),
  ReportListResponse: named(contract.ReportListResponse, "ReportListResponse"),
};
const conflict = {
  409: {
    description: "The report is not in the state the change needs, or is issued (problem `conflict`).",
    content: { "application/problem+json": { schema: contract.Problem } },
  },
} as const;
const IdParam = z.object({ id: z.string().uuid() });

function access(c: Context<AppEnv>): RequestAccess {
  return c.get("access");
}

/** True when the actor holds person.read for `path` (a person-access report shows unsuppressed counts). */
function hasPersonAccess(ctx: AppContext, c: Context<AppEnv>, path: string | null): boolean {
  const personScope = scopeFor(access(c).actor, "person.read", ctx.now());
  return personScope !== null && (path === null ? personScope.paths.length > 0 : pathInScope(personScope, path));
}

/**
 * True when the request's actor may touch a report at `path` (null = EUDA, no jurisdiction) for `audience`:
 * in the actor's scope, and for a `person-access` report (counts not suppressed) only with person.read there.
 */
function visible(ctx: AppContext, c: Context<AppEnv>, path: string | null, audience?: ReportAudience): boolean {
  if (path !== null && !pathInScope(access(c).scope, path)) return false;
  return audience !== "person-access" || hasPersonAccess(ctx, c, path);
}

function outOfJurisdiction(what: string): never {
  throw new ProblemError(
    problem(403, "forbidden", `${what} is outside your jurisdiction`, { reason: "out-of-jurisdiction" }),
  );
}

async function requireVisible(ctx: AppContext, c: Context<AppEnv>, id: string): Promise<void> {
  const info = await reportAccessInfo(ctx, id);
  if (!visible(ctx, c, info.jurisdictionPath, info.audience))
    throw new ProblemError(
      problem(403, "forbidden", `report ${id} is outside your jurisdiction or needs person access`, {
        reason: "out-of-jurisdiction",
      }),
    );
}

export function registerReportRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/reports",
      tags,
      summary: "Stored reports (newest first) in the reader's jurisdiction",
      request: { query: contract.ReportListQuery },
      responses: { 200: json(R.ReportListResponse, "Reports without their documents."), ...authErrors },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const items = await listReports(ctx, query, (p, a) => visible(ctx, c, p, a));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/reports",
      tags,
      summary: "Generate a draft report from the current data (snapshot archived with its SHA-256)",
      request: { body: { required: true, content: { "application/json": { schema: R.GenerateReportRequest } } } },
      responses: { 200: json(R.ReportDetail, "The draft."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const scope = await resolveScope(ctx, body.jurisdiction);
      if (!visible(ctx, c, scope.jurisdictionPath)) outOfJurisdiction(`jurisdiction ${body.jurisdiction}`);
      if (body.audience === "person-access") {
        if (!hasPersonAccess(ctx, c, scope.jurisdictionPath))
          throw new ProblemError(
            problem(
              403,
              "forbidden",
              "a person-access report (no small-count suppression) needs person.read for this jurisdiction",
              {
                reason: "no-capability",
              },
            ),
          );
      }
      const detail = await createReport(ctx, body, c.get("me").username);
      return c.json(detail, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/reports/{id}",
      tags,
      summary: "A report with its document and history",
      request: { params: IdParam },
      responses: { 200: json(R.ReportDetail, "The report."), ...authErrors, ...notFound },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requireVisible(ctx, c, id);
      return c.json(await getReport(ctx, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/reports/{id}",
      tags,
      summary: "Replace the analyst's section of a draft",
      request: {
        params: IdParam,
        body: { required: true, content: { "application/json": { schema: R.UpdateReportRequest } } },
      },
      responses: { 200: json(R.ReportDetail, "The draft."), ...authErrors, ...notFound, ...conflict },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requireVisible(ctx, c, id);
      return c.json(await updateAnalystText(ctx, id, c.req.valid("json").analystText, c.get("me").username), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/reports/{id}/regenerate",
      tags,
      summary: "Rebuild a draft from the current data (new snapshot)",
      request: { params: IdParam },
      responses: { 200: json(R.ReportDetail, "The draft."), ...authErrors, ...notFound, ...conflict },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requireVisible(ctx, c, id);
      return c.json(await regenerateReport(ctx, id, c.get("me").username), 200);
    },
  );

  for (const to of ["reviewed", "issued"] as const) {
    const verb = to === "reviewed" ? "review" : "issue";
    app.openapi(
      createRoute({
        method: "post",
        path: `/api/v1/reports/{id}/${verb}`,
        tags,
        summary: to === "reviewed" ? "Mark a draft reviewed" : "Issue a reviewed report (immutable afterwards)",
        request: {
          params: IdParam,
          body: { required: false, content: { "application/json": { schema: R.ReportTransitionRequest } } },
        },
        responses: { 200: json(R.ReportDetail, "The report."), ...authErrors, ...notFound, ...conflict },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        await requireVisible(ctx, c, id);
        const body = (await c.req.json().catch(() => ({}))) as { note?: unknown };
        const note = typeof body.note === "string" ? body.note.slice(0, 2000) : undefined;
        return c.json(await transitionReport(ctx, id, to, c.get("me").username, note), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/reports/{id}/file",
      tags,
      summary: "Download the report as .docx or PDF (rendered from the stored document)",
      request: { params: IdParam, query: z.object({ format: contract.ReportFormat.default("docx") }) },
      responses: {
        200: {
          description: "The file.",
          content: { [CONTENT_TYPES.docx]: { schema: z.string() }, [CONTENT_TYPES.pdf]: { schema: z.string() } },
        },
        ...authErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { format } = c.req.valid("query");
      await requireVisible(ctx, c, id);
      const report = await getReport(ctx, id);
      const bytes = await renderReport(report.document, format);
      const name = `report-${report.jurisdiction}-${report.period}-${report.status}.${format}`;
      return c.body(new Uint8Array(bytes), 200, {
        "Content-Type": CONTENT_TYPES[format],
        "Content-Disposition": `attachment; filename="${name}"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/reports/{id}/snapshot",
      tags,
      summary: "The archived data snapshot of a report (every number used) and its SHA-256",
      request: { params: IdParam },
      responses: {
        200: json(z.object({ sha256: z.string(), snapshot: z.record(z.string(), z.unknown()) }), "The snapshot."),
        ...authErrors,
        ...notFound,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await requireVisible(ctx, c, id);
      const s = await reportSnapshot(ctx, id);
      return c.json({ sha256: s.sha256, snapshot: s.snapshot as unknown as Record<string, unknown> }, 200);
    },
  );
}
