/**
 * THE authentication middleware of the API (minimal session login; the full identity model — roles,
 * jurisdiction, two factors — is a later issue and belongs here too, in this one file).
 *
 * For every request under `/api/v1`:
 * 1. CSRF defence for state-changing methods (POST/PUT/PATCH/DELETE): the request must carry the header
 *    `X-Requested-With: tracewater` (a custom header a cross-site form cannot send and cross-origin `fetch`
 *    cannot send without a CORS preflight, which this server never grants), or an `Origin` header whose host
 *    equals the request's `Host`. Otherwise 403 problem `csrf`. Applies to `/auth/login` too (login CSRF).
 *    The `SameSite=Strict` cookie is the second layer.
 * 2. Public routes ({@link PUBLIC_ROUTES}) pass without a session.
 * 3. Every other route needs the session cookie `tw_session` naming a live session (services
 *    `getSessionUser`: idle timeout 15 min, absolute 12 h); otherwise 401 problem `unauthenticated`.
 *    The user is put in `c.var.me`, the session id in `c.var.sessionId`.
 * 4. A user whose password must be changed (first start, reset) may only call `/auth/me`, `/auth/logout` and
 *    `/auth/password` until they change it: otherwise 403 problem `password-change-required`.
 *
 *    A user whose roles need a second factor (person data or administration) and who has not enrolled TOTP may
 *    only call those and `/auth/totp/enrol`, `/auth/totp/confirm`: otherwise 403 problem `totp-enrolment-required`.
 * 5. The route's access policy (`ROUTE_POLICY`, `decide()`) is enforced by `middleware/policy.ts`.
 * 6. Every successful export (`?format=csv`) is written to the audit chain (`export.csv`: user, roles, path,
 *    query, client address) after the response is produced (docs/domain.md SEC-03, SEC-18).
 *
 * Cookie: `tw_session`, HttpOnly, SameSite=Strict, Path=/, Secure when the request came over https
 * (the URL scheme, or `X-Forwarded-Proto: https` from a reverse proxy). No Max-Age: it is a browser-session
 * cookie; the server enforces the timeouts.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppContext } from "../../services/index.js";
import { getSessionUser } from "../../services/index.js";
import { appendAuditEvent } from "../../services/security/audit-log.js";
import type { AppEnv } from "../env.js";
import { ProblemError, problem } from "../problem.js";
import { enforceRoutePolicy } from "./policy.js";

export const SESSION_COOKIE = "tw_session";
export const CSRF_HEADER = "X-Requested-With";
export const CSRF_HEADER_VALUE = "tracewater";
export const API_PREFIX = "/api/v1";

/** Routes reachable without a session (method + full path). Everything else under /api/v1 needs one. */
export const PUBLIC_ROUTES: ReadonlyArray<{ method: string; path: string }> = [
  { method: "GET", path: `${API_PREFIX}/health` },
  { method: "GET", path: `${API_PREFIX}/openapi.json` },
  { method: "POST", path: `${API_PREFIX}/auth/login` },
];

/** Routes a user with `mustChangePassword` may still call. */
const PASSWORD_CHANGE_ALLOWED = new Set([
  `${API_PREFIX}/auth/me`,
  `${API_PREFIX}/auth/logout`,
  `${API_PREFIX}/auth/password`,
]);

/** Routes a user who must enrol TOTP (mandatory second factor, not yet enrolled) may still call. */
const TOTP_ENROLMENT_ALLOWED = new Set([
  ...PASSWORD_CHANGE_ALLOWED,
  `${API_PREFIX}/auth/totp/enrol`,
  `${API_PREFIX}/auth/totp/confirm`,
]);

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether `method path` is public (HEAD counts as GET). */
export function isPublicRoute(method: string, path: string): boolean {
  const m = method === "HEAD" ? "GET" : method;
  const p = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return PUBLIC_ROUTES.some((r) => r.method === m && r.path === p);
}

function isHttps(c: Context): boolean {
  const forwarded = c.req.header("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0]?.trim().toLowerCase() === "https";
  return new URL(c.req.url).protocol === "https:";
}

/** True when a state-changing request passes the CSRF rule (custom header, or same-origin `Origin`). */
export function passesCsrfCheck(c: Context): boolean {
  if (c.req.header(CSRF_HEADER)?.toLowerCase() === CSRF_HEADER_VALUE) return true;
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return false;
  const host = c.req.header("host") ?? new URL(c.req.url).host;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Sets the session cookie after a successful login. */
export function setSessionCookie(c: Context, sessionId: string): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: isHttps(c),
  });
}

/** Expires the session cookie (logout, or an unknown/expired session). */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Strict", secure: isHttps(c) });
}

/** The session id from the request's cookie, if any. */
export function sessionIdOf(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** The auth + CSRF middleware for `/api/v1/*` (see the module comment for the rules). */
export function authMiddleware(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (STATE_CHANGING.has(method) && !passesCsrfCheck(c)) {
      throw new ProblemError(
        problem(
          403,
          "csrf",
          `State-changing requests need the header "${CSRF_HEADER}: ${CSRF_HEADER_VALUE}" or a same-origin Origin header.`,
        ),
      );
    }
    if (isPublicRoute(method, c.req.path)) return next();

    const sessionId = sessionIdOf(c);
    const me = sessionId ? await getSessionUser(ctx, sessionId) : null;
    if (!sessionId || !me) {
      if (sessionId) clearSessionCookie(c);
      throw new ProblemError(
        problem(401, "unauthenticated", sessionId ? "The session has expired; log in again." : "Log in first."),
      );
    }
    c.set("me", me);
    c.set("sessionId", sessionId);
    if (me.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(c.req.path)) {
      throw new ProblemError(
        problem(403, "password-change-required", "Change the one-time password first (POST /api/v1/auth/password)."),
      );
    }
    if (me.mustEnrolTotp && !TOTP_ENROLMENT_ALLOWED.has(c.req.path)) {
      throw new ProblemError(
        problem(
          403,
          "totp-enrolment-required",
          "Your role needs a second factor: enrol an authenticator app first (POST /api/v1/auth/totp/enrol, then /auth/totp/confirm).",
        ),
      );
    }
    await enforceRoutePolicy(ctx, c);
    await next();
    if (c.req.query("format") === "csv" && c.res.status === 200) {
      await appendAuditEvent(ctx, {
        actor: me.username,
        roles: me.roles,
        action: "export.csv",
        object: c.req.path,
        outcome: "success",
        clientAddress: clientAddressOf(c),
        details: {
          query: c.req.query(),
          ...(c.req.header("x-forwarded-for") ? { forwardedFor: c.req.header("x-forwarded-for") } : {}),
        },
      });
    }
  };
}

/** The peer address of the socket (Node server); null for in-process requests. X-Forwarded-For is not trusted. */
export function clientAddressOf(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
