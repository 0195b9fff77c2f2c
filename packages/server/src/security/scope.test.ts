/** `scopeFor` (list filters) agrees with `decide` (one record) — property test over actors, grants and paths. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Actor, decide } from "./policy.js";
import { ACTIONS, PURPOSE_REQUIRED, ROLE_MATRIX, ROLES } from "./roles.js";
import { pathInScope, scopeFor } from "./scope.js";

const NOW = new Date("2026-03-01T08:00:00Z");
// 长治市 140400 with two counties (GB/T 2260) and a township/grid below one of them
const PATHS = [
  "140400",
  "140400/140403",
  "140400/140403/140403001",
  "140400/140403/140403001/g01",
  "140400/140404",
  "140400/140404/140404002",
];
const jurisdictionRoles = ROLES.filter((r) => ROLE_MATRIX[r].scope === "jurisdiction");
const plainActions = ACTIONS.filter((a) => !PURPOSE_REQUIRED.has(a) && a !== "export.bulk");

describe("scopeFor", () => {
  it("a county analyst of 潞州区 (140403) reaches its subtree; a grant adds 上党区 (140404) for one action until it expires", () => {
    const actor: Actor = {
      id: "a",
      roles: ["county_analyst"],
      jurisdictionPath: "140400/140403",
      grants: [
        {
          id: "g",
          jurisdictionPath: "140400/140404",
          actions: ["monitoring.read"],
          expiresAt: new Date("2026-03-02T00:00:00Z"),
        },
      ],
    };
    expect(scopeFor(actor, "monitoring.read", NOW)?.paths).toEqual(["140400/140403", "140400/140404"]);
    expect(scopeFor(actor, "monitoring.import", NOW)?.paths).toEqual(["140400/140403"]);
    expect(scopeFor(actor, "monitoring.read", new Date("2026-03-02T00:00:00Z"))?.paths).toEqual(["140400/140403"]);
    expect(scopeFor(actor, "audit.read", NOW)).toBeNull();
    expect(scopeFor({ ...actor, roles: ["system_admin"] }, "monitoring.read", NOW)).toBeNull();
  });

  it("nested paths are collapsed to the outer one", () => {
    const actor: Actor = {
      id: "a",
      roles: ["city_analyst"],
      jurisdictionPath: "140400",
      grants: [
        { id: "g", jurisdictionPath: "140400/140404", actions: ["monitoring.read"], expiresAt: new Date("2027-01-01") },
      ],
    };
    expect(scopeFor(actor, "monitoring.read", NOW)?.paths).toEqual(["140400"]);
  });

  it("property: for jurisdiction-scoped roles, pathInScope(scopeFor) === decide().allow on every path", () => {
    fc.assert(
      fc.property(
        fc.subarray(jurisdictionRoles, { minLength: 1, maxLength: 2 }),
        fc.option(fc.constantFrom(...PATHS), { nil: null }),
        fc.array(
          fc.record({
            path: fc.constantFrom(...PATHS),
            actions: fc.subarray(plainActions, { minLength: 1 }),
            expiresInMin: fc.integer({ min: -60, max: 60 }),
            revoked: fc.boolean(),
          }),
          { maxLength: 3 },
        ),
        fc.constantFrom(...plainActions),
        fc.constantFrom(...PATHS),
        (roles, jurisdictionPath, grants, action, path) => {
          const actor: Actor = {
            id: "x",
            roles,
            jurisdictionPath,
            grants: grants.map((g, i) => ({
              id: `g${i}`,
              jurisdictionPath: g.path,
              actions: g.actions,
              expiresAt: new Date(NOW.getTime() + g.expiresInMin * 60_000),
              revokedAt: g.revoked ? NOW : null,
            })),
          };
          const scope = scopeFor(actor, action, NOW);
          const allowed = decide(actor, action, { jurisdictionPath: path }, NOW).allow;
          expect(scope !== null && pathInScope(scope, path)).toBe(allowed);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
