import { generate } from "otplib";
import { expect, it } from "vitest";
import { AuthError, InvalidInputError } from "../errors.js";
import { readAuditEvents, verifyAuditLog } from "../security/audit-log.js";
import { SECURITY_TEST_START, withSecurityContexts } from "../security/test-context.js";
import { changePassword, ensureInitialAccounts, getSessionUser, login, logout, logoutEverywhere } from "./auth.js";
import { beginTotpEnrolment, confirmTotpEnrolment } from "./totp.js";

const MIN = 60_000;
const at = (minutes: number) => new Date(SECURITY_TEST_START.getTime() + minutes * MIN);

withSecurityContexts("auth (lockout, sessions, password policy, TOTP, audit)", (h) => {
  let oneTime = "";
  const P1 = "Changzhi-Analyst-01";

  it("first start: one-time credentials of the 3 administrators and a city analyst (audited), must change them; weak and reused passwords refused", async () => {
    const created = await ensureInitialAccounts(h.ctx);
    expect(created.map((a) => [a.username, a.roles.join(), a.jurisdictionCode])).toEqual([
      ["sysadmin", "system_admin", null],
      ["secadmin", "security_admin", null],
      ["auditadmin", "audit_admin", null],
      ["analyst", "city_analyst", "140400"],
    ]);
    expect(new Set(created.map((a) => a.password)).size).toBe(4);
    oneTime = created[0]?.password as string;
    expect(await ensureInitialAccounts(h.ctx)).toEqual([]);
    const { sessionId, me } = await login(h.ctx, {
      username: "sysadmin",
      password: oneTime,
      clientAddress: "10.0.0.5",
    });
    expect(me.mustChangePassword).toBe(true);
    await expect(
      changePassword(h.ctx, sessionId, { oldPassword: oneTime, newPassword: "all-lowercase-words" }),
    ).rejects.toThrow(/at least 3 of/);
    await expect(
      changePassword(h.ctx, sessionId, { oldPassword: oneTime, newPassword: "Sysadmin-Password-1" }),
    ).rejects.toThrow(/username/);
    await expect(changePassword(h.ctx, sessionId, { oldPassword: oneTime, newPassword: oneTime })).rejects.toThrow(
      InvalidInputError,
    );
    expect((await changePassword(h.ctx, sessionId, { oldPassword: oneTime, newPassword: P1 })).mustChangePassword).toBe(
      false,
    );
    const actions = (await readAuditEvents(h.ctx)).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual([
      "staff.create:success",
      "staff.create:success",
      "staff.create:success",
      "staff.create:success",
      "auth.login:success",
      "auth.password:success",
    ]);
  });

  it("no reuse of the last 5 passwords; the 6th-last is allowed again", async () => {
    const { sessionId } = await login(h.ctx, { username: "sysadmin", password: P1 });
    const seq = ["Changzhi-Analyst-02", "Changzhi-Analyst-03", "Changzhi-Analyst-04", "Changzhi-Analyst-05"];
    let current = P1;
    for (const next of seq) {
      await changePassword(h.ctx, sessionId, { oldPassword: current, newPassword: next });
      current = next;
    }
    // last 5 = 05 (current), 04, 03, 02, 01
    await expect(changePassword(h.ctx, sessionId, { oldPassword: current, newPassword: P1 })).rejects.toThrow(
      /last 5 passwords/,
    );
    await changePassword(h.ctx, sessionId, { oldPassword: current, newPassword: "Changzhi-Analyst-06" });
    // now the last 5 are 06, 05, 04, 03, 02 → 01 may come back
    await changePassword(h.ctx, sessionId, { oldPassword: "Changzhi-Analyst-06", newPassword: P1 });
    await logout(h.ctx, sessionId);
  }, 60_000);

  it("locks after 5 failures for 15 min, then 30 min after the next 5 (exponential back-off); all audited", async () => {
    const fail = () => login(h.ctx, { username: "sysadmin", password: "Wrong-password-99", clientAddress: "10.6.6.6" });
    for (let i = 0; i < 4; i++) await expect(fail()).rejects.toMatchObject({ code: "bad-credentials" });
    await expect(fail()).rejects.toMatchObject({
      code: "locked",
      message: expect.stringContaining(at(15).toISOString()),
    });
    // even the right password is refused while locked
    await expect(login(h.ctx, { username: "sysadmin", password: P1 })).rejects.toMatchObject({ code: "locked" });
    h.setNow(at(15));
    for (let i = 0; i < 4; i++) await expect(fail()).rejects.toMatchObject({ code: "bad-credentials" });
    await expect(fail()).rejects.toMatchObject({
      code: "locked",
      message: expect.stringContaining(at(15 + 30).toISOString()),
    });
    h.setNow(at(45));
    const ok = await login(h.ctx, { username: "sysadmin", password: P1 });
    await logout(h.ctx, ok.sessionId);
    // a successful login resets the back-off: the next lockout is 15 min again
    for (let i = 0; i < 5; i++) await fail().catch(() => undefined);
    const last = (await readAuditEvents(h.ctx, { limit: 10_000 })).at(-1);
    expect(last).toMatchObject({
      action: "auth.login",
      outcome: "failure",
      clientAddress: "10.6.6.6",
      details: { reason: "bad-password", lockout: 1, lockedUntil: at(45 + 15).toISOString() },
    });
    const events = await readAuditEvents(h.ctx, { limit: 10_000 });
    expect(events.filter((e) => e.action === "auth.login" && e.outcome === "denied")).toHaveLength(1);
    h.setNow(at(60));
  });

  it("unknown users fail like a wrong password and are audited without an actor", async () => {
    await expect(login(h.ctx, { username: "nobody", password: "x", clientAddress: "10.0.0.7" })).rejects.toMatchObject({
      code: "bad-credentials",
    });
    expect((await readAuditEvents(h.ctx, { limit: 10_000 })).at(-1)).toMatchObject({
      actor: null,
      object: "staff:nobody",
      outcome: "failure",
      details: { reason: "unknown-user" },
    });
  });

  it("idle timeout 15 min and absolute lifetime 12 h; logout everywhere ends all sessions", async () => {
    const a = await login(h.ctx, { username: "sysadmin", password: P1 });
    h.setNow(at(60 + 14));
    expect(await getSessionUser(h.ctx, a.sessionId)).not.toBeNull();
    h.setNow(at(60 + 14 + 16));
    expect(await getSessionUser(h.ctx, a.sessionId)).toBeNull();
    const start = 60 + 30;
    h.setNow(at(start));
    const b = await login(h.ctx, { username: "sysadmin", password: P1 });
    for (let m = 10; m < 12 * 60; m += 10) {
      h.setNow(at(start + m));
      expect(await getSessionUser(h.ctx, b.sessionId), `after ${m} min`).not.toBeNull();
    }
    h.setNow(at(start + 12 * 60 + 1));
    expect(await getSessionUser(h.ctx, b.sessionId)).toBeNull();
    const c = await login(h.ctx, { username: "sysadmin", password: P1 });
    const d = await login(h.ctx, { username: "sysadmin", password: P1 });
    expect(await logoutEverywhere(h.ctx, c.sessionId)).toBe(2);
    expect(await getSessionUser(h.ctx, d.sessionId)).toBeNull();
  });

  it("TOTP: enrol (secret stored encrypted), then login needs a fresh code; replays and wrong codes fail", async () => {
    const { sessionId } = await login(h.ctx, { username: "sysadmin", password: P1 });
    const { secret, uri } = await beginTotpEnrolment(h.ctx, sessionId);
    expect(uri).toContain("otpauth://totp/Tracewater:sysadmin");
    const stored = await h.ctx.database.raw.query<{ totp_secret: string }>(
      "SELECT totp_secret FROM staff_profile p JOIN app_user u ON u.id = p.user_id WHERE u.username = 'sysadmin'",
    );
    expect(stored.rows[0]?.totp_secret).toMatch(/^v1:k\d{8}-[0-9a-f]{4}:/);
    expect(stored.rows[0]?.totp_secret).not.toContain(secret);
    const epoch = () => Math.floor(h.ctx.now().getTime() / 1000);
    await expect(confirmTotpEnrolment(h.ctx, sessionId, "000000")).rejects.toBeInstanceOf(AuthError);
    await confirmTotpEnrolment(h.ctx, sessionId, await generate({ secret, epoch: epoch() }));
    await expect(login(h.ctx, { username: "sysadmin", password: P1 })).rejects.toMatchObject({ code: "totp-required" });
    // same 30-s step as the enrolment code: a replay
    await expect(
      login(h.ctx, { username: "sysadmin", password: P1, totpCode: await generate({ secret, epoch: epoch() }) }),
    ).rejects.toMatchObject({ code: "bad-credentials" });
    h.setNow(new Date(h.ctx.now().getTime() + 30_000));
    const code = await generate({ secret, epoch: epoch() });
    expect((await login(h.ctx, { username: "sysadmin", password: P1, totpCode: code })).me.username).toBe("sysadmin");
    await expect(login(h.ctx, { username: "sysadmin", password: P1, totpCode: code })).rejects.toMatchObject({
      code: "bad-credentials",
    });
    const events = await readAuditEvents(h.ctx, { limit: 10_000 });
    expect(events.filter((e) => e.action === "auth.login" && e.outcome === "success").at(-1)?.details).toEqual({
      secondFactor: true,
    });
  });

  it("the whole audit chain written by these flows verifies", async () => {
    const v = await verifyAuditLog(h.ctx);
    expect(v.ok).toBe(true);
    expect(v.count).toBeGreaterThan(30);
  });
});
