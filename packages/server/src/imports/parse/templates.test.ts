import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFile } from "./index.js";

const template = (name: string) => fileURLToPath(new URL(`../../../../../data/templates/${name}`, import.meta.url));

describe("shipped templates (data/templates)", () => {
  it.each([
    ["lab-long-template", "lab-long", 3, 0],
    ["lab-wide-template", "lab-wide", 15, 0],
    ["site-registry-template", "sites", 0, 3],
  ] as const)("%s parses as %s in CSV and XLSX with the same records", async (name, format, measurements, sites) => {
    const csv = await parseFile(template(`${name}.csv`));
    const xlsx = await parseFile(template(`${name}.xlsx`));
    expect(csv.errors).toEqual([]);
    expect(xlsx.errors).toEqual([]);
    expect(csv.encoding).toBe("utf-8-bom");
    for (const r of [csv, xlsx]) {
      expect(r.format).toBe(format);
      expect(r.measurements).toHaveLength(measurements);
      expect(r.sites).toHaveLength(sites);
    }
    const strip = <T extends { file: string; sheet: string | null }>(xs: T[]) => xs.map(({ file, sheet, ...x }) => x);
    expect(strip(xlsx.measurements)).toEqual(strip(csv.measurements));
    expect(strip(xlsx.sites)).toEqual(strip(csv.sites));
  });

  it("the lab-long template has exactly the documented headers", async () => {
    const r = await parseFile(template("lab-long-template.csv"));
    expect(r.measurements[0]).toMatchObject({ siteCode: "EXAMPLE-WWTP-01", sampleDate: "2024-03-13", analyte: "methamphetamine", valueCanonical: 12.5, flowM3PerDay: 85000, populationServed: 350000 });
  });
});
