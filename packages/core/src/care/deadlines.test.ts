import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, addYears, compareDates, daysBetween } from "./dates.js";
import {
  agreementDeadline,
  classifyLeave,
  isReportInTime,
  type LeaveRecord,
  reportDeadline,
  townshipNotificationDeadline,
  transferReportDeadline,
} from "./deadlines.js";

describe("dates (民法典 §201–§202)", () => {
  it("adds months with the end-of-month rule", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2024-02-29", 36)).toBe("2027-02-28");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28");
  });
  it("counts days across a leap day: 2024-02-28 → 2024-03-01 is 2 days", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
  });
  it("rejects invalid dates", () => {
    expect(() => addDays("2025-02-30", 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addMonths("2025/01/01", 1)).toThrow();
  });
  it("addMonths is monotone and never moves more than a month's length (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 0, max: 60 }), (d, m) => {
        const start = addDays("2000-01-01", d);
        const a = addMonths(start, m);
        const b = addMonths(start, m + 1);
        expect(compareDates(a, b)).toBeLessThan(0);
        const gap = daysBetween(a, b);
        expect(gap).toBeGreaterThanOrEqual(28);
        expect(gap).toBeLessThanOrEqual(31 + 3);
      }),
    );
  });
});

describe("report within 15 days (戒毒条例 §14, §38)", () => {
  it("served 2025-01-01: deadline 2025-01-16; day 14, 15 in time; day 16 late", () => {
    expect(reportDeadline("2025-01-01")).toBe("2025-01-16");
    expect(isReportInTime("2025-01-01", "2025-01-15")).toBe(true);
    expect(isReportInTime("2025-01-01", "2025-01-16")).toBe(true);
    expect(isReportInTime("2025-01-01", "2025-01-17")).toBe(false);
  });
  it("across February of a leap year: served 2024-02-20 → due 2024-03-06", () => {
    expect(reportDeadline("2024-02-20")).toBe("2024-03-06");
    expect(reportDeadline("2025-02-20")).toBe("2025-03-07");
  });
});

describe("agreement, township notice, transfer", () => {
  it("agreement target = report + 7 days by default, configurable (戒毒条例 §16 「及时」)", () => {
    expect(agreementDeadline("2025-01-10")).toBe("2025-01-17");
    expect(agreementDeadline("2025-01-10", { agreementDueDays: 3 })).toBe("2025-01-13");
  });
  it("township notified within 7 days of release (戒毒条例 §23): 2028-03-10 → 2028-03-17", () => {
    expect(townshipNotificationDeadline("2028-03-10")).toBe("2028-03-17");
  });
  it("report at the new township within 15 days of the change (戒毒条例 §22): 2026-12-20 → 2027-01-04", () => {
    expect(transferReportDeadline("2026-12-20")).toBe("2027-01-04");
  });
});

describe("leave ≥ 3 days needs a prior written report (戒毒条例 §19(3))", () => {
  const base: LeaveRecord = {
    departedAt: "2025-05-01",
    plannedReturnAt: null,
    returnedAt: null,
    outOfCounty: true,
    reportSubmittedAt: null,
    approved: false,
  };
  it("2 days away out of county: no report needed, not unauthorised", () => {
    const a = classifyLeave({ ...base, returnedAt: "2025-05-03" }, "2025-05-10");
    expect(a).toMatchObject({ days: 2, requiresPriorReport: false, unauthorized: false });
  });
  it("3 days away without report: report needed (「3日以上」 includes 3), unauthorised", () => {
    const a = classifyLeave({ ...base, returnedAt: "2025-05-04" }, "2025-05-10");
    expect(a).toMatchObject({ days: 3, requiresPriorReport: true, reportedBeforeLeaving: false, unauthorized: true });
  });
  it("3 days with a report on the departure day and approval: authorised", () => {
    const a = classifyLeave(
      { ...base, returnedAt: "2025-05-04", reportSubmittedAt: "2025-05-01", approved: true },
      "2025-05-10",
    );
    expect(a.unauthorized).toBe(false);
    expect(a.reportedBeforeLeaving).toBe(true);
  });
  it("a report submitted the day after leaving is not prior", () => {
    const a = classifyLeave(
      { ...base, returnedAt: "2025-05-10", reportSubmittedAt: "2025-05-02", approved: true },
      "2025-05-10",
    );
    expect(a.unauthorized).toBe(true);
  });
  it("within the county: never regulated", () => {
    expect(
      classifyLeave({ ...base, outOfCounty: false, returnedAt: "2025-06-30" }, "2025-07-01").requiresPriorReport,
    ).toBe(false);
  });
  it("a planned 5-day leave needs a report from day 0; overdue after the planned return", () => {
    const l = { ...base, plannedReturnAt: "2025-05-06", reportSubmittedAt: "2025-04-30", approved: true };
    expect(classifyLeave(l, "2025-05-01")).toMatchObject({
      days: 0,
      plannedDays: 5,
      requiresPriorReport: true,
      unauthorized: false,
      overdue: false,
    });
    expect(classifyLeave(l, "2025-05-06").overdue).toBe(false);
    expect(classifyLeave(l, "2025-05-07")).toMatchObject({ days: 6, overdue: true });
  });
  it("rejects a return before departure", () => {
    expect(() => classifyLeave({ ...base, returnedAt: "2025-04-30" }, "2025-05-10")).toThrow(/returnedAt/);
  });
});
