import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { yearOnYearChange } from "./change.js";

const file = fileURLToPath(
  new URL("../../../../data/euda-esdm-2025/ww2025-changes-all-substances.csv", import.meta.url),
);
const rows = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), {
  header: true,
  skipEmptyLines: true,
}).data;
const CLASS: Record<string, string> = {
  increase: "increase",
  decrease: "decrease",
  stable: "stable",
  "no previous data": "no-previous-data",
};

describe("yearOnYearChange", () => {
  it("hand examples", () => {
    // Graz MDMA: (15.53 − 23.73)/23.73 × 100 = −34.555 % → decrease (first row of the EUDA file)
    expect(yearOnYearChange(15.53, 23.73).changePercent).toBeCloseTo(-34.5554150863885, 10);
    expect(yearOnYearChange(15.53, 23.73).class).toBe("decrease");
    expect(yearOnYearChange(110, 100).class).toBe("stable"); // exactly +10 % is stable
    expect(yearOnYearChange(110.01, 100).class).toBe("increase");
    expect(yearOnYearChange(90, 100).class).toBe("stable");
    expect(yearOnYearChange(89.99, 100).class).toBe("decrease");
    expect(yearOnYearChange(5, null)).toEqual({ changePercent: null, class: "no-previous-data" });
    expect(yearOnYearChange(0, 0)).toEqual({ changePercent: null, class: "stable" });
    expect(yearOnYearChange(3, 0)).toEqual({ changePercent: null, class: "increase" });
  });
  it("rejects a missing current value and negatives", () => {
    expect(() => yearOnYearChange(Number.NaN, 1)).toThrow(ScienceInputError);
    expect(() => yearOnYearChange(1, -1)).toThrow(ScienceInputError);
  });
  it("reproduces every row of ww2025-changes-all-substances.csv (class and percent)", () => {
    expect(rows).toHaveLength(652);
    let checked = 0;
    for (const r of rows) {
      const cur = Number(r.value_current);
      const prev = r.value_previous === "" ? null : Number(r.value_previous);
      const got = yearOnYearChange(cur, prev);
      const where = `${r.SiteID} ${r.metabolite}`;
      expect(got.class, where).toBe(CLASS[r.change_percent2 as string]);
      if (r.change_percent === "" || r.change_percent === "Inf") expect(got.changePercent, where).toBeNull();
      else expect(Math.abs((got.changePercent as number) - Number(r.change_percent)), where).toBeLessThan(1e-9);
      checked++;
    }
    expect(checked).toBe(652);
  });
});
