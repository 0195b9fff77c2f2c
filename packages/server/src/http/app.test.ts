/**
 * App-level HTTP tests on a real PGlite AppContext seeded with the bundled EUDA data: login/logout/me,
 * the one auth middleware covering every route, CSRF, problem+json, validation, OpenAPI and security headers.
 */

import { Health, Me, Problem } from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAPI_PATH } from "./app.js";
import { CSRF_HEADER, isPublicRoute, PUBLIC_ROUTES, SESSION_COOKIE } from "./middleware/auth.js";
import { createHttpTestEnv, type HttpTestEnv, TEST_PASSWORD } from "./test-support.js";

let env: HttpTestEnv;
beforeAll(async () => {
  env = await createHttpTestEnv();
  // a leader (aggregates only: TOTP not mandatory) for the login-flow tests, which log in repeatedly
  await env.loginAs({ username: "viewer", roles: ["leader"], jurisdictionCode: "140400", totp: false });
});
afterAll(async () => {
  await env?.close();
});

/** Asserts an RFC 9457 problem response and returns its body. */
async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = Problem.parse(await res.json());
  expect(body).toMatchObject({ status, code, type: `/problems/${code}` });
  return body;
}

function sessionCookieOf(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return header;
}

/** Example values for path parameters when calling every route. */
const PARAM_EXAMPLES: Record<string, string> = {
  code: "AT001",
  id: "00000000-0000-0000-0000-000000000000",
  name: "changzhi",
};

/** Every (method, path) registered under /api/v1 (middleware excluded), with params filled in. */
function apiRoutes(): { method: string; path: string; template: string }[] {
  const seen = new Map<string, { method: string; path: string; template: string }>();
  for (const r of env.app.routes) {
    if (r.method === "ALL" || !r.path.startsWith("/api/v1/")) continue;
    const path = r.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => PARAM_EXAMPLES[name] ?? "x");
    seen.set(`${r.method} ${r.path}`, { method: r.method, path, template: r.path.replace(/:([A-Za-z]+)/g, "{$1}") });
  }
  return [...seen.values()];
}

describe("public routes", () => {
  it("GET /health answers without a session", async () => {
    const res = await env.app.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(Health.parse(await res.json()).status).toBe("ok");
  });

  it("exactly health, openapi.json and login are public", () => {
    expect(PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "GET /api/v1/health",
      "GET /api/v1/openapi.json",
      "POST /api/v1/auth/login",
    ]);
  });
});

describe("authentication", () => {
  it("GET /auth/me without a session → 401 problem unauthenticated", async () => {
    await expectProblem(await env.app.request("/api/v1/auth/me"), 401, "unauthenticated");
  });

  it("an unknown session id → 401 and the cookie is cleared", async () => {
    const res = await env.app.request("/api/v1/auth/me", { headers: { cookie: `${SESSION_COOKIE}=not-a-session` } });
    await expectProblem(res, 401, "unauthenticated");
    expect(sessionCookieOf(res)).toMatch(/Max-Age=0/);
  });

  it("wrong password → 401 bad-credentials, no cookie", async () => {
    const res = await env.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "tracewater" },
      body: JSON.stringify({ username: "viewer", password: "wrong-password-123" }),
    });
    await expectProblem(res, 401, "bad-credentials");
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it("login → cookie (HttpOnly, SameSite=Strict, Path=/, not Secure on http) → me → logout → 401", async () => {
    const login = await env.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "tracewater" },
      body: JSON.stringify({ username: "viewer", password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(Me.parse(await login.json())).toMatchObject({
      username: "viewer",
      roles: ["leader"],
      mustChangePassword: false,
    });
    const setCookie = sessionCookieOf(login);
    expect(setCookie).toBeDefined();
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie!.split(";")[0]!;

    const me = await env.app.request("/api/v1/auth/me", { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(Me.parse(await me.json()).username).toBe("viewer");

    const logout = await env.app.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie, [CSRF_HEADER]: "tracewater" },
    });
    expect(logout.status).toBe(204);
    expect(sessionCookieOf(logout)).toMatch(/Max-Age=0/);
    await expectProblem(await env.app.request("/api/v1/auth/me", { headers: { cookie } }), 401, "unauthenticated");
  });

  it("the cookie is Secure when the request came over https", async () => {
    const res = await env.app.request("https://tracewater.example/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: "tracewater" },
      body: JSON.stringify({ username: "viewer", password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(sessionCookieOf(res)).toMatch(/; Secure/);
  });

  it("every non-public API route answers 401 without a session (a new route cannot skip auth)", async () => {
    const routes = apiRoutes();
    // the registry holds every route of the issue; a failure here means a route was dropped
    expect(routes.length).toBeGreaterThanOrEqual(20);
    let checked = 0;
    for (const route of routes) {
      const headers: Record<string, string> = { [CSRF_HEADER]: "tracewater" };
      const res = await env.app.request(route.path, { method: route.method, headers });
      if (isPublicRoute(route.method, route.path)) {
        expect(res.status, `${route.method} ${route.path} is public`).not.toBe(401);
        continue;
      }
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect((await res.json()).code).toBe("unauthenticated");
      checked++;
    }
    expect(checked).toBe(routes.length - PUBLIC_ROUTES.length);
  });
});

describe("CSRF defence", () => {
  it("a POST with a session but without X-Requested-With or Origin → 403 csrf, and nothing happens", async () => {
    const res = await env.app.request("/api/v1/auth/logout", { method: "POST", headers: { cookie: env.cookie } });
    await expectProblem(res, 403, "csrf");
    expect((await env.request("/api/v1/auth/me")).status).toBe(200); // still logged in
  });

  it("a login POST from another origin → 403 csrf; from the same origin → accepted", async () => {
    const body = JSON.stringify({ username: "viewer", password: TEST_PASSWORD });
    const foreign = await env.app.request("http://localhost/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example", host: "localhost" },
      body,
    });
    await expectProblem(foreign, 403, "csrf");
    const same = await env.app.request("http://localhost/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" },
      body,
    });
    expect(same.status).toBe(200);
  });

  it("a wrong X-Requested-With value does not pass", async () => {
    const res = await env.app.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie: env.cookie, [CSRF_HEADER]: "XMLHttpRequest" },
    });
    await expectProblem(res, 403, "csrf");
  });
});

describe("errors and validation", () => {
  it("limit above 1000 → 400 validation listing the zod issue", async () => {
    const body = await expectProblem(await env.request("/api/v1/sites?limit=5000"), 400, "validation");
    expect(body.errors).toEqual([expect.objectContaining({ path: "limit", code: "too_big" })]);
  });

  it("missing required query parameters → 400 naming each", async () => {
    const body = await expectProblem(await env.request("/api/v1/weekly?site=AT001"), 400, "validation");
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(["analyte", "year"]);
  });

  it("an unknown site → 404 not-found", async () => {
    const body = await expectProblem(await env.request("/api/v1/sites/NOPE999"), 404, "not-found");
    expect(body.detail).toContain("NOPE999");
  });

  it("an unknown API path → 404 problem", async () => {
    await expectProblem(await env.request("/api/v1/no-such-thing"), 404, "not-found");
  });

  it("an unknown geo map → 400 validation (name is changzhi | shanxi)", async () => {
    await expectProblem(await env.request("/api/v1/geo/beijing"), 400, "validation");
  });
});

describe("OpenAPI", () => {
  it("serves an OpenAPI 3.1 document without a session listing every route", async () => {
    const res = await env.app.request(OPENAPI_PATH);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { in: string; name: string }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Tracewater API");
    for (const route of apiRoutes()) {
      if (route.template === OPENAPI_PATH) continue;
      const op = doc.paths[route.template]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.template} documented`).toBeDefined();
      expect(
        Object.keys(op!.responses).some((status) => /^2\d\d$/.test(status)),
        route.template,
      ).toBe(true);
      expect(op!.responses["401"] !== undefined || isPublicRoute(route.method, route.template)).toBe(true);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "Site",
        "Measurement",
        "WeeklyResponse",
        "TrendResponse",
        "ImportReport",
        "Problem",
        "SitePage",
      ]),
    );
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ in: "cookie", name: SESSION_COOKIE });
    expect(doc.paths["/api/v1/health"]?.get?.security).toEqual([]);
    expect(doc.paths["/api/v1/sites"]?.get?.responses["200"]).toMatchObject({
      content: { "text/csv; charset=utf-8": expect.anything(), "application/json": expect.anything() },
    });
  });
});

describe("security headers", () => {
  it("sets CSP (self only, inline styles for antd), nosniff, no-referrer and frame-ancestors none", async () => {
    const res = await env.app.request("/api/v1/health");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
