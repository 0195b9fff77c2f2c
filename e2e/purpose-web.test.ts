/**
 * Browser test of the purpose prompt (issue #3, docs/domain.md SEC-06): a city analyst (person.read by jurisdiction,
 * not assigned to the case) opens a case file; before any look-up the page asks for a purpose, the analyst keeps the
 * default "handling this case", and the case file appears. The read is audited with
 * purpose `case:<id>` (sent as header `X-Purpose`). Reloading the page in the same browser session asks nothing.
 * Requires /usr/bin/chromium; the UI is built first when packages/web/dist is stale.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { addDays } from "@tracewater/core";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff, TEST_PASSWORD } from "../packages/server/src/http/test-support.js";
import { careCallerOf } from "../packages/server/src/services/care/access.js";
import { createCase } from "../packages/server/src/services/care/cases.js";
import { createPerson } from "../packages/server/src/services/care/persons.js";
import { localDate } from "../packages/server/src/services/care/rules.js";
import { createAppContext } from "../packages/server/src/services/index.js";
import { launchChromium, loginWithTotp, prepareBrowserTest, closeBrowserTest } from "./support.js";

const OFFICER = "purpose-officer";
const ANALYST = "purpose-analyst";

let ctx: Awaited<ReturnType<typeof createAppContext>>;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let dataDir: string;
let totpSecret = "";
let caseId = "";
const today = localDate(new Date());

describe("purpose prompt for person-level look-ups (Chromium)", () => {
  beforeAll(async () => {
    prepareBrowserTest();
    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-purpose-"));
    ctx = await createAppContext({ dataDir, log: pino({ level: "warn" }) });
    await createLoggedInStaff(ctx, { username: OFFICER, roles: ["drug_control_officer"], jurisdictionCode: "140403" });
    const analyst = await createLoggedInStaff(ctx, {
      username: ANALYST,
      roles: ["city_analyst"],
      jurisdictionCode: "140400",
    });
    if (!analyst.totpSecret) throw new Error("TOTP enrolment failed");
    totpSecret = analyst.totpSecret;
    const officer = await careCallerOf(ctx, OFFICER);
    const person = await createPerson(ctx, officer, {
      idNumber: "140403199001011236",
      name: "目的测试人",
      sex: "female",
      birthDate: "1990-01-01",
      phone: "13800000010",
      hukouJurisdictionCode: "140403",
      residenceJurisdictionCode: "140403",
      category: "community_treatment",
      drugTypes: ["methamphetamine"],
      source: "seized",
      registeredOn: addDays(today, -10),
      purpose: "register",
    });
    const file = await createCase(ctx, officer, {
      personId: person.id,
      type: "community_treatment",
      decisionNo: "E2E-PURPOSE-1",
      decidedBy: "长治市公安局潞州分局",
      servedOn: addDays(today, -10),
      termMonths: 36,
      execJurisdictionCode: "140403",
    });
    caseId = file?.case.id ?? "";
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" })).newPage();
  }, 300_000);

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("asks for a purpose, sends case:<id> as X-Purpose, and remembers it for the session", async () => {
    expect(caseId).not.toBe("");
    await loginWithTotp(page, server.url, ANALYST, TEST_PASSWORD, totpSecret);
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));

    await page.goto(`${server.url}/care/cases/${caseId}`);
    await page.getByTestId("purpose-submit").waitFor();
    expect(await page.getByText("请说明查阅目的").count()).toBeGreaterThan(0);
    const read = page.waitForResponse((r) => r.url().includes(`/api/v1/care/cases/${caseId}?`) && r.status() === 200);
    await page.getByTestId("purpose-submit").click();
    expect((await read).request().headers()["x-purpose"]).toBe(`case:${caseId}`);
    await page.getByTestId("care-case-page").waitFor();
    expect(await page.getByTestId("care-case-name").textContent()).toBe("目的测试人");

    const audited = await ctx.database.raw.query<{ purpose: string }>(
      "SELECT purpose FROM audit_event WHERE actor = $1 AND outcome = 'success' AND object LIKE '%' || $2 || '%'",
      [ANALYST, caseId],
    );
    expect(audited.rows.map((r) => r.purpose)).toContain(`case:${caseId}`);

    await page.reload();
    await page.getByTestId("care-case-page").waitFor();
    expect(await page.getByTestId("purpose-submit").count()).toBe(0);
  });
});
