/**
 * `/api/v1/care/*` over HTTP (in-process app, PGlite): a worker's day through the API, problem+json for illegal
 * transitions (409) and bad input (400), role minimisation of a grid worker in EVERY response it can get, and the
 * audit event of every person read. Dates: served 2026-03-01 → report due 2026-03-16 (戒毒条例 §14, 15 days).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAuditEvents } from "../../services/security/audit-log.js";
import { importJurisdictionsCsv } from "../../services/security/jurisdictions.js";
import { createHttpTestEnv, type HttpTestEnv, type TestSession } from "../test-support.js";

let env: HttpTestEnv;
let officer: TestSession;
let grid: TestSession;
let county: TestSession;
let leader: TestSession;
let police: TestSession;
let caseId = "";
let personId = "";

const post = (s: TestSession, path: string, body: unknown, headers: Record<string, string> = {}) =>
  s.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  await importJurisdictionsCsv(env.ctx, {
    name: "t.csv",
    text: "code,name_zh,level,parent_code\nHT1,测试街道,township,140403\nHC1,测试社区,community,HT1\nHG1,测试网格,grid,HC1\n",
  });
  officer = await env.loginAs({ username: "worker", roles: ["drug_control_officer"], jurisdictionCode: "HT1" });
  grid = await env.loginAs({ username: "gridder", roles: ["grid_worker"], jurisdictionCode: "HG1" });
  county = await env.loginAs({ username: "county", roles: ["county_analyst"], jurisdictionCode: "140403" });
  leader = await env.loginAs({ username: "boss", roles: ["leader"], jurisdictionCode: "140400" });
  police = await env.loginAs({ username: "cop", roles: ["investigator"], jurisdictionCode: "140403" });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

describe("care API", () => {
  it("registers a person and opens a case", async () => {
    const p = await post(officer, "/api/v1/care/persons", {
      idNumber: "140403198801011234",
      name: "接口测试人",
      sex: "male",
      birthDate: "1988-01-01",
      hukouJurisdictionCode: "HT1",
      residenceJurisdictionCode: "HG1",
      category: "community_treatment",
      drugTypes: ["heroin"],
      source: "seized",
      registeredOn: "2026-03-01",
      purpose: "register",
    });
    expect(p.status).toBe(201);
    personId = ((await p.json()) as { id: string }).id;
    const c = await post(officer, "/api/v1/care/cases", {
      personId,
      type: "community_treatment",
      decisionNo: "D-1",
      decidedBy: "潞州分局",
      servedOn: "2026-03-01",
      termMonths: 36,
      execJurisdictionCode: "HT1",
    });
    expect(c.status).toBe(201);
    const file = (await c.json()) as { case: { id: string; status: string; reportDueOn: string } };
    caseId = file.case.id;
    expect(file.case).toMatchObject({ status: "ordered", reportDueOn: "2026-03-16" });
  });

  it("a 社区戒毒 term other than 36 months is a 400 problem (戒毒条例 §14)", async () => {
    const c = await post(officer, "/api/v1/care/cases", {
      personId,
      type: "community_treatment",
      decisionNo: "D-2",
      decidedBy: "x",
      servedOn: "2026-03-01",
      termMonths: 24,
      execJurisdictionCode: "HT1",
    });
    expect(c.status).toBe(400);
    expect(((await c.json()) as { code: string }).code).toBe("invalid-input");
  });

  it("an illegal transition is a 409 problem; a legal one moves the state", async () => {
    const bad = await post(officer, `/api/v1/care/cases/${caseId}/transitions`, { event: "resume", reason: "x" });
    expect(bad.status).toBe(409);
    const problem = (await bad.json()) as { code: string; detail: string };
    expect(problem.code).toBe("conflict");
    expect(problem.detail).toMatch(/illegal_transition/);
    const ok = await post(officer, `/api/v1/care/cases/${caseId}/transitions`, {
      event: "report",
      reason: "came to the office",
      occurredAt: "2026-03-05",
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { case: { status: string } }).case.status).toBe("reported");
  });

  it("my tasks list overdue items first", async () => {
    const r = await officer.request("/api/v1/care/tasks/mine");
    expect(r.status).toBe(200);
    const { items } = (await r.json()) as { items: { kind: string; dueOn: string; overdue: boolean }[] };
    expect(items.length).toBeGreaterThan(0);
    const firstNotOverdue = items.findIndex((t) => !t.overdue);
    if (firstNotOverdue >= 0) expect(items.slice(firstNotOverdue).every((t) => !t.overdue)).toBe(true);
    expect(items.some((t) => t.kind === "fix.agreement" && t.dueOn === "2026-03-12")).toBe(true);
  });

  it("reading a person needs a purpose and writes an audit event with it", async () => {
    expect((await officer.request(`/api/v1/care/persons/${personId}`)).status).toBe(400);
    const r = await officer.request(`/api/v1/care/persons/${personId}?purpose=home-visit`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { name: string }).name).toBe("接口测试人");
    const last = (await readAuditEvents(env.ctx)).filter((e) => e.action === "care.person.read").at(-1);
    expect(last).toMatchObject({
      actor: "worker",
      purpose: "home-visit",
      object: `person:${personId}`,
      outcome: "success",
    });
  });

  it("a grid worker gets kind, date and place only — in every response it can get", async () => {
    const v = await post(county, `/api/v1/care/cases/${caseId}/visits`, {
      campaign: "平安关爱",
      dueOn: "2026-12-20",
      gridWorker: "gridder",
    });
    expect(v.status).toBe(200);
    const bodies: string[] = [];
    for (const path of [
      "/api/v1/care/tasks/mine",
      "/api/v1/care/calendar?from=2026-01-01&to=2026-12-31",
      "/api/v1/care/cases/mine",
      `/api/v1/care/cases/${caseId}?purpose=visit`,
      `/api/v1/care/persons/${personId}?purpose=visit`,
      "/api/v1/care/aggregates",
    ]) {
      const r = await grid.request(path);
      bodies.push(await r.text());
      if (path.includes("tasks/mine")) {
        expect(r.status).toBe(200);
        const { items } = JSON.parse(bodies.at(-1) as string) as { items: Record<string, unknown>[] };
        expect(items).toEqual([
          { id: expect.any(String), kind: "visit", dueOn: "2026-12-20", place: "测试网格", overdue: false },
        ]);
      } else if (!path.includes("calendar")) expect(r.status).toBe(403);
    }
    const all = bodies.join("\n");
    for (const leak of ["heroin", "community_treatment", "reported", "接口测试人", "140403198801011234", personId])
      expect(all).not.toContain(leak);
  });

  it("a leader gets k-suppressed aggregates and no case", async () => {
    const r = await leader.request("/api/v1/care/aggregates");
    expect(r.status).toBe(200);
    const a = (await r.json()) as { k: number; rows: { jurisdictionCode: string; activeCases: number | null }[] };
    expect(a.k).toBe(5);
    expect(a.rows.find((x) => x.jurisdictionCode === "140403")?.activeCases).toBeNull(); // 1 case < k
    expect((await leader.request(`/api/v1/care/cases/${caseId}?purpose=x`)).status).toBe(403);
  });

  it("risk: a worker computes an advisory score (201); only risk.confirm confirms it (403 otherwise)", async () => {
    const judged = {
      selfHarmRisk: false,
      mentalHealthConcern: false,
      previousTreatmentEpisodes: 0,
      monthsSinceLastUse: null,
      employed: true,
      familySupport: true,
    };
    expect((await post(officer, `/api/v1/care/cases/${caseId}/risk-assessments`, { employed: true })).status).toBe(400);
    const r = await post(officer, `/api/v1/care/cases/${caseId}/risk-assessments`, judged);
    expect(r.status).toBe(201);
    // no records against the person; only "last use unknown" scores: 5 points → low (docs/care.md "Risk")
    const a = (await r.json()) as { id: string; score: number; grade: string; status: string; modelVersion: string };
    expect(a).toMatchObject({ score: 5, grade: "low", status: "pending", modelVersion: "tracewater-care-risk-1.0" });
    const decision = { decision: "confirm", reason: "核实" };
    expect((await post(officer, `/api/v1/care/risk-assessments/${a.id}/decision`, decision)).status).toBe(403);
    expect((await post(county, `/api/v1/care/risk-assessments/${a.id}/decision`, decision)).status).toBe(403);
    const ok = await post(police, `/api/v1/care/risk-assessments/${a.id}/decision`, decision);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "confirmed", decidedBy: "cop" });
    expect((await post(police, `/api/v1/care/risk-assessments/${a.id}/decision`, decision)).status).toBe(409);
  });

  it("sealing: the police seal (reason audited); the case leaves the worker's list; case purpose still reads", async () => {
    const body = { sealed: true, reason: "依法封存", purpose: "seal" };
    expect((await post(officer, `/api/v1/care/persons/${personId}/seal`, body)).status).toBe(403);
    const r = await post(police, `/api/v1/care/persons/${personId}/seal`, body);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ personId, sealed: true });
    const mine = (await (await officer.request("/api/v1/care/cases/mine")).json()) as { items: { id: string }[] };
    expect(mine.items.map((c) => c.id)).not.toContain(caseId);
    expect((await officer.request(`/api/v1/care/cases/${caseId}?purpose=review`)).status).toBe(403);
    expect((await police.request(`/api/v1/care/cases/${caseId}?purpose=review`)).status).toBe(403);
    expect((await police.request(`/api/v1/care/cases/${caseId}?purpose=case:${caseId}`)).status).toBe(200);
    const events = await readAuditEvents(env.ctx);
    expect(events.find((e) => e.action === "care.person.seal" && e.outcome === "success")?.details).toMatchObject({
      reason: "依法封存",
    });
    expect(events.at(-1)).toMatchObject({ action: "care.case.read", actor: "cop", purpose: `case:${caseId}` });
  });
});
