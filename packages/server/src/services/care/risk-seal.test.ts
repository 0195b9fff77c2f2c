/**
 * Risk assessment with confirmation, and sealing of records, on PGlite AND PostgreSQL.
 *
 * Risk (core `assessRisk`, model tracewater-care-risk-1.0; weights in docs/care.md "Risk"), hand calculation for the
 * case below on 2026-03-10: three refused tests recorded that day (戒毒条例 §20: ≥ 3 → severe breach) →
 * refused-or-severe-breach 20 + 3 evasions/refusals × 4 = 12; judged facts: last use 2 months ago → 8, unemployed
 * → 6, one earlier treatment → 2, family support → 0, no self-harm / mental-health concern → 0. Score 48 (band
 * 25–49 = medium), but a 37号 high-risk criterion (refusal/severe breach) makes the grade HIGH (overridden).
 * Only the confirmation by `risk.confirm` (domain.md §8: 公安禁毒大队 → the investigator role) applies the
 * schedule's high-risk override (≥ 6 unannounced tests instead of ≥ 3).
 *
 * Sealing (治安管理处罚法 §136, SEC-09): the investigator seals a person; lists, tasks, look-ups, reads and aggregates
 * exclude the record; the investigator with purpose `case:<id>` still reads it, audited.
 */
import { DEFAULT_TEST_SCHEDULE_POLICY, generateTestSchedule } from "@tracewater/core";
import { expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../errors.js";
import { readAuditEvents } from "../security/audit-log.js";
import { importJurisdictionsCsv } from "../security/jurisdictions.js";
import { PermissionDeniedError } from "../security/staff.js";
import { insertTestStaff, withSecurityContexts } from "../security/test-context.js";
import { careCallerOf } from "./access.js";
import { aggregates } from "./aggregates.js";
import { createCase, getCaseFile, myCases, transitionCase } from "./cases.js";
import { createPerson, getPerson, lookupPersonByIdNumber } from "./persons.js";
import { recordViolation } from "./records.js";
import { assessRiskOfCase, decideRiskAssessment } from "./risk.js";
import { setPersonSealed } from "./sealing.js";
import { myTasks } from "./tasks.js";

const JUDGED = {
  selfHarmRisk: false,
  mentalHealthConcern: false,
  previousTreatmentEpisodes: 1,
  monthsSinceLastUse: 2,
  employed: false,
  familySupport: true,
};

withSecurityContexts("care risk confirmation and sealing", (h) => {
  async function staff(username: string, roles: string[], jurisdiction: string | null): Promise<void> {
    await insertTestStaff(h.ctx, username, roles, jurisdiction, h.ctx.now());
  }
  const caller = (u: string) => careCallerOf(h.ctx, u, "10.0.0.9");
  const cases: { personId: string; caseId: string; idNumber: string }[] = [];
  let riskSeed = 0;
  let riskId = "";

  /** open random-test task dates of a case */
  async function randomTaskDates(caseId: string): Promise<string[]> {
    const r = await h.ctx.database.raw.query<{ d: string }>(
      "SELECT to_char(due_on,'YYYY-MM-DD') AS d FROM care_task WHERE measure_id = $1 AND source_code = 'schedule.random' AND status = 'open' ORDER BY due_on",
      [caseId],
    );
    return r.rows.map((x) => x.d);
  }
  /** core's unannounced dates up to the 90-day horizon of 2026-03-10 (2026-06-08) */
  const coreRandom = (seed: number, riskGrade?: "high") =>
    generateTestSchedule({
      policy: DEFAULT_TEST_SCHEDULE_POLICY,
      termStart: "2026-03-10",
      termMonths: 36,
      seed,
      ...(riskGrade ? { riskGrade } : {}),
    })
      .filter((d) => d.kind === "random" && d.date <= "2026-06-08")
      .map((d) => d.date);

  it("setup: a township, staff, six active cases", async () => {
    h.setNow(new Date("2026-03-01T02:00:00Z"));
    await importJurisdictionsCsv(h.ctx, {
      name: "townships.csv",
      text: "code,name_zh,level,parent_code\nT1,测试街道一,township,140403\n",
    });
    await staff("officer", ["drug_control_officer"], "T1");
    await staff("police", ["investigator"], "140403");
    await staff("luzhou", ["county_analyst"], "140403");
    await staff("leader", ["leader"], "140400");
    const officer = await caller("officer");
    for (let i = 0; i < 6; i++) {
      const idNumber = `1404031990010100${10 + i}`;
      const p = await createPerson(h.ctx, officer, {
        idNumber,
        name: `测试人${i}`,
        sex: "male",
        birthDate: "1990-01-01",
        hukouJurisdictionCode: "T1",
        residenceJurisdictionCode: "T1",
        category: "community_treatment",
        source: "seized",
        registeredOn: "2026-03-01",
        purpose: "register",
      });
      const f = await createCase(h.ctx, officer, {
        personId: p.id,
        type: "community_treatment",
        decisionNo: `D${i}`,
        decidedBy: "police",
        servedOn: "2026-03-01",
        termMonths: 36,
        execJurisdictionCode: "T1",
      });
      cases.push({ personId: p.id, caseId: f?.case.id ?? "", idNumber });
    }
    h.setNow(new Date("2026-03-10T02:00:00Z"));
    for (const c of cases) {
      // the caller is loaded after the assignments (case_assignment) exist
      const officer = await caller("officer");
      await transitionCase(h.ctx, officer, c.caseId, { event: "report", reason: "r", occurredAt: "2026-03-10" });
      await transitionCase(h.ctx, officer, c.caseId, {
        event: "sign_agreement",
        reason: "s",
        occurredAt: "2026-03-10",
      });
    }
    const a = await aggregates(h.ctx, await caller("leader"));
    expect(a.rows.find((r) => r.jurisdictionCode === "140403")?.activeCases).toBe(6);
  });

  it("centre caseload per worker against the ratio 1:20–1:30 (core checkCaseload)", async () => {
    await h.ctx.database.raw.query(
      "INSERT INTO care_centre (id, name_zh, jurisdiction_code, worker_ratio, synthetic) VALUES ('C-T1','测试工作站','T1',25,false)",
    );
    await h.ctx.database.raw.query("UPDATE care_measure SET centre_id = 'C-T1'");
    const a = await aggregates(h.ctx, await caller("leader"));
    expect(a.caseloadRatio).toEqual({ min: 20, max: 30 });
    // 6 active cases, all assigned to the one officer: 6 per worker < 20 → "under" (spare capacity), none over 30
    expect(a.centres).toEqual([
      {
        id: "C-T1",
        name: "测试工作站",
        caseload: 6,
        workerRatio: 25,
        workers: 1,
        casesPerWorker: 6,
        caseloadStatus: "under",
        workersOver: 0,
      },
    ]);
  });

  it("risk: an advisory score with factors and model version; the 37号 criterion forces high (48 → high)", async () => {
    const officer = await caller("officer");
    const c = cases[0]?.caseId ?? "";
    // choose a schedule seed for which the high-risk override changes the unannounced dates within the horizon
    let seed = 1;
    while (JSON.stringify(coreRandom(seed)) === JSON.stringify(coreRandom(seed, "high"))) seed++;
    await h.ctx.database.raw.query("UPDATE care_measure SET schedule_seed = $2 WHERE id = $1", [c, seed]);
    for (let i = 0; i < 3; i++)
      await recordViolation(h.ctx, officer, c, { type: "refuse_test", occurredOn: "2026-03-10" });
    expect(await randomTaskDates(c)).toEqual(coreRandom(seed));

    const r = await assessRiskOfCase(h.ctx, officer, c, JUDGED);
    expect(r).toMatchObject({
      caseId: c,
      modelVersion: "tracewater-care-risk-1.0",
      score: 48,
      grade: "high",
      gradeOverridden: true,
      status: "pending",
      assessedBy: "officer",
      decidedBy: null,
    });
    expect(Object.fromEntries(r.contributions.map((x) => [x.factor, x.points]))).toEqual({
      refused_or_severe_breach: 20,
      test_evasions_12m: 12,
      time_since_last_use: 8,
      unemployed: 6,
      previous_treatments: 2,
    });
    // pending: the schedule is unchanged
    expect(await randomTaskDates(c)).toEqual(coreRandom(seed));
    riskSeed = seed;
    riskId = r.id;
  });

  it("risk: only risk.confirm (the police) may confirm; a confirmed grade changes the schedule, once", async () => {
    const c = cases[0]?.caseId ?? "";
    const seed = riskSeed;
    const id = riskId;
    for (const who of ["officer", "luzhou"])
      await expect(
        decideRiskAssessment(h.ctx, await caller(who), id, { decision: "confirm", reason: "x" }),
      ).rejects.toBeInstanceOf(PermissionDeniedError);
    const denied = (await readAuditEvents(h.ctx)).at(-1);
    expect(denied).toMatchObject({ action: "care.risk.confirm", outcome: "denied", actor: "luzhou" });
    expect(await randomTaskDates(c)).toEqual(coreRandom(seed));

    const confirmed = await decideRiskAssessment(h.ctx, await caller("police"), id, {
      decision: "confirm",
      reason: "三次拒绝检测，核实无误",
    });
    expect(confirmed).toMatchObject({
      status: "confirmed",
      decidedBy: "police",
      decisionReason: "三次拒绝检测，核实无误",
    });
    expect(await randomTaskDates(c)).toEqual(coreRandom(seed, "high"));
    await expect(
      decideRiskAssessment(h.ctx, await caller("police"), id, { decision: "reject", reason: "again" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const last = (await readAuditEvents(h.ctx)).filter((e) => e.action === "care.risk.confirm").at(-1);
    expect(last).toMatchObject({ outcome: "success", actor: "police", object: `case:${c}` });
    const file = await getCaseFile(h.ctx, await caller("luzhou"), c, "review");
    expect(file.risk?.at(-1)).toMatchObject({ grade: "high", score: 48, confirmedBy: "police" });
  });

  it("risk: a rejected score changes nothing", async () => {
    const c = cases[1]?.caseId ?? "";
    const before = await randomTaskDates(c);
    const r = await assessRiskOfCase(h.ctx, await caller("officer"), c, { ...JUDGED, selfHarmRisk: true });
    // 37号: self-harm tendency → high; score 10 + 8 + 6 + 2 = 26
    expect(r).toMatchObject({ score: 26, grade: "high", gradeOverridden: true });
    const rejected = await decideRiskAssessment(h.ctx, await caller("police"), r.id, {
      decision: "reject",
      reason: "自伤倾向未核实",
    });
    expect(rejected).toMatchObject({ status: "rejected", decidedBy: "police" });
    expect(await randomTaskDates(c)).toEqual(before);
    const stored = await h.ctx.database.raw.query("SELECT confirmed_at FROM care_risk_assessment WHERE id = $1", [
      r.id,
    ]);
    expect(stored.rows[0]).toEqual({ confirmed_at: null });
    await expect(
      assessRiskOfCase(h.ctx, await caller("officer"), c, { ...JUDGED, previousTreatmentEpisodes: -1 }),
    ).rejects.toThrow(/previousTreatmentEpisodes/);
  });

  it("sealing: only person.seal (the police) may seal; the reason is audited", async () => {
    const s = cases[5];
    if (!s) throw new Error("setup");
    await expect(
      setPersonSealed(h.ctx, await caller("officer"), s.personId, { sealed: true, reason: "x", purpose: "seal" }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await readAuditEvents(h.ctx)).at(-1)).toMatchObject({
      action: "care.person.seal",
      outcome: "denied",
      actor: "officer",
    });
    const r = await setPersonSealed(h.ctx, await caller("police"), s.personId, {
      sealed: true,
      reason: "治安违法记录依法封存",
      purpose: "seal",
    });
    expect(r).toEqual({ personId: s.personId, sealed: true });
    const ev = (await readAuditEvents(h.ctx)).at(-1);
    expect(ev).toMatchObject({ action: "care.person.seal", outcome: "success", actor: "police", purpose: "seal" });
    expect(ev?.details).toMatchObject({ reason: "治安违法记录依法封存", sealed: true });
    await expect(
      setPersonSealed(h.ctx, await caller("police"), s.personId, {
        sealed: true,
        reason: "x",
        purpose: `case:${s.caseId}`,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("sealing: the record leaves every list, task list, look-up, read and aggregate", async () => {
    const s = cases[5];
    if (!s) throw new Error("setup");
    const officer = await caller("officer");
    expect((await myCases(h.ctx, officer)).map((c) => c.id)).not.toContain(s.caseId);
    expect((await myCases(h.ctx, officer)).length).toBe(5);
    expect((await myTasks(h.ctx, officer)).some((t) => t.caseId === s.caseId)).toBe(false);
    const luzhou = await caller("luzhou");
    expect((await myCases(h.ctx, luzhou)).map((c) => c.id)).not.toContain(s.caseId);
    await expect(lookupPersonByIdNumber(h.ctx, luzhou, s.idNumber, "lookup")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPerson(h.ctx, luzhou, s.personId, "review")).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(getCaseFile(h.ctx, officer, s.caseId, "review")).rejects.toBeInstanceOf(PermissionDeniedError);
    // the investigator without a case purpose is refused too
    await expect(getCaseFile(h.ctx, await caller("police"), s.caseId, "review")).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    const a = await aggregates(h.ctx, await caller("leader"));
    expect(a.rows.find((r) => r.jurisdictionCode === "140403")?.activeCases).toBe(5);
    expect(a.centres[0]).toMatchObject({ caseload: 5, workers: 1, casesPerWorker: 5 });
  });

  it("sealing: an investigator handling a case (purpose case:<id>) still reads it, audited; unsealing restores", async () => {
    const s = cases[5];
    if (!s) throw new Error("setup");
    const police = await caller("police");
    const purpose = `case:${s.caseId}`;
    const file = await getCaseFile(h.ctx, police, s.caseId, purpose);
    expect(file.case.id).toBe(s.caseId);
    const p = await getPerson(h.ctx, police, s.personId, purpose);
    expect(p).toMatchObject({ id: s.personId, sealed: true, idNumber: s.idNumber });
    const reads = (await readAuditEvents(h.ctx)).slice(-2);
    expect(reads.map((e) => [e.action, e.outcome, e.purpose, e.actor])).toEqual([
      ["care.case.read", "success", purpose, "police"],
      ["care.person.read", "success", purpose, "police"],
    ]);
    // unsealing a sealed record is itself case handling: a non-case purpose is refused
    await expect(
      setPersonSealed(h.ctx, police, s.personId, { sealed: false, reason: "x", purpose: "review" }),
    ).rejects.toBeInstanceOf(PermissionDeniedError);
    await setPersonSealed(h.ctx, police, s.personId, { sealed: false, reason: "复议撤销处罚", purpose });
    expect((await readAuditEvents(h.ctx)).at(-1)).toMatchObject({ action: "care.person.unseal", outcome: "success" });
    expect((await myCases(h.ctx, await caller("officer"))).length).toBe(6);
    const a = await aggregates(h.ctx, await caller("leader"));
    expect(a.rows.find((r) => r.jurisdictionCode === "140403")?.activeCases).toBe(6);
  });
});
