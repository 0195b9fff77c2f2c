/**
 * RFC 9457 problem details (`application/problem+json`) and THE one place where named errors thrown by
 * services and core are mapped to HTTP statuses and stable machine-readable `code`s.
 *
 * Shape (contract `Problem`): `{type, title, status, detail?, code, errors?}` plus optional extension members
 * (e.g. `report` for a rejected import). `type` is a relative URI `/problems/<code>` documented in docs/api.md.
 */

import type { Problem } from "@tracewater/contract";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** A problem document ready to send. Extension members are allowed by RFC 9457 §3.2. */
export type ProblemBody = Problem & Record<string, unknown>;

/** An error carrying a complete problem document; throw it from routes/middleware to answer with it. */
export class ProblemError extends Error {
  override readonly name = "ProblemError";
  readonly problem: ProblemBody;
  constructor(problem: ProblemBody) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
}

const TITLES: Record<string, string> = {
  "not-found": "Not found",
  "invalid-input": "Invalid input",
  validation: "Request validation failed",
  "bad-credentials": "Wrong username or password",
  locked: "Account locked",
  "session-expired": "Session expired",
  unauthenticated: "Authentication required",
  csrf: "Cross-site request refused",
  "password-change-required": "Password change required",
  forbidden: "Forbidden by the access policy",
  "totp-enrolment-required": "Two-factor enrolment required",
  "role-conflict": "Role conflict",
  conflict: "Conflict",
  "import-rejected": "Import rejected",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  "method-not-allowed": "Method not allowed",
  "http-error": "HTTP error",
  internal: "Internal server error",
};

/** Builds a problem document with `type` `/problems/<code>` and the standard title for `code`. */
export function problem(
  status: number,
  code: string,
  detail?: string,
  extra: { errors?: unknown[] } & Record<string, unknown> = {},
): ProblemBody {
  return {
    type: `/problems/${code}`,
    title: TITLES[code] ?? code,
    status,
    ...(detail !== undefined ? { detail } : {}),
    code,
    ...extra,
  };
}

/** Sends a problem document with the `application/problem+json` content type. */
export function sendProblem(c: Context, body: ProblemBody): Response {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    "content-type": PROBLEM_CONTENT_TYPE,
  });
}

/** Status for each `AuthError.code` (services/errors.ts). */
const AUTH_STATUS: Record<string, number> = {
  "bad-credentials": 401,
  "session-expired": 401,
  unauthenticated: 401,
  "totp-required": 401,
  // 423 Locked (RFC 4918 §11.3): the account is locked after repeated failures.
  locked: 423,
};

/** zod issues listed as `errors[]`: `{path, message, code}` with the path joined by dots. */
export function zodIssues(error: ZodError): { path: string; message: string; code: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
  }));
}

interface NamedError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errors?: unknown;
  field?: unknown;
  value?: unknown;
  expected?: unknown;
}

/**
 * Maps any thrown value to a problem document. Errors are recognised by their `name` (services' named errors
 * `NotFoundError`, `InvalidInputError`, `AuthError`, `ConflictError`; core's `ScienceInputError`,
 * `UnknownUnitError`, `ParameterSetError`), by class for zod and Hono errors. Anything else is a 500 whose
 * message is NOT exposed (`internal`); the caller logs it.
 */
export function toProblem(err: unknown): ProblemBody {
  if (err instanceof ProblemError) return err.problem;
  if (err instanceof ZodError) {
    return problem(400, "validation", "The request does not match the schema.", { errors: zodIssues(err) });
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code =
      status === 413
        ? "payload-too-large"
        : status === 415
          ? "unsupported-media-type"
          : status === 404
            ? "not-found"
            : status === 401
              ? "unauthenticated"
              : "http-error";
    return problem(status, code, err.message || undefined);
  }
  const e = (typeof err === "object" && err !== null ? err : {}) as NamedError;
  const message = typeof e.message === "string" ? e.message : undefined;
  const errors = Array.isArray(e.errors) ? (e.errors as unknown[]) : undefined;
  switch (e.name) {
    case "NotFoundError":
      return problem(404, "not-found", message);
    case "InvalidInputError": {
      // A rejected file (with its import report, or errors naming a file) is 422; bad parameters are 400.
      const report = (e as { report?: unknown }).report;
      if (report !== undefined) return problem(422, "import-rejected", message, { errors: errors ?? [], report });
      const aboutAFile = errors?.some(
        (x) => typeof (x as { file?: unknown }).file === "string" && (x as { file: string }).file !== "",
      );
      if (aboutAFile) return problem(422, "import-rejected", message, { errors });
      return problem(400, "invalid-input", message, errors && errors.length > 0 ? { errors } : {});
    }
    case "AuthError": {
      const code = typeof e.code === "string" && e.code in AUTH_STATUS ? e.code : "unauthenticated";
      return problem(AUTH_STATUS[code] ?? 401, code, message);
    }
    case "ConflictError":
      return problem(409, "conflict", message);
    case "PermissionDeniedError": {
      const reason = (e as { reason?: unknown }).reason;
      return problem(403, "forbidden", message, typeof reason === "string" ? { reason } : {});
    }
    case "RoleConflictError":
      return problem(409, "role-conflict", message);
    case "ScienceInputError":
    case "UnknownUnitError":
    case "ParameterSetError":
      return problem(400, "invalid-input", message, {
        errors: [
          {
            error: e.name,
            ...(e.field !== undefined ? { field: e.field } : {}),
            ...(e.value !== undefined ? { value: String(e.value) } : {}),
            ...(e.expected !== undefined ? { expected: e.expected } : {}),
          },
        ],
      });
    default:
      return problem(500, "internal", "An unexpected error occurred; it has been logged.");
  }
}
