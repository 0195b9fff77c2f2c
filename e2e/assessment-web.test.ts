/**
 * Browser test of the assessment page (毒情研判) against the real server: a fresh data dir with the SIMULATED
 * changzhi-demo assessment data seeded, a city analyst session (created server-side, cookie given to Chromium),
 * the built UI served by `startServer`, Debian Chromium via playwright-core. Checks: the simulated banner, the
 * decline table (5 indicators × 13 jurisdictions), 12 ranked counties with grades, the county map canvas, the
 * survey table, no request leaving the server, no page errors. Screenshot: /tmp/tracewater-web-assessment.png.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff } from "../packages/server/src/http/test-support.js";
import { seedAssessmentDemo } from "../packages/server/src/services/assessment/seed-demo.js";
import { createAppContext } from "../packages/server/src/services/index.js";
import { launchChromium, prepareBrowserTest, closeBrowserTest, sessionPage } from "./support.js";

describe("assessment page in Chromium", () => {
  let ctx: Awaited<ReturnType<typeof createAppContext>>;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    prepareBrowserTest();
    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-assess-"));
    ctx = await createAppContext({
      dataDir,
      log: pino({ level: "warn" }),
      now: () => new Date("2026-06-01T08:00:00Z"),
    });
    await seedAssessmentDemo(ctx);
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
  }, 600_000);

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("shows the decline table, the ranking with grades, the map and the surveys (zh-CN)", async () => {
    const { sessionId } = await createLoggedInStaff(ctx, {
      username: "analyst2",
      roles: ["city_analyst"],
      jurisdictionCode: "140400",
    });
    const { page, requests, errors } = await sessionPage(browser, server.url, sessionId);
    await page.goto(`${server.url}/assessment`);
    await page.getByTestId("assessment-page").waitFor({ timeout: 60_000 });
    await page.getByTestId("simulated-banner").waitFor();
    await page.locator("[data-testid=decline-table] tr.ant-table-row").first().waitFor({ timeout: 60_000 });
    await page.locator("[data-testid=index-table] tr.ant-table-row").nth(11).waitFor({ timeout: 60_000 });
    expect(await page.locator("[data-testid=index-table] tr.ant-table-row").count()).toBe(12);
    // default: the last 2 years; the simulated existing users fall in both → at least one "是" (continuous)
    await page.getByTestId("continuous-yes").first().waitFor({ timeout: 60_000 });
    await page.locator("[data-testid=grade-map] canvas").first().waitFor({ timeout: 60_000 });
    await page.locator("[data-testid=survey-table] tr.ant-table-row").first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: "/tmp/tracewater-web-assessment.png", fullPage: true });
    expect(
      requests.filter((r) => !r.startsWith(server.url) && !r.startsWith("data:") && !r.startsWith("blob:")),
    ).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
