/**
 * /api/v1/assessment over HTTP: uploads (hair results by a lab, surveys by an analyst), reads with the policy
 * middleware + service checks: person-linked hair results denied (403) to roles without test_result.read and
 * audited; aggregates k-suppressed for a leader; decline/index shapes validate against the contract.
 */
import { DeclineResponse, HairSurveysResponse, IndexResponse } from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedAssessmentDemo } from "../services/assessment/seed-demo.js";
import { createHttpTestEnv, type HttpTestEnv } from "./test-support.js";

const LAB = [
  "样本编号,样本类型,人员编号,行政区划代码,采集时间,采集部位,采集人,长度,质量,检测机构,检测方法,分段起点,分段终点,检测项目,浓度,单位,检出限,定量限",
  "HS-101,A,P-abc,140403,2025-05-20,头顶后部,C01;C02,3,55,市禁毒实验室,LC-MS/MS,0,3,吗啡,0.2,ng/mg,0.01,0.02",
  "HS-101,A,P-abc,140403,2025-05-20,头顶后部,C01;C02,3,55,市禁毒实验室,LC-MS/MS,0,3,6-单乙酰吗啡,0.19,ng/mg,0.01,0.02",
].join("\n");

function upload(name: string, text: string): FormData {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "text/csv" }));
  return form;
}

describe("/api/v1/assessment", () => {
  let env: HttpTestEnv;
  beforeAll(async () => {
    env = await createHttpTestEnv({ seed: false });
    await seedAssessmentDemo(env.ctx);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it("hair results: a lab technician uploads; an investigator reads; a leader and a city analyst get 403; all audited", async () => {
    const tech = await env.loginAs({ username: "lab1", roles: ["lab_technician"], jurisdictionCode: "140400" });
    const up = await tech.request("/api/v1/assessment/hair-results", { method: "POST", body: upload("lab.csv", LAB) });
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "imported", counts: { inserted: 2 } });

    const inv = await env.loginAs({ username: "inv1", roles: ["investigator"], jurisdictionCode: "140403" });
    const ok = await inv.request("/api/v1/assessment/hair-results?subject=P-abc", {
      headers: { "X-Purpose": "case:2025-0042" },
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as {
      items: Array<{ segments: Array<{ results: Array<{ analyte: string; result: string }> }> }>;
    };
    // 938号: morphine 0.2 = cut-off → positive; 6-MAM 0.19 < 0.2 → negative
    expect(body.items[0]?.segments[0]?.results.map((r) => [r.analyte, r.result])).toEqual([
      ["6-mam", "negative"],
      ["morphine", "positive"],
    ]);
    const leader = await env.loginAs({ username: "lead1", roles: ["leader"], jurisdictionCode: "140400" });
    expect((await leader.request("/api/v1/assessment/hair-results?subject=P-abc")).status).toBe(403);
    // the city analyst has person.read but not test_result.read
    expect((await env.request("/api/v1/assessment/hair-results?subject=P-abc")).status).toBe(403);
    const audit = await env.ctx.database.raw.query<{ actor: string; action: string; outcome: string }>(
      "SELECT actor, action, outcome FROM audit_event WHERE action LIKE 'hair_result.%' OR (action = 'policy.deny' AND actor IN ('lead1', 'analyst')) ORDER BY seq",
    );
    expect(audit.rows).toEqual(
      expect.arrayContaining([
        { actor: "lab1", action: "hair_result.write", outcome: "success" },
        { actor: "inv1", action: "hair_result.read", outcome: "success" },
      ]),
    );
    expect(
      audit.rows.filter((r) => r.outcome === "denied" && (r.actor === "lead1" || r.actor === "analyst")).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("aggregates: decline and index validate against the contract; a leader sees surveys with small counts suppressed", async () => {
    const d = await env.request("/api/v1/assessment/decline?asOf=2025&lastN=3");
    expect(d.status).toBe(200);
    const decline = DeclineResponse.parse(await d.json());
    expect(decline.rows.length).toBe(5 * 13);
    const i = await env.request("/api/v1/assessment/index?period=2025");
    const index = IndexResponse.parse(await i.json());
    for (const x of index.districts.filter((z) => z.score !== null))
      expect(x.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(x.score as number, 9);
    const leader = await env.loginAs({ username: "lead2", roles: ["leader"], jurisdictionCode: "140400" });
    const s = HairSurveysResponse.parse(
      await (await leader.request("/api/v1/assessment/hair-surveys?period=2025")).json(),
    );
    expect(s.k).toBe(5);
    const small = s.items.flatMap((x) => x.analytes).filter((a) => a.suppressed);
    expect(small.length).toBeGreaterThan(0);
    expect(small.every((a) => a.positives === null && a.positivity.lower === null)).toBe(true);
    // a lab technician has no aggregate.read
    const tech = await env.loginAs({ username: "lab2", roles: ["lab_technician"], jurisdictionCode: "140400" });
    expect((await tech.request("/api/v1/assessment/decline?asOf=2025")).status).toBe(403);
  });

  it("indicator upload: a computed indicator is rejected with 422 naming row and column", async () => {
    const r = await env.request("/api/v1/assessment/imports?kind=indicator-values", {
      method: "POST",
      body: upload("v.csv", "indicator,jurisdiction_code,period,value\nhair.positivity,140403,2025,3\n"),
    });
    expect(r.status).toBe(422);
    const p = (await r.json()) as { errors: Array<{ row: number; column: string; message: string }> };
    expect(p.errors[0]).toMatchObject({ row: 2, column: "indicator" });
    expect(p.errors[0]?.message).toContain("hair surveys");
  });

  it("indicator upload by a county analyst (潞州区 140403): rows of another county are refused, nothing written (SEC-05)", async () => {
    const county = await env.loginAs({ username: "cty1", roles: ["county_analyst"], jurisdictionCode: "140403" });
    const bad = await county.request("/api/v1/assessment/imports?kind=indicator-values", {
      method: "POST",
      body: upload(
        "v.csv",
        "indicator,jurisdiction_code,period,value\nusers.existing,140403,2025,120\nusers.existing,140404,2025,80\n",
      ),
    });
    expect(bad.status).toBe(422);
    const p = (await bad.json()) as { errors: Array<{ row: number; column: string; value: string; message: string }> };
    expect(p.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: "jurisdiction_code",
        value: "140404",
        message: "jurisdiction 140404 is outside your jurisdiction scope for imports",
      }),
    ]);
    // the valid row of the refused file (140403, 2025) was not written either: one transaction per file
    const count = async () =>
      (
        await env.ctx.database.raw.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM indicator_value WHERE indicator_code = 'users.existing' AND jurisdiction_code = '140403' AND period = '2025'",
        )
      ).rows[0]?.n;
    expect(await count()).toBe(0);
    const ok = await county.request("/api/v1/assessment/imports?kind=indicator-values", {
      method: "POST",
      body: upload("own.csv", "indicator,jurisdiction_code,period,value\nusers.existing,140403,2025,120\n"),
    });
    expect(ok.status).toBe(200);
    expect(await count()).toBe(1);
  });
});
