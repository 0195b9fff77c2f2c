/**
 * `/api/v1/assessment/*` (issue #5): indicator definitions and values, the continuous-decline table, the
 * composite situation index, anonymous hair surveys (aggregates → `aggregate.read`, k-suppressed for roles
 * without person access), person-linked hair results (`test_result.read`, decided and audited per sample by the
 * service), cut-off sets, and uploads (aggregate files → `monitoring.import`; hair results → `test_result.write`).
 * The policy middleware checks the capability; the services check jurisdictions (`jurisdictionFrom: "scope"`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  AssessmentImportKind,
  AssessmentImportReport,
  DeclineQuery,
  DeclineResponse,
  HairResultsQuery,
  HairResultsResponse,
  HairSurveysQuery,
  HairSurveysResponse,
  IndexMethodOut,
  IndexQuery,
  IndexResponse,
  IndicatorDefinitionsResponse,
  IndicatorValuesQuery,
  IndicatorValuesResponse,
} from "@tracewater/contract";
import { CUTOFF_SETS, DEFAULT_INDEX_METHOD } from "@tracewater/core";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  declineTable,
  importAssessmentFile,
  indicatorValues,
  listHairResults,
  listHairSurveys,
  listIndicatorDefinitions,
  type StaffViewer,
  situationIndex,
} from "../../services/assessment/index.js";
import { InvalidInputError } from "../../services/errors.js";
import type { AppContext } from "../../services/index.js";
import type { AppEnv } from "../env.js";
import { clientAddressOf } from "../middleware/auth.js";
import { type App, authErrors, json, tooLarge, unprocessable } from "../openapi.js";
import { problem, sendProblem } from "../problem.js";

const tags = ["assessment"];
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) =>
    sendProblem(c, problem(413, "payload-too-large", `Uploads are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`)),
});
const UploadForm = z.object({
  file: z.instanceof(File).openapi({ type: "string", format: "binary", description: "The file (CSV, XLSX)." }),
});

const CutoffSetsResponse = z.object({
  defaultSet: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      authority: z.string(),
      version: z.string(),
      titleZh: z.string(),
      titleEn: z.string(),
      source: z.string(),
      effectiveFrom: z.string(),
      isDefault: z.boolean(),
      entries: z.array(
        z.object({
          analyte: z.string(),
          initialNgPerMg: z.number().nullable(),
          confirmNgPerMg: z.number(),
          note: z.string().optional(),
        }),
      ),
    }),
  ),
  indexMethod: IndexMethodOut,
});

/** The staff viewer of the request (set by the policy middleware for action routes). */
function viewerOf(c: Context<AppEnv>): StaffViewer {
  const access = c.get("access");
  return { actor: access.actor, purpose: access.purpose, clientAddress: clientAddressOf(c) };
}

function rejectIfRejected(report: AssessmentImportReport): void {
  if (report.status === "rejected")
    throw new InvalidInputError(
      `${report.file}: ${report.errors.length} error(s); nothing was imported.`,
      report.errors,
      report,
    );
}

export function registerAssessmentRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/indicators",
      tags,
      summary: "Indicator definitions (code, names, unit, direction, origin, source, baseline, target)",
      responses: { 200: json(IndicatorDefinitionsResponse, "The definitions."), ...authErrors },
    }),
    async (c) => c.json({ items: await listIndicatorDefinitions(ctx) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/indicator-values",
      tags,
      summary: "Values of one indicator per jurisdiction and period (imported, or computed from stored results)",
      request: { query: IndicatorValuesQuery },
      responses: { 200: json(IndicatorValuesResponse, "The values."), ...authErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json({ items: await indicatorValues(ctx, viewerOf(c), q) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/decline",
      tags,
      summary:
        "Continuous-decline table (五个持续下降 or a configured set): YoY changes and Mann-Kendall per indicator × jurisdiction",
      request: { query: DeclineQuery },
      responses: { 200: json(DeclineResponse, "The table."), ...authErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const indicators = q.indicators
        ? q.indicators
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== "")
        : undefined;
      return c.json(
        await declineTable(ctx, viewerOf(c), {
          asOf: q.asOf,
          lastN: q.lastN,
          ...(indicators ? { indicators } : {}),
          ...(q.jurisdiction ? { jurisdiction: q.jurisdiction } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/index",
      tags,
      summary: "Composite drug-situation index per county: score, contributions, rank and grade",
      request: { query: IndexQuery },
      responses: { 200: json(IndexResponse, "The index."), ...authErrors },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await situationIndex(ctx, viewerOf(c), {
          period: q.period,
          ...(q.normalisation ? { normalisation: q.normalisation } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/hair-surveys",
      tags,
      summary:
        "Anonymous hair surveys with positivity and Wilson 95 % intervals (small counts suppressed without person access)",
      request: { query: HairSurveysQuery },
      responses: { 200: json(HairSurveysResponse, "The surveys."), ...authErrors },
    }),
    async (c) => c.json(await listHairSurveys(ctx, viewerOf(c), c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/hair-results",
      tags,
      summary: "Person-linked hair results (test_result.read per sample; every access audited; purpose via X-Purpose)",
      request: { query: HairResultsQuery },
      responses: { 200: json(HairResultsResponse, "The samples the caller may read."), ...authErrors },
    }),
    async (c) => {
      const { purpose, ...q } = c.req.valid("query");
      const viewer = viewerOf(c);
      return c.json(
        { items: await listHairResults(ctx, { ...viewer, purpose: viewer.purpose ?? purpose ?? null }, q) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/assessment/cutoff-sets",
      tags,
      summary: "Hair cut-off sets (938号 default, SoHT 2012 for comparison) and the default index method",
      responses: { 200: json(CutoffSetsResponse, "Reference data."), ...authErrors },
    }),
    (c) =>
      c.json(
        {
          defaultSet: CUTOFF_SETS.find((s) => s.isDefault)?.id ?? "",
          items: CUTOFF_SETS.map((s) => ({ ...s, entries: s.entries.map((e) => ({ ...e })) })),
          indexMethod: {
            ...DEFAULT_INDEX_METHOD,
            weights: DEFAULT_INDEX_METHOD.weights.map((w) => ({ ...w })),
            grades: DEFAULT_INDEX_METHOD.grades.map((g) => ({ ...g })),
          },
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/assessment/imports",
      tags,
      summary: "Upload indicator values or anonymous hair surveys (kind=indicator-values|hair-survey), one transaction",
      middleware: [uploadLimit] as const,
      request: {
        query: z.object({ kind: AssessmentImportKind.exclude(["hair-results"]) }),
        body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } },
      },
      responses: {
        200: json(AssessmentImportReport, "The report (imported or unchanged)."),
        ...authErrors,
        ...tooLarge,
        ...unprocessable,
      },
    }),
    async (c) => {
      const { kind } = c.req.valid("query");
      const { file } = c.req.valid("form");
      const report = await importAssessmentFile(
        ctx,
        kind,
        { name: file.name || "upload", bytes: new Uint8Array(await file.arrayBuffer()) },
        viewerOf(c),
      );
      rejectIfRejected(report);
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/assessment/hair-results",
      tags,
      summary: "Upload person-linked hair lab results (test_result.write per sample, audited), one transaction",
      middleware: [uploadLimit] as const,
      request: { body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } } },
      responses: {
        200: json(AssessmentImportReport, "The report (imported or unchanged)."),
        ...authErrors,
        ...tooLarge,
        ...unprocessable,
      },
    }),
    async (c) => {
      const { file } = c.req.valid("form");
      const report = await importAssessmentFile(
        ctx,
        "hair-results",
        { name: file.name || "upload", bytes: new Uint8Array(await file.arrayBuffer()) },
        viewerOf(c),
      );
      rejectIfRejected(report);
      return c.json(report, 200);
    },
  );
}
