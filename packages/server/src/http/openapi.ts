/**
 * OpenAPI helpers shared by the route modules: named component schemas from `@tracewater/contract`,
 * JSON/CSV/problem response descriptors, and the document metadata served at `/api/v1/openapi.json`.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import * as contract from "@tracewater/contract";
import { CSV_CONTENT_TYPE } from "./csv-export.js";
import type { AppEnv } from "./env.js";
import { SESSION_COOKIE } from "./middleware/auth.js";
import { PROBLEM_CONTENT_TYPE, problem, sendProblem, zodIssues } from "./problem.js";

/** The app type: an OpenAPIHono with our per-request variables; validation failures → 400 problem+json. */
export type App = OpenAPIHono<AppEnv>;

/** Creates an OpenAPIHono whose request-validation failures answer 400 problem+json listing the zod issues. */
export function createOpenApiHono(): App {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return sendProblem(
          c,
          problem(400, "validation", `Invalid request ${result.target}.`, { errors: zodIssues(result.error) }),
        );
      }
      return undefined;
    },
  });
}

/**
 * Names `schema` as the OpenAPI component `id` (zod's own `.meta({id})`, which zod-to-openapi reads as the
 * refId). Not `.openapi()`: zod 4 copies prototype methods onto a schema when it is constructed, so contract
 * schemas created before @hono/zod-openapi patched the prototype lack `.openapi` (import order dependent).
 */
function named<T extends z.ZodTypeAny>(schema: T, id: string): T {
  return schema.meta({ id }) as T;
}

/** Contract schemas registered as named OpenAPI components (`#/components/schemas/<Name>`). */
export const S = {
  Problem: named(contract.Problem, "Problem"),
  Me: named(contract.Me, "Me"),
  LoginRequest: named(contract.LoginRequest, "LoginRequest"),
  ChangePasswordRequest: named(contract.ChangePasswordRequest, "ChangePasswordRequest"),
  Site: named(contract.Site, "Site"),
  Analyte: named(contract.Analyte, "Analyte"),
  Sample: named(contract.Sample, "Sample"),
  Measurement: named(contract.Measurement, "Measurement"),
  LoadsResponse: named(contract.LoadsResponse, "LoadsResponse"),
  WeeklyResponse: named(contract.WeeklyResponse, "WeeklyResponse"),
  TrendResponse: named(contract.TrendResponse, "TrendResponse"),
  ChangesResponse: named(contract.ChangesResponse, "ChangesResponse"),
  SiteSeriesResponse: named(contract.SiteSeriesResponse, "SiteSeriesResponse"),
  OverviewResponse: named(contract.OverviewResponse, "OverviewResponse"),
  Source: named(contract.Source, "Source"),
  ImportReport: named(contract.ImportReport, "ImportReport"),
  ImportBatch: named(contract.ImportBatch, "ImportBatch"),
  Health: named(contract.Health, "Health"),
  GeoFeatureCollection: named(contract.GeoFeatureCollection, "GeoFeatureCollection"),
};

/** `{items, nextCursor}` page of `item`, named `<name>` in the document. */
export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return named(contract.page(item), name);
}

/** A JSON 200 response descriptor. */
export function json<T extends z.ZodTypeAny>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON 200 response that can also be exported as CSV with `?format=csv`. */
export function jsonOrCsv<T extends z.ZodTypeAny>(schema: T, description: string) {
  return {
    description: `${description} With \`?format=csv\`: the whole filtered list as CSV (UTF-8 with BOM).`,
    content: {
      "application/json": { schema },
      [CSV_CONTENT_TYPE]: { schema: z.string() },
    },
  };
}

function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: S.Problem } } };
}

/** The error responses every authenticated route may give. */
export const authErrors = {
  400: problemResponse("Invalid request (problem `validation`, zod issues in `errors`)."),
  401: problemResponse("No valid session (problem `unauthenticated`)."),
  403: problemResponse("CSRF check failed (`csrf`) or password change required (`password-change-required`)."),
} as const;
export const notFound = { 404: problemResponse("Not found (problem `not-found`).") } as const;
export const unprocessable = {
  422: problemResponse("The file was rejected (problem `import-rejected`, errors with row/column in `errors`)."),
} as const;
export const tooLarge = { 413: problemResponse("The upload exceeds the size limit.") } as const;

/** Security requirement object for routes needing the session cookie. */
export const SESSION_SECURITY = [{ sessionCookie: [] }];

/** Registers the cookie security scheme and serves the OpenAPI 3.1 document at `path`. */
export function serveOpenApiDocument(app: App, path: string, version: string): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description:
      "Session cookie set by POST /api/v1/auth/login. State-changing requests also need `X-Requested-With: tracewater` (or a same-origin Origin).",
  });
  app.doc31(path, {
    openapi: "3.1.0",
    info: {
      title: "Tracewater API",
      version,
      description:
        "Tracewater 毒情监测评估预警平台 — wastewater-based drug monitoring. Errors are RFC 9457 problem+json; lists are cursor-paginated and export CSV with ?format=csv. See docs/api.md.",
    },
    security: SESSION_SECURITY,
  });
}
