/**
 * Upload endpoint (`POST /api/v1/imports`) on a real PGlite AppContext seeded with the EUDA data, with the
 * hand-written fixtures in ./fixtures (see its README): a site registry, a lab-long file, a bad file.
 * Also loads computed from the uploaded concentrations (hand calculation below) and revisions.
 */
import { readFile } from "node:fs/promises";
import { ImportBatch, ImportReport, LoadsResponse, Measurement, Problem, page, Site } from "@tracewater/contract";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES } from "./routes/imports.js";
import { createHttpTestEnv, type HttpTestEnv } from "./test-support.js";

let env: HttpTestEnv;
beforeAll(async () => {
  env = await createHttpTestEnv();
});
afterAll(async () => {
  await env?.close();
});

const FIXTURES = new URL("./fixtures/", import.meta.url);

async function upload(name: string, query = "", content?: string): Promise<Response> {
  const text = content ?? (await readFile(new URL(name, FIXTURES), "utf8"));
  const form = new FormData();
  form.append("file", new File([text], name, { type: "text/csv" }));
  return env.request(`/api/v1/imports${query}`, { method: "POST", body: form });
}

async function measurementsOf(site: string, extra = ""): Promise<Measurement[]> {
  const res = await env.request(`/api/v1/measurements?site=${site}&limit=1000${extra}`);
  expect(res.status).toBe(200);
  return page(Measurement).parse(await res.json()).items;
}

describe("POST /imports", () => {
  it("imports the site registry, then the lab-long file (200 with the report)", async () => {
    const sitesRes = await upload("site-registry.csv", "?format=sites");
    expect(sitesRes.status).toBe(200);
    const sites = ImportReport.parse(await sitesRes.json());
    expect(sites).toMatchObject({ status: "imported", format: "sites", sites: 2, errors: [], dryRun: false });

    const siteRes = await env.request("/api/v1/sites/HTTPTEST-01");
    expect(Site.parse(await siteRes.json())).toMatchObject({
      name: "长治市测试污水处理厂一",
      kind: "wwtp_influent",
      populationServed: 350000,
    });

    const labRes = await upload("lab-long.csv");
    expect(labRes.status).toBe(200);
    const lab = ImportReport.parse(await labRes.json());
    expect(lab).toMatchObject({
      status: "imported",
      format: "lab-long",
      file: "lab-long.csv",
      rows: 6,
      samples: 4,
      measurements: { inserted: 6, unchanged: 0, revised: 0 },
      errors: [],
    });
    expect(lab.batchId).not.toBeNull();
    expect(lab.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await measurementsOf("HTTPTEST-01")).toHaveLength(3);
    expect(await measurementsOf("HTTPTEST-02")).toHaveLength(3);
  });

  it("re-uploading the same file changes nothing (status unchanged)", async () => {
    const res = await upload("lab-long.csv");
    expect(res.status).toBe(200);
    const report = ImportReport.parse(await res.json());
    expect(report.status).toBe("unchanged");
    expect(report.measurements.inserted).toBe(0);
    expect(await measurementsOf("HTTPTEST-01")).toHaveLength(3);
  });

  it("a bad file → 422 problem+json listing row/column errors, and nothing is written", async () => {
    const res = await upload("lab-long-bad.csv");
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json();
    const problem = Problem.parse(body);
    expect(problem).toMatchObject({ status: 422, code: "import-rejected", type: "/problems/import-rejected" });
    const errors = problem.errors as { file: string; row: number; column: string; value: string }[];
    const at = errors.map((e) => `${e.row}:${e.column}`);
    expect(at).toEqual(expect.arrayContaining(["3:检测项目", "4:采样日期", "5:浓度"]));
    expect(errors.every((e) => e.file === "lab-long-bad.csv")).toBe(true);
    expect(errors.find((e) => e.row === 3)?.value).toBe("不存在的物质");
    expect(ImportReport.parse(body.report).status).toBe("rejected");
    // row 2 was valid but the file is rejected as a whole: nothing from April exists
    expect(await measurementsOf("HTTPTEST-01", "&from=2025-04-01")).toEqual([]);
  });

  it("dryRun=true validates without writing (status validated)", async () => {
    const corrected = "采样点编号,采样日期,检测项目,浓度,单位\nHTTPTEST-02,2025-05-06,甲基苯丙胺,5.5,ng/L\n";
    const res = await upload("dry-run.csv", "?dryRun=true", corrected);
    expect(res.status).toBe(200);
    const report = ImportReport.parse(await res.json());
    expect(report).toMatchObject({ status: "validated", dryRun: true, rows: 1 });
    expect(await measurementsOf("HTTPTEST-02", "&from=2025-05-01")).toEqual([]);
  });

  it("lists plausibility warnings (250 ng/mL of METH = 250 000 ng/L > 100 000 ng/L) in the report without rejecting", async () => {
    const text = "采样点编号,采样日期,检测项目,浓度,单位\nHTTPTEST-02,2025-05-07,甲基苯丙胺,250,ng/mL\nHTTPTEST-02,2025-05-07,氯胺酮,12,ng/L\n";
    const res = await upload("unit-check.csv", "?dryRun=true", text);
    expect(res.status).toBe(200);
    const report = ImportReport.parse(await res.json());
    expect(report).toMatchObject({ status: "validated", errors: [] });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatchObject({ file: "unit-check.csv", row: 2, column: "浓度", value: "250 ng/mL" });
    expect(report.warnings[0]!.message).toContain("250,000 ng/L");
  });

  it("a corrected value becomes revision 2; /revisions lists both, newest first", async () => {
    const corrected =
      "采样点编号,采样日期,检测项目,浓度,单位,检出限,定量限,流量(m³/d),服务人口\nHTTPTEST-01,2025-03-04,甲基苯丙胺,13.0,ng/L,0.3,1,80000,350000\n";
    const res = await upload("lab-long-corrected.csv", "", corrected);
    expect(res.status).toBe(200);
    expect(ImportReport.parse(await res.json()).measurements).toEqual({ inserted: 0, unchanged: 0, revised: 1 });
    const current = (await measurementsOf("HTTPTEST-01", "&analyte=methamphetamine&from=2025-03-04&to=2025-03-04"))[0]!;
    expect(current).toMatchObject({ valueCanonical: 13, revision: 2, superseded: false });
    const revRes = await env.request(`/api/v1/measurements/${current.id}/revisions`);
    const revisions = Measurement.array().parse(await revRes.json());
    expect(revisions.map((r) => [r.revision, r.valueCanonical, r.superseded])).toEqual([
      [2, 13, false],
      [1, 12.5, true],
    ]);
    const all = await measurementsOf("HTTPTEST-01", "&analyte=methamphetamine&includeSuperseded=true");
    expect(all).toHaveLength(3);
  });

  it("no file field → 400 validation; an unknown format → 400 validation", async () => {
    const res = await env.request("/api/v1/imports", { method: "POST", body: new FormData() });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("validation");
    const bad = await upload("lab-long.csv", "?format=pdf");
    expect(bad.status).toBe(400);
  });

  it(`a declared body above ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB → 413 before reading it`, async () => {
    const res = await env.request("/api/v1/imports", {
      method: "POST",
      body: "x",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX_UPLOAD_BYTES + 1) },
    });
    expect(res.status).toBe(413);
    expect(Problem.parse(await res.json()).code).toBe("payload-too-large");
  });
});

describe("after the uploads", () => {
  it("/loads HTTPTEST-01 methamphetamine: load = C × Q / 1000, PNL = load / (P/1000) (hand calculation)", async () => {
    const res = await env.request("/api/v1/loads?site=HTTPTEST-01&analyte=methamphetamine&censoringPolicy=loq_half");
    const loads = LoadsResponse.parse(await res.json());
    const [d4, d5] = loads.rows;
    // 2025-03-04 (revised to 13.0 ng/L): 13.0 ng/L × 80 000 m³/day / 1000 = 1040 mg/day; 1040 / 350 = 2.9714…
    expect(d4).toMatchObject({
      date: "2025-03-04",
      concentrationNgPerL: 13,
      detection: "detected",
      substituted: false,
    });
    expect(d4!.loadMgPerDay).toBeCloseTo(1040, 9);
    expect(d4!.pnlMgPerDayPer1000).toBeCloseTo(1040 / 350, 9);
    // 2025-03-05 "<1" with LOQ 1 ng/L, policy loq_half → 0.5 ng/L × 81 000 / 1000 = 40.5 mg/day; / 350 = 0.11571…
    expect(d5).toMatchObject({
      date: "2025-03-05",
      detection: "below_loq",
      substituted: true,
      concentrationNgPerL: 0.5,
    });
    expect(d5!.loadMgPerDay).toBeCloseTo(40.5, 9);
    expect(d5!.pnlMgPerDayPer1000).toBeCloseTo(40.5 / 350, 9);
  });

  it("/imports lists the uploads newest first, including the rejected one, by user analyst", async () => {
    const res = await env.request("/api/v1/imports?limit=10");
    const batches = page(ImportBatch).parse(await res.json()).items;
    expect(batches[0]?.file).toBe("lab-long-corrected.csv");
    const rejected = batches.find((b) => b.file === "lab-long-bad.csv");
    expect(rejected).toMatchObject({ status: "rejected", actor: "analyst" });
    expect(rejected!.errors.length).toBeGreaterThanOrEqual(3);
  });

  it("CSV export keeps Chinese site names readable (UTF-8 with BOM)", async () => {
    const res = await env.request("/api/v1/sites?source=registry&format=csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes.slice(3)), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data.map((r) => r.name)).toEqual(["长治市测试污水处理厂一", "长治市测试污水处理厂二"]);
  });
});
