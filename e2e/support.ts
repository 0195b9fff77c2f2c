/**
 * Shared set-up of the browser tests (Playwright-core driving Debian Chromium against the real server):
 * building the web UI when stale, launching Chromium with the flags a closed network needs, and the password +
 * authenticator-code login.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "otplib";
import { type Browser, chromium, type Page } from "playwright-core";

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
