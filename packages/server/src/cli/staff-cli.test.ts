/**
 * `tracewater staff list` and `tracewater staff reset-password` as users run them (spawned, temp data dir, PGlite):
 * the recovery path when the first-start one-time passwords are lost. The first-start accounts are created by
 * `ensureInitialAccounts` (what `tracewater serve` calls on an empty database); logins go through the auth service.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "otplib";
import pino from "pino";
import { afterAll, expect, it } from "vitest";
import { type CliRun, runCli } from "./testing.js";
import { ensureInitialAccounts, type InitialAccount, loadSession, login } from "../services/auth/auth.js";
import { beginTotpEnrolment, confirmTotpEnrolment } from "../services/auth/totp.js";
import { createAppContext } from "../services/context.js";
import { type ConsoleStaffEntry } from "../services/security/admin.js";
import { readAuditEvents, verifyAuditLog } from "../services/security/audit-log.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "tw-staff-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const CONSOLE_ACTOR = `cli:${process.env.USER ?? "unknown"}`;

function run(args: string[]): Promise<CliRun> {
  return runCli(dataDir, args);
}

type Ctx = Awaited<ReturnType<typeof createAppContext>>;
/** Opens the data dir in-process (the CLI is not running then: PGlite is single-process). */
async function withCtx<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = await createAppContext({ dataDir, log: pino({ level: "silent" }) });
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

/** a row of `staff list --json` (the documented fields; the test also checks the exact key set) */
type Listed = ConsoleStaffEntry;

let initial: InitialAccount[] = [];
const passwordOf = (u: string) => initial.find((a) => a.username === u)?.password as string;
let analystSession = "";
let totpSecret = "";

it("staff list: the first-start accounts with roles, jurisdiction, password/TOTP state and last login; no secrets", async () => {
  await withCtx(async (ctx) => {
    initial = await ensureInitialAccounts(ctx);
    expect(initial).toHaveLength(4);
    // analyst: one successful login (its session must end on reset), then wrong passwords until locked out
    analystSession = (await login(ctx, { username: "analyst", password: passwordOf("analyst") })).sessionId;
    let locked = false;
    for (let i = 0; i < 20 && !locked; i++)
      locked = await login(ctx, { username: "analyst", password: "wrong-password-1A!" }).then(
        () => false,
        (e: { code?: string }) => e.code === "locked",
      );
    expect(locked).toBe(true);
    // sysadmin: TOTP enrolled through the service
    const s = await login(ctx, { username: "sysadmin", password: passwordOf("sysadmin") });
    totpSecret = (await beginTotpEnrolment(ctx, s.sessionId)).secret;
    const epoch = Math.floor(ctx.now().getTime() / 1000);
    await confirmTotpEnrolment(ctx, s.sessionId, await generate({ secret: totpSecret, epoch }));
  });
  const r = await run(["staff", "list", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  const { staff } = JSON.parse(r.stdout) as { staff: Listed[] };
  expect(staff.map((s) => [s.username, s.roles.join(), s.jurisdictionCode, s.active, s.mustChangePassword])).toEqual([
    ["analyst", "city_analyst", "140400", true, true],
    ["auditadmin", "audit_admin", null, true, true],
    ["secadmin", "security_admin", null, true, true],
    ["sysadmin", "system_admin", null, true, true],
  ]);
  const by = (u: string) => staff.find((s) => s.username === u) as Listed;
  expect(by("analyst").lastLoginAt).not.toBeNull();
  expect(by("analyst").lockedUntil).not.toBeNull();
  expect(by("auditadmin").lastLoginAt).toBeNull();
  expect(by("sysadmin").totpEnrolled).toBe(true);
  expect(by("analyst").totpEnrolled).toBe(false);
  // no secrets: no hash, no TOTP secret, no password of any kind
  for (const s of staff)
    expect(Object.keys(s).sort()).toEqual([
      "active",
      "jurisdictionCode",
      "lastLoginAt",
      "lockedUntil",
      "mustChangePassword",
      "roles",
      "totpEnrolled",
      "username",
    ]);
  expect(r.stdout).not.toMatch(/argon2|hash|secret/i);
  for (const a of initial) expect(r.stdout).not.toContain(a.password);
  expect(r.stdout).not.toContain(totpSecret);
}, 120_000);

it("staff reset-password: new one-time password logs in, the old one fails, must change, sessions ended, unlocked, audited", async () => {
  const r = await run(["staff", "reset-password", "--username", "analyst", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  const reset = JSON.parse(r.stdout) as { username: string; password: string };
  expect(reset.username).toBe("analyst");
  expect(reset.password).toHaveLength(24); // randomPassword(): 18 random bytes → 24 base64url characters
  expect(reset.password).not.toBe(passwordOf("analyst"));
  await withCtx(async (ctx) => {
    expect(await loadSession(ctx, analystSession)).toBeNull();
    await expect(login(ctx, { username: "analyst", password: passwordOf("analyst") })).rejects.toMatchObject({
      code: "bad-credentials",
    });
    const { me } = await login(ctx, { username: "analyst", password: reset.password });
    expect(me.mustChangePassword).toBe(true);
    const events = await readAuditEvents(ctx, { limit: 100_000 });
    expect(events.filter((e) => e.action === "staff.reset")).toMatchObject([
      {
        actor: CONSOLE_ACTOR,
        object: "staff:analyst",
        outcome: "success",
        details: { console: true, totpRemoved: false, sessionsEnded: 1, unlocked: true },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(reset.password);
    expect((await verifyAuditLog(ctx)).ok).toBe(true);
  });
}, 120_000);

it("staff reset-password: TOTP kept unless --reset-totp (then removed); works for an administrator", async () => {
  const kept = await run(["staff", "reset-password", "--username", "sysadmin", "--json"]);
  expect(kept.code, kept.stderr).toBe(0);
  const p1 = (JSON.parse(kept.stdout) as { password: string }).password;
  await withCtx(async (ctx) => {
    await expect(login(ctx, { username: "sysadmin", password: p1 })).rejects.toMatchObject({ code: "totp-required" });
  });
  const removed = await run(["staff", "reset-password", "--username", "sysadmin", "--reset-totp"]);
  expect(removed.code, removed.stderr).toBe(0);
  const p2 = /one-time password "([^"]+)"/.exec(removed.stdout)?.[1] as string;
  expect(p2).toHaveLength(24);
  expect(removed.stdout).toContain("enrol TOTP again");
  await withCtx(async (ctx) => {
    const { me } = await login(ctx, { username: "sysadmin", password: p2 });
    expect(me).toMatchObject({ totpEnabled: false, mustEnrolTotp: true, mustChangePassword: true });
    const resets = (await readAuditEvents(ctx, { limit: 100_000 })).filter(
      (e) => e.action === "staff.reset" && e.object === "staff:sysadmin",
    );
    expect(resets.map((e) => [e.actor, e.details.totpRemoved])).toEqual([
      [CONSOLE_ACTOR, false],
      [CONSOLE_ACTOR, true],
    ]);
  });
  const list = await run(["staff", "list"]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/^username\s+roles\s+jurisdiction\s+active/);
  expect(list.stdout).toMatch(/\nsysadmin\s+system_admin\s+—\s+yes\s+yes\s+no\s/);
}, 120_000);

it("staff reset-password: unknown user → exit 2 with a clear message, nothing audited", async () => {
  const before = await withCtx(async (ctx) => (await readAuditEvents(ctx, { limit: 100_000 })).length);
  const r = await run(["staff", "reset-password", "--username", "nobody", "--json"]);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.stdout)).toEqual({ error: { code: "not-found", message: 'staff "nobody" not found' } });
  expect(r.stderr).toContain('error: staff "nobody" not found');
  const missing = await run(["staff", "reset-password"]);
  expect(missing.code).toBe(2);
  expect(await withCtx(async (ctx) => (await readAuditEvents(ctx, { limit: 100_000 })).length)).toBe(before);
}, 120_000);
