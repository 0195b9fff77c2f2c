/**
 * Named service errors. The HTTP layer maps them to problem+json in one place; the CLI maps
 * `InvalidInputError` to exit code 2 and everything else to 1.
 */
import type { ImportError } from "@tracewater/contract";

/** A referenced thing (site, measurement, …) does not exist. HTTP 404. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
  constructor(
    message: string,
    readonly what: string = "resource",
  ) {
    super(message);
  }
}

/** Bad input: bad parameters or a file with validation errors (listed in `errors`). HTTP 400/422; CLI exit 2. */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
  constructor(
    message: string,
    readonly errors: ImportError[] = [],
    /** the import report when the input was a rejected file */
    readonly report?: unknown,
  ) {
    super(message);
  }
}

export type AuthErrorCode = "bad-credentials" | "locked" | "session-expired" | "unauthenticated" | "totp-required";

/** Authentication failure. HTTP 401 (423 for `locked` is the HTTP layer's choice). */
export class AuthError extends Error {
  override name = "AuthError";
  constructor(
    readonly code: AuthErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}

/** The request conflicts with the current state (e.g. a concurrent change). HTTP 409. */
export class ConflictError extends Error {
  override name = "ConflictError";
}
