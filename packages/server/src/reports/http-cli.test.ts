/**
 * `/api/v1/reports*` over HTTP (the real app with the bundled EUDA data) and `tracewater report` (CLI):
 * generate → review → issue → download; 409 on a change of an issued report; access by role and jurisdiction
 * (leader reads, cannot publish, cannot read person-access reports; a county analyst sees only its county; person-access reports need
 * person.read); the CLI writes a PDF whose text holds the number of the CSV and exits 2 on a bad period.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ReportCliResult, ReportDetail } from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../cli/main.js";
import type { Io } from "../cli/runtime.js";
import { createHttpTestEnv, type HttpTestEnv } from "../http/test-support.js";
import { EUDA_ALL_DATA_CSV } from "../services/paths.js";
import { compact, docxText, pdfText } from "./text-extract.js";

let env: HttpTestEnv;
beforeAll(async () => {
  process.env.TRACEWATER_DETECT_AFTER_IMPORT = "0";
  env = await createHttpTestEnv();
}, 300_000);
afterAll(async () => {
  delete process.env.TRACEWATER_DETECT_AFTER_IMPORT;
  await env?.close();
});

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("/api/v1/reports", () => {
  it("generate, review, issue, download; an issued report answers 409 to changes", async () => {
    const created = await env.request("/api/v1/reports", json({ jurisdiction: "AT001", period: "2024Q1" }));
    expect(created.status).toBe(200);
    const draft = (await created.json()) as ReportDetail;
    expect(draft).toMatchObject({ status: "draft", jurisdiction: "AT001", period: "2024Q1", audience: "internal" });
    expect(draft.history.map((e) => e.action)).toEqual(["generated"]);

    const patched = await env.request(`/api/v1/reports/${draft.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ analystText: "一季度格拉茨监测周数据平稳。" }),
    });
    expect(patched.status).toBe(200);
    expect((await env.request(`/api/v1/reports/${draft.id}/issue`, json({}))).status).toBe(409);
    expect((await env.request(`/api/v1/reports/${draft.id}/review`, json({ note: "已核对" }))).status).toBe(200);
    const issued = (await (await env.request(`/api/v1/reports/${draft.id}/issue`, json({}))).json()) as ReportDetail;
    expect(issued.status).toBe("issued");
    expect(issued.issuedAt).not.toBeNull();

    const again = await env.request(`/api/v1/reports/${draft.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ analystText: "改" }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe("conflict");

    const docx = await env.request(`/api/v1/reports/${draft.id}/file?format=docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toContain("wordprocessingml");
    const text = compact(docxText(new Uint8Array(await docx.arrayBuffer())));
    expect(text).toContain("2024年第一季度");
    expect(text).toContain("一季度格拉茨监测周数据平稳。");

    const snap = (await (await env.request(`/api/v1/reports/${draft.id}/snapshot`)).json()) as { sha256: string };
    expect(snap.sha256).toBe(issued.snapshotSha256);
    const list = (await (await env.request("/api/v1/reports?status=issued")).json()) as { items: { id: string }[] };
    expect(list.items.map((r) => r.id)).toContain(draft.id);
  });

  it("400 for a bad period, 404 for an unknown jurisdiction", async () => {
    expect((await env.request("/api/v1/reports", json({ jurisdiction: "AT001", period: "2024Q5" }))).status).toBe(400);
    expect((await env.request("/api/v1/reports", json({ jurisdiction: "XX999", period: "2024" }))).status).toBe(404);
  });

  it("a leader reads but cannot publish; a county analyst cannot publish and sees only reports of its county; person-access report by the city analyst (holds person.read)", async () => {
    const leader = await env.loginAs({
      username: "leader1",
      roles: ["leader"],
      jurisdictionCode: "140400",
      totp: false,
    });
    expect((await leader.request("/api/v1/reports")).status).toBe(200);
    expect((await leader.request("/api/v1/reports", json({ jurisdiction: "140400", period: "2024" }))).status).toBe(
      403,
    );

    const county = await env.loginAs({ username: "county1", roles: ["county_analyst"], jurisdictionCode: "140403" });
    // county analysts hold aggregate.read but not report.publish (roles.ts)
    expect((await county.request("/api/v1/reports", json({ jurisdiction: "140404", period: "2024" }))).status).toBe(
      403,
    );

    // the city analyst has person.read in 长治市: a person-access report is allowed
    const own = await env.request(
      "/api/v1/reports",
      json({ jurisdiction: "140403", period: "2024", audience: "person-access" }),
    );
    expect(own.status).toBe(200);
    const id = ((await own.json()) as ReportDetail).id;
    // the county analyst of 潞州区 sees that report, not one of 上党区
    const other = (await (
      await env.request("/api/v1/reports", json({ jurisdiction: "140404", period: "2024" }))
    ).json()) as ReportDetail;
    expect((await county.request(`/api/v1/reports/${id}`)).status).toBe(200);
    expect((await county.request(`/api/v1/reports/${other.id}`)).status).toBe(403);
    // the leader (no person access) can neither read nor list the person-access report (unsuppressed counts)
    expect((await leader.request(`/api/v1/reports/${id}`)).status).toBe(403);
    expect((await leader.request(`/api/v1/reports/${id}/file?format=pdf`)).status).toBe(403);
    const leaderList = (await (await leader.request("/api/v1/reports")).json()) as { items: { id: string }[] };
    expect(leaderList.items.map((r) => r.id)).not.toContain(id);
    expect(leaderList.items.map((r) => r.id)).toContain(other.id);
    const visible = (await (await county.request("/api/v1/reports")).json()) as { items: { id: string }[] };
    expect(visible.items.map((r) => r.id)).toContain(id);
    expect(visible.items.map((r) => r.id)).not.toContain(other.id);
  });
});

describe("tracewater report", () => {
  const work = mkdtempSync(path.join(tmpdir(), "tw-report-cli-"));
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), isTty: false } as Io };
  };

  it("writes the PDF of BE 2024 (text holds Brussels' 2024 methamphetamine daily mean from the CSV) with --json", async () => {
    // close the HTTP env's database first: the CLI opens the same data dir (one process per embedded database)
    const dataDir = env.ctx.dataDir;
    await env.ctx.database.close(); // not env.close(): that also deletes the data dir
    env = { ...env, close: () => rm(dataDir, { recursive: true, force: true }) };
    const savedUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // the env's embedded PGlite, whatever the environment says
    const out = path.join(work, "be-2024.pdf");
    const c = io();
    const code = await main(
      [
        "node",
        "tracewater",
        "--data-dir",
        dataDir,
        "report",
        "--jurisdiction",
        "BE",
        "--period",
        "2024",
        "--out",
        out,
        "--json",
      ],
      c.io,
    );
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const result = JSON.parse(c.out.join("")) as ReportCliResult;
    expect(result).toMatchObject({ jurisdiction: "BE", period: "2024", format: "pdf", out });
    expect(result.sections.map((s) => s.id)).toContain("wastewater");
    const bytes = readFileSync(out);
    expect(result.bytes).toBe(bytes.length);
    // ww2025-all-data.csv: 2024,"methamphetamine","BE005","BE","Brussels",…, Daily mean 40.26
    const row = readFileSync(EUDA_ALL_DATA_CSV, "utf8")
      .split("\n")
      .find((l) => l.startsWith('2024,"methamphetamine","BE005"'));
    const dailyMean = Number(row?.split(",").at(-1));
    expect(dailyMean).toBe(40.26);
    expect(compact(await pdfText(bytes))).toContain(`Brussels（BE005）甲基苯丙胺${dailyMean.toFixed(2)}`);

    const bad = io();
    expect(
      await main(
        [
          "node",
          "tracewater",
          "--data-dir",
          dataDir,
          "report",
          "--jurisdiction",
          "BE",
          "--period",
          "2024-13",
          "--out",
          out,
          "--json",
        ],
        bad.io,
      ),
    ).toBe(2);
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  });
});
