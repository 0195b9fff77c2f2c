/**
 * Browser test of the web UI against the real server (in-process): a fresh data dir, the bundled EUDA 2025 data
 * seeded, the first-start accounts created (the city analyst logs in), the built UI served by `startServer`, Debian Chromium driven by
 * playwright-core. Expected numbers come from the bundled data (data/euda-esdm-2025/ww2025-all-data.csv):
 *  - 2024 median over sites of the cocaine (benzoylecgonine) "Daily mean": 272.715 → shown as 272.7
 *    (154 sites; docs/science.md "Data facts useful for tests": BE 272.7);
 *  - AT001 Graz, MDMA, 2024: "Weekday mean" 10.27, "Weekend mean" 19.47 (row `2024,"MDMA","AT001",…`).
 * Screenshots go to /tmp/tracewater-web-*.png (not committed).
 * Requires /usr/bin/chromium (`apt-get install -y chromium`); the UI is built first when packages/web/dist is stale.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "otplib";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createAppContext, ensureInitialAccounts, seedBundledData } from "../packages/server/src/services/index.js";
import { launchChromium, prepareBrowserTest, closeBrowserTest } from "./support.js";

const NEW_PASSWORD = "e2e-Passwort-长治-2025";

type Ctx = Awaited<ReturnType<typeof createAppContext>>;
let ctx: Ctx;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let dataDir: string;
let admin: { username: string; password: string };
let auditor: { username: string; password: string };
const requests: string[] = [];
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/tracewater-web-${name}.png`, fullPage: true });
}

describe("web UI in Chromium against the real server", () => {
  beforeAll(async () => {
    prepareBrowserTest();

    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-"));
    ctx = await createAppContext({ dataDir, log: pino({ level: "warn" }) });
    await seedBundledData(ctx);
    // the first-start city analyst of 长治市 (the 三权分立 administrators may not read monitoring data)
    const accounts = await ensureInitialAccounts(ctx);
    const created = accounts.find((a) => a.username === "analyst");
    const audit = accounts.find((a) => a.username === "auditadmin");
    if (!created || !audit) throw new Error("a fresh data dir must create the initial accounts");
    admin = created;
    auditor = audit;
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => pageErrors.push(String(error)));
  });

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("logs in with the one-time analyst password, must change it and enrol TOTP first", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId("login-username").fill(admin.username);
    await page.getByTestId("login-password").fill("wrong-password-123");
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error").textContent()).resolves.toContain("用户名或密码错误");

    await page.getByTestId("login-password").fill(admin.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("change-password-form").waitFor();
    await shot("change-password");
    await page.getByTestId("new-password").fill(NEW_PASSWORD);
    await page.getByTestId("confirm-password").fill(NEW_PASSWORD);
    await page.getByTestId("change-password-submit").click();
    // the city analyst may see person data: TOTP enrolment is mandatory (QR rendered by the server)
    await page.getByTestId("totp-start").click();
    await page.getByTestId("totp-qr").waitFor();
    const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot("totp-enrolment");
    await page.getByTestId("totp-code").fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) }));
    await page.getByTestId("totp-confirm").click();
    await page.getByTestId("overview-page").waitFor();
    expect(await page.getByTestId("current-user").textContent()).toBe(admin.username);
  });

  it("overview shows the 2024 median BE load 272.7 mg/天/千人 with the EUDA attribution", async () => {
    // the EUDA source is chosen in the switch (the default follows the user's jurisdiction: a 长治 analyst opens on
    // the 长治 sites when there are any); the choice is kept for the tab, so the map below shows EUDA too
    await page.getByTestId("source-select").click();
    await page.locator(".ant-select-item-option").getByText("欧盟药物管理局 (EUDA)", { exact: false }).click();
    await page.locator(".ant-select-dropdown").waitFor({ state: "hidden" });
    const median = page.getByTestId("overview-median-benzoylecgonine");
    await median.waitFor();
    await expect.poll(() => median.textContent()).toContain("272.7");
    expect(await median.textContent()).toContain("mg/天/千人");
    expect(await page.getByTestId("overview-card-benzoylecgonine").textContent()).toContain("2024");
    expect(await page.getByTestId("euda-attribution").textContent()).toContain("EUDA (EMCDDA) and SCORE");
    await shot("overview-zh");
  });

  it("map page draws the sites on the offline base map", async () => {
    await page.getByTestId("nav-map").click();
    const map = page.getByTestId("site-map");
    await map.locator("canvas").first().waitFor();
    const box = await map.boundingBox();
    expect(box?.height).toBeGreaterThan(500);
    await page.waitForTimeout(800);
    await shot("map-zh");
    // the 长治 base map comes from the API (`/api/v1/geo/changzhi`, bundled GeoJSON)
    const geo = page.waitForResponse((r) => r.url().endsWith("/api/v1/geo/changzhi"));
    await page.getByTestId("region-switch").getByText("长治市").click();
    expect((await geo).status()).toBe(200);
    await map.locator("canvas").first().waitFor();
    await page.waitForTimeout(800);
    await shot("map-changzhi-zh");
  });

  it("site page AT001 (Graz) shows MDMA 2024 weekday/weekend means 10.27 / 19.47 and its charts", async () => {
    await page.goto(`${server.url}/sites/AT001?analyte=mdma&year=2024`);
    await page.getByTestId("site-title").waitFor();
    expect(await page.getByTestId("site-title").textContent()).toContain("AT001");
    const row = page.getByTestId("means-row-2024");
    await row.waitFor();
    expect(await row.getByTestId("weekday-mean").textContent()).toBe("10.27");
    expect(await row.getByTestId("weekend-mean").textContent()).toBe("19.47");
    expect(await row.getByTestId("daily-mean").textContent()).toBe("15.53");
    await page.getByTestId("yearly-chart").locator("canvas").first().waitFor();
    await page.getByTestId("weekday-chart").locator("canvas").first().waitFor();
    expect(await page.getByTestId("trend-test").isVisible()).toBe(true);
    // EUDA definition outside 2021: weekday = Tue–Thu, weekend = Fri–Mon (data/euda-esdm-2025/PROVENANCE.md)
    const definition = await page.getByTestId("weekday-definition").textContent();
    expect(definition).toContain("周二、周三、周四");
    expect(definition).toContain("周五、周六、周日、周一");
    await page
      .getByTestId("loads-chart")
      .locator("canvas")
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => {});
    await page.waitForTimeout(800);
    await shot("site-zh");
  });

  it("trends page shows the constant-panel BE trend with its 7-site panel and the changes table", async () => {
    await page.goto(`${server.url}/trends?analyte=benzoylecgonine&panel=constant`);
    await page.getByTestId("trend-chart").locator("canvas").first().waitFor();
    const panel = page.getByTestId("trend-panel");
    await panel.waitFor();
    // EUDA aggregated BE trend: the 7 sites with BE data in all 14 years (PROVENANCE.md check 2)
    for (const code of ["BE002", "ES002", "ES007", "HR002", "IT003", "NL002", "NL010"]) {
      expect(await panel.textContent()).toContain(code);
    }
    const changes = page.getByTestId("changes-table");
    await changes.waitFor();
    // EUDA 2024 vs 2023, BE, AT001 Graz: 332.85 vs 278.41 → +19.6 % → increase (ww2025-changes-all-substances.csv)
    const graz = changes.locator("tr", { hasText: "AT001" });
    expect(await graz.textContent()).toContain("332.85");
    expect(await graz.textContent()).toContain("+19.6 %");
    expect(await graz.textContent()).toContain("上升");
    await page.waitForTimeout(500);
    await shot("trends-zh");
    await graz.getByRole("link").click();
    await page.getByTestId("site-page").waitFor();
    expect(page.url()).toMatch(/\/sites\/AT001$/);
  });

  it("import page dry-runs a bad lab file and lists the errors with row, column and value", async () => {
    await page.getByTestId("nav-imports").click();
    await page.getByTestId("import-page").waitFor();
    const csv = [
      "site_code,sample_date,analyte,concentration,unit",
      "AT001,2024-13-45,methamphetamine,12.5,ng/L",
      "AT001,2024-03-20,unobtainium,3.1,ng/L",
      // 250 ng/mL = 250 000 ng/L > 100 000 ng/L: a plausibility warning (imports/plausibility.ts), listed too
      "AT001,2024-03-21,methamphetamine,250,ng/mL",
      "",
    ].join("\n");
    await page.locator('input[type="file"]').setInputFiles({
      name: "bad-lab.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.getByTestId("import-submit").click();
    const errors = page.getByTestId("import-errors");
    await errors.waitFor();
    const text = (await errors.textContent()) ?? "";
    expect(text).toContain("2024-13-45");
    expect(text).toContain("unobtainium");
    expect(text).toContain("bad-lab.csv");
    // the messages are translated from their code + params (i18n/import-messages.zh-CN.json), not the server's English
    expect(text).toContain("无法识别的分析物“unobtainium”；应为 甲基苯丙胺/METH/methamphetamine 这样的名称");
    expect(text).toContain("应为日期，如 2024-03-13");
    expect(text).not.toContain("unknown analyte");
    const summary = (await page.getByTestId("import-report").textContent()) ?? "";
    expect(summary).toContain("bad-lab.csv：2 处错误，未导入任何数据。");
    const warnings = (await page.getByTestId("import-warnings").textContent()) ?? "";
    expect(warnings).toContain("250 ng/mL");
    expect(warnings).toContain("methamphetamine：单位换算后为 250,000 ng/L，超过毒品残留物在原污水中的合理上限 100,000 ng/L");
    await shot("import-zh");
  });

  it("switches to English and keeps the numbers", async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId("language-switch").getByText("English").click();
    await expect.poll(() => page.getByTestId("nav-map").textContent()).toBe("Site map");
    const median = page.getByTestId("overview-median-benzoylecgonine");
    await expect.poll(() => median.textContent()).toContain("272.7");
    expect(await median.textContent()).toContain("mg/day/1000 inh");
    await shot("overview-en");
    await page.goto(`${server.url}/sites/AT001?analyte=mdma&year=2024`);
    await page.getByTestId("means-row-2024").waitFor();
    expect(await page.getByTestId("means-row-2024").getByTestId("weekend-mean").textContent()).toBe("19.47");
    await page.waitForTimeout(800);
    await shot("site-en");
    expect(await page.evaluate(() => localStorage.getItem("tracewater.lang"))).toBe("en");
  });

  it("the audit administrator (三权分立) lands on the administration page and verifies the audit chain", async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByTestId("logout-everywhere").click();
    await page.waitForURL(/\/login/);
    await page.getByTestId("login-username").fill(auditor.username);
    await page.getByTestId("login-password").fill(auditor.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("new-password").fill(NEW_PASSWORD);
    await page.getByTestId("confirm-password").fill(NEW_PASSWORD);
    await page.getByTestId("change-password-submit").click();
    await page.getByTestId("totp-start").click();
    const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
    await page.getByTestId("totp-code").fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) }));
    await page.getByTestId("totp-confirm").click();
    await page.getByTestId("admin-page").waitFor();
    await page.getByTestId("admin-audit-table").waitFor();
    await page.getByTestId("admin-audit-verify").click();
    await expect.poll(() => page.getByTestId("admin-audit-verdict").textContent()).toMatch(/intact|完整/);
    await shot("admin-audit");
  });

  it("sent no request to any host other than 127.0.0.1 and raised no page error", () => {
    expect(requests.length).toBeGreaterThan(10);
    const foreign = requests.filter((url) => {
      if (!/^(https?|wss?):/.test(url)) return false;
      return new URL(url).hostname !== "127.0.0.1";
    });
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
