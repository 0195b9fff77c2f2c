/**
 * Mandatory TOTP (issue #3, SEC-04) and logout everywhere, over HTTP: which roles need the second factor, the
 * enrolment gate, login asking for the code once enrolled, and the end of every session of a user.
 */
import { Me, TotpEnrolment } from "@tracewater/contract";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondFactorRequired } from "../security/policy.js";
import { ROLES, type Role } from "../security/roles.js";
import { CSRF_HEADER, CSRF_HEADER_VALUE, SESSION_COOKIE } from "./middleware/auth.js";
import { createHttpTestEnv, type HttpTestEnv, TEST_PASSWORD } from "./test-support.js";

let env: HttpTestEnv;
beforeAll(async () => {
  env = await createHttpTestEnv({ seed: false });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

async function loginRaw(username: string, totpCode?: string): Promise<Response> {
  return env.app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", [CSRF_HEADER]: CSRF_HEADER_VALUE },
    body: JSON.stringify({ username, password: TEST_PASSWORD, ...(totpCode ? { totpCode } : {}) }),
  });
}

function cookieOf(res: Response): string {
  const c = res.headers.getSetCookie().find((x) => x.startsWith(`${SESSION_COOKIE}=`));
  return (c as string).split(";")[0] as string;
}

describe("who needs a second factor", () => {
  it("administrators and every role that sees person data; leaders (aggregates) and labs (sample codes) do not", () => {
    // domain.md §8: 三权分立 administrators; person-facing roles (person/case/test/lead/task capabilities)
    const expected: Record<Role, boolean> = {
      system_admin: true,
      security_admin: true,
      audit_admin: true,
      city_analyst: true,
      county_analyst: true,
      lab_technician: false,
      investigator: true,
      drug_control_officer: true,
      grid_worker: true,
      leader: false,
    };
    for (const r of ROLES) expect(secondFactorRequired([r]), r).toBe(expected[r]);
  });
});

describe("mandatory TOTP over HTTP", () => {
  it("a county analyst without TOTP may only call /auth/*: me says so; data routes → 403 totp-enrolment-required", async () => {
    const s = await env.loginAs({
      username: "county1",
      roles: ["county_analyst"],
      jurisdictionCode: "140403",
      totp: false,
    });
    const me = Me.parse(await (await s.request("/api/v1/auth/me")).json());
    expect(me).toEqual({
      username: "county1",
      roles: ["county_analyst"],
      mustChangePassword: false,
      totpEnabled: false,
      totpRequired: true,
      mustEnrolTotp: true,
      jurisdictionCode: "140403",
      // the county office's row of the capability matrix (domain.md §8; security/roles.ts), sorted
      capabilities: [
        "aggregate.read",
        "alert.write",
        "case.read",
        "export.bulk",
        "lead.read",
        "lead.write",
        "monitoring.import",
        "monitoring.read",
        "person.read",
        "task.assign",
        "task.read",
      ],
    });
    const sites = await s.request("/api/v1/sites");
    expect(sites.status).toBe(403);
    expect((await sites.json()).code).toBe("totp-enrolment-required");

    const enrol = TotpEnrolment.parse(await (await s.request("/api/v1/auth/totp/enrol", { method: "POST" })).json());
    // enrolling again before confirming replaces the secret
    const again = TotpEnrolment.parse(await (await s.request("/api/v1/auth/totp/enrol", { method: "POST" })).json());
    expect(again.secret).not.toBe(enrol.secret);
    const staleCode = await generate({ secret: enrol.secret, epoch: Math.floor(Date.now() / 1000) });
    const stale = await s.request("/api/v1/auth/totp/confirm", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: staleCode }),
    });
    expect(stale.status).toBe(401);
    const code = await generate({ secret: again.secret, epoch: Math.floor(Date.now() / 1000) });
    const ok = await s.request("/api/v1/auth/totp/confirm", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
    expect(ok.status).toBe(200);
    expect(Me.parse(await ok.json())).toMatchObject({ totpEnabled: true, mustEnrolTotp: false });
    expect((await s.request("/api/v1/sites")).status).toBe(200);
    // a second enrolment is refused while TOTP is active
    expect((await s.request("/api/v1/auth/totp/enrol", { method: "POST" })).status).toBe(400);

    // from now on login asks for the code
    const noCode = await loginRaw("county1");
    expect(noCode.status).toBe(401);
    expect((await noCode.json()).code).toBe("totp-required");
    const next = await generate({ secret: again.secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const withCode = await loginRaw("county1", next);
    expect(withCode.status).toBe(200);
    expect(Me.parse(await withCode.json()).totpEnabled).toBe(true);
  });

  it("a leader (aggregates only) uses the data routes without a second factor", async () => {
    const s = await env.loginAs({ username: "leader1", roles: ["leader"], jurisdictionCode: "140400", totp: false });
    expect(Me.parse(await (await s.request("/api/v1/auth/me")).json())).toMatchObject({
      totpRequired: false,
      mustEnrolTotp: false,
      capabilities: ["aggregate.read", "monitoring.read"],
    });
    expect((await s.request("/api/v1/overview")).status).toBe(200);
  });
});

describe("logout everywhere", () => {
  it("ends every session of the user (audited), not those of others", async () => {
    await env.loginAs({ username: "leader2", roles: ["leader"], jurisdictionCode: "140400", totp: false });
    const a = cookieOf(await loginRaw("leader2"));
    const b = cookieOf(await loginRaw("leader2"));
    const res = await env.app.request("/api/v1/auth/logout-everywhere", {
      method: "POST",
      headers: { cookie: a, [CSRF_HEADER]: CSRF_HEADER_VALUE },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessions: 3 });
    for (const cookie of [a, b])
      expect((await env.app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
    expect((await env.request("/api/v1/auth/me")).status).toBe(200);
  });
});
