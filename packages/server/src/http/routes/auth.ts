/**
 * `/api/v1/auth/*`: minimal session login for the web UI (services/auth). Cookie handling lives in
 * `middleware/auth.ts`; this module only calls the services and sets/clears the cookie through it.
 */

import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import { TotpConfirmRequest, TotpEnrolment } from "@tracewater/contract";
import type { Context } from "hono";
import { logoutEverywhere } from "../../services/auth/auth.js";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../../services/auth/totp.js";
import type { AppContext } from "../../services/index.js";
import { changePassword, login, logout } from "../../services/index.js";
import { clearSessionCookie, sessionIdOf, setSessionCookie } from "../middleware/auth.js";
import { type App, authErrors, json, S } from "../openapi.js";

const tags = ["auth"];

/** The peer address of the request (Node server), or `unknown` (in-process requests). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function registerAuthRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/login",
      tags,
      summary: "Log in; sets the tw_session cookie",
      security: [],
      request: { body: { required: true, content: { "application/json": { schema: S.LoginRequest } } } },
      responses: {
        200: json(S.Me, "The logged-in user."),
        400: authErrors[400],
        401: authErrors[401],
        403: authErrors[403],
        423: { description: "Account locked after repeated failures (problem `locked`)." },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { sessionId, me } = await login(ctx, { ...body, clientAddress: clientAddress(c) });
      setSessionCookie(c, sessionId);
      return c.json(me, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/logout",
      tags,
      summary: "Log out; ends the session and clears the cookie",
      responses: { 204: { description: "Logged out." }, ...authErrors },
    }),
    async (c) => {
      const sessionId = sessionIdOf(c);
      if (sessionId) await logout(ctx, sessionId, clientAddress(c));
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/auth/me",
      tags,
      summary: "The current user",
      responses: { 200: json(S.Me, "The current user."), ...authErrors },
    }),
    (c) => c.json(c.get("me"), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/password",
      tags,
      summary: "Change the current user's password (required after the first login)",
      request: { body: { required: true, content: { "application/json": { schema: S.ChangePasswordRequest } } } },
      responses: {
        200: json(S.Me, "Password changed (mustChangePassword is now false); other sessions of the user ended."),
        ...authErrors,
      },
    }),
    async (c) => c.json(await changePassword(ctx, c.get("sessionId"), c.req.valid("json"), clientAddress(c)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/totp/enrol",
      tags,
      summary: "Start TOTP enrolment: a new secret, its otpauth URI and a QR code (SVG); active after /totp/confirm",
      responses: { 200: json(TotpEnrolment, "The new secret, shown once."), ...authErrors },
    }),
    async (c) => c.json(await beginTotpEnrolment(ctx, c.get("sessionId")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/totp/confirm",
      tags,
      summary: "Confirm TOTP enrolment with the authenticator's current code; login then needs a code",
      request: { body: { required: true, content: { "application/json": { schema: TotpConfirmRequest } } } },
      responses: { 200: json(S.Me, "The user, now with totpEnabled."), ...authErrors },
    }),
    async (c) =>
      c.json(await confirmTotpEnrolment(ctx, c.get("sessionId"), c.req.valid("json").code, clientAddress(c)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/auth/logout-everywhere",
      tags,
      summary: "End every session of the current user (all browsers and devices); clears the cookie",
      responses: {
        200: json(z.object({ sessions: z.number().int() }), "How many sessions ended."),
        ...authErrors,
      },
    }),
    async (c) => {
      const sessions = await logoutEverywhere(ctx, c.get("sessionId"), clientAddress(c));
      clearSessionCookie(c);
      return c.json({ sessions }, 200);
    },
  );
}
