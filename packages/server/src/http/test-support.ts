/**
 * Test support for the HTTP tests (not a test itself): a real AppContext on a fresh PGlite in a temp
 * directory, seeded with the bundled EUDA data, the app, and a logged-in staff session.
 *
 * The default session is `analyst`, a city analyst (`city_analyst`) of 长治市 (140400), password
 * {@link TEST_PASSWORD}, TOTP enrolled (issue #3: the administrators of 三权分立 may NOT read monitoring data, so
 * tests of data routes use a data role). `loginAs` creates and logs in any other role/jurisdiction.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "otplib";
import pino from "pino";
import type { Role } from "../security/roles.js";
import { hashPassword } from "../services/auth/passwords.js";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../services/auth/totp.js";
import type { AppContext } from "../services/index.js";
import { createAppContext, login, seedBundledData } from "../services/index.js";
import { insertStaffAccount } from "../services/security/staff.js";
import { createApp } from "./app.js";
import { CSRF_HEADER, CSRF_HEADER_VALUE, SESSION_COOKIE } from "./middleware/auth.js";
import type { App } from "./openapi.js";

export const TEST_PASSWORD = "Correct-horse-battery-staple";

/** A logged-in test user. */
export interface TestSession {
  username: string;
  /** `tw_session=<id>` */
  cookie: string;
  sessionId: string;
  /** base32 TOTP secret (enrolled), for computing codes with otplib */
  totpSecret: string | null;
  /** GET/POST… with this session's cookie (and the CSRF header for state-changing methods) */
  request(pathAndQuery: string, init?: RequestInit): Promise<Response>;
}

export interface StaffSpec {
  username: string;
  roles: Role[];
  /** jurisdiction code (e.g. `140400` city, `140403` 潞州区); null for administrators */
  jurisdictionCode: string | null;
  /** enrol TOTP (default true: mandatory for person-data and administrator roles) */
  totp?: boolean;
}

export interface HttpTestEnv {
  ctx: AppContext;
  app: App;
  /** `tw_session=<id>` of the logged-in default user `analyst` (city analyst, 140400) */
  cookie: string;
  /** user name of the default session (`analyst`) */
  username: string;
  /** GET/POST… with the default session's cookie (and the CSRF header for state-changing methods) */
  request(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** creates the account (password {@link TEST_PASSWORD}, already changed, TOTP enrolled) and logs it in */
  loginAs(spec: StaffSpec): Promise<TestSession>;
  close(): Promise<void>;
}

/** The default test user. */
export const DEFAULT_TEST_USER: StaffSpec = {
  username: "analyst",
  roles: ["city_analyst"],
  jurisdictionCode: "140400",
};

function requester(app: App, cookie: string) {
  return (pathAndQuery: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has("cookie")) headers.set("cookie", cookie);
    const method = (init.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD" && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, CSRF_HEADER_VALUE);
    return Promise.resolve(app.request(pathAndQuery, { ...init, headers }));
  };
}

/**
 * Creates a staff account with {@link TEST_PASSWORD} (no forced change), logs it in and, unless `totp: false`,
 * enrols TOTP through the real enrolment services (the session stays valid). Usable outside HTTP tests.
 */
export async function createLoggedInStaff(
  ctx: AppContext,
  spec: StaffSpec,
): Promise<{ sessionId: string; totpSecret: string | null }> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await ctx.database.transaction((tx) =>
    insertStaffAccount(ctx, tx, {
      username: spec.username,
      passwordHash,
      roles: spec.roles,
      jurisdictionCode: spec.jurisdictionCode,
      mustChangePassword: false,
    }),
  );
  const { sessionId } = await login(ctx, { username: spec.username, password: TEST_PASSWORD, clientAddress: "test" });
  if (spec.totp === false) return { sessionId, totpSecret: null };
  const { secret } = await beginTotpEnrolment(ctx, sessionId);
  const code = await generate({ secret, epoch: Math.floor(ctx.now().getTime() / 1000) });
  await confirmTotpEnrolment(ctx, sessionId, code);
  return { sessionId, totpSecret: secret };
}

/** Creates the context in a temp dir, seeds the bundled EUDA data, creates and logs in `analyst`. */
export async function createHttpTestEnv(options: { seed?: boolean; user?: StaffSpec } = {}): Promise<HttpTestEnv> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tracewater-http-"));
  let ctx: AppContext | undefined;
  const user = options.user ?? DEFAULT_TEST_USER;
  let sessionId: string;
  try {
    ctx = await createAppContext({ dataDir, log: pino({ level: "silent" }) });
    if (options.seed !== false) await seedBundledData(ctx);
    ({ sessionId } = await createLoggedInStaff(ctx, user));
  } catch (err) {
    await ctx?.database.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const app = createApp(ctx);
  const cookie = `${SESSION_COOKIE}=${sessionId}`;
  const c = ctx;
  return {
    ctx,
    app,
    cookie,
    username: user.username,
    request: requester(app, cookie),
    async loginAs(spec) {
      const s = await createLoggedInStaff(c, spec);
      const sc = `${SESSION_COOKIE}=${s.sessionId}`;
      return {
        username: spec.username,
        cookie: sc,
        sessionId: s.sessionId,
        totpSecret: s.totpSecret,
        request: requester(app, sc),
      };
    },
    async close() {
      await c.database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
