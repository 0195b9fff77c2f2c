import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { declineRow } from "./decline.js";

const yearly = (start: number, xs: Array<number | null>) => xs.map((v, i) => ({ period: String(start + i), value: v }));

describe("declineRow (hand-made series)", () => {
  it("lower-is-better, strictly falling 2020–2025: three improvements, continuous, improving trend", () => {
    // values 100, 90, 85, 70, 60, 55 → YoY 2023: 70−85 = −15 (−17.65 %), 2024: −10 (−14.29 %), 2025: −5 (−8.33 %)
    const r = declineRow({
      indicatorCode: "users.new",
      direction: "lower-is-better",
      jurisdictionCode: "140402",
      points: yearly(2020, [100, 90, 85, 70, 60, 55]),
    });
    expect(r.periods.map((p) => p.period)).toEqual(["2023", "2024", "2025"]);
    expect(r.periods.map((p) => p.yoyChange)).toEqual([-15, -10, -5]);
    expect(r.periods[0]!.yoyChangePct).toBeCloseTo(-17.647, 3);
    expect(r.periods.map((p) => p.improved)).toEqual([true, true, true]);
    expect(r.continuous).toBe(true);
    // MK: n = 6, all 15 pairs decreasing → S = −15, Var = 6·5·17/18 = 28.333, z = −14/√28.333 = −2.6301, p = 0.00854
    expect(r.trend.s).toBe(-15);
    expect(r.trend.z).toBeCloseTo(-2.6301, 4);
    expect(r.trend.pValue).toBeCloseTo(0.008536, 5);
    expect(r.trend.verdict).toBe("improving");
  });

  it("an unchanged year breaks the run (equal is not a decline)", () => {
    const r = declineRow(
      {
        indicatorCode: "cases.drug",
        direction: "lower-is-better",
        jurisdictionCode: "x",
        points: yearly(2021, [50, 40, 40, 30]),
      },
      { lastN: 3 },
    );
    expect(r.periods.map((p) => p.improved)).toEqual([true, false, true]);
    expect(r.improvedCount).toBe(2);
    expect(r.continuous).toBe(false);
  });

  it("higher-is-better indicator rising is an improvement; missing data gives null", () => {
    const r = declineRow(
      {
        indicatorCode: "community.execution_rate",
        direction: "higher-is-better",
        jurisdictionCode: "x",
        points: yearly(2021, [83, 90, null, 100]),
      },
      { lastN: 2 },
    );
    // 2023: value missing → null; 2024: 100 vs 2023 missing → null
    expect(r.periods.map((p) => p.improved)).toEqual([null, null]);
    expect(r.continuous).toBeNull();
    const r2 = declineRow(
      {
        indicatorCode: "c",
        direction: "higher-is-better",
        jurisdictionCode: "x",
        points: yearly(2021, [83, 90, 95, 100]),
      },
      { lastN: 3 },
    );
    expect(r2.continuous).toBe(true);
    // MK n = 4, S = 6, Var = 4·3·13/18 = 8.667, z = 5/2.944 = 1.698, p = 0.0894 > 0.05 → no significant trend
    expect(r2.trend.pValue).toBeCloseTo(0.0894, 3);
    expect(r2.trend.verdict).toBe("no-trend");
  });

  it("monthly series compare with the same month of the previous year", () => {
    const points = [];
    for (let m = 1; m <= 12; m++) points.push({ period: `2024-${String(m).padStart(2, "0")}`, value: 10 + m });
    for (let m = 1; m <= 12; m++) points.push({ period: `2025-${String(m).padStart(2, "0")}`, value: 9 + m });
    const r = declineRow(
      { indicatorCode: "u", direction: "lower-is-better", jurisdictionCode: "x", points },
      { lastN: 3, asOf: "2025-03" },
    );
    expect(r.periods.map((p) => [p.period, p.lastYearValue, p.yoyChange])).toEqual([
      ["2025-01", 11, -1],
      ["2025-02", 12, -1],
      ["2025-03", 13, -1],
    ]);
    expect(r.continuous).toBe(true);
  });

  it("rejects mixed period kinds and duplicates", () => {
    expect(() =>
      declineRow({
        indicatorCode: "u",
        direction: "lower-is-better",
        jurisdictionCode: "x",
        points: [
          { period: "2024", value: 1 },
          { period: "2024Q1", value: 1 },
        ],
      }),
    ).toThrow(ScienceInputError);
    expect(() =>
      declineRow({
        indicatorCode: "u",
        direction: "lower-is-better",
        jurisdictionCode: "x",
        points: [
          { period: "2024", value: 1 },
          { period: "2024", value: 2 },
        ],
      }),
    ).toThrow(ScienceInputError);
  });
});
