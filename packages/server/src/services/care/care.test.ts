/**
 * Care services end to end on PGlite AND PostgreSQL: person register (encryption, blind index), case creation
 * and transitions through the core state machine, task generation, tests, violations and the severe-breach
 * proposal, access (assigned cases only, grid worker minimisation, other jurisdictions only with a grant, sealed
 * records), the audit trail of every read, and key rotation of the care columns.
 *
 * Hand-calculated dates (戒毒条例; 民法典 §201 — the start day is not counted):
 * - decision served 2026-03-01 → report due 2026-03-16 (§14: 15 days);
 * - reported 2026-03-10 → agreement target 2026-03-17 (§16 「及时」, default 7 days of the template);
 * - default test policy (monthly in year 1; 仙游 P-T1): scheduled tests on 2026-03-10, 04-10, 05-10, 06-10, …;
 *   with "today" 2026-03-10 and the 90-day horizon (to 2026-06-08) the first three are open tasks.
 */
import { uuidv7 } from "uuidv7";
import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../errors.js";
import { readAuditEvents } from "../security/audit-log.js";
import { importJurisdictionsCsv } from "../security/jurisdictions.js";
import { rotateKeys } from "../security/key-rotation.js";
import { PermissionDeniedError } from "../security/staff.js";
import { insertTestStaff, withSecurityContexts } from "../security/test-context.js";
import { careCallerOf } from "./access.js";
import { aggregates } from "./aggregates.js";
import { createCase, getCaseFile, myCases, transitionCase } from "./cases.js";
import { createPerson, getPerson, lookupPersonByIdNumber } from "./persons.js";
import {
  addCampaignVisit,
  addWorkGroupMember,
  completeTask,
  recordEntry,
  recordTest,
  recordViolation,
} from "./records.js";
import { myTasks, overdueTasks } from "./tasks.js";

const ID_NUMBER = "14040319850101123X";
const NAME = "测试人甲";
const PHONE = "13800000001";

withSecurityContexts("care services", (h) => {
  async function staff(username: string, roles: string[], jurisdiction: string | null): Promise<string> {
    const id = await insertTestStaff(h.ctx, username, roles, jurisdiction, h.ctx.now());
    return id;
  }
  const caller = (u: string) => careCallerOf(h.ctx, u, "10.0.0.7");
  let personId = "";
  let caseId = "";
  let sealedCaseId = "";

  it("setup: townships and a grid under 潞州区 and 上党区; staff", async () => {
    h.setNow(new Date("2026-03-01T02:00:00Z")); // 10:00 in 长治
    await importJurisdictionsCsv(h.ctx, {
      name: "townships.csv",
      text: "code,name_zh,level,parent_code\nT1,测试街道一,township,140403\nT2,测试街道二,township,140404\nC1,测试社区,community,T1\nG1,测试网格,grid,C1\n",
    });
    await staff("officer", ["drug_control_officer"], "T1");
    await staff("officer2", ["drug_control_officer"], "T1");
    await staff("grid", ["grid_worker"], "G1");
    await staff("luzhou", ["county_analyst"], "140403");
    await staff("shangdang", ["county_analyst"], "140404");
    await staff("leader", ["leader"], "140400");
  });

  it("registers a person: identifiers encrypted in the table, found by the blind index", async () => {
    const officer = await caller("officer");
    const p = await createPerson(h.ctx, officer, {
      idNumber: ID_NUMBER,
      name: NAME,
      sex: "male",
      birthDate: "1985-01-01",
      phone: PHONE,
      address: "测试路1号",
      location: "36.19,113.11",
      notes: "家庭支持良好",
      hukouJurisdictionCode: "T1",
      residenceJurisdictionCode: "G1",
      category: "community_treatment",
      drugTypes: ["methamphetamine"],
      source: "seized",
      registeredOn: "2026-03-01",
      purpose: "register",
    });
    personId = p.id;
    expect(p.name).toBe(NAME);
    expect(p.minor).toBe(false);
    const raw = await h.ctx.database.raw.query<Record<string, unknown>>("SELECT * FROM care_person WHERE id = $1", [
      personId,
    ]);
    const text = JSON.stringify(raw.rows[0]);
    for (const secret of [ID_NUMBER, NAME, PHONE, "测试路1号", "36.19", "家庭支持"]) expect(text).not.toContain(secret);
    expect(String(raw.rows[0]?.id_number_enc)).toMatch(/^v1:k\d{8}-[0-9a-f]{4}:/);
    expect(String(raw.rows[0]?.id_number_bidx)).toMatch(/^[0-9a-f]{64}$/);
    // a field worker reaches a person only through an assigned case: not yet
    await expect(lookupPersonByIdNumber(h.ctx, officer, ID_NUMBER, "lookup")).rejects.toBeInstanceOf(NotFoundError);
    // the county office finds the person; full-width digits and a lower-case check character give the same index
    const found = await lookupPersonByIdNumber(
      h.ctx,
      await caller("luzhou"),
      "１４０４０３１９８５０１０１１２３x",
      "lookup",
    );
    expect(found.id).toBe(personId);
    expect(found.idNumber).toBe(ID_NUMBER);
    await expect(lookupPersonByIdNumber(h.ctx, officer, "140403198501011231", "lookup")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      createPerson(h.ctx, officer, {
        idNumber: ID_NUMBER,
        name: "x",
        sex: "male",
        birthDate: "1985-01-01",
        hukouJurisdictionCode: "T1",
        residenceJurisdictionCode: "T1",
        category: "registered_user",
        source: "seized",
        registeredOn: "2026-03-01",
        purpose: "register",
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("opens a case: state ordered, report due 15 days after service (戒毒条例 §14)", async () => {
    const officer = await caller("officer");
    const file = await createCase(h.ctx, officer, {
      personId,
      type: "community_treatment",
      decisionNo: "潞公(禁)决字[2026]001号",
      decidedBy: "长治市公安局潞州分局",
      servedOn: "2026-03-01",
      termMonths: 36,
      execJurisdictionCode: "T1",
    });
    expect(file).not.toBeNull();
    caseId = file?.case.id ?? "";
    expect(file?.case.status).toBe("ordered");
    expect(file?.case.reportDueOn).toBe("2026-03-16");
    expect(file?.tasks.map((t) => [t.kind, t.dueOn])).toEqual([["report_due", "2026-03-16"]]);
  });

  it("transitions through the core state machine; illegal ones are refused (409) and change nothing", async () => {
    h.setNow(new Date("2026-03-10T02:00:00Z"));
    const officer = await caller("officer");
    await expect(
      transitionCase(h.ctx, officer, caseId, { event: "complete", reason: "too early" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await transitionCase(h.ctx, officer, caseId, {
      event: "report",
      reason: "reported in person",
      occurredAt: "2026-03-10",
    });
    const file = await getCaseFile(h.ctx, officer, caseId, `case:${caseId}`);
    expect(file.case.status).toBe("reported");
    expect(file.transitions.map((t) => [t.event, t.fromState, t.toState, t.actor])).toEqual([
      ["order", null, "ordered", "officer"],
      ["report", "ordered", "reported", "officer"],
    ]);
    const due = Object.fromEntries(file.tasks.map((t) => [`${t.kind}@${t.dueOn}`, t]));
    expect(due["fix.agreement@2026-03-17"]).toBeDefined();
    expect(due["file.open@2026-03-10"]).toBeDefined();
    expect(due["report_due@2026-03-16"]).toBeUndefined(); // cancelled: reported
    const scheduled = file.tasks.filter((t) => t.sourceCode === "schedule.scheduled").map((t) => t.dueOn);
    expect(scheduled).toEqual(["2026-03-10", "2026-04-10", "2026-05-10"]);
    const state = await h.ctx.database.raw.query<{ state: string }>("SELECT state FROM care_measure WHERE id = $1", [
      caseId,
    ]);
    expect(state.rows[0]?.state).toBe("reported");
  });

  it("records the scheduled test: its task is done and the next test is the next task of that kind", async () => {
    const officer = await caller("officer");
    const before = await getCaseFile(h.ctx, officer, caseId, `case:${caseId}`);
    const testTask = before.tasks.find((t) => t.kind === "test" && t.dueOn === "2026-03-10");
    expect(testTask?.testId).toBeDefined();
    await recordTest(h.ctx, officer, caseId, {
      testId: testTask?.testId,
      status: "done",
      matrix: "urine",
      method: "field",
      result: "negative",
      collectors: ["officer", "officer2"],
    });
    const after = await getCaseFile(h.ctx, officer, caseId, `case:${caseId}`);
    expect(after.tests.find((t) => t.id === testTask?.testId)).toMatchObject({
      status: "done",
      result: "negative",
      matrix: "urine",
    });
    expect(after.tasks.filter((t) => t.sourceCode === "schedule.scheduled")[0]?.dueOn).toBe("2026-04-10");
    await expect(
      recordTest(h.ctx, officer, caseId, {
        testId: testTask?.testId,
        status: "done",
        matrix: "urine",
        result: "negative",
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("severe-breach proposal (戒毒条例 §20: ≥ 3 refusals/evasions) is advisory and appears at the third", async () => {
    const officer = await caller("officer");
    await transitionCase(h.ctx, officer, caseId, {
      event: "sign_agreement",
      reason: "signed",
      occurredAt: "2026-03-10",
    });
    const p1 = await recordViolation(h.ctx, officer, caseId, { type: "refuse_test", occurredOn: "2026-03-10" });
    const p2 = await recordViolation(h.ctx, officer, caseId, { type: "evade_test", occurredOn: "2026-03-10" });
    expect([p1.proposed, p2.proposed]).toEqual([false, false]);
    const p3 = await recordViolation(h.ctx, officer, caseId, { type: "refuse_test", occurredOn: "2026-03-10" });
    expect(p3).toMatchObject({ proposed: true, trigger: "severe_breach" });
    // nothing applied automatically
    const file = await getCaseFile(h.ctx, officer, caseId, `case:${caseId}`);
    expect(file.case.status).toBe("active");
  });

  it("access: another worker of the same township sees nothing of an unassigned case (audited denial)", async () => {
    const other = await caller("officer2");
    await expect(getCaseFile(h.ctx, other, caseId, "review")).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(getPerson(h.ctx, other, personId, "review")).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await myCases(h.ctx, other)).toEqual([]);
    expect(await myTasks(h.ctx, other)).toEqual([]);
    const denied = (await readAuditEvents(h.ctx)).filter((e) => e.actor === "officer2" && e.outcome === "denied");
    expect(denied.map((e) => e.action)).toEqual(["care.case.read", "care.person.read"]);
  });

  it("access: another county sees nothing without a grant; with a live grant it may read", async () => {
    const shangdang = await caller("shangdang");
    await expect(getCaseFile(h.ctx, shangdang, caseId, "review")).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await myCases(h.ctx, shangdang)).toEqual([]);
    const sid = (await h.ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'shangdang'"))
      .rows[0]?.id;
    await h.ctx.database.raw.query(
      "INSERT INTO access_grant (id, user_id, jurisdiction_code, actions, reason, granted_by, created_at, expires_at) VALUES ($1,$2,'T1','[\"case.read\",\"person.read\"]'::jsonb,'transfer','sec',$3,$4)",
      [uuidv7(), sid, h.ctx.now(), new Date("2026-04-01T00:00:00Z")],
    );
    const granted = await caller("shangdang");
    const file = await getCaseFile(h.ctx, granted, caseId, "transfer:review");
    expect(file.case.id).toBe(caseId);
  });

  it("a grid worker receives only task kind, time and place — never drug type, test results or legal status", async () => {
    const luzhou = await caller("luzhou");
    await addCampaignVisit(h.ctx, luzhou, caseId, { campaign: "平安关爱", dueOn: "2026-03-20", gridWorker: "grid" });
    const grid = await caller("grid");
    const tasks = await myTasks(h.ctx, grid);
    expect(tasks).toEqual([
      { id: expect.any(String), kind: "visit", dueOn: "2026-03-20", place: "测试网格", overdue: false },
    ]);
    const json = JSON.stringify(tasks);
    for (const leak of [
      "methamphetamine",
      "negative",
      "refuse",
      "active",
      "community_treatment",
      NAME,
      caseId,
      personId,
    ])
      expect(json).not.toContain(leak);
    await expect(getCaseFile(h.ctx, grid, caseId, "visit")).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(getPerson(h.ctx, grid, personId, "visit")).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await myCases(h.ctx, grid)).toEqual([]);
  });

  it("every read of a person or case is one audit event with the purpose code", async () => {
    const officer = await caller("officer");
    const before = (await readAuditEvents(h.ctx)).length;
    await getPerson(h.ctx, officer, personId, "visit-prep");
    await getCaseFile(h.ctx, officer, caseId, "visit-prep");
    const events = (await readAuditEvents(h.ctx)).slice(before);
    expect(events.map((e) => [e.action, e.object, e.purpose, e.outcome, e.actor])).toEqual([
      ["care.person.read", `person:${personId}`, "visit-prep", "success", "officer"],
      ["care.case.read", `case:${caseId}`, "visit-prep", "success", "officer"],
    ]);
  });

  it("sealed records are hidden from lists and from workers (治安管理处罚法 §136)", async () => {
    const officer = await caller("officer");
    const p = await createPerson(h.ctx, officer, {
      idNumber: "140403199001011234",
      name: "封存人",
      sex: "female",
      birthDate: "1990-01-01",
      hukouJurisdictionCode: "T1",
      residenceJurisdictionCode: "T1",
      category: "registered_user",
      source: "seized",
      registeredOn: "2026-03-10",
      purpose: "register",
    });
    const file = await createCase(h.ctx, officer, {
      personId: p.id,
      type: "community_rehabilitation",
      decisionNo: "X2",
      decidedBy: "police",
      servedOn: "2026-03-05",
      termMonths: 24,
      execJurisdictionCode: "T1",
    });
    sealedCaseId = file?.case.id ?? "";
    expect((await myCases(h.ctx, await caller("officer"))).map((c) => c.id).sort()).toEqual(
      [caseId, sealedCaseId].sort(),
    );
    await h.ctx.database.raw.query("UPDATE care_person SET sealed = true WHERE id = $1", [p.id]);
    const fresh = await caller("officer");
    expect((await myCases(h.ctx, fresh)).map((c) => c.id)).toEqual([caseId]);
    expect((await myTasks(h.ctx, fresh)).some((t) => t.caseId === sealedCaseId)).toBe(false);
    await expect(getCaseFile(h.ctx, fresh, sealedCaseId, "review")).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(
      transitionCase(h.ctx, fresh, sealedCaseId, { event: "report", reason: "x", occurredAt: "2026-03-10" }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    // the denial inside the rolled-back transaction is still audited
    const last = (await readAuditEvents(h.ctx)).at(-1);
    expect(last).toMatchObject({ action: "care.case.transition", outcome: "denied", object: `case:${sealedCaseId}` });
  });

  it("leaders' aggregates are k-suppressed (k = 5): one active case is hidden", async () => {
    const leader = await caller("leader");
    const a = await aggregates(h.ctx, leader);
    expect(a.k).toBe(5);
    const luzhouRow = a.rows.find((r) => r.jurisdictionCode === "140403");
    expect(luzhouRow?.activeCases).toBeNull();
    const pinshun = a.rows.find((r) => r.jurisdictionCode === "140425");
    expect(pinshun?.activeCases).toBe(0);
    await expect(aggregates(h.ctx, await caller("officer"))).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it("agreement versions, interview entries and task completion; core deadline alerts in the case file", async () => {
    const officer = await caller("officer");
    let file = await getCaseFile(h.ctx, officer, caseId, "review");
    expect(file.agreements).toEqual([{ version: 1, signedOn: "2026-03-10" }]);
    // monthly interview of the default template: reported 2026-03-10 → first one due 2026-04-10
    expect(file.tasks.some((t) => t.kind === "fix.interview" && t.dueOn === "2026-04-10")).toBe(true);
    await recordEntry(h.ctx, officer, caseId, {
      kind: "interview",
      mode: "face",
      occurredOn: "2026-04-08",
      title: "月度谈话",
      summary: "情绪稳定",
    });
    const workGroup = file.tasks.find((t) => t.kind === "fix.work_group");
    expect(workGroup?.dueOn).toBe("2026-03-17");
    await completeTask(h.ctx, officer, workGroup?.id ?? "");
    const testTask = file.tasks.find((t) => t.kind === "test");
    await expect(completeTask(h.ctx, officer, testTask?.id ?? "")).rejects.toBeInstanceOf(ConflictError);
    await expect(completeTask(h.ctx, await caller("officer2"), workGroup?.id ?? "")).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    h.setNow(new Date("2026-03-20T02:00:00Z"));
    file = await getCaseFile(h.ctx, officer, caseId, "review");
    expect(file.tasks.some((t) => t.kind === "fix.interview" && t.dueOn === "2026-04-10")).toBe(false);
    expect(file.tasks.some((t) => t.kind === "fix.work_group")).toBe(false);
    expect(file.entries.map((e) => [e.kind, e.title, e.summary])).toEqual([["interview", "月度谈话", "情绪稳定"]]);
    const raw = await h.ctx.database.raw.query<{ summary_enc: string }>("SELECT summary_enc FROM care_case_entry");
    expect(JSON.stringify(raw.rows)).not.toContain("情绪稳定");
    // file.open was due on 2026-03-10 and is still open: overdue 10 days; the unhandled severe-breach proposal too
    expect(file.alerts?.[0]?.overdue).toBe(true);
    expect(file.alerts?.find((a) => a.kind === "task_overdue")).toMatchObject({
      dueDate: "2026-03-10",
      daysOverdue: 10,
    });
    expect(file.alerts?.some((a) => a.kind === "severe_breach_proposal")).toBe(true);
    h.setNow(new Date("2026-03-10T02:00:00Z"));
  });

  it("the county lead supervises overdue items in its scope; working-group members (names encrypted)", async () => {
    h.setNow(new Date("2026-03-20T02:00:00Z"));
    const overdue = await overdueTasks(h.ctx, await caller("luzhou"));
    expect(overdue.find((t) => t.kind === "file.open")).toMatchObject({ dueOn: "2026-03-10", overdue: true, caseId });
    expect(overdue.every((t) => t.overdue && t.caseId !== sealedCaseId)).toBe(true);
    expect(await overdueTasks(h.ctx, await caller("shangdang"))).toEqual([]); // its grant has no task.read
    expect(await overdueTasks(h.ctx, await caller("officer2"))).toEqual([]);
    const officer = await caller("officer");
    await addWorkGroupMember(h.ctx, officer, caseId, { role: "family", name: "家属甲", since: "2026-03-10" });
    await addWorkGroupMember(h.ctx, officer, caseId, {
      role: "social_worker",
      username: "officer2",
      since: "2026-03-10",
    });
    const file = await getCaseFile(h.ctx, officer, caseId, "review");
    expect(file.workGroup).toEqual(
      expect.arrayContaining([
        { role: "family", name: "家属甲" },
        { role: "social_worker", name: "officer2" },
      ]),
    );
    const raw = await h.ctx.database.raw.query("SELECT * FROM care_work_group_member");
    expect(JSON.stringify(raw.rows)).not.toContain("家属甲");
    // membership is not access
    await expect(getCaseFile(h.ctx, await caller("officer2"), caseId, "review")).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    h.setNow(new Date("2026-03-10T02:00:00Z"));
  });

  describe("key rotation", () => {
    it("re-encrypts the care columns; the person stays readable", async () => {
      const report = await rotateKeys(h.ctx, { actor: "test" });
      const name = report.columns.find((c) => c.table === "care_person" && c.column === "name_enc");
      expect(name).toMatchObject({ reencrypted: 2, remainingOldKey: 0 });
      const raw = await h.ctx.database.raw.query<{ k: string }>(
        "SELECT DISTINCT split_part(name_enc, ':', 2) AS k FROM care_person",
      );
      expect(raw.rows.map((r) => r.k)).toEqual([report.activeKeyId]);
      const p = await getPerson(h.ctx, await caller("officer"), personId, "after-rotation");
      expect(p.idNumber).toBe(ID_NUMBER);
    });
  });
});
