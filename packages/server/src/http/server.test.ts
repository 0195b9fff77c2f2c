/**
 * `startServer` over real HTTP (Node server on a free port) with a real PGlite AppContext seeded with the
 * EUDA data: static UI + SPA fallback, API next to it, the not-built page, and the first-login flow
 * (one-time password → only /auth/* until the password is changed) with the cookie round-tripping.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Me, Site, TotpEnrolment } from "@tracewater/contract";
import { generate } from "otplib";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../services/index.js";
import { createAppContext, ensureInitialAccounts, seedBundledData } from "../services/index.js";
import { type RunningServer, startServer } from "./server.js";

let ctx: AppContext;
let tmp: string;
let admin: { username: string; password: string };
let withUi: RunningServer;
let withoutUi: RunningServer;

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "tracewater-server-"));
  ctx = await createAppContext({ dataDir: path.join(tmp, "var"), log: pino({ level: "silent" }) });
  await seedBundledData(ctx);
  const created = (await ensureInitialAccounts(ctx)).find((a) => a.username === "analyst");
  if (!created) throw new Error("expected the first-start city analyst");
  admin = created;
  const dist = path.join(tmp, "dist");
  await mkdir(path.join(dist, "assets"), { recursive: true });
  await writeFile(path.join(dist, "index.html"), INDEX_HTML);
  await writeFile(path.join(dist, "assets", "app.js"), "console.log('tracewater');\n");
  withUi = await startServer({ ctx, host: "127.0.0.1", port: 0, webDistDir: dist });
  withoutUi = await startServer({ ctx, host: "127.0.0.1", port: 0, webDistDir: path.join(tmp, "missing") });
});

afterAll(async () => {
  await withUi?.close();
  await withoutUi?.close();
  await ctx?.database.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("startServer", () => {
  it("listens on the given host and a free port", () => {
    expect(withUi.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(withUi.url).not.toBe(withoutUi.url);
  });

  it("serves the built UI, its assets, and index.html for client-side routes, with the CSP", async () => {
    const root = await fetch(`${withUi.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe(INDEX_HTML);
    expect(root.headers.get("content-security-policy")).toContain("default-src 'self'");
    const asset = await fetch(`${withUi.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    const deep = await fetch(`${withUi.url}/sites/AT001/trend`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get("content-type")).toMatch(/text\/html/);
    expect(await deep.text()).toBe(INDEX_HTML);
    const dotted = await fetch(`${withUi.url}/sites/CZ.01`);
    expect(await dotted.text()).toBe(INDEX_HTML);
    // a stale hashed asset is a 404, never the HTML page (a browser would refuse it as a module script)
    const stale = await fetch(`${withUi.url}/assets/index-OLDHASH.js`);
    expect(stale.status).toBe(404);
  });

  it("never answers index.html for API paths", async () => {
    const health = await fetch(`${withUi.url}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const unknown = await fetch(`${withUi.url}/api/v1/nope`);
    expect(unknown.status).toBe(401); // unknown API paths are behind auth too
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
  });

  it("without a built UI, pages say to run `npm run build:web`; the API still works", async () => {
    const res = await fetch(`${withoutUi.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:web");
    expect((await fetch(`${withoutUi.url}/api/v1/health`)).status).toBe(200);
  });
});

describe("first login over HTTP", () => {
  it("one-time password → only /auth/* until changed → then the API", async () => {
    const post = (url: string, body: unknown, cookie?: string) =>
      fetch(`${withUi.url}${url}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-requested-with": "tracewater",
          ...(cookie ? { cookie } : {}),
        },
        body: JSON.stringify(body),
      });
    const login = await post("/api/v1/auth/login", admin);
    expect(login.status).toBe(200);
    expect(Me.parse(await login.json())).toMatchObject({ username: "analyst", mustChangePassword: true });
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;

    const blocked = await fetch(`${withUi.url}/api/v1/sites/AT001`, { headers: { cookie } });
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).code).toBe("password-change-required");
    expect((await fetch(`${withUi.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);

    const tooShort = await post("/api/v1/auth/password", { oldPassword: admin.password, newPassword: "short" }, cookie);
    expect(tooShort.status).toBe(400);
    expect((await tooShort.json()).errors[0].path).toBe("newPassword");

    const changed = await post(
      "/api/v1/auth/password",
      { oldPassword: admin.password, newPassword: "A-much-longer-passphrase" },
      cookie,
    );
    expect(changed.status).toBe(200);
    expect(Me.parse(await changed.json()).mustChangePassword).toBe(false);

    // the city analyst sees person data: TOTP is mandatory before anything else (SEC-04)
    const gated = await fetch(`${withUi.url}/api/v1/sites/AT001`, { headers: { cookie } });
    expect(gated.status).toBe(403);
    expect((await gated.json()).code).toBe("totp-enrolment-required");
    const enrol = await post("/api/v1/auth/totp/enrol", {}, cookie);
    expect(enrol.status).toBe(200);
    const { secret, uri, qrSvg } = TotpEnrolment.parse(await enrol.json());
    expect(uri).toBe(`otpauth://totp/Tracewater:analyst?secret=${secret}&issuer=Tracewater`);
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const wrong = await post("/api/v1/auth/totp/confirm", { code: "000000" }, cookie);
    expect(wrong.status).toBe(401);
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
    const confirmed = await post("/api/v1/auth/totp/confirm", { code }, cookie);
    expect(confirmed.status).toBe(200);
    expect(Me.parse(await confirmed.json())).toMatchObject({ totpEnabled: true, mustEnrolTotp: false });

    const site = await fetch(`${withUi.url}/api/v1/sites/AT001`, { headers: { cookie } });
    expect(site.status).toBe(200);
    expect(Site.parse(await site.json()).city).toBe("Graz");
  });
});
