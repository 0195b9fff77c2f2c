/**
 * `tracewater audit verify` and `tracewater keys rotate` as users run them (spawned, temp data dir, PGlite):
 * exit codes and the JSON of @tracewater/contract's AuditVerifyResult / KeyRotationResult.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AuditVerifyResult, KeyRotationResult } from "@tracewater/contract";
import pino from "pino";
import { afterAll, expect, it } from "vitest";
import { type CliRun, runCli } from "./testing.js";
import { createAppContext } from "../services/context.js";
import { appendAuditEvent } from "../services/security/audit-log.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "tw-sec-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[]): Promise<CliRun> {
  return runCli(dataDir, args);
}

/** Opens the data dir in-process (the CLI is not running then: PGlite is single-process). */
async function withCtx(fn: (ctx: Awaited<ReturnType<typeof createAppContext>>) => Promise<void>): Promise<void> {
  const ctx = await createAppContext({ dataDir, log: pino({ level: "silent" }) });
  try {
    await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

it("audit verify: intact chain → exit 0 with count and head", async () => {
  await withCtx(async (ctx) => {
    for (let i = 0; i < 4; i++)
      await appendAuditEvent(ctx, { actor: "alice", action: "auth.login", outcome: "success", details: { i } });
  });
  const r = await run(["audit", "verify", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  expect(AuditVerifyResult.parse(JSON.parse(r.stdout))).toMatchObject({ ok: true, count: 4, headSeq: 4 });
}, 120_000);

it("keys rotate: new active key in <dataDir>/keys.json (0600), old key kept, exit 0", async () => {
  const r = await run(["keys", "rotate", "--json", "--batch-size", "2"]);
  expect(r.code, r.stderr).toBe(0);
  const report = KeyRotationResult.parse(JSON.parse(r.stdout));
  const file = path.join(dataDir, "keys.json");
  expect(report.keySource).toBe(file);
  const keys = JSON.parse(readFileSync(file, "utf8"));
  expect(keys.activeKeyId).toBe(report.activeKeyId);
  expect(Object.keys(keys.keys)).toContain(report.previousKeyId);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect((await run(["keys", "rotate", "--batch-size", "0"])).code).toBe(2);
}, 120_000);

it("audit verify: an edited row → exit 1 naming the first broken link", async () => {
  await withCtx(async (ctx) => {
    await ctx.database.raw.exec("ALTER TABLE audit_event DISABLE TRIGGER USER");
    await ctx.database.raw.exec(`UPDATE audit_event SET details = '{"i": 9}' WHERE seq = 2`);
    await ctx.database.raw.exec("ALTER TABLE audit_event ENABLE TRIGGER USER");
  });
  const r = await run(["audit", "verify", "--json"]);
  expect(r.code).toBe(1);
  expect(AuditVerifyResult.parse(JSON.parse(r.stdout))).toMatchObject({
    ok: false,
    seq: 2,
    index: 1,
    reason: "hash-mismatch",
  });
  const human = await run(["audit", "verify"]);
  expect(human.stdout).toContain("audit chain BROKEN at seq 2 (hash-mismatch)");
}, 120_000);

it("staff add: creates an account with role + jurisdiction and a one-time password (audited); conflicts exit 2/1", async () => {
  const r = await run([
    "staff",
    "add",
    "--username",
    "li.ming",
    "--role",
    "county_analyst",
    "--jurisdiction",
    "140403",
    "--json",
  ]);
  expect(r.code, r.stderr).toBe(0);
  const created = JSON.parse(r.stdout) as { username: string; password: string };
  expect(created.username).toBe("li.ming");
  expect(created.password).toHaveLength(24);
  await withCtx(async (ctx) => {
    const { loadActorByUsername } = await import("../services/security/access.js");
    expect(await loadActorByUsername(ctx, "li.ming")).toMatchObject({
      roles: ["county_analyst"],
      jurisdictionPath: "140400/140403",
    });
    const { readAuditEvents } = await import("../services/security/audit-log.js");
    expect((await readAuditEvents(ctx, { limit: 100_000 })).at(-1)).toMatchObject({
      action: "staff.create",
      object: "staff:li.ming",
      details: { roles: ["county_analyst"], jurisdiction: "140403", console: true },
    });
  });
  // 三权分立: an administrator role plus a data role is refused; an unknown jurisdiction is bad input
  const conflict = await run(["staff", "add", "--username", "x1", "--role", "audit_admin", "--role", "leader"]);
  expect(conflict.code).toBe(1);
  expect(conflict.stderr).toMatch(/separation of duties/);
  const bad = await run(["staff", "add", "--username", "x2", "--role", "leader", "--jurisdiction", "999999"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/unknown jurisdiction code "999999"/);
}, 120_000);

it("audit purge: a retention below 6 months is refused (exit 2, nothing deleted)", async () => {
  const low = await run(["audit", "purge", "--retention-months", "3", "--json"]);
  expect(low.code).toBe(2);
  expect(low.stderr).toMatch(/≥ 6 months/);
}, 120_000);
