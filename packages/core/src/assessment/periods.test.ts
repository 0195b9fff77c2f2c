import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { formatPeriod, parsePeriod, periodBounds, periodsWithin, samePeriodLastYear, shiftPeriod } from "./periods.js";

describe("periods", () => {
  it("parses and formats years, quarters and months", () => {
    expect(parsePeriod("2024")).toEqual({ kind: "year", year: 2024, index: 0 });
    expect(parsePeriod("2024q2")).toEqual({ kind: "quarter", year: 2024, index: 2 });
    expect(formatPeriod(parsePeriod("2024-03"))).toBe("2024-03");
    expect(() => parsePeriod("2024-13")).toThrow(ScienceInputError);
    expect(() => parsePeriod("2024Q5")).toThrow(ScienceInputError);
  });
  it("shifts across year ends", () => {
    expect(formatPeriod(shiftPeriod(parsePeriod("2024-01"), -1))).toBe("2023-12");
    expect(formatPeriod(shiftPeriod(parsePeriod("2024Q1"), -5))).toBe("2022Q4");
    expect(formatPeriod(shiftPeriod(parsePeriod("2024-11"), 3))).toBe("2025-02");
    expect(formatPeriod(samePeriodLastYear(parsePeriod("2024Q3")))).toBe("2023Q3");
  });
  it("bounds and sub-periods", () => {
    expect(periodBounds(parsePeriod("2024-02"))).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(periodBounds(parsePeriod("2024Q4"))).toEqual({ start: "2024-10-01", end: "2024-12-31" });
    expect(periodsWithin(parsePeriod("2024Q2"), "month").map(formatPeriod)).toEqual(["2024-04", "2024-05", "2024-06"]);
    expect(periodsWithin(parsePeriod("2024"), "quarter")).toHaveLength(4);
  });
});
