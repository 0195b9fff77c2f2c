/**
 * `POST /api/v1/imports` form field `source` (as `tracewater import --source`): the sites of the file get that
 * data-source label; a label that is not lowercase letters/digits/'-' is a 400 `validation` problem naming the
 * field, and nothing is written.
 */
import { ImportReport, Site } from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpTestEnv, type HttpTestEnv } from "./test-support.js";

let env: HttpTestEnv;
beforeAll(async () => {
  env = await createHttpTestEnv();
});
afterAll(async () => {
  await env?.close();
});

function upload(name: string, csv: string, source?: string): Promise<Response> {
  const form = new FormData();
  form.append("file", new File([csv], name, { type: "text/csv" }));
  if (source !== undefined) form.append("source", source);
  return env.request("/api/v1/imports?format=sites", { method: "POST", body: form });
}

const REGISTRY = [
  "site_code,name,kind,downstream_site,travel_time_hours",
  "SRC-WWTP,来源测试污水处理厂,污水处理厂,,",
  "SRC-PS,来源测试泵站,泵站,SRC-WWTP,0.8",
].join("\n");

describe("POST /imports with a source", () => {
  it("labels the file's sites with the given source", async () => {
    const res = await upload("src-registry.csv", REGISTRY, "county-lab-2025");
    expect(res.status).toBe(200);
    expect(ImportReport.parse(await res.json())).toMatchObject({ status: "imported", format: "sites", sites: 2 });
    for (const code of ["SRC-WWTP", "SRC-PS"]) {
      const site = Site.parse(await (await env.request(`/api/v1/sites/${code}`)).json());
      expect(site.source).toBe("county-lab-2025");
    }
  });

  it.each(["County Lab", "lab_2025", "实验室", ""])(
    "rejects the source %j with 400 validation; nothing is written",
    async (bad) => {
      const csv = REGISTRY.replaceAll("SRC-", "SRCBAD-");
      const res = await upload("src-bad.csv", csv, bad);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(body.code).toBe("validation");
      expect(body.errors.map((e) => e.path)).toEqual(["source"]);
      expect((await env.request("/api/v1/sites/SRCBAD-WWTP")).status).toBe(404);
    },
  );

  it("without a source the registry default applies", async () => {
    const res = await upload("src-default.csv", REGISTRY.replaceAll("SRC-", "SRCDEF-"));
    expect(res.status).toBe(200);
    const site = Site.parse(await (await env.request("/api/v1/sites/SRCDEF-PS")).json());
    expect(site.source).toBe("registry");
  });
});
