/**
 * Browser test of the import page's data-source field (issue #4: `POST /api/v1/imports` form field `source`) against
 * the real server (in-process) in Debian Chromium: a lab technician (`lab_technician`, 潞州区) uploads a site registry
 * with travel times under the label `county-lab-2025`; the sites are stored with that source and the link times
 * (read back from the database); a label with capitals is flagged in the form and blocks the upload.
 * Requires /usr/bin/chromium.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff, TEST_PASSWORD } from "../packages/server/src/http/test-support.js";
import { createAppContext } from "../packages/server/src/services/index.js";
import { launchChromium, prepareBrowserTest, closeBrowserTest } from "./support.js";

const USER = "src-lab";

type Ctx = Awaited<ReturnType<typeof createAppContext>>;
let ctx: Ctx;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let dataDir: string;

describe("import page: data-source label", () => {
  beforeAll(async () => {
    prepareBrowserTest();
    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-import-source-"));
    ctx = await createAppContext({ dataDir, log: pino({ level: "warn" }) });
    await createLoggedInStaff(ctx, {
      username: USER,
      roles: ["lab_technician"],
      jurisdictionCode: "140403",
      totp: false,
    });
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
  }, 300_000);

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("uploads a registry under the given label; a bad label blocks the upload", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId("login-username").fill(USER);
    await page.getByTestId("login-password").fill(TEST_PASSWORD);
    await page.getByTestId("login-submit").click();
    // a lab technician may not read monitoring data: after login it lands on its first page, the import page
    await page.getByTestId("import-page").waitFor();

    const csv = [
      "site_code,name,kind,jurisdiction_code,downstream_site,流达时间(小时)",
      "SW-WWTP,厂,污水处理厂,140403,,",
      "SW-PS,泵站,泵站,140403,SW-WWTP,1.4",
      "",
    ].join("\n");
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "registry.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByTestId("import-dry-run").click(); // off: really import

    await page.getByTestId("import-source").fill("County Lab");
    await page.getByText("只能使用小写字母、数字和“-”").waitFor();
    expect(await page.getByTestId("import-submit").isDisabled()).toBe(true);

    await page.getByTestId("import-source").fill("county-lab-2025");
    expect(await page.getByTestId("import-submit").isDisabled()).toBe(false);
    const posted = page.waitForResponse((r) => r.url().includes("/api/v1/imports") && r.request().method() === "POST");
    await page.getByTestId("import-submit").click();
    const res = await posted;
    expect(res.status()).toBe(200);
    const stored = await ctx.database.raw.query<{ code: string; source: string; h: number | null }>(
      "SELECT code, source, travel_time_to_downstream_hours AS h FROM site WHERE code LIKE 'SW-%' ORDER BY code",
    );
    expect(stored.rows.map((r) => [r.code, r.source, r.h === null ? null : Number(r.h)])).toEqual([
      ["SW-PS", "county-lab-2025", 1.4],
      ["SW-WWTP", "county-lab-2025", null],
    ]);
  });
});
