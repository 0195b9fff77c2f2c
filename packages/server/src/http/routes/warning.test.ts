/**
 * `/api/v1` warning routes over HTTP (in-process app, PGlite) on the simulated demo city (changzhi-demo,
 * 2025-01-01…2025-02-28): alert list/detail/transition/series/trace, the lead flow with feedback and an attachment
 * (multipart upload, download checked by SHA-256), sampling tasks, the network tree, the inbox, and jurisdiction
 * scoping between 潞州区 (140403) and 上党区 (140404). Response bodies are checked with the contract schemas.
 */
import { createHash } from "node:crypto";
import * as contract from "@tracewater/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../services/warning/index.js";
import { createHttpTestEnv, type HttpTestEnv, type TestSession } from "../test-support.js";

let env: HttpTestEnv;
let luzhou: TestSession;
let shangdang: TestSession;
let investigator: TestSession;

beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
  const seeded = await seedDemoCity(env.ctx, { from: "2025-01-01", to: "2025-02-28", since: "2025-01-01" });
  expect(seeded?.detection.alertsCreated).toBeGreaterThan(0);
  luzhou = await env.loginAs({ username: "luzhou", roles: ["county_analyst"], jurisdictionCode: "140403" });
  shangdang = await env.loginAs({ username: "shangdang", roles: ["county_analyst"], jurisdictionCode: "140404" });
  investigator = await env.loginAs({ username: "inv", roles: ["investigator"], jurisdictionCode: "140403" });
}, 300_000);
afterAll(async () => {
  await env?.close();
});

const post = (s: { request: TestSession["request"] }, url: string, body: unknown) =>
  s.request(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const AlertPage = contract.page(contract.Alert);
const LeadPage = contract.page(contract.Lead);

describe("/api/v1 alerts, leads, tracing", () => {
  let alertId = "";
  let leadId = "";

  it("lists alerts per jurisdiction; an alert of another county is not found", async () => {
    const city = AlertPage.parse(await (await env.request("/api/v1/alerts?limit=1000")).json());
    const mine = AlertPage.parse(await (await luzhou.request("/api/v1/alerts?limit=1000")).json());
    const other = AlertPage.parse(await (await shangdang.request("/api/v1/alerts?limit=1000")).json());
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((a) => a.jurisdictionCode === "140403")).toBe(true);
    expect(other.items.every((a) => a.jurisdictionCode === "140404")).toBe(true);
    expect(city.items.length).toBeGreaterThanOrEqual(mine.items.length + other.items.length);
    alertId = (mine.items.find((a) => a.status === "new") as contract.Alert).id;
    expect((await shangdang.request(`/api/v1/alerts/${alertId}`)).status).toBe(404);
    const filtered = AlertPage.parse(await (await env.request("/api/v1/alerts?status=dismissed")).json());
    expect(filtered.items).toEqual([]);
    const bad = await env.request("/api/v1/alerts?status=opened");
    expect(bad.status).toBe(400);
  });

  it("moves an alert through its lifecycle with clear errors for illegal moves", async () => {
    const ack = await post(luzhou, `/api/v1/alerts/${alertId}/transition`, { to: "acknowledged" });
    expect(ack.status).toBe(200);
    expect(contract.AlertDetail.parse(await ack.json()).history.at(-1)).toMatchObject({
      from: "new",
      to: "acknowledged",
      by: "luzhou",
    });
    const again = await post(luzhou, `/api/v1/alerts/${alertId}/transition`, { to: "acknowledged" });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toMatch(
      /is acknowledged; it cannot become acknowledged \(allowed next: lead, dismissed\)/,
    );
    const noReason = await post(luzhou, `/api/v1/alerts/${alertId}/transition`, { to: "dismissed" });
    expect(noReason.status).toBe(400);
    const denied = await post(investigator, `/api/v1/alerts/${alertId}/transition`, { to: "dismissed", reason: "x" });
    expect(denied.status).toBe(403);
    expect(
      (await post(shangdang, `/api/v1/alerts/${alertId}/transition`, { to: "dismissed", reason: "x" })).status,
    ).toBe(404);
  });

  it("serves the explanation series and the trace plan of an alert, and the network tree", async () => {
    const series = contract.AlertSeries.parse(await (await luzhou.request(`/api/v1/alerts/${alertId}/series`)).json());
    expect(series.points.length).toBeGreaterThan(30);
    expect(series.points.every((p) => !p.censored || p.value === null)).toBe(true);
    const trace = await luzhou.request(`/api/v1/alerts/${alertId}/trace?k=2`);
    expect(trace.status).toBe(200);
    const plan = contract.TracePlan.parse(await trace.json());
    expect(plan.candidates.some((c) => c.site === plan.site)).toBe(true);
    const net = contract.NetworkTree.parse(await (await luzhou.request("/api/v1/network/CZ-140403-RB3")).json());
    expect(net.root).toBe("CZ-140403-WWTP2");
    expect(net.nodes).toHaveLength(5);
    expect((await shangdang.request("/api/v1/network/CZ-140403-RB3")).status).toBe(403);
  });

  it("creates a lead from the alert, notifies the unit, takes feedback and an attachment, and closes it", async () => {
    const created = await post(env, "/api/v1/leads", {
      title: "潞州区 RB 排查",
      orgUnit: "140403",
      deadline: "2099-12-31",
      alertIds: [alertId],
    });
    expect(created.status).toBe(201);
    const lead = contract.LeadDetail.parse(await created.json());
    leadId = lead.id;
    expect(lead).toMatchObject({ status: "open", assignedBy: "analyst", assigningUnit: "140400", alertIds: [alertId] });
    expect(LeadPage.parse(await (await shangdang.request("/api/v1/leads")).json()).items).toEqual([]);
    expect(LeadPage.parse(await (await luzhou.request("/api/v1/leads")).json()).items.map((l) => l.id)).toEqual([
      leadId,
    ]);
    const inbox = contract.InboxResponse.parse(await (await luzhou.request("/api/v1/inbox?unread=true")).json());
    const note = inbox.items.find((n) => n.kind === "lead_assigned" && n.subject.id === leadId);
    expect(note).toBeDefined();
    const read = await luzhou.request(`/api/v1/inbox/${note?.id}/read`, { method: "POST" });
    expect(contract.Notification.parse(await read.json()).readAt).not.toBeNull();
    expect((await shangdang.request(`/api/v1/inbox/${note?.id}/read`, { method: "POST" })).status).toBe(404);

    const form = new FormData();
    const text = "采样记录 sampling record";
    form.append("file", new File([text], "record.txt", { type: "text/plain" }));
    const up = await luzhou.request(`/api/v1/leads/${leadId}/attachments`, { method: "POST", body: form });
    expect(up.status).toBe(201);
    const att = contract.LeadAttachment.parse(await up.json());
    expect(att.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    const down = await luzhou.request(`/api/v1/leads/${leadId}/attachments/${att.id}`);
    expect(down.status).toBe(200);
    expect(down.headers.get("x-content-sha256")).toBe(att.sha256);
    expect(await down.text()).toBe(text);
    expect((await post(luzhou, `/api/v1/leads/${leadId}/attachments`, {})).status).toBe(400);

    expect((await post(luzhou, `/api/v1/leads/${leadId}/transition`, { to: "closed" })).status).toBe(409);
    const fb = await post(luzhou, `/api/v1/leads/${leadId}/feedback`, { findings: "排查发现倾倒", outcome: "dumping" });
    expect(fb.status).toBe(200);
    expect(contract.LeadDetail.parse(await fb.json()).status).toBe("reported");
    const closed = await post(env, `/api/v1/leads/${leadId}/transition`, { to: "closed", reason: "done" });
    expect(contract.LeadDetail.parse(await closed.json()).status).toBe("closed");
    const alert = contract.AlertDetail.parse(await (await luzhou.request(`/api/v1/alerts/${alertId}`)).json());
    expect(alert.status).toBe("closed");
    expect(alert.history.map((h) => h.to)).toEqual(["new", "acknowledged", "lead", "closed"]);
  });

  it("plans a sampling round and lists it; suppression windows round-trip", async () => {
    const t = await post(luzhou, "/api/v1/sampling-tasks", {
      alertId,
      points: [{ site: "CZ-140403-PS1", date: "2025-02-20" }],
    });
    expect(t.status).toBe(201);
    const task = contract.SamplingTask.parse(await t.json());
    expect(task.status).toBe("completed"); // the demo already holds 2025-02-20 at PS1
    const list = await (await luzhou.request(`/api/v1/sampling-tasks?alertId=${alertId}`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([task.id]);
    expect((await shangdang.request(`/api/v1/sampling-tasks/${task.id}`)).status).toBe(404);
    const s = await post(luzhou, "/api/v1/alert-suppressions", {
      site: "CZ-140403-RB1",
      from: "2025-02-01",
      to: "2025-02-10",
      reason: "管网检修",
    });
    expect(s.status).toBe(201);
    const sup = contract.AlertSuppression.parse(await s.json());
    expect((await shangdang.request("/api/v1/alert-suppressions").then((r) => r.json())).items).toEqual([]);
    expect((await luzhou.request(`/api/v1/alert-suppressions/${sup.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await luzhou.request("/api/v1/alert-suppressions").then((r) => r.json())).items).toEqual([]);
  });

  it("POST /detect runs detection for an analyst and is refused to an investigator", async () => {
    const r = await luzhou.request("/api/v1/detect", { method: "POST" });
    expect(r.status).toBe(200);
    expect(contract.DetectRunResult.parse(await r.json()).alertsCreated).toBe(0);
    expect((await investigator.request("/api/v1/detect", { method: "POST" })).status).toBe(403);
  });
});
