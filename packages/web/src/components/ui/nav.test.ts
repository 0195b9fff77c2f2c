/**
 * The navigation filter against the capability matrix of docs/domain.md §8 (rows written out here, as the server's
 * `security/roles.ts` grants them): a 网格员 sees only care tasks, a leader no person-level page, an audit
 * administrator only administration, a city analyst everything but administration.
 */
import { describe, expect, it } from "vitest";
import { visibleNav } from "./nav.js";

const keys = (caps: string[] | undefined) => visibleNav(caps).map((n) => n.key);

describe("visibleNav", () => {
  it("grid worker (task.read): care only", () => {
    expect(keys(["task.read"])).toEqual(["/care"]);
  });
  it("leader (monitoring.read, aggregate.read): monitoring and aggregates, no case work, no imports", () => {
    expect(keys(["aggregate.read", "monitoring.read"])).toEqual([
      "/",
      "/map",
      "/trends",
      "/assessment",
      "/reports",
      "/alerts",
      "/care-stats",
    ]);
  });
  it("audit administrator: administration only", () => {
    expect(keys(["audit.export", "audit.read", "audit.verify"])).toEqual(["/admin"]);
  });
  it("drug-control officer: care only (no monitoring pages)", () => {
    expect(keys(["case.read", "case.write", "person.read", "person.write", "task.read", "test_result.read"])).toEqual([
      "/care",
    ]);
  });
  it("city analyst: all but administration", () => {
    const city = [
      "aggregate.read",
      "alert.write",
      "case.read",
      "export.bulk",
      "lead.read",
      "lead.write",
      "monitoring.import",
      "monitoring.read",
      "notice.issue",
      "person.read",
      "report.publish",
    ];
    // case.read gives the care page (the analyst may open a case with a purpose code)
    expect(keys(city)).toEqual([
      "/",
      "/map",
      "/trends",
      "/assessment",
      "/reports",
      "/alerts",
      "/leads",
      "/care",
      "/care-stats",
      "/imports",
    ]);
  });
  it("nothing before the account is known", () => {
    expect(keys(undefined)).toEqual([]);
  });
});
