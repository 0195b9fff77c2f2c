import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates.js";
import type { LeaveRecord } from "./deadlines.js";
import { assessSevereBreach, deriveViolations, proposePoliceReports, type Violation } from "./severe-breach.js";

const refuse = (at: string): Violation => ({ kind: "refuse_test", at });
const evade = (at: string): Violation => ({ kind: "evade_test", at });
const leave = (at: string, days: number): Violation => ({ kind: "unauthorized_leave", at, days });

describe("severe breach (戒毒条例 §20; 「以上」 includes, 「超过」 excludes — 民法典 §1259)", () => {
  it("2 evasions/refusals: no; 3 (1 evaded + 2 refused, counted together): yes", () => {
    expect(assessSevereBreach([refuse("2025-01-01"), evade("2025-02-01")]).severeBreach).toBe(false);
    const a = assessSevereBreach([refuse("2025-01-01"), evade("2025-02-01"), refuse("2025-03-01")]);
    expect(a.severeBreach).toBe(true);
    expect(a.grounds).toEqual(["test_evasion_or_refusal"]);
    expect(a.counts.testEvasionsOrRefusals).toBe(3);
  });
  it("2 unauthorised leaves of 3 days: no; 3 leaves: yes (count ground)", () => {
    expect(assessSevereBreach([leave("2025-01-01", 3), leave("2025-02-01", 3)]).severeBreach).toBe(false);
    const a = assessSevereBreach([leave("2025-01-01", 3), leave("2025-02-01", 3), leave("2025-03-01", 3)]);
    expect(a.grounds).toEqual(["unauthorized_leave_count"]);
    expect(a.counts.unauthorizedLeaveDays).toBe(9);
  });
  it("leave days: 30 in total is not a breach, 31 is (「累计超过30日」)", () => {
    expect(assessSevereBreach([leave("2025-01-01", 20), leave("2025-03-01", 10)]).severeBreach).toBe(false);
    const a = assessSevereBreach([leave("2025-01-01", 20), leave("2025-03-01", 11)]);
    expect(a.grounds).toEqual(["unauthorized_leave_days"]);
    expect(assessSevereBreach([leave("2025-01-01", 31)]).grounds).toEqual(["unauthorized_leave_days"]);
  });
  it("excluded violations and those outside the window do not count", () => {
    const v = [
      refuse("2024-12-31"),
      refuse("2025-01-05"),
      { ...refuse("2025-01-06"), countsTowardSevere: false },
      refuse("2025-01-07"),
    ];
    expect(assessSevereBreach(v, { from: "2025-01-01" }).counts.testEvasionsOrRefusals).toBe(2);
    expect(assessSevereBreach(v).counts.testEvasionsOrRefusals).toBe(3);
  });
  it("drug use alone is not a severe breach but proposes a relapse report", () => {
    const v: Violation[] = [{ kind: "drug_use", at: "2025-04-01" }];
    expect(assessSevereBreach(v).severeBreach).toBe(false);
    const p = proposePoliceReports(v);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ trigger: "relapse", advisory: true, requiresConfirmation: true, since: "2025-04-01" });
  });
  it("the severe-breach proposal is dated at the violation that completed the ground", () => {
    const v = [
      refuse("2025-01-01"),
      leave("2025-01-10", 5),
      evade("2025-02-01"),
      refuse("2025-03-01"),
      refuse("2025-04-01"),
    ];
    const p = proposePoliceReports(v);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({
      trigger: "severe_breach",
      since: "2025-03-01",
      latestFactAt: "2025-04-01",
      requiresConfirmation: true,
    });
  });
  it("property: the assessment is a breach iff one of the three thresholds is reached", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constantFrom("evade_test" as const, "refuse_test" as const),
              at: fc.constant("2025-01-01"),
            }),
            fc.record({
              kind: fc.constant("unauthorized_leave" as const),
              at: fc.constant("2025-01-01"),
              days: fc.integer({ min: 3, max: 40 }),
            }),
            fc.record({ kind: fc.constantFrom("drug_use" as const, "other" as const), at: fc.constant("2025-01-01") }),
          ),
          { maxLength: 8 },
        ),
        (v) => {
          const tests = v.filter((x) => x.kind === "evade_test" || x.kind === "refuse_test").length;
          const leaves = v.filter((x) => x.kind === "unauthorized_leave");
          const days = leaves.reduce((s, x) => s + ((x as { days?: number }).days ?? 0), 0);
          const expected = tests >= 3 || leaves.length >= 3 || days > 30;
          expect(assessSevereBreach(v).severeBreach).toBe(expected);
          expect(proposePoliceReports(v).some((p) => p.trigger === "severe_breach")).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("deriveViolations from tests and leaves", () => {
  it("maps evaded/refused/positive tests and unauthorised leaves; ignores missed, negative and future items", () => {
    const leaves: LeaveRecord[] = [
      {
        departedAt: "2025-03-01",
        plannedReturnAt: null,
        returnedAt: "2025-03-05",
        outOfCounty: true,
        reportSubmittedAt: null,
        approved: false,
      },
      {
        departedAt: "2025-04-01",
        plannedReturnAt: null,
        returnedAt: "2025-04-02",
        outOfCounty: true,
        reportSubmittedAt: null,
        approved: false,
      },
      {
        departedAt: "2025-05-01",
        plannedReturnAt: null,
        returnedAt: null,
        outOfCounty: true,
        reportSubmittedAt: null,
        approved: false,
      },
    ];
    const v = deriveViolations({
      tests: [
        { date: "2025-01-10", outcome: "evaded" },
        { date: "2025-02-10", outcome: "refused" },
        { date: "2025-02-20", outcome: "missed" },
        { date: "2025-03-10", outcome: "negative" },
        { date: "2025-04-10", outcome: "positive" },
        { date: "2025-07-10", outcome: "refused" },
      ],
      leaves,
      asOf: "2025-05-20",
    });
    expect(v).toEqual([
      { kind: "evade_test", at: "2025-01-10" },
      { kind: "refuse_test", at: "2025-02-10" },
      { kind: "unauthorized_leave", at: "2025-03-01", days: 4 },
      { kind: "drug_use", at: "2025-04-10" },
      { kind: "unauthorized_leave", at: "2025-05-01", days: 19 },
    ]);
    // an ongoing unreported leave crosses 30 days on its 31st day away
    expect(
      assessSevereBreach(deriveViolations({ leaves: [leaves[2] as LeaveRecord], asOf: addDays("2025-05-01", 30) }))
        .severeBreach,
    ).toBe(false);
    expect(
      assessSevereBreach(deriveViolations({ leaves: [leaves[2] as LeaveRecord], asOf: addDays("2025-05-01", 31) }))
        .severeBreach,
    ).toBe(true);
  });
});
