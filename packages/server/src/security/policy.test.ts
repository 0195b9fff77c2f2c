import { describe, expect, it } from "vitest";
import {
  type Actor,
  decide,
  inSubtree,
  lacksPersonAccess,
  minimise,
  RoleConflictError,
  validateRoleSet,
  visibleFields,
} from "./policy.js";
import { ACTIONS, type Action, ADMIN_ROLES, PERSON_ACTIONS, ROLES, type Role } from "./roles.js";

const NOW = new Date("2026-03-01T08:00:00Z");
const CITY = "140400";
const COUNTY_A = "140400/140402"; // 潞州区
const COUNTY_B = "140400/140404"; // 上党区
const TOWNSHIP_A = `${COUNTY_A}/140402001`;

/**
 * The matrix as specified in docs/domain.md §8 and SEC-07/08, written out independently of roles.ts so that a
 * change to the matrix must change this specification too.
 */
const SPEC: Record<Role, Action[]> = {
  system_admin: ["system.configure", "staff.manage"],
  security_admin: ["role.assign", "grant.manage", "security.policy", "keys.rotate"],
  audit_admin: ["audit.read", "audit.verify", "audit.export"],
  city_analyst: [
    "monitoring.read",
    "monitoring.import",
    "aggregate.read",
    "report.publish",
    "notice.issue",
    "person.read",
    "case.read",
    "lead.read",
    "lead.write",
    "alert.write",
    "export.bulk",
  ],
  county_analyst: [
    "monitoring.read",
    "monitoring.import",
    "aggregate.read",
    "person.read",
    "case.read",
    "task.read",
    "task.assign",
    "lead.read",
    "lead.write",
    "alert.write",
    "export.bulk",
  ],
  lab_technician: ["monitoring.import", "sample.read", "test_result.write"],
  investigator: [
    "monitoring.read",
    "aggregate.read",
    "lead.read",
    "lead.write",
    "person.read",
    "case.read",
    "test_result.read",
    "risk.confirm", // domain.md §8: 公安禁毒大队 — "risk confirmation"
    "person.seal", // 治安管理处罚法 §136 (SEC-09): the police seal the 治安违法 record they hold
  ],
  drug_control_officer: ["person.read", "person.write", "case.read", "case.write", "task.read", "test_result.read"],
  grid_worker: ["task.read"],
  leader: ["monitoring.read", "aggregate.read"],
};
const SYSTEM_ACTIONS = new Set<Action>([
  "system.configure",
  "staff.manage",
  "role.assign",
  "grant.manage",
  "security.policy",
  "keys.rotate",
  "audit.read",
  "audit.verify",
  "audit.export",
]);

function actor(role: Role, over: Partial<Actor> = {}): Actor {
  return {
    id: `u-${role}`,
    roles: [role],
    jurisdictionPath: ADMIN_ROLES.has(role) ? null : COUNTY_A,
    assignedCaseIds: new Set(["case-1"]),
    ...over,
  };
}

/** A resource that satisfies every condition except the capability (in scope, assigned, purpose, approval). */
function inScopeResource(action: Action) {
  return SYSTEM_ACTIONS.has(action)
    ? {}
    : {
        jurisdictionPath: TOWNSHIP_A,
        caseId: "case-1",
        assignedTo: "u-grid_worker",
        purpose: "review",
        exportApproved: true,
      };
}

describe("capability matrix (every role × every action, in scope)", () => {
  for (const role of ROLES) {
    it(`${role}`, () => {
      const got = ACTIONS.filter((a) => decide(actor(role), a, inScopeResource(a), NOW).allow);
      expect(got.sort()).toEqual([...SPEC[role]].sort());
    });
  }

  it("no administrator role has any person-level action (三权分立, SEC-07)", () => {
    for (const role of ADMIN_ROLES)
      for (const a of PERSON_ACTIONS) expect(decide(actor(role), a, {}, NOW).allow).toBe(false);
    expect(lacksPersonAccess(["system_admin"])).toBe(true);
    expect(lacksPersonAccess(["leader"])).toBe(true);
    expect(lacksPersonAccess(["county_analyst"])).toBe(false);
  });

  it("administrators act on system objects only, never on jurisdiction data", () => {
    expect(decide(actor("system_admin"), "staff.manage", {}, NOW).allow).toBe(true);
    expect(decide(actor("system_admin"), "staff.manage", { jurisdictionPath: COUNTY_A }, NOW)).toMatchObject({
      allow: false,
      reason: "no-capability",
    });
    expect(decide(actor("system_admin"), "monitoring.read", { jurisdictionPath: COUNTY_A }, NOW)).toMatchObject({
      allow: false,
      reason: "no-capability",
    });
  });
});

describe("jurisdiction scope", () => {
  it("subtree by code path (prefix must end at a path separator)", () => {
    expect(inSubtree(CITY, COUNTY_A)).toBe(true);
    expect(inSubtree(COUNTY_A, COUNTY_A)).toBe(true);
    expect(inSubtree(COUNTY_A, TOWNSHIP_A)).toBe(true);
    expect(inSubtree(COUNTY_A, COUNTY_B)).toBe(false);
    expect(inSubtree("140400/14040", COUNTY_A)).toBe(false);
  });

  it("a county-A user is denied county-B data for every jurisdiction action of every role", () => {
    for (const role of ROLES) {
      for (const a of SPEC[role].filter((x) => !SYSTEM_ACTIONS.has(x))) {
        const d = decide(actor(role), a, { ...inScopeResource(a), jurisdictionPath: `${COUNTY_B}/140404100` }, NOW);
        expect(d, `${role} ${a}`).toMatchObject({ allow: false, reason: "out-of-jurisdiction" });
      }
    }
  });

  it("a city analyst reaches every county", () => {
    expect(
      decide(actor("city_analyst", { jurisdictionPath: CITY }), "aggregate.read", { jurisdictionPath: COUNTY_B }, NOW)
        .allow,
    ).toBe(true);
  });

  it("a grant opens another county for its actions until it expires or is revoked", () => {
    const grant = {
      id: "g1",
      jurisdictionPath: COUNTY_B,
      actions: ["case.read"] as Action[],
      expiresAt: new Date("2026-03-02T00:00:00Z"),
    };
    const a = actor("county_analyst", { grants: [grant] });
    expect(decide(a, "case.read", { jurisdictionPath: COUNTY_B }, NOW)).toMatchObject({
      allow: true,
      via: "grant",
      grantId: "g1",
    });
    expect(decide(a, "task.read", { jurisdictionPath: COUNTY_B }, NOW)).toMatchObject({
      allow: false,
      reason: "out-of-jurisdiction",
    });
    expect(decide(a, "case.read", { jurisdictionPath: COUNTY_B }, new Date("2026-03-02T00:00:00Z"))).toMatchObject({
      allow: false,
      reason: "out-of-jurisdiction",
    });
    const revoked = actor("county_analyst", { grants: [{ ...grant, revokedAt: NOW }] });
    expect(decide(revoked, "case.read", { jurisdictionPath: COUNTY_B }, NOW).allow).toBe(false);
  });

  it("a grant never adds a capability the role lacks", () => {
    const a = actor("leader", {
      grants: [{ id: "g", jurisdictionPath: COUNTY_B, actions: ["person.read"], expiresAt: new Date("2027-01-01") }],
    });
    expect(decide(a, "person.read", { jurisdictionPath: COUNTY_B, purpose: "x" }, NOW)).toMatchObject({
      allow: false,
      reason: "no-capability",
    });
  });
});

describe("assignment, purpose, approval, sealing", () => {
  it("field roles see only assigned cases and tasks", () => {
    const officer = actor("drug_control_officer");
    expect(decide(officer, "case.read", { jurisdictionPath: TOWNSHIP_A, caseId: "case-1" }, NOW).allow).toBe(true);
    expect(decide(officer, "case.read", { jurisdictionPath: TOWNSHIP_A, caseId: "case-2" }, NOW)).toMatchObject({
      allow: false,
      reason: "not-assigned",
    });
    const grid = actor("grid_worker");
    expect(decide(grid, "task.read", { jurisdictionPath: TOWNSHIP_A, assignedTo: grid.id }, NOW).allow).toBe(true);
    expect(decide(grid, "task.read", { jurisdictionPath: TOWNSHIP_A, assignedTo: "someone-else" }, NOW)).toMatchObject({
      allow: false,
      reason: "not-assigned",
    });
  });

  it("person-level look-ups and bulk exports need a purpose code; bulk exports an approval", () => {
    const a = actor("county_analyst");
    expect(decide(a, "person.read", { jurisdictionPath: COUNTY_A }, NOW)).toMatchObject({
      allow: false,
      reason: "purpose-required",
    });
    expect(decide(a, "person.read", { jurisdictionPath: COUNTY_A, purpose: "  " }, NOW)).toMatchObject({
      allow: false,
      reason: "purpose-required",
    });
    expect(decide(a, "person.read", { jurisdictionPath: COUNTY_A, purpose: "review" }, NOW).allow).toBe(true);
    expect(decide(a, "export.bulk", { jurisdictionPath: COUNTY_A, purpose: "review" }, NOW)).toMatchObject({
      allow: false,
      reason: "approval-required",
    });
  });

  it("sealed records: only an investigator handling a case", () => {
    const sealed = { jurisdictionPath: COUNTY_A, sealed: true, purpose: "review" };
    expect(decide(actor("county_analyst"), "person.read", sealed, NOW)).toMatchObject({
      allow: false,
      reason: "sealed",
    });
    expect(decide(actor("investigator"), "person.read", sealed, NOW)).toMatchObject({ allow: false, reason: "sealed" });
    expect(decide(actor("investigator"), "person.read", { ...sealed, purpose: "case:2026-0012" }, NOW).allow).toBe(
      true,
    );
  });
});

describe("role sets (三权分立)", () => {
  it("an administrator role is held alone", () => {
    expect(validateRoleSet(["audit_admin"])).toEqual(["audit_admin"]);
    expect(validateRoleSet(["county_analyst", "investigator"])).toEqual(["county_analyst", "investigator"]);
    expect(() => validateRoleSet(["system_admin", "security_admin"])).toThrow(RoleConflictError);
    expect(() => validateRoleSet(["audit_admin", "county_analyst"])).toThrow(/separation of duties/);
    expect(() => validateRoleSet(["root"])).toThrow(/unknown role "root"/);
  });
});

describe("data minimisation views (SEC-08)", () => {
  const task = {
    id: "t1",
    kind: "visit",
    dueAt: "2026-03-02T02:00:00Z",
    place: "长治市潞州区英雄中路1号",
    assignedTo: "u-grid_worker",
    personId: "p1",
    caseId: "c1",
    notes: "冰毒 尿检阳性",
  };
  const result = {
    id: "r1",
    sampleCode: "S-0001",
    personId: "p1",
    method: "urine",
    substance: "methamphetamine",
    result: "positive",
    valueNgPerMg: null,
    testedAt: "2026-02-27",
    lab: "L1",
  };

  it("a grid worker sees task, time and place only — never drug types, tests or the person", () => {
    expect(minimise(["grid_worker"], "task", task)).toEqual({
      id: "t1",
      kind: "visit",
      dueAt: task.dueAt,
      place: task.place,
    });
    expect(minimise(["grid_worker"], "test_result", result)).toEqual({});
    expect(visibleFields(["grid_worker"], "person").size).toBe(0);
  });

  it("a lab sees sample codes and results, never the person id", () => {
    const seen = minimise(["lab_technician"], "test_result", result);
    expect(seen).not.toHaveProperty("personId");
    expect(seen).toMatchObject({ sampleCode: "S-0001", substance: "methamphetamine" });
    expect(visibleFields(["lab_technician"], "person").size).toBe(0);
  });

  it("leaders and administrators see no record fields at all (aggregates only)", () => {
    for (const role of ["leader", "system_admin", "security_admin", "audit_admin"] as Role[])
      for (const kind of ["person", "case", "task", "test_result", "sample"] as const)
        expect(visibleFields([role], kind).size, `${role} ${kind}`).toBe(0);
  });
});
