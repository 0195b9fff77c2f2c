/**
 * Shared set-up of the browser tests (Playwright-core driving Debian Chromium against the real server):
 * building the web UI when stale, launching Chromium with the flags a closed network needs, and the password +
 * authenticator-code login.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "otplib";
import { type Browser, type BrowserContextOptions, chromium, type Page, type Response } from "playwright-core";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Builds the web UI when `packages/web/dist` is stale (`scripts/build-web-if-needed.mjs`) and checks that Chromium
 * is installed. @throws Error when the build fails or Chromium is missing (`apt-get install -y chromium`)
 */
export function prepareBrowserTest(): void {
  const build = spawnSync(process.execPath, [path.join(REPO, "scripts", "build-web-if-needed.mjs")], {
    cwd: REPO,
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("building the web UI failed (node scripts/build-web-if-needed.mjs)");
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
}

/**
 * Headless Chromium without background connections (on a closed network they are refused, many at a time, and
 * would also show up in the tests' "no request leaves 127.0.0.1" checks).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * Logs in on `${baseUrl}/login` with the password, then the current authenticator code of `totpSecret`. The code
 * of the NEXT 30-s step is used: an enrolment in the test set-up has just consumed the current one, and the server
 * accepts ±1 step of drift (RFC 6238 §5.2).
 */
export async function loginWithTotp(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  totpSecret: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("login-totp").waitFor();
  await page
    .getByTestId("login-totp")
    .fill(await generate({ secret: totpSecret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByTestId("login-submit").click();
}

/** What a browser test started in `beforeAll`; any of it may be missing when the set-up failed half-way. */
export interface BrowserTestResources {
  browser?: Browser;
  server?: { close(): Promise<void> };
  ctx?: { database?: { close(): Promise<void> } };
  dataDir?: string;
}

/** `afterAll` of a browser test: closes the browser, the server and the database, and removes the data dir. */
export async function closeBrowserTest(r: BrowserTestResources): Promise<void> {
  await r.browser?.close();
  await r.server?.close();
  await r.ctx?.database?.close();
  if (r.dataDir) rmSync(r.dataDir, { recursive: true, force: true });
}

/**
 * A page already logged in with the server-side session `sessionId` (the `tw_session` cookie, as the login sets
 * it), in a zh-CN context of `options` (default viewport 1440 × 1000); `requests` and `errors` collect every request
 * URL and page error, for the "nothing leaves the server" and "no script error" checks.
 */
export async function sessionPage(
  browser: Browser,
  serverUrl: string,
  sessionId: string,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const url = new URL(serverUrl);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "zh-CN", ...options });
  await context.addCookies([
    { name: "tw_session", value: sessionId, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Strict" },
  ]);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, requests, errors };
}

/**
 * Clicks the download link `testId` and returns the file's bytes and suggested name. Waits up to `timeoutMs` (the
 * server renders the file on request; a loaded CI machine has taken over 30 s). On a timeout the error names every
 * response of `urlPart` the page saw (status, Content-Type, Content-Disposition, ms after the click), or says that
 * none came, so a failure tells whether the click, the server or the browser's download handling was at fault.
 */
export async function downloadFrom(
  page: Page,
  testId: string,
  urlPart: string,
  timeoutMs = 120_000,
): Promise<{ bytes: Buffer; suggestedFilename: string }> {
  const seen: string[] = [];
  const started = Date.now();
  const onResponse = (r: Response) => {
    if (!r.url().includes(urlPart)) return;
    const h = r.headers();
    seen.push(
      `${r.status()} ${r.url()} ${h["content-type"] ?? "-"} ${h["content-disposition"] ?? "-"} +${Date.now() - started} ms`,
    );
  };
  page.on("response", onResponse);
  try {
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: timeoutMs }),
      page.getByTestId(testId).click({ timeout: timeoutMs }),
    ]).catch((e: unknown) => {
      const what = seen.length > 0 ? `responses: ${seen.join("; ")}` : `no response of ${urlPart}`;
      throw new Error(`no download from ${testId} after ${Date.now() - started} ms (${what}): ${String(e)}`);
    });
    return { bytes: readFileSync(await download.path()), suggestedFilename: download.suggestedFilename() };
  } finally {
    page.off("response", onResponse);
  }
}
