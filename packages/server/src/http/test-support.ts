/**
 * Test support for the HTTP tests (not a test itself): a real AppContext on a fresh PGlite in a temp
 * directory, seeded with the bundled EUDA data, the app, and a logged-in admin session (password changed).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { AppContext } from "../services/index.js";
import { changePassword, createAppContext, ensureInitialAdmin, login, seedBundledData } from "../services/index.js";
import { createApp } from "./app.js";
import { CSRF_HEADER, CSRF_HEADER_VALUE, SESSION_COOKIE } from "./middleware/auth.js";
import type { App } from "./openapi.js";

export const TEST_PASSWORD = "Correct-horse-battery-staple";

export interface HttpTestEnv {
  ctx: AppContext;
  app: App;
  /** `tw_session=<id>` of a logged-in admin whose password is already changed to {@link TEST_PASSWORD} */
  cookie: string;
  /** GET/POST… with the session cookie (and the CSRF header for state-changing methods) */
  request(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Creates the context in a temp dir, seeds the bundled EUDA data, creates and logs in the admin. */
export async function createHttpTestEnv(options: { seed?: boolean } = {}): Promise<HttpTestEnv> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tracewater-http-"));
  let ctx: AppContext | undefined;
  let sessionId: string;
  try {
    ctx = await createAppContext({ dataDir, log: pino({ level: "silent" }) });
    if (options.seed !== false) await seedBundledData(ctx);
    const admin = await ensureInitialAdmin(ctx);
    if (!admin) throw new Error("expected a fresh database without an admin");
    const first = await login(ctx, { username: admin.username, password: admin.password, clientAddress: "test" });
    await changePassword(ctx, first.sessionId, { oldPassword: admin.password, newPassword: TEST_PASSWORD });
    sessionId = first.sessionId;
  } catch (err) {
    await ctx?.database.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const app = createApp(ctx);
  const cookie = `${SESSION_COOKIE}=${sessionId}`;
  return {
    ctx,
    app,
    cookie,
    request(pathAndQuery, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("cookie")) headers.set("cookie", cookie);
      const method = (init.method ?? "GET").toUpperCase();
      if (method !== "GET" && method !== "HEAD" && !headers.has(CSRF_HEADER))
        headers.set(CSRF_HEADER, CSRF_HEADER_VALUE);
      return Promise.resolve(app.request(pathAndQuery, { ...init, headers }));
    },
    async close() {
      await ctx.database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
