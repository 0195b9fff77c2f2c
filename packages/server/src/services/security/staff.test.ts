import { expect, it } from "vitest";
import { decide, RoleConflictError } from "../../security/policy.js";
import { readAuditEvents } from "./audit-log.js";
import { seedChangzhiJurisdictions } from "./jurisdictions.js";
import {
  assignCase,
  assignRoles,
  createGrant,
  loadActor,
  PermissionDeniedError,
  revokeGrant,
  toPolicyRoles,
} from "./staff.js";
import { insertTestStaff, SECURITY_TEST_START, withSecurityContexts } from "./test-context.js";

withSecurityContexts("staff roles and grants", (h) => {
  async function user(username: string, roles: string[], jurisdiction: string | null = null): Promise<string> {
    const id = await insertTestStaff(h.ctx, username, roles, jurisdiction, SECURITY_TEST_START);
    return id;
  }
  const by = async (id: string) => ({ actor: await loadActor(h.ctx, id), clientAddress: "10.0.0.9" });
  let secAdmin = "";
  let sysAdmin = "";
  let analyst = "";
  let luzhouAnalyst = "";

  it("setup: jurisdictions and accounts; legacy `admin` maps to system_admin", async () => {
    await seedChangzhiJurisdictions(h.ctx);
    secAdmin = await user("sec", ["security_admin"]);
    sysAdmin = await user("sys", ["admin"]);
    analyst = await user("ana", [], null);
    luzhouAnalyst = await user("luzhou", ["county_analyst"], "140403");
    expect(toPolicyRoles(["admin", "nonsense", "leader"])).toEqual(["system_admin", "leader"]);
    expect((await loadActor(h.ctx, sysAdmin)).roles).toEqual(["system_admin"]);
    expect((await loadActor(h.ctx, luzhouAnalyst)).jurisdictionPath).toBe("140400/140403");
  });

  it("a security administrator assigns roles and scope; the change is audited with before/after", async () => {
    await assignRoles(h.ctx, await by(secAdmin), {
      username: "ana",
      roles: ["county_analyst"],
      jurisdictionCode: "140404",
    });
    const a = await loadActor(h.ctx, analyst);
    expect(a).toMatchObject({ roles: ["county_analyst"], jurisdictionPath: "140400/140404" });
    const last = (await readAuditEvents(h.ctx)).at(-1);
    expect(last).toMatchObject({
      actor: "sec",
      action: "staff.roles",
      object: "staff:ana",
      outcome: "success",
      clientAddress: "10.0.0.9",
      details: {
        before: { roles: [], jurisdiction: null },
        after: { roles: ["county_analyst"], jurisdiction: "140404" },
      },
    });
  });

  it("a system administrator may not assign roles (三权分立); the denial is audited", async () => {
    await expect(
      assignRoles(h.ctx, await by(sysAdmin), { username: "ana", roles: ["city_analyst"], jurisdictionCode: "140400" }),
    ).rejects.toThrow(PermissionDeniedError);
    expect((await readAuditEvents(h.ctx)).at(-1)).toMatchObject({
      actor: "sys",
      action: "role.assign",
      outcome: "denied",
      details: { reason: "no-capability" },
    });
  });

  it("refuses two administrator roles, an admin plus a data role, and self-assignment", async () => {
    const b = await by(secAdmin);
    await expect(
      assignRoles(h.ctx, b, { username: "ana", roles: ["system_admin", "audit_admin"], jurisdictionCode: null }),
    ).rejects.toThrow(RoleConflictError);
    await expect(
      assignRoles(h.ctx, b, { username: "ana", roles: ["audit_admin", "county_analyst"], jurisdictionCode: null }),
    ).rejects.toThrow(/separation of duties/);
    await expect(
      assignRoles(h.ctx, b, { username: "sec", roles: ["security_admin"], jurisdictionCode: null }),
    ).rejects.toThrow(/own roles/);
    await expect(
      assignRoles(h.ctx, b, { username: "ana", roles: ["county_analyst"], jurisdictionCode: "999999" }),
    ).rejects.toThrow(/unknown jurisdiction/);
  });

  it("a grant opens another county until it expires; revoking it closes it; both audited", async () => {
    const expiresAt = new Date(SECURITY_TEST_START.getTime() + 24 * 3600_000);
    const grantId = await createGrant(h.ctx, await by(secAdmin), {
      username: "luzhou",
      jurisdictionCode: "140404",
      actions: ["case.read"],
      reason: "移交 transfer 2026-017",
      expiresAt,
    });
    const resource = { jurisdictionPath: "140400/140404" };
    expect(decide(await loadActor(h.ctx, luzhouAnalyst), "case.read", resource, h.ctx.now())).toMatchObject({
      allow: true,
      via: "grant",
      grantId,
    });
    h.setNow(expiresAt);
    expect(decide(await loadActor(h.ctx, luzhouAnalyst), "case.read", resource, h.ctx.now())).toMatchObject({
      allow: false,
      reason: "out-of-jurisdiction",
    });
    h.setNow(SECURITY_TEST_START);
    await revokeGrant(h.ctx, await by(secAdmin), grantId);
    expect(decide(await loadActor(h.ctx, luzhouAnalyst), "case.read", resource, h.ctx.now()).allow).toBe(false);
    const actions = (await readAuditEvents(h.ctx)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["grant.create", "grant.revoke"]);
    await expect(
      createGrant(h.ctx, await by(secAdmin), {
        username: "luzhou",
        jurisdictionCode: "140404",
        actions: ["fly"],
        reason: "x",
        expiresAt,
      }),
    ).rejects.toThrow(/unknown or missing actions: fly/);
    await expect(
      createGrant(h.ctx, await by(secAdmin), {
        username: "luzhou",
        jurisdictionCode: "140404",
        actions: ["case.read"],
        reason: "x",
        expiresAt: SECURITY_TEST_START,
      }),
    ).rejects.toThrow(/future/);
  });

  it("a county analyst assigns cases in its county only", async () => {
    const officer = await user("officer", ["drug_control_officer"], "140403");
    await assignCase(h.ctx, await by(luzhouAnalyst), {
      username: "officer",
      caseId: "case-7",
      caseJurisdictionPath: "140400/140403",
    });
    expect([...((await loadActor(h.ctx, officer)).assignedCaseIds ?? [])]).toEqual(["case-7"]);
    await expect(
      assignCase(h.ctx, await by(luzhouAnalyst), {
        username: "officer",
        caseId: "case-8",
        caseJurisdictionPath: "140400/140404",
      }),
    ).rejects.toThrow(PermissionDeniedError);
    expect((await readAuditEvents(h.ctx)).at(-1)).toMatchObject({
      action: "case.assign",
      outcome: "denied",
      details: { reason: "out-of-jurisdiction" },
    });
  });
});
