import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { resolveEudaMetabolite } from "../substances.js";
import { panelTrend } from "./panel-trend.js";

const dir = "../../../../data/euda-esdm-2025/";
const read = (name: string) =>
  Papa.parse<Record<string, string>>(readFileSync(fileURLToPath(new URL(dir + name, import.meta.url)), "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;

describe("panelTrend", () => {
  it("hand example: constant vs all", () => {
    const values = [
      { site: "A", year: 2020, value: 10 },
      { site: "A", year: 2021, value: 20 },
      { site: "B", year: 2020, value: 30 },
      { site: "B", year: 2021, value: null },
      { site: "C", year: 2021, value: 40 },
    ];
    expect(panelTrend(values, { fromYear: 2020, toYear: 2021, panel: "constant" })).toEqual({
      panel: ["A"],
      series: [
        { year: 2020, value: 10, sites: 1 },
        { year: 2021, value: 20, sites: 1 },
      ],
    });
    expect(panelTrend(values, { fromYear: 2020, toYear: 2021, panel: "all" })).toEqual({
      panel: ["A", "B", "C"],
      series: [
        { year: 2020, value: 20, sites: 2 },
        { year: 2021, value: 30, sites: 2 },
      ],
    });
  });
  it("rejects duplicates and bad ranges", () => {
    expect(() =>
      panelTrend(
        [
          { site: "A", year: 2020, value: 1 },
          { site: "A", year: 2020, value: 2 },
        ],
        { fromYear: 2020, toYear: 2020, panel: "all" },
      ),
    ).toThrow(ScienceInputError);
    expect(() => panelTrend([], { fromYear: 2021, toYear: 2020, panel: "all" })).toThrow(ScienceInputError);
  });

  it("reproduces ww2025-aggregated-trends.csv (BE 2011–2024, 7-site constant panel, ±0.003)", () => {
    const all = read("ww2025-all-data.csv");
    const values = all
      .filter((r) => resolveEudaMetabolite(r.Metabolite as string) === "benzoylecgonine")
      .map((r) => ({
        site: r["Site ID"] as string,
        year: Number(r.Year),
        value: r["Daily mean"] === "" ? null : Number(r["Daily mean"]),
      }));
    const t = panelTrend(values, { fromYear: 2011, toYear: 2024, panel: "constant" });
    expect(t.panel).toEqual(["BE002", "ES002", "ES007", "HR002", "IT003", "NL002", "NL010"]);
    const trend = read("ww2025-aggregated-trends.csv")[0] as Record<string, string>;
    expect(trend.metabolite).toBe("Benzoylecgonine");
    expect(t.series).toHaveLength(14);
    for (const p of t.series) {
      expect(p.sites).toBe(7);
      expect(Math.abs((p.value as number) - Number(trend[String(p.year)])), String(p.year)).toBeLessThanOrEqual(0.003);
    }
  });
});
