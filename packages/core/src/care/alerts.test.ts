import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CareAlert,
  type CaseSnapshot,
  checkCaseload,
  deadlineAlerts,
  deadlineAlertsForCases,
  sortAlerts,
} from "./alerts.js";
import { addDays, compareDates } from "./dates.js";
import { createMeasure, transitionOrThrow } from "./measure-state-machine.js";
import type { MeasureEvent, MeasureState } from "./measure-types.js";

const a = { id: "w1", role: "township_worker" };
const ordered = (servedAt: string) =>
  createMeasure({ type: "community_treatment", decisionDate: servedAt, servedAt, execJurisdiction: "140403001" });
const go = (s: MeasureState, e: Record<string, unknown> & { type: string }, at: string) =>
  transitionOrThrow(s, { actor: a, reason: "t", ...e } as MeasureEvent, at).state;
const kinds = (snap: CaseSnapshot, today: string) =>
  deadlineAlerts(snap, today).map((x) => [x.kind, x.dueDate, x.daysOverdue]);

describe("deadline alerts", () => {
  it("report due within 3 days of the deadline, overdue from day 16", () => {
    const m = ordered("2025-01-01");
    expect(kinds({ caseId: "c", measure: m }, "2025-01-12")).toEqual([]);
    expect(kinds({ caseId: "c", measure: m }, "2025-01-13")).toEqual([["report_due", "2025-01-16", -3]]);
    expect(kinds({ caseId: "c", measure: m }, "2025-01-16")).toEqual([["report_due", "2025-01-16", 0]]);
    expect(kinds({ caseId: "c", measure: m }, "2025-01-17")).toEqual([["report_overdue", "2025-01-16", 1]]);
  });
  it("agreement not signed: due 7 days after the report, overdue after", () => {
    const m = go(ordered("2025-01-01"), { type: "report" }, "2025-01-10");
    expect(kinds({ caseId: "c", measure: m }, "2025-01-13")).toEqual([]);
    expect(kinds({ caseId: "c", measure: m }, "2025-01-18")).toEqual([["agreement_not_signed", "2025-01-17", 1]]);
  });
  it("transfer not reported within 15 days (戒毒条例 §22)", () => {
    let m = go(go(ordered("2025-01-01"), { type: "report" }, "2025-01-10"), { type: "sign_agreement" }, "2025-01-10");
    m = go(m, { type: "start_transfer", toJurisdiction: "140404002" }, "2025-06-01");
    expect(kinds({ caseId: "c", measure: m }, "2025-06-17")).toEqual([["transfer_not_reported", "2025-06-16", 1]]);
    const reported = go(m, { type: "report_at_new_township" }, "2025-06-10");
    expect(kinds({ caseId: "c", measure: reported }, "2025-06-17")).toEqual([]);
  });
  it("tests due and missed, leave overdue and unreported, expiry, township notice; overdue first", () => {
    const m = go(go(ordered("2025-01-01"), { type: "report" }, "2025-01-10"), { type: "sign_agreement" }, "2025-01-10");
    const snap: CaseSnapshot = {
      caseId: "c1",
      measure: m,
      tests: [
        { id: "t1", date: "2025-03-10", outcome: "negative" },
        { id: "t2", date: "2025-04-10", outcome: "scheduled" },
        { id: "t3", date: "2025-05-12", outcome: "scheduled" },
        { id: "t4", date: "2025-06-10", outcome: "scheduled" },
      ],
      leaves: [
        {
          id: "l1",
          departedAt: "2025-05-01",
          plannedReturnAt: "2025-05-05",
          returnedAt: null,
          outOfCounty: true,
          reportSubmittedAt: "2025-04-28",
          approved: true,
        },
      ],
      tasks: [{ id: "k1", code: "fix.interview", dueDate: "2025-05-09", doneAt: null }],
    };
    const list = deadlineAlerts(snap, "2025-05-10");
    expect(list.map((x) => [x.kind, x.refId, x.daysOverdue])).toEqual([
      ["test_missed", "t2", 30],
      ["leave_overdue", "l1", 5],
      ["task_overdue", "k1", 1],
      ["test_due", "t3", -2],
    ]);
    // expiry: term 2025-01-10 → 2028-01-10; warning from 30 days before
    expect(kinds({ caseId: "c", measure: m }, "2027-12-10")).toEqual([]);
    expect(kinds({ caseId: "c", measure: m }, "2027-12-11")).toEqual([["expiry_approaching", "2028-01-10", -30]]);
    expect(kinds({ caseId: "c", measure: m }, "2028-01-10")).toEqual([["expiry_reached", "2028-01-10", 0]]);
    const done = go(m, { type: "complete" }, "2028-01-10");
    expect(kinds({ caseId: "c", measure: done }, "2028-01-18")).toEqual([["township_notice_due", "2028-01-17", 1]]);
  });
  it("no test alert for a test scheduled while the person is detained (戒毒条例 §24)", () => {
    let m = go(go(ordered("2025-01-01"), { type: "report" }, "2025-01-10"), { type: "sign_agreement" }, "2025-01-10");
    m = go(m, { type: "suspend", ground: "detention" }, "2025-03-01");
    const tests = [
      { id: "t1", date: "2025-02-20", outcome: "scheduled" as const },
      { id: "t2", date: "2025-03-10", outcome: "scheduled" as const },
    ];
    expect(deadlineAlerts({ caseId: "c", measure: m, tests }, "2025-03-20").map((x) => x.refId)).toEqual(["t1"]);
    const back = go(m, { type: "resume" }, "2025-03-15");
    expect(deadlineAlerts({ caseId: "c", measure: back, tests }, "2025-03-20").map((x) => x.refId)).toEqual(["t1"]);
  });
  it("advisory severe-breach proposal after the third refusal; hidden once handled", () => {
    const m = go(go(ordered("2025-01-01"), { type: "report" }, "2025-01-10"), { type: "sign_agreement" }, "2025-01-10");
    const tests = [
      { date: "2025-02-10", outcome: "refused" as const },
      { date: "2025-03-10", outcome: "evaded" as const },
      { date: "2025-04-10", outcome: "refused" as const },
    ];
    expect(kinds({ caseId: "c", measure: m, tests: tests.slice(0, 2) }, "2025-04-11")).toEqual([]);
    expect(kinds({ caseId: "c", measure: m, tests }, "2025-04-11")).toEqual([
      ["severe_breach_proposal", "2025-04-10", 1],
    ]);
    expect(kinds({ caseId: "c", measure: m, tests, proposalHandled: true }, "2025-04-11")).toEqual([]);
    // handled (e.g. police declined) on 2025-04-12: hidden; a fourth refusal on 2025-05-10 brings it back
    expect(kinds({ caseId: "c", measure: m, tests, proposalsHandledThrough: "2025-04-12" }, "2025-04-20")).toEqual([]);
    const more = [...tests, { date: "2025-05-10", outcome: "refused" as const }];
    expect(
      kinds({ caseId: "c", measure: m, tests: more, proposalsHandledThrough: "2025-04-12" }, "2025-05-11"),
    ).toEqual([["severe_breach_proposal", "2025-05-10", 1]]);
  });
  it("merges many cases, overdue first", () => {
    const late = { caseId: "a", measure: ordered("2025-01-01") };
    const soon = { caseId: "b", measure: ordered("2025-01-10") };
    expect(deadlineAlertsForCases([soon, late], "2025-01-23").map((x) => [x.caseId, x.kind])).toEqual([
      ["a", "report_overdue"],
      ["b", "report_due"],
    ]);
  });
});

describe("caseload ratio 1:20–1:30 (domain.md §1.5)", () => {
  it("classifies workers and the unit at and around the bounds", () => {
    const r = checkCaseload([
      { workerId: "a", cases: 19 },
      { workerId: "b", cases: 20 },
      { workerId: "c", cases: 30 },
      { workerId: "d", cases: 31 },
    ]);
    expect(r.perWorker.map((w) => w.status)).toEqual(["under", "within", "within", "over"]);
    expect(r.cases).toBe(100);
    expect(r.casesPerWorker).toBe(25);
    expect(r.status).toBe("within");
    expect(r.workersNeededAtMax).toBe(4);
    expect(r.workersNeededAtMin).toBe(5);
    expect(
      checkCaseload([
        { workerId: "a", cases: 61 },
        { workerId: "b", cases: 0 },
      ]).status,
    ).toBe("over");
    expect(checkCaseload([], { caseloadRatioMin: 20, caseloadRatioMax: 30 }).status).toBe("under");
    expect(() => checkCaseload([], { caseloadRatioMin: 30, caseloadRatioMax: 20 })).toThrow(/min ≤ max/);
  });
});

describe("sortAlerts (property)", () => {
  it("overdue first, most overdue first, then by due date; a permutation of the input", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ due: fc.integer({ min: -40, max: 40 }), c: fc.constantFrom("a", "b") }), {
          maxLength: 30,
        }),
        (xs) => {
          const today = "2026-01-01";
          const alerts: CareAlert[] = xs.map((x) => {
            const dueDate = addDays(today, x.due);
            const daysOverdue = -x.due;
            return {
              kind: "task_due",
              caseId: x.c,
              dueDate,
              overdue: daysOverdue > 0,
              daysOverdue,
              basis: "",
              refId: null,
              message: "",
            };
          });
          const sorted = sortAlerts(alerts);
          expect(sorted).toHaveLength(alerts.length);
          for (let i = 1; i < sorted.length; i++) {
            const a = sorted[i - 1] as CareAlert;
            const b = sorted[i] as CareAlert;
            if (a.overdue !== b.overdue) expect(a.overdue).toBe(true);
            else if (a.overdue) expect(a.daysOverdue).toBeGreaterThanOrEqual(b.daysOverdue);
            else expect(compareDates(a.dueDate, b.dueDate)).toBeLessThanOrEqual(0);
          }
        },
      ),
    );
  });
});
