/**
 * `POST /api/v1/imports` and `GET /api/v1/imports` with jurisdiction scope (issue #3, docs/domain.md SEC-05): a
 * county analyst of 上党区 (140404) gets 422 `import-rejected` for rows of a 潞州区 (140403) site and sees only the
 * batches touching its sites or uploaded by itself; the city analyst sees every batch.
 */
import { ImportBatch, Problem, page } from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpTestEnv, type HttpTestEnv, type TestSession } from "./test-support.js";

let env: HttpTestEnv;
let county: TestSession;
beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  county = await env.loginAs({ username: "sd-analyst", roles: ["county_analyst"], jurisdictionCode: "140404" });
});
afterAll(async () => {
  await env?.close();
});

function upload(as: { request: HttpTestEnv["request"] }, name: string, lines: string[]): Promise<Response> {
  const form = new FormData();
  form.append("file", new File([lines.join("\n")], name, { type: "text/csv" }));
  return as.request("/api/v1/imports", { method: "POST", body: form });
}

const LAB = "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served";

async function batchFiles(as: { request: HttpTestEnv["request"] }): Promise<string[]> {
  const res = await as.request("/api/v1/imports?limit=100");
  expect(res.status).toBe(200);
  return page(ImportBatch)
    .parse(await res.json())
    .items.map((b) => b.file)
    .sort();
}

describe("imports and jurisdiction scope", () => {
  it("the county analyst's rows for another county's site → 422 with the row; its own site imports", async () => {
    const reg = await upload(env, "reg.csv", [
      "site_code,name,kind,jurisdiction_code,longitude,latitude,population_served",
      "HS-LZ,潞州测试厂,wwtp_influent,140403,113.1,36.2,300000",
      "HS-SD,上党测试厂,wwtp_influent,140404,113.0,36.1,100000",
    ]);
    expect(reg.status).toBe(200);
    const bad = await upload(county, "sd-bad.csv", [
      LAB,
      "HS-SD,2025-03-10,methamphetamine,50,ng/L,0.5,1.5,20000,100000",
      "HS-LZ,2025-03-10,methamphetamine,90,ng/L,0.5,1.5,90000,300000",
    ]);
    expect(bad.status).toBe(422);
    const p = Problem.parse(await bad.json()) as { errors?: { row: number; column: string; value: string }[] };
    expect(p.errors).toMatchObject([{ row: 3, column: "site_code", value: "HS-LZ" }]);
    const good = await upload(county, "sd-good.csv", [
      LAB,
      "HS-SD,2025-03-10,methamphetamine,50,ng/L,0.5,1.5,20000,100000",
    ]);
    expect(good.status).toBe(200);
    const lz = await upload(env, "lz.csv", [LAB, "HS-LZ,2025-03-10,methamphetamine,90,ng/L,0.5,1.5,90000,300000"]);
    expect(lz.status).toBe(200);
  });

  it("GET /imports: the county sees batches touching its sites and its own; the city sees all", async () => {
    // reg.csv wrote HS-SD (140404); sd-bad.csv is its own rejected upload; lz.csv touched 潞州区 only
    expect(await batchFiles(county)).toEqual(["reg.csv", "sd-bad.csv", "sd-good.csv"]);
    expect(await batchFiles(env)).toEqual(["lz.csv", "reg.csv", "sd-bad.csv", "sd-good.csv"]);
  });
});
