import { describe, expect, it } from "vitest";
import { formatInteger, formatNumber, formatPercent, formatPValue, NO_VALUE } from "./format.js";

describe("UI number formatting", () => {
  it("rounds the 2024 BE median 272.715 (bundled EUDA data) to 272.7 with one decimal", () => {
    expect(formatNumber(272.71500000000003, 1)).toBe("272.7");
    expect(formatNumber(10.27, 2)).toBe("10.27");
    expect(formatNumber(1234.5, 1, "en")).toBe("1,234.5");
  });
  it("shows missing values as a dash", () => {
    expect(formatNumber(null)).toBe(NO_VALUE);
    expect(formatNumber(Number.NaN)).toBe(NO_VALUE);
    expect(formatInteger(undefined)).toBe(NO_VALUE);
  });
  it("signs percentages: Graz MDMA 2024 vs 2023 (15.53 vs 23.73) = −34.6 %", () => {
    expect(formatPercent(((15.53 - 23.73) / 23.73) * 100)).toBe("−34.6 %");
    expect(formatPercent(16.0449667858968)).toBe("+16.0 %");
    expect(formatPercent(0)).toBe("±0.0 %");
  });
  it("formats p-values", () => {
    expect(formatPValue(0.0004)).toBe("< 0.001");
    expect(formatPValue(0.04567)).toBe("0.0457");
    expect(formatPValue(null)).toBe(NO_VALUE);
  });
  it("groups integers (population served of AT001: 425000)", () => {
    expect(formatInteger(425000, "en")).toBe("425,000");
  });
});
