/**
 * Warning services on PGlite and PostgreSQL: the simulated demo city (changzhi-demo, 2025-01-01…2025-04-30) seeded
 * and detected; alert lifecycle (every legal and illegal transition), one open alert per key with evidence
 * appended, suppression, leads (lifecycle, feedback, attachments, supervision orders with a fixed clock), inbox,
 * jurisdiction scoping, tracing with sampling rounds, detection after an import.
 */
import { createHash } from "node:crypto";
import type { AlertStatus } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../security/policy.js";
import type { Role } from "../../security/roles.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { importFile } from "../imports/import-file.js";
import { PermissionDeniedError } from "../security/staff.js";
import { insertTestStaff, SECURITY_TEST_START, withSecurityContexts } from "../security/test-context.js";
import { CLI_CALLER, type WarningCaller } from "./access.js";
import { ALERT_TRANSITIONS, createSuppression, getAlert, listAlerts, transitionAlert } from "./alerts.js";
import { DEMO_SOURCE, seedDemoCity } from "./demo-seed.js";
import { runDetection } from "./detect.js";
import { listInbox, markAllNotificationsRead } from "./inbox.js";
import {
  addLeadAttachment,
  chinaDate,
  createLead,
  getLead,
  listLeads,
  listSupervisionOrders,
  raiseSupervisionOrders,
  readLeadAttachment,
  submitLeadFeedback,
  transitionLead,
  updateLead,
} from "./leads.js";
import { createSamplingTask, getSamplingTask } from "./sampling-tasks.js";
import { networkTree, tracePlan } from "./trace.js";

const STATES: AlertStatus[] = ["new", "acknowledged", "lead", "dismissed", "closed"];

withSecurityContexts("warning services", (h) => {
  const callers: Record<string, WarningCaller> = {};
  async function staff(username: string, roles: Role[], jurisdiction: string): Promise<WarningCaller> {
    const id = await insertTestStaff(h.ctx, username, roles, jurisdiction, SECURITY_TEST_START);
    const path = jurisdiction === "140400" ? "140400" : `140400/${jurisdiction}`;
    const actor: Actor = { id, roles, jurisdictionPath: path };
    return { username, actor };
  }

  it("seeds the simulated demo city once and raises alerts; a second detection run changes nothing", async () => {
    callers.city = await staff("city", ["city_analyst"], "140400");
    callers.luzhou = await staff("luzhou", ["county_analyst"], "140403"); // 潞州区
    callers.shangdang = await staff("shangdang", ["county_analyst"], "140404"); // 上党区
    callers.investigator = await staff("inv", ["investigator"], "140403");
    const seeded = await seedDemoCity(h.ctx, { from: "2025-01-01", to: "2025-04-30", since: "2025-01-01" });
    expect(seeded?.reports.map((r) => r.status)).toEqual(["imported", "imported"]);
    expect(seeded?.detection.alertsCreated).toBeGreaterThan(0);
    expect(await seedDemoCity(h.ctx)).toBeNull();
    const sources = await h.ctx.database.raw.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM site WHERE source = $1",
      [DEMO_SOURCE],
    );
    expect(sources.rows[0]?.n).toBe(33);
    const again = await runDetection(h.ctx, CLI_CALLER, { source: DEMO_SOURCE, since: "2025-01-01" });
    expect(again.alertsCreated).toBe(0);
    expect(again.evidenceAppended).toBe(0);
    // alerts carry the demo's source and are marked simulated
    const all = await listAlerts(h.ctx, CLI_CALLER, {}, { limit: 1000 });
    expect(all.items.every((a) => a.source === DEMO_SOURCE && a.simulated)).toBe(true);
    // the one-day dumping at RB3 (×20 on 2025-03-12, core CHANGZHI_EVENTS) is caught on its day by the robust z
    expect(
      all.items.some(
        (a) =>
          a.site === "CZ-140403-RB3" &&
          a.analyte === "methamphetamine" &&
          a.detector === "robust-z" &&
          a.date <= "2025-03-12",
      ),
    ).toBe(true);
  });

  it("keeps one open alert per site × analyte × detector and appends later evidence once per date", async () => {
    const keys = await h.ctx.database.raw.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM alert WHERE status IN ('new','acknowledged','lead') GROUP BY site_id, analyte_code, detector ORDER BY n DESC LIMIT 1",
    );
    expect(keys.rows[0]?.n).toBe(1);
    const all = (await listAlerts(h.ctx, CLI_CALLER, {}, { limit: 1000 })).items;
    const multi = all.find((a) => a.evidenceCount > 1);
    expect(multi).toBeDefined();
    const detail = await getAlert(h.ctx, CLI_CALLER, multi?.id as string);
    const dates = detail.evidence.map((e) => e.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates[0]).toBe(detail.date);
    expect(detail.lastDate).toBe(dates.at(-1));
    expect(detail.history).toEqual([
      expect.objectContaining({
        by: "system",
        from: null,
        to: "new",
        reason: `raised by ${detail.detector} on ${detail.date}`,
        reasonCode: "alert-raised",
        reasonParams: { detector: detail.detector, date: detail.date },
      }),
    ]);
    // the notification of the raising point: zh-CN title/body stored as before, code + params for the web
    const raising = detail.evidence[0];
    const told = (await listInbox(h.ctx, "city", { limit: 10_000 })).items.find((n) => n.subject.id === detail.id);
    expect(told).toMatchObject({
      kind: "alert",
      code: "alert-raised",
      params: {
        level: raising?.level,
        site: detail.site,
        siteName: detail.siteName,
        analyte: detail.analyte,
        detector: detail.detector,
        scoreLabel: raising?.explanation.scoreLabel,
        score: raising?.score.toFixed(2),
        date: detail.date,
      },
    });
    expect(told?.title).toBe(
      `${{ blue: "蓝", yellow: "黄", orange: "橙", red: "红" }[raising?.level as string]}色预警 ${detail.siteName} ${detail.analyte}`,
    );
    await expect(
      h.ctx.database.raw.query(
        "INSERT INTO alert (id, site_id, analyte_code, detector, level, sample_date, last_sample_date, score, explanation, status, created_at, updated_at) SELECT $1, site_id, analyte_code, detector, level, sample_date, last_sample_date, score, explanation, 'new', created_at, updated_at FROM alert WHERE id = $2",
        [uuidv7(), multi?.id],
      ),
    ).rejects.toThrow();
  });

  it("allows exactly the transitions of the lifecycle table; dismissal needs a reason", async () => {
    const pool = (await listAlerts(h.ctx, CLI_CALLER, { status: ["new"] }, { limit: 1000 })).items.map((a) => a.id);
    expect(pool.length).toBeGreaterThanOrEqual(25);
    const leadId = (await createLead(h.ctx, CLI_CALLER, { title: "pool", orgUnit: "140403", deadline: "2026-04-01" }))
      .id;
    const drive = async (id: string, to: AlertStatus) => {
      // reach `to` by the legal path
      const path: Record<AlertStatus, AlertStatus[]> = {
        new: [],
        acknowledged: ["acknowledged"],
        lead: ["acknowledged", "lead"],
        dismissed: ["acknowledged", "dismissed"],
        closed: ["acknowledged", "dismissed", "closed"],
      };
      for (const s of path[to]) {
        if (s === "lead") await transitionAlert(h.ctx, CLI_CALLER, id, { to: "lead", leadId });
        else await transitionAlert(h.ctx, CLI_CALLER, id, { to: s as "acknowledged", reason: "r" });
      }
    };
    for (const from of STATES) {
      for (const to of ["acknowledged", "lead", "dismissed", "closed"] as const) {
        const id = pool.pop() as string;
        await drive(id, from);
        const attempt = transitionAlert(h.ctx, CLI_CALLER, id, {
          to,
          reason: "because",
          ...(to === "lead" ? { leadId } : {}),
        });
        if (ALERT_TRANSITIONS[from].includes(to)) {
          const after = await attempt;
          expect(after.status).toBe(to);
          expect(after.history.at(-1)).toMatchObject({ from, to, by: "cli", reason: "because" });
        } else {
          await expect(attempt).rejects.toBeInstanceOf(ConflictError);
          await expect(transitionAlert(h.ctx, CLI_CALLER, id, { to, reason: "x", leadId })).rejects.toThrow(
            new RegExp(`is ${from}; it cannot become ${to}`),
          );
          expect((await getAlert(h.ctx, CLI_CALLER, id)).status).toBe(from);
        }
      }
    }
    const id = pool.pop() as string;
    await transitionAlert(h.ctx, CLI_CALLER, id, { to: "acknowledged" });
    await expect(transitionAlert(h.ctx, CLI_CALLER, id, { to: "dismissed" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(transitionAlert(h.ctx, CLI_CALLER, id, { to: "dismissed", reason: "  " })).rejects.toThrow(
      /needs a reason/,
    );
    await expect(transitionAlert(h.ctx, CLI_CALLER, id, { to: "lead" })).rejects.toThrow(/needs leadId/);
    expect((await getAlert(h.ctx, CLI_CALLER, id)).status).toBe("acknowledged");
  });

  it("a suppression window stops new alerts for its key; closed alerts are not reopened", async () => {
    const closed = (await listAlerts(h.ctx, CLI_CALLER, { status: ["closed", "dismissed"] }, { limit: 1000 })).items;
    expect(closed.length).toBeGreaterThan(0);
    // the key of a dismissed/closed alert: wipe its later history → the next run would re-raise; a window over the
    // whole period suppresses it
    const a = closed[0] as (typeof closed)[number];
    await createSuppression(h.ctx, CLI_CALLER, {
      site: a.site,
      analyte: a.analyte,
      detector: a.detector,
      from: "2025-01-01",
      to: "2025-12-31",
      reason: "plant maintenance",
    });
    await h.ctx.database.raw.query("UPDATE alert SET last_sample_date = '2025-01-01' WHERE id = $1", [a.id]);
    const run = await runDetection(h.ctx, CLI_CALLER, { source: DEMO_SOURCE, since: "2025-01-01" });
    expect(run.suppressed).toBeGreaterThan(0);
    const open = await listAlerts(h.ctx, CLI_CALLER, {
      site: a.site,
      analyte: a.analyte,
      detector: a.detector,
      status: ["new"],
    });
    expect(open.items).toEqual([]);
    await expect(
      createSuppression(h.ctx, CLI_CALLER, { site: a.site, from: "2025-02-01", to: "2025-01-01", reason: "x" }),
    ).rejects.toThrow(/after to/);
  });

  it("scopes alerts and leads by jurisdiction (潞州区 staff never see 上党区 records)", async () => {
    const luzhou = (await listAlerts(h.ctx, callers.luzhou as WarningCaller, {}, { limit: 1000 })).items;
    const shangdang = (await listAlerts(h.ctx, callers.shangdang as WarningCaller, {}, { limit: 1000 })).items;
    const city = (await listAlerts(h.ctx, callers.city as WarningCaller, {}, { limit: 1000 })).items;
    expect(luzhou.length).toBeGreaterThan(0);
    expect(luzhou.every((a) => a.jurisdictionCode === "140403")).toBe(true);
    expect(shangdang.every((a) => a.jurisdictionCode === "140404")).toBe(true);
    expect(city.length).toBe(
      luzhou.length +
        shangdang.length +
        city.filter((a) => !["140403", "140404"].includes(a.jurisdictionCode ?? "")).length,
    );
    const target = luzhou.find((a) => a.status === "new") as (typeof luzhou)[number];
    await expect(getAlert(h.ctx, callers.shangdang as WarningCaller, target.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      transitionAlert(h.ctx, callers.shangdang as WarningCaller, target.id, { to: "acknowledged" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      transitionAlert(h.ctx, callers.investigator as WarningCaller, target.id, { to: "acknowledged" }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(
      createLead(h.ctx, callers.shangdang as WarningCaller, { title: "x", orgUnit: "140403", deadline: "2026-04-01" }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    const lead = await createLead(h.ctx, callers.city as WarningCaller, {
      title: "潞州 lead",
      orgUnit: "140403",
      deadline: "2026-04-01",
      alertIds: [target.id],
    });
    expect(lead.assigningUnit).toBe("140400");
    expect((await listLeads(h.ctx, callers.shangdang as WarningCaller)).items.map((l) => l.id)).not.toContain(lead.id);
    expect((await listLeads(h.ctx, callers.luzhou as WarningCaller)).items.map((l) => l.id)).toContain(lead.id);
    await expect(getLead(h.ctx, callers.shangdang as WarningCaller, lead.id)).rejects.toBeInstanceOf(NotFoundError);
    // the new lead landed in the inbox of 潞州区 staff (and not of 上党区)
    const inbox = await listInbox(h.ctx, "luzhou");
    expect(inbox.items.find((n) => n.kind === "lead_assigned" && n.subject.id === lead.id)).toMatchObject({
      title: "新线索: 潞州 lead",
      body: "assigned to 140403 by city, deadline 2026-04-01",
      code: "lead-assigned",
      params: { title: "潞州 lead", orgUnit: "140403", by: "city", deadline: "2026-04-01" },
    });
    expect((await listInbox(h.ctx, "shangdang")).items.some((n) => n.subject.id === lead.id)).toBe(false);
    expect((await markAllNotificationsRead(h.ctx, "luzhou")).updated).toBe(inbox.unread);
    expect((await listInbox(h.ctx, "luzhou")).unread).toBe(0);
  });

  it("runs a lead open → in_progress → reported (feedback) → closed, rejecting illegal moves; closing closes its alerts", async () => {
    const alert = (await listAlerts(h.ctx, callers.luzhou as WarningCaller, { status: ["new"] })).items[0] as {
      id: string;
    };
    const lead = await createLead(h.ctx, callers.luzhou as WarningCaller, {
      title: "RB2 排查",
      orgUnit: "140403",
      deadline: "2026-03-20",
      alertIds: [alert.id],
    });
    expect(lead.status).toBe("open");
    expect((await getAlert(h.ctx, CLI_CALLER, alert.id)).history.map((x) => x.to)).toEqual([
      "new",
      "acknowledged",
      "lead",
    ]);
    expect((await getAlert(h.ctx, CLI_CALLER, alert.id)).history.at(-1)).toMatchObject({
      reason: `lead ${lead.id}`,
      reasonCode: "alert-lead",
      reasonParams: { leadId: lead.id },
    });
    expect(lead.history[0]).toMatchObject({
      reason: "assigned to 140403, deadline 2026-03-20",
      reasonCode: "lead-created",
      reasonParams: { orgUnit: "140403", deadline: "2026-03-20" },
    });
    await expect(transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, { to: "reported" })).rejects.toThrow(
      /is open; it cannot become reported/,
    );
    await expect(
      transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, { to: "closed" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, { to: "in_progress" });
    await expect(transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, { to: "reported" })).rejects.toThrow(
      /without feedback/,
    );
    const bytes = new TextEncoder().encode("现场照片说明 — site photo notes");
    const att = await addLeadAttachment(h.ctx, callers.luzhou as WarningCaller, lead.id, {
      fileName: "../notes.txt",
      mediaType: "text/plain",
      bytes,
    });
    expect(att.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(att.fileName).toBe("notes.txt");
    const back = await readLeadAttachment(h.ctx, callers.luzhou as WarningCaller, lead.id, att.id);
    expect(new TextDecoder().decode(back.bytes)).toBe("现场照片说明 — site photo notes");
    const reported = await submitLeadFeedback(h.ctx, callers.luzhou as WarningCaller, lead.id, {
      findings: "居民小区内发现制毒残留",
      outcome: "case_filed",
    });
    expect(reported.status).toBe("reported");
    expect(reported.feedback).toMatchObject({ outcome: "case_filed", submittedBy: "luzhou" });
    expect(reported.attachments).toHaveLength(1);
    await expect(
      submitLeadFeedback(h.ctx, callers.luzhou as WarningCaller, lead.id, { findings: "again", outcome: "no_finding" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const closed = await transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, {
      to: "closed",
      reason: "case handed over",
    });
    expect(closed.history.map((x) => x.to)).toEqual(["open", "in_progress", "reported", "closed"]);
    // server-written reasons carry a code; the person's own reason ("case handed over") has none
    expect(closed.history.map((x) => [x.reasonCode, x.reasonParams])).toEqual([
      ["lead-created", { orgUnit: "140403", deadline: "2026-03-20" }],
      [null, null],
      ["lead-outcome", { outcome: "case_filed" }],
      [null, null],
    ]);
    expect(
      (await listInbox(h.ctx, "luzhou")).items.find((n) => n.kind === "lead_reported" && n.subject.id === lead.id),
    ).toMatchObject({
      body: "case_filed: 居民小区内发现制毒残留",
      code: "lead-reported",
      params: { title: "RB2 排查", outcome: "case_filed", findings: "居民小区内发现制毒残留" },
    });
    expect((await getAlert(h.ctx, CLI_CALLER, alert.id)).history.at(-1)).toMatchObject({
      to: "closed",
      reasonCode: "alert-lead-closed",
      reasonParams: { leadId: lead.id },
    });
    expect((await getAlert(h.ctx, CLI_CALLER, alert.id)).status).toBe("closed");
    await expect(
      transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, { to: "in_progress" }),
    ).rejects.toThrow(/closed is final/);
    await expect(
      addLeadAttachment(h.ctx, callers.luzhou as WarningCaller, lead.id, {
        fileName: "b.txt",
        mediaType: "text/plain",
        bytes,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("records a reassignment (转办) with a new deadline as a coded reason and tells the new unit with code + params", async () => {
    const lead = await createLead(h.ctx, callers.city as WarningCaller, {
      title: "转办线索",
      orgUnit: "140403",
      deadline: "2026-04-10",
    });
    const edited = await updateLead(h.ctx, callers.city as WarningCaller, lead.id, {
      orgUnit: "140404",
      deadline: "2026-04-20",
    });
    expect(edited.history.at(-1)).toMatchObject({
      from: "open",
      to: "open",
      reason: "reassigned 140403 → 140404; deadline 2026-04-10 → 2026-04-20",
      reasonCode: "lead-reassigned-deadline-changed",
      reasonParams: { from: "140403", to: "140404", deadlineFrom: "2026-04-10", deadlineTo: "2026-04-20" },
    });
    const redated = await updateLead(h.ctx, callers.city as WarningCaller, lead.id, { deadline: "2026-04-25" });
    expect(redated.history.at(-1)).toMatchObject({
      reasonCode: "lead-deadline-changed",
      reasonParams: { deadlineFrom: "2026-04-20", deadlineTo: "2026-04-25" },
    });
    expect(
      (await listInbox(h.ctx, "shangdang")).items.find((n) => n.kind === "lead_assigned" && n.subject.id === lead.id),
    ).toMatchObject({
      title: "线索转办: 转办线索",
      code: "lead-reassigned",
      params: { title: "转办线索", from: "140403", to: "140404", deadline: "2026-04-20" },
    });
  });

  it("raises one supervision order (督办) to the assigning unit's supervisor when a lead is overdue (fixed clock)", async () => {
    const lead = await createLead(h.ctx, callers.luzhou as WarningCaller, {
      title: "逾期线索",
      orgUnit: "140403",
      deadline: "2026-03-05",
    });
    h.setNow(new Date("2026-03-05T15:59:00Z")); // 23:59 in Beijing on the deadline day: not overdue yet
    expect(chinaDate(h.ctx.now())).toBe("2026-03-05");
    expect((await raiseSupervisionOrders(h.ctx)).map((o) => o.leadId)).not.toContain(lead.id);
    h.setNow(new Date("2026-03-05T16:00:00Z")); // 00:00 on 2026-03-06 in Beijing
    const orders = await raiseSupervisionOrders(h.ctx);
    const mine = orders.find((o) => o.leadId === lead.id);
    expect(mine).toMatchObject({ orgUnit: "140403", supervisorUnit: "140400", status: "open", deadline: "2026-03-05" });
    expect((await raiseSupervisionOrders(h.ctx)).map((o) => o.leadId)).not.toContain(lead.id);
    expect((await getLead(h.ctx, callers.luzhou as WarningCaller, lead.id)).overdue).toBe(true);
    const overdueParams = { title: "逾期线索", orgUnit: "140403", deadline: "2026-03-05", status: "open" };
    // the order's reason: the stored English sentence plus its code + params, the same read back through the lead
    const orderReason = {
      reason: 'lead "逾期线索" assigned to 140403 is overdue (deadline 2026-03-05, status open)',
      reasonCode: "lead-overdue",
      reasonParams: overdueParams,
    };
    expect(mine).toMatchObject(orderReason);
    expect(
      (await getLead(h.ctx, callers.luzhou as WarningCaller, lead.id)).supervisionOrders.find((o) => o.id === mine?.id),
    ).toMatchObject(orderReason);
    expect((await listSupervisionOrders(h.ctx, callers.city as WarningCaller)).find((o) => o.id === mine?.id)).toEqual(
      mine,
    );
    expect(
      (await listInbox(h.ctx, "city")).items.find((n) => n.kind === "supervision_order" && n.subject.id === mine?.id),
    ).toMatchObject({ title: "督办: 逾期线索", code: "supervision-order", params: overdueParams });
    expect(
      (await listInbox(h.ctx, "luzhou")).items.find((n) => n.kind === "lead_overdue" && n.subject.id === lead.id),
    ).toMatchObject({ title: "线索逾期: 逾期线索", code: "lead-overdue", params: overdueParams });
    await transitionLead(h.ctx, callers.luzhou as WarningCaller, lead.id, { to: "in_progress" });
    const done = await submitLeadFeedback(h.ctx, callers.luzhou as WarningCaller, lead.id, {
      findings: "无发现",
      outcome: "no_finding",
    });
    expect(done.supervisionOrders[0]?.status).toBe("resolved");
    h.setNow(SECURITY_TEST_START);
  });

  it("traces an alert at a plant: candidates upstream, a plan, and a completed sampling round narrows them", async () => {
    await h.ctx.database.raw.query(
      "INSERT INTO alert (id, site_id, analyte_code, detector, level, sample_date, last_sample_date, score, explanation, status, created_at, updated_at) SELECT $1, id, 'etomidate', 'new-substance-network', 'orange', '2025-04-20', '2025-04-20', 1, '{}'::jsonb, 'new', $2, $2 FROM site WHERE code = 'CZ-140403-WWTP2'",
      [uuidv7(), SECURITY_TEST_START],
    );
    const alert = (await listAlerts(h.ctx, CLI_CALLER, { site: "CZ-140403-WWTP2", detector: "new-substance-network" }))
      .items[0] as { id: string };
    const plan = await tracePlan(h.ctx, CLI_CALLER, alert.id, 1);
    // the basis of the priors as code + params (VENUE_PRIOR_PERSONS = 5000, tracing-priors.ts) beside its English text
    expect(plan).toMatchObject({
      priorBasis: "own population + 5000 per venue outfall, × (1 + past alerts at the site)",
      priorBasisCode: "population-venues-past-alerts",
      priorBasisParams: { venuePersons: 5000 },
    });
    // WWTP2 ← PS3 ← {HOT2, ENT3, RB3}: 5 candidates (the plant's own catchment included)
    expect(plan.candidates.map((c) => c.site).sort()).toEqual([
      "CZ-140403-ENT3",
      "CZ-140403-HOT2",
      "CZ-140403-PS3",
      "CZ-140403-RB3",
      "CZ-140403-WWTP2",
    ]);
    expect(plan.candidates.reduce((t, c) => t + c.prior, 0)).toBeCloseTo(1, 12);
    expect(plan.plan?.points).toHaveLength(1);
    expect(plan.roundsDone).toBe(0);
    // one round at PS3 on a day with imported results; etomidate is below LOQ before 2025-05-10 → negative at PS3
    const task = await createSamplingTask(h.ctx, CLI_CALLER, {
      alertId: alert.id,
      points: [{ site: "CZ-140403-PS3", date: "2025-04-20" }],
    });
    expect(task.round).toBe(1);
    expect(task.points[0]?.custodyCode).toMatch(/^TW-20250420-CZ-140403-PS3-[0-9A-F]{6}$/);
    expect(task.status).toBe("completed");
    expect(task.points[0]?.positive).toBe(false);
    const after = await tracePlan(h.ctx, CLI_CALLER, alert.id, 1);
    expect(after.roundsDone).toBe(1);
    expect(after.candidates.map((c) => c.site)).toEqual(["CZ-140403-WWTP2"]);
    expect(after.localised).toBe("CZ-140403-WWTP2");
    expect(after.plan).toBeNull();
    const net = await networkTree(h.ctx, CLI_CALLER, "CZ-140403-RB3");
    expect(net.root).toBe("CZ-140403-WWTP2");
    expect(net.nodes.map((n) => n.site).sort()).toEqual(
      after.candidates.length ? plan.candidates.map((c) => c.site).sort() : [],
    );
    expect(net.nodes.find((n) => n.site === "CZ-140403-WWTP2")?.openAlerts).toBeGreaterThan(0);
    await expect(networkTree(h.ctx, callers.shangdang as WarningCaller, "CZ-140403-RB3")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getSamplingTask(h.ctx, callers.shangdang as WarningCaller, task.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("runs detection after an import: a lab file with a ×30 day raises (or extends) an alert without a manual run", async () => {
    const key = { site: "CZ-140404-WWTP1", analyte: "cotinine", detector: "robust-z" };
    const hasDay = async () => {
      for (const a of (await listAlerts(h.ctx, CLI_CALLER, key, { limit: 1000 })).items)
        if ((await getAlert(h.ctx, CLI_CALLER, a.id)).evidence.some((e) => e.date === "2025-05-01")) return true;
      return false;
    };
    expect(await hasDay()).toBe(false);
    // one new day at ×30 the plant's last stored cotinine concentration (same flow and population)
    const last = await h.ctx.database.raw.query<{ c: number; flow: number; pop: number }>(
      `SELECT m.value_canonical AS c, sa.flow_m3_per_day AS flow, sa.population_served AS pop FROM measurement m JOIN sample sa ON sa.id = m.sample_id
        JOIN site s ON s.id = m.site_id WHERE s.code = 'CZ-140404-WWTP1' AND m.analyte_code = 'cotinine' AND m.sample_date = '2025-04-30'`,
    );
    const r = last.rows[0] as { c: number; flow: number; pop: number };
    const csv = `site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served\nCZ-140404-WWTP1,2025-05-01,cotinine,${r.c * 30},ng/L,1,3,${r.flow},${r.pop}\n`;
    const report = await importFile(
      h.ctx,
      { name: "lab-2025-05-01.csv", bytes: new TextEncoder().encode(csv) },
      { source: DEMO_SOURCE },
    );
    expect(report.status).toBe("imported");
    expect(await hasDay()).toBe(true);
  });
});

describe("chinaDate", () => {
  it("is the calendar date at UTC+8", () => {
    expect(chinaDate(new Date("2026-03-05T15:59:59Z"))).toBe("2026-03-05");
    expect(chinaDate(new Date("2026-03-05T16:00:00Z"))).toBe("2026-03-06");
  });
});
