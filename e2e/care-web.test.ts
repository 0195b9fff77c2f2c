/**
 * Browser test of a field worker's day (issue #6) on a PHONE viewport (390×844) against the real server:
 * a 禁毒专干 (drug_control_officer, TOTP enrolled — mandatory for the role; codes from otplib) logs in, sees "my
 * tasks" with the overdue items first, opens the case, records the scheduled urine test as negative, and sees the
 * test gone from the open tasks and the next monthly test in the list.
 *
 * Fixture (services, same rules as the API): a case served 10 days ago and reported 3 days ago → the default
 * test policy (monthly in year 1; domain.md §1.4, 仙游 P-T1) schedules the first test on the report day (overdue
 * now) and the next one month later (民法典 §202 month arithmetic, core `addMonths`).
 * Then, on the same phone: the navigation is a drawer menu (below 768 px) listing only what a 禁毒专干 may use
 * (care), a stage evaluation (生理脱毒) is recorded in the case file, and the week calendar lists the same tasks
 * as `GET /care/calendar` for that week.
 * Requires /usr/bin/chromium; the UI is built first when packages/web/dist is stale. Screenshots: /tmp/tracewater-care-*.png
 * and the phone layout in /tmp/care-gaps/.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { addDays, addMonths } from "@tracewater/core";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff, TEST_PASSWORD } from "../packages/server/src/http/test-support.js";
import { careCallerOf } from "../packages/server/src/services/care/access.js";
import { createCase, transitionCase } from "../packages/server/src/services/care/cases.js";
import { createPerson } from "../packages/server/src/services/care/persons.js";
import { localDate } from "../packages/server/src/services/care/rules.js";
import { createAppContext } from "../packages/server/src/services/index.js";
import { importJurisdictionsCsv } from "../packages/server/src/services/security/jurisdictions.js";
import { launchChromium, loginWithTotp, prepareBrowserTest, closeBrowserTest } from "./support.js";

const USER = "zhuangan";

type Ctx = Awaited<ReturnType<typeof createAppContext>>;
let ctx: Ctx;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let dataDir: string;
let totpSecret = "";
let caseId = "";
const today = localDate(new Date());
const reportedOn = addDays(today, -3);
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/tracewater-care-${name}.png`, fullPage: true });
}

describe("a field worker's day in Chromium (phone layout)", () => {
  beforeAll(async () => {
    prepareBrowserTest();
    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-care-"));
    ctx = await createAppContext({ dataDir, log: pino({ level: "warn" }) });
    await importJurisdictionsCsv(ctx, {
      name: "e2e.csv",
      text: "code,name_zh,level,parent_code\nE2ET1,端到端街道,township,140403\n",
    });
    const staff = await createLoggedInStaff(ctx, {
      username: USER,
      roles: ["drug_control_officer"],
      jurisdictionCode: "E2ET1",
    });
    if (!staff.totpSecret) throw new Error("TOTP enrolment failed");
    totpSecret = staff.totpSecret;
    const officer = await careCallerOf(ctx, USER);
    const person = await createPerson(ctx, officer, {
      idNumber: "140403199203041234",
      name: "端到端测试人",
      sex: "male",
      birthDate: "1992-03-04",
      phone: "13800000009",
      hukouJurisdictionCode: "E2ET1",
      residenceJurisdictionCode: "E2ET1",
      category: "community_treatment",
      drugTypes: ["methamphetamine"],
      source: "seized",
      registeredOn: addDays(today, -10),
      purpose: "register",
    });
    const file = await createCase(ctx, officer, {
      personId: person.id,
      type: "community_treatment",
      decisionNo: "E2E-001",
      decidedBy: "长治市公安局潞州分局",
      servedOn: addDays(today, -10),
      termMonths: 36,
      execJurisdictionCode: "E2ET1",
    });
    caseId = file?.case.id ?? "";
    await transitionCase(ctx, await careCallerOf(ctx, USER), caseId, {
      event: "report",
      reason: "reported at the township office",
      occurredAt: reportedOn,
    });
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "zh-CN",
      hasTouch: true,
    });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
  }, 300_000);

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("logs in with password and authenticator code and sees my tasks, overdue first", async () => {
    await loginWithTotp(page, server.url, USER, TEST_PASSWORD, totpSecret);
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${server.url}/care`);
    await page.getByTestId("care-my-tasks").waitFor();
    const overdueFlags = await page
      .getByTestId("care-task")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-overdue")));
    expect(overdueFlags[0]).toBe("true");
    expect(overdueFlags.indexOf("false")).toBeGreaterThan(0);
    expect(overdueFlags.slice(overdueFlags.indexOf("false")).every((f) => f === "false")).toBe(true);
    const dues = await page.getByTestId("care-task-due").allTextContents();
    expect(dues[0]).toBe(reportedOn);
    await shot("my-tasks");
  });

  it("opens the case, records the scheduled test as negative, and sees the next test", async () => {
    await page.getByTestId("care-case-link").first().click();
    await page.getByTestId("care-case-page").waitFor();
    expect(await page.getByTestId("care-case-name").textContent()).toBe("端到端测试人");
    expect(await page.getByTestId("care-case-status").textContent()).toBe("已报到");
    expect(await page.getByTestId("care-next-task-due").textContent()).toBe(reportedOn);
    const tasksBefore = await page.getByTestId("care-case-task").allTextContents();
    expect(tasksBefore.some((x) => x.includes("检测") && x.includes(reportedOn))).toBe(true);
    await shot("case-before");
    await page.getByTestId("care-record-test").first().click();
    // antd puts the test id on the hidden radio input: click its label
    await page.locator("label:has([data-testid=care-test-negative])").click();
    const saved = page.waitForResponse(
      (r) => r.url().includes(`/api/v1/care/cases/${caseId}/tests`) && r.request().method() === "POST",
    );
    await page.getByTestId("care-test-save").click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId("care-tests").textContent()).toContain("阴性");
    const tasksAfter = await page.getByTestId("care-case-task").allTextContents();
    expect(tasksAfter.some((x) => x.startsWith("检测") && x.includes(reportedOn))).toBe(false);
    // the next monthly test (default policy, year 1) one month after the report
    expect(tasksAfter.some((x) => x.startsWith("检测") && x.includes(addMonths(reportedOn, 1)))).toBe(true);
    await shot("case-after");
    expect(pageErrors).toEqual([]);
  });

  it("records a stage evaluation: 生理脱毒 becomes the current stage, with evaluator and history", async () => {
    await page.getByTestId("care-stage-record").click();
    await page.getByTestId("care-stage-date").click();
    await page.getByTestId("care-stage-date").fill(reportedOn);
    await page.keyboard.press("Enter");
    await page.getByTestId("care-stage-reason").fill("入所评估：戒断症状明显");
    const saved = page.waitForResponse(
      (r) => r.url().includes(`/api/v1/care/cases/${caseId}/stages`) && r.request().method() === "POST",
    );
    await page.getByTestId("care-stage-save").click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId("care-stage-current").textContent()).toBe("生理脱毒");
    expect(await page.getByTestId("care-stage-history").textContent()).toContain(`${reportedOn} 生理脱毒`);
    expect(await page.getByTestId("care-stage-history").textContent()).toContain(USER);
    // the criteria to leave 生理脱毒 (core DEFAULT_STAGE_CRITERIA): ≥ 7 days, latest test negative, medical staff
    expect(await page.getByTestId("care-stage-criterion").allTextContents()).toEqual([
      "生理脱毒不少于7日",
      "最近一次检测阴性",
      "医务人员确认戒断症状消退",
    ]);
    mkdirSync("/tmp/care-gaps", { recursive: true });
    await page.getByTestId("care-stages").screenshot({ path: "/tmp/care-gaps/phone-stages.png" });
  });

  it("phone navigation: a drawer menu with only the pages the role may use; the week calendar", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: "/tmp/care-gaps/phone-header.png" });
    const headerWidth = await page.locator(".ant-layout-header").evaluate((e) => [e.scrollWidth, e.clientWidth]);
    expect(headerWidth[0]).toBeLessThanOrEqual(headerWidth[1] as number); // nothing overflows
    await page.getByTestId("menu-button").click();
    await page.getByTestId("nav-care").waitFor();
    await page.screenshot({ path: "/tmp/care-gaps/phone-drawer.png" });
    // a 禁毒专干 has case.read/task.read, no monitoring.read: care only
    expect(await page.locator("[data-testid^=nav-]").count()).toBe(1);
    await page.getByTestId("nav-care").click();
    await page.getByTestId("care-calendar").waitFor();
    expect(await page.getByTestId("care-calendar-day").count()).toBe(7);
    let shown = 0;
    let expected = 0;
    for (let week = 0; week < 2; week++) {
      const days = await page
        .getByTestId("care-calendar-day")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-date") ?? ""));
      const from = days[0] ?? "";
      const to = days[6] ?? "";
      expect(to).toBe(addDays(from, 6));
      const api = await page.request.get(`${server.url}/api/v1/care/calendar?from=${from}&to=${to}`);
      const { items } = (await api.json()) as { items: unknown[] };
      await expect.poll(() => page.getByTestId("care-calendar-task").count()).toBe(items.length);
      shown += await page.getByTestId("care-calendar-task").count();
      expected += items.length;
      if (week === 0) {
        await page.getByTestId("care-calendar").screenshot({ path: "/tmp/care-gaps/phone-calendar.png" });
        await page.getByTestId("care-calendar-next").click();
        await expect
          .poll(() => page.getByTestId("care-calendar-day").first().getAttribute("data-date"))
          .toBe(addDays(from, 7));
      }
    }
    // the agreement (report + 7 d) and working-group (report + 7 d) tasks fall in these two weeks
    expect(expected).toBeGreaterThan(0);
    expect(shown).toBe(expected);
    expect(pageErrors).toEqual([]);
  });
});
