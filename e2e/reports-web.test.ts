/**
 * Browser test of the reports page (毒情形势评估报告) against the real server: a fresh data dir with the bundled
 * EUDA 2025 data, a city analyst session, the built UI served by `startServer`, Debian Chromium via
 * playwright-core. The analyst generates the 2024 report of AT001 (Graz) from the form, reviews and issues it, and
 * downloads the PDF and the .docx. Expected number from data/euda-esdm-2025/ww2025-all-data.csv: Graz 2024
 * benzoylecgonine ("cocaine" row) daily mean 332.85 mg/day/1000 inh. Screenshot: /tmp/tracewater-web-reports.png.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff } from "../packages/server/src/http/test-support.js";
import { compact, docxText, pdfText } from "../packages/server/src/reports/text-extract.js";
import { createAppContext, seedBundledData } from "../packages/server/src/services/index.js";
import { closeBrowserTest, downloadFrom, launchChromium, prepareBrowserTest, sessionPage } from "./support.js";

describe("reports page in Chromium", () => {
  let ctx: Awaited<ReturnType<typeof createAppContext>>;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    prepareBrowserTest();
    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-reports-"));
    ctx = await createAppContext({ dataDir, log: pino({ level: "warn" }) });
    process.env.TRACEWATER_DETECT_AFTER_IMPORT = "0";
    await seedBundledData(ctx);
    delete process.env.TRACEWATER_DETECT_AFTER_IMPORT;
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
  }, 600_000);

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("generates the AT001 2024 report, reviews, issues and downloads it (zh-CN)", async () => {
    const { sessionId } = await createLoggedInStaff(ctx, {
      username: "report-analyst",
      roles: ["city_analyst"],
      jurisdictionCode: "140400",
    });
    const { page, requests, errors } = await sessionPage(browser, server.url, sessionId, { acceptDownloads: true });
    await page.goto(`${server.url}/`);
    await page.getByTestId("nav-reports").click();
    await page.getByTestId("reports-page").waitFor({ timeout: 60_000 });

    const jurisdiction = page.getByTestId("report-jurisdiction").locator("input");
    await jurisdiction.fill("AT001");
    await page.keyboard.press("Escape");
    await page.getByTestId("report-period").fill("2024");
    await page.getByTestId("report-generate").click();
    await page.getByTestId("report-view").waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId("report-status").textContent(), { timeout: 30_000 }).toBe("草稿");
    expect(await page.getByTestId("report-title").textContent()).toBe("Graz（AT001）毒情形势评估报告");
    const summary = (await page.getByTestId("report-section-summary").textContent()) ?? "";
    expect(summary).toContain("苯甲酰爱康宁人口加权负荷为332.85 mg/天/千人");

    await page.getByTestId("report-analyst-text").fill("格拉茨可卡因负荷较上年上升，建议持续监测。");
    await page.getByTestId("report-save-text").click();
    await expect
      .poll(async () => (await page.getByTestId("report-history").textContent()) ?? "")
      .toContain("修改研判意见");
    await page.getByTestId("report-review").click();
    await expect.poll(() => page.getByTestId("report-status").textContent()).toBe("已审核");
    await page.getByTestId("report-issue").click();
    await expect.poll(() => page.getByTestId("report-status").textContent()).toBe("已签发");
    expect(await page.getByTestId("report-review").isDisabled()).toBe(true);
    await page.locator("[data-testid=reports-table] tr.ant-table-row").first().waitFor();
    expect(await page.getByTestId("reports-table").textContent()).toContain("已签发");
    await page.waitForTimeout(300);
    await page.screenshot({ path: "/tmp/tracewater-web-reports.png", fullPage: true });

    const { bytes: pdf } = await downloadFrom(page, "report-download-pdf", "/file?format=pdf");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pdfTextCompact = compact(await pdfText(pdf));
    expect(pdfTextCompact).toContain("苯甲酰爱康宁人口加权负荷为332.85mg/天/千人");
    expect(pdfTextCompact).toContain("格拉茨可卡因负荷较上年上升，建议持续监测。");

    const docxFile = await downloadFrom(page, "report-download-docx", "/file?format=docx");
    expect(docxFile.suggestedFilename).toMatch(/^report-AT001-2024-issued\.docx$/);
    const docx = docxFile.bytes;
    expect(compact(docxText(docx))).toContain("八、分析研判意见格拉茨可卡因负荷较上年上升，建议持续监测。");

    const foreign = requests.filter((u) => /^(https?|wss?):/.test(u) && new URL(u).hostname !== "127.0.0.1");
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
