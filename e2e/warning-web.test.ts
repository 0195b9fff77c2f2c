/**
 * Browser test of the alert → lead flow (issue #4) against the real server (in-process) in Debian Chromium:
 * a fresh data dir with the simulated demo city (`changzhi-demo`, core simulator, seed 1) imported for
 * 2024-09-01…2025-04-30 and detection run over 2025-03-01 on (the demo seed does both), a city analyst of 长治市
 * (`city_analyst`, 140400: may act on alerts and assign leads) logs in; the inbox asks the API to run detection
 * again, an orange robust-z alert is opened, its explanation (value and baseline from the stored alert) and chart
 * are shown, a lead is created from it, the lead appears on the board and gets feedback; the sewer network view
 * with the trace plan is drawn; the in-app inbox announces the new lead. Expected values are read from the services
 * (the alert's explanation, the lead row), the UI must show the same.
 * Screenshots go to /tmp/warning-web/*.png (not committed). Requires /usr/bin/chromium.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../packages/server/src/http/server.js";
import { createLoggedInStaff, TEST_PASSWORD } from "../packages/server/src/http/test-support.js";
import { createAppContext } from "../packages/server/src/services/index.js";
import {
  createLead,
  getAlert,
  getLead,
  listAlerts,
  listSamplingTasks,
  networkTree,
  raiseSupervisionOrders,
  SYSTEM_CALLER,
  seedDemoCity,
  tracePlan,
} from "../packages/server/src/services/warning/index.js";
import { launchChromium, loginWithTotp, prepareBrowserTest, closeBrowserTest } from "./support.js";

const SHOTS = "/tmp/warning-web";
const USER = "wa-analyst";

type Ctx = Awaited<ReturnType<typeof createAppContext>>;
let ctx: Ctx;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let dataDir: string;
let alertId: string;
let leadId: string;
let totpSecret = "";
const requests: string[] = [];
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** `formatNumber(value, digits)` of the UI in zh-CN (grouping, fixed decimals). */
function zh(value: number, digits: number): string {
  return new Intl.NumberFormat("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

describe("alert → lead flow in Chromium against the real server", () => {
  beforeAll(async () => {
    prepareBrowserTest();
    mkdirSync(SHOTS, { recursive: true });

    dataDir = mkdtempSync(path.join(tmpdir(), "tracewater-e2e-warning-"));
    ctx = await createAppContext({ dataDir, log: pino({ level: "warn" }) });
    const seeded = await seedDemoCity(ctx, { from: "2024-09-01", to: "2025-04-30", since: "2025-03-01" });
    if (!seeded || seeded.detection.alertsCreated === 0) throw new Error("the demo city must yield alerts");
    // a city analyst of 长治市 with the test password (no forced change) and TOTP enrolled (mandatory for the role)
    const staff = await createLoggedInStaff(ctx, {
      username: USER,
      roles: ["city_analyst"],
      jurisdictionCode: "140400",
    });
    if (!staff.totpSecret) throw new Error("TOTP enrolment failed");
    totpSecret = staff.totpSecret;
    server = await startServer({ ctx, host: "127.0.0.1", port: 0 });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    page = await context.newPage();
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => pageErrors.push(String(error)));
  }, 300_000);

  afterAll(() => closeBrowserTest({ browser, server, ctx, dataDir }));

  it("logs in as the city analyst with password and authenticator code", async () => {
    await loginWithTotp(page, server.url, USER, TEST_PASSWORD, totpSecret);
    await page.getByTestId("overview-page").waitFor();
    expect(await page.getByTestId("nav-alerts").textContent()).toBe("预警");
    expect(await page.getByTestId("nav-leads").textContent()).toBe("线索");
  });

  it("opens the alert inbox, asks the API to run detection and filters by level and detector", async () => {
    await page.getByTestId("nav-alerts").click();
    await page.getByTestId("alerts-table").waitFor();
    const detect = page.waitForResponse((r) => r.url().endsWith("/api/v1/detect") && r.request().method() === "POST");
    await page.getByTestId("run-detection").click();
    expect((await detect).status()).toBe(200);
    await page.getByText("检测完成").waitFor();

    // the orange robust-z alerts of the demo, as the service lists them for the same user scope (city-wide)
    const expected = await listAlerts(ctx, SYSTEM_CALLER, { level: ["orange"], detector: "robust-z" }, { limit: 500 });
    expect(expected.items.length).toBeGreaterThan(0);
    const target = expected.items.find((a) => a.status === "new" && a.explanation.value !== null) ?? expected.items[0];
    if (!target) throw new Error("no orange robust-z alert");
    alertId = target.id;

    await page.goto(`${server.url}/alerts?level=orange&detector=robust-z`);
    await page.getByTestId(`alert-row-${alertId}`).waitFor();
    expect(await page.getByTestId("count-orange").textContent()).toBe(String(expected.items.length));
    expect(await page.getByTestId("count-red").textContent()).toBe("0");
    expect(await page.getByTestId(`alert-row-${alertId}`).textContent()).toContain("橙色");
    await shot("alerts-inbox-zh");
  });

  it("opens the alert: explanation values, baseline and the explanation chart", async () => {
    const stored = await getAlert(ctx, SYSTEM_CALLER, alertId);
    await page.getByTestId(`alert-row-${alertId}`).click();
    await page.getByTestId("alert-detail").waitFor();
    expect(await page.getByTestId("alert-title").textContent()).toContain(stored.siteName);
    const e = stored.explanation;
    if (e.value !== null) expect(await page.getByTestId("explanation-value").textContent()).toContain(zh(e.value, 3));
    if (e.baseline !== null)
      expect(await page.getByTestId("explanation-baseline").textContent()).toContain(zh(e.baseline, 3));
    expect(await page.getByTestId("alert-explanation").textContent()).toContain("稳健 z 分数");
    const chart = page.getByTestId("explanation-chart");
    await chart.locator("canvas").first().waitFor();
    expect((await chart.boundingBox())?.height).toBeGreaterThan(300);
    await page.getByTestId("network-chart").locator("canvas").first().waitFor();
    await page.waitForTimeout(800);
    await shot("alert-detail-zh");
  });

  it("creates a lead from the alert; the alert moves to 已转线索", async () => {
    await page.getByTestId("alert-create-lead").click();
    await page.getByTestId("create-lead-form").waitFor();
    await page.waitForTimeout(300);
    await shot("create-lead-zh");
    const created = page.waitForResponse((r) => r.url().endsWith("/api/v1/leads") && r.request().method() === "POST");
    await page.getByTestId("create-lead-submit").click();
    const response = await created;
    expect(response.status()).toBe(201);
    leadId = ((await response.json()) as { id: string }).id;
    await page.getByTestId("lead-detail").waitFor();
    expect(page.url()).toContain(`/leads/${leadId}`);
    expect(await page.getByTestId("lead-status").first().textContent()).toBe("待办");
    expect((await getAlert(ctx, SYSTEM_CALLER, alertId)).status).toBe("lead");
    await page.getByTestId("lead-alerts").getByText("已转线索").waitFor();
  });

  it("dismisses another alert only with a reason (acknowledge first)", async () => {
    const other = (await listAlerts(ctx, SYSTEM_CALLER, { status: ["new"] }, { limit: 50 })).items.find(
      (a) => a.id !== alertId,
    );
    if (!other) throw new Error("no second new alert");
    await page.goto(`${server.url}/alerts/${other.id}`);
    await page.getByTestId("alert-acknowledge").click();
    await expect.poll(() => page.getByTestId("alert-status").textContent()).toBe("已确认");
    await page.getByTestId("alert-dismiss").click();
    await page.getByTestId("transition-submit").click();
    await page.getByText("排除预警必须填写原因").waitFor();
    await page.getByTestId("transition-reason").fill("同日实验室质控失败，结果作废");
    await page.getByTestId("transition-submit").click();
    await expect.poll(() => page.getByTestId("alert-status").textContent()).toBe("已排除");
    const stored = await getAlert(ctx, SYSTEM_CALLER, other.id);
    expect(stored.status).toBe("dismissed");
    expect(stored.statusReason).toBe("同日实验室质控失败，结果作废");
    await page.getByTestId("alert-close").waitFor();
  });

  it("shows the lead on the board in the open column, then takes feedback (→ 已反馈)", async () => {
    await page.getByTestId("nav-leads").click();
    const card = page.getByTestId("lead-column-open").getByTestId(`lead-card-${leadId}`);
    await card.waitFor();
    expect(await card.textContent()).toContain("橙色");
    await page.waitForTimeout(300);
    await shot("lead-board-zh");

    await card.getByTestId("lead-link").click();
    await page.getByTestId("lead-to-in_progress").click();
    await expect.poll(() => page.getByTestId("lead-status").first().textContent()).toBe("办理中");
    await page.getByTestId("feedback-outcome").click();
    await page.locator(".ant-select-item-option").getByText("采样/检测误差").click();
    await page.getByTestId("feedback-findings").fill("复采样品未检出，原样品瓶标签混淆。");
    await page.getByTestId("feedback-submit").click();
    await page.getByTestId("lead-feedback").waitFor();
    expect(await page.getByTestId("lead-status").first().textContent()).toBe("已反馈");
    expect(await page.getByTestId("lead-feedback").textContent()).toContain("采样/检测误差");

    // an attachment: listed with its name, size and the SHA-256 of the uploaded bytes
    const bytes = Buffer.from("现场核查记录：复采样品未检出，原样品瓶标签混淆。\n", "utf8");
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "核查记录.txt", mimeType: "text/plain", buffer: bytes });
    const attachment = page.getByTestId("lead-attachments").locator("tr", { hasText: "核查记录.txt" });
    await attachment.waitFor();
    expect(await attachment.textContent()).toContain(createHash("sha256").update(bytes).digest("hex").slice(0, 16));
    expect(await attachment.textContent()).toContain(`${bytes.length} B`);
    await shot("lead-detail-zh");

    await page.getByTestId("nav-leads").click();
    await page.getByTestId("lead-column-reported").getByTestId(`lead-card-${leadId}`).waitFor();
  });

  it("highlights an overdue lead and shows its supervision order (督办)", async () => {
    // a lead assigned by hand to 潞州区, then its deadline moved 3 days into the past (time passing) and the
    // supervision check run as the scheduler does
    const lead = await createLead(ctx, SYSTEM_CALLER, {
      title: "逾期测试线索：潞州区排口复采",
      orgUnit: "140403",
      deadline: "2099-12-31",
    });
    const past = new Date(Date.now() + 8 * 3600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
    await ctx.database.raw.query("UPDATE lead SET deadline = $1 WHERE id = $2", [past, lead.id]);
    const orders = await raiseSupervisionOrders(ctx);
    expect(orders.map((o) => o.leadId)).toContain(lead.id);

    await page.goto(`${server.url}/leads`);
    const card = page.getByTestId("lead-column-open").getByTestId(`lead-card-${lead.id}`);
    await card.waitFor();
    expect(await card.getByTestId("deadline-overdue").textContent()).toBe(`${past}已逾期`);
    expect(await page.getByTestId("supervision-orders").textContent()).toContain("逾期测试线索：潞州区排口复采");
    await shot("lead-board-overdue-zh");
    await card.getByTestId("lead-link").click();
    const table = page.getByTestId("lead-supervision-orders");
    await table.waitFor();
    expect(await table.textContent()).toContain("督办中");
  });

  it("announces the new lead in the in-app inbox", async () => {
    const badge = page.getByTestId("inbox-badge");
    await expect
      .poll(async () =>
        Number(
          (await badge
            .locator(".ant-badge-count")
            .textContent()
            .catch(() => "0")) || 0,
        ),
      )
      .toBeGreaterThan(0);
    await page.getByTestId("inbox-button").click();
    await page.getByTestId("inbox-page").waitFor();
    await page.getByText("新线索").first().waitFor();
    await shot("inbox-zh");
  });

  it("draws the sewer network of a plant alert with the candidates and the proposed next sampling round", async () => {
    // the first listed alert whose trace plan proposes a round (an alert at a node with upstream sub-catchments)
    const alerts = await listAlerts(ctx, SYSTEM_CALLER, {}, { limit: 200 });
    let plan: Awaited<ReturnType<typeof tracePlan>> | null = null;
    for (const a of alerts.items) {
      const p = await tracePlan(ctx, SYSTEM_CALLER, a.id, 2);
      if (p.plan && p.plan.points.length > 0) {
        plan = p;
        break;
      }
    }
    if (!plan?.plan) throw new Error("no alert of the demo has a sampling plan");
    const names = new Map((await networkTree(ctx, SYSTEM_CALLER, plan.site)).nodes.map((n) => [n.site, n.name]));
    await page.goto(`${server.url}/network/${encodeURIComponent(plan.site)}?alert=${plan.alertId}`);
    await page.getByTestId("network-chart").locator("canvas").first().waitFor();
    const next = page.getByTestId("trace-next-round");
    await next.waitFor();
    for (const point of plan.plan.points) expect(await next.textContent()).toContain(names.get(point) ?? point);
    // the demo registry has travel times on every link (simulator): each point shows its lag and window (issue #4)
    expect(plan.plan.windows?.map((w) => w.site)).toEqual(plan.plan.points);
    const windows = page.getByTestId("trace-windows");
    for (const w of plan.plan.windows ?? []) {
      expect(w.travelTimeToAlertHours).toBeGreaterThan(0);
      const name = names.get(w.site) ?? w.site;
      expect(await next.textContent()).toContain(`${name}（流达 ${zh(w.travelTimeToAlertHours as number, 1)} h）`);
      expect(await windows.textContent()).toContain(
        `${name}：${zh(w.windowStartOffsetHours as number, 1)} ～ ${zh(w.windowEndOffsetHours as number, 1)} h`,
      );
    }
    const candidates = (await page.getByTestId("trace-plan").textContent()) ?? "";
    for (const c of plan.candidates)
      expect(candidates).toContain(`${c.siteName ?? c.site} (${zh(c.prior * 100, 1)} %)`);
    // the round was chosen with the travel times: its duration D = 24 + max lag − min lag (core tracing.ts)
    const lags = (plan.plan.windows ?? []).map((w) => w.travelTimeToAlertHours as number);
    expect(plan.plan.roundHours).toBeCloseTo(24 + Math.max(...lags) - Math.min(...lags), 9);
    expect(await page.getByTestId("trace-round-hours").textContent()).toContain(
      `${zh(plan.plan.roundHours as number, 1)} h`,
    );

    // the same plan ON THE MAP (offline 长治 boundaries): ECharts writes its generated description of the drawn
    // series and data items into the chart element's aria-label — the sewer links, the candidates, the alert pin
    // and the numbered sampling points with their windows must all be there
    const map = page.getByTestId("trace-map");
    await map.locator("canvas").first().waitFor();
    await expect.poll(async () => (await map.getAttribute("aria-label")) ?? "").toContain("建议采样点");
    const aria = (await map.getAttribute("aria-label")) ?? "";
    for (const series of ["管网（箭头指向下游）", "候选来源", "预警点位", "建议采样点"]) expect(aria).toContain(series);
    for (const [i, p] of plan.plan.points.entries()) expect(aria).toContain(`${i + 1}. ${names.get(p) ?? p}`);
    const drawnApart = new Set([...plan.plan.points, plan.site]);
    for (const c of plan.candidates.filter((c) => !drawnApart.has(c.site)))
      expect(aria).toContain(names.get(c.site) ?? c.site);
    // every sewer link of the tree between two located sites is drawn: "upstream → downstream"
    const net = await networkTree(ctx, SYSTEM_CALLER, plan.site);
    const located = new Set(net.nodes.filter((n) => n.lon !== null && n.lat !== null).map((n) => n.site));
    const links = net.nodes.filter((n) => n.downstreamSite && located.has(n.site) && located.has(n.downstreamSite));
    expect(links.length).toBeGreaterThan(0);
    for (const n of links) expect(aria).toContain(`${n.name} → ${names.get(n.downstreamSite as string)}`);
    expect(await page.getByText("溯源地图").count()).toBeGreaterThan(0);
    await page.waitForTimeout(800);
    await map.screenshot({ path: path.join(SHOTS, "trace-map-zh.png") });
    // zoomed out (mouse wheel on the roaming map): the plan labels are stacked apart, not drawn over each other
    const box = await map.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 300);
      await page.waitForTimeout(800);
      await map.screenshot({ path: path.join(SHOTS, "trace-map-zoomed-out-zh.png") });
    }
    // a round budget of 24 h (= the composite): only points with one common travel time fit; the server's plan for
    // that budget is what the view and the map show, and clearing the budget restores the first plan
    const budgeted = (await tracePlan(ctx, SYSTEM_CALLER, plan.alertId, 2, 24)).plan;
    const budget = page.getByTestId("trace-budget");
    await budget.fill("24");
    await expect
      .poll(async () => (await page.getByTestId("trace-round-hours").textContent()) ?? "")
      .toContain("时限 24 h");
    expect(budgeted?.roundHours).toBe(24);
    for (const [i, p] of (budgeted?.points ?? []).entries()) {
      expect(await next.textContent()).toContain(names.get(p) ?? p);
      await expect
        .poll(async () => (await map.getAttribute("aria-label")) ?? "")
        .toContain(`${i + 1}. ${names.get(p) ?? p}`);
    }
    await budget.fill("");
    await expect
      .poll(async () => (await page.getByTestId("trace-round-hours").textContent()) ?? "")
      .not.toContain("时限");

    // plan the proposed round: one point per proposed site, custody codes assigned by the server
    const planned = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/sampling-tasks") && r.request().method() === "POST",
    );
    await page.getByTestId("plan-sampling").click();
    expect((await planned).status()).toBe(201);
    await expect.poll(() => page.getByTestId("sampling-point").count()).toBe(plan.plan.points.length);
    const tasks = await listSamplingTasks(ctx, SYSTEM_CALLER, { alertId: plan.alertId });
    expect(tasks).toHaveLength(1);
    const shown = (await page.getByTestId("sampling-rounds").textContent()) ?? "";
    for (const point of tasks[0]?.points ?? []) expect(shown).toContain(point.custodyCode);
    expect(tasks[0]?.points.map((p) => p.site).sort()).toEqual([...plan.plan.points].sort());
    // one round at a time: no new round while this one is planned
    await expect.poll(() => page.getByTestId("plan-sampling").isDisabled()).toBe(true);
    await page.waitForTimeout(800);
    await shot("network-zh");
  });

  it("shows the lead board and the alert detail in English", async () => {
    await page.getByTestId("language-switch").getByText("English").click();
    await expect.poll(() => page.getByTestId("nav-alerts").textContent()).toBe("Alerts");
    await page.goto(`${server.url}/leads`);
    const column = page.getByTestId("lead-column-reported");
    await column.getByTestId(`lead-card-${leadId}`).waitFor();
    expect(await column.getByTestId("lead-status").textContent()).toBe("Reported");
    await shot("lead-board-en");
    await page.goto(`${server.url}/alerts/${alertId}`);
    await page.getByTestId("explanation-chart").locator("canvas").first().waitFor();
    expect(await page.getByTestId("alert-explanation").textContent()).toContain("Robust z (day-of-week baseline)");
    expect(await page.getByTestId("explanation-value").textContent()).toContain("mg/day/1000 inh");
    await page.waitForTimeout(800);
    await shot("alert-detail-en");
  });

  it("shows the inbox notification of the new lead in English (rendered from its code + params)", async () => {
    const lead = await getLead(ctx, SYSTEM_CALLER, leadId);
    const rows = await ctx.database.raw.query<{ id: string; title: string; code: string | null }>(
      `SELECT n.id, n.title, n.code FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE u.username = $1 AND n.subject_id = $2 AND n.kind = 'lead_assigned'`,
      [USER, leadId],
    );
    const stored = rows.rows[0];
    expect(stored).toMatchObject({ title: `新线索: ${lead.title}`, code: "lead-assigned" });
    await page.goto(`${server.url}/inbox`);
    const item = page.getByTestId(`notification-${stored?.id}`);
    await item.waitFor();
    // warning-messages.en.json notifications.lead-assigned: "New lead: {{title}}" / "assigned to {{orgUnit}} by …"
    await expect.poll(() => item.textContent()).toContain(`New lead: ${lead.title}`);
    const text = (await item.textContent()) ?? "";
    expect(text).toContain(`by ${USER}, deadline ${lead.deadline}`);
    expect(text).not.toContain("新线索");
    await shot("inbox-en");
  });

  it("sent no request to any host other than 127.0.0.1 and raised no page error", () => {
    expect(requests.length).toBeGreaterThan(10);
    const foreign = requests.filter((url) => /^(https?|wss?):/.test(url) && new URL(url).hostname !== "127.0.0.1");
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
