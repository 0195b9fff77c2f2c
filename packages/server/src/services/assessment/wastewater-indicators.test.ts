/**
 * Computed wastewater indicators from stored lab results (hand calculation), on PGlite and PostgreSQL:
 * two plants in 潞州区 (140403) and one in 上党区 (140404), methamphetamine in ng/L with flows and populations.
 */
import { describe, expect, it } from "vitest";
import { importFile } from "../imports/import-file.js";
import { withTestContexts } from "../testing.js";
import { importAssessmentFile } from "./imports.js";
import { indicatorValues } from "./indicators.js";
import { LOCAL_OPERATOR } from "./viewer.js";

const enc = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

withTestContexts("computed wastewater indicators", (h) => {
  describe("ww.total / ww.pnl", () => {
    it("per plant mean over sampled days; PNL population-weighted; below LOQ as 0", async () => {
      const sites = [
        "site_code,name,kind,jurisdiction_code,longitude,latitude,population_served,downstream_site",
        "T-A,A厂,污水处理厂,140403,113.1,36.2,200000,",
        "T-B,B厂,污水处理厂,140403,113.2,36.2,100000,",
        "T-C,C厂,污水处理厂,140404,113.0,36.0,50000,",
      ].join("\n");
      const lab = [
        "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served",
        "T-A,2025-03-10,methamphetamine,100,ng/L,0.2,0.5,50000,200000",
        "T-A,2025-03-11,methamphetamine,60,ng/L,0.2,0.5,50000,200000",
        "T-B,2025-03-10,methamphetamine,<LOQ,ng/L,0.2,0.5,20000,100000",
        "T-B,2025-03-12,methamphetamine,50,ng/L,0.2,0.5,20000,100000",
        "T-C,2025-04-02,methamphetamine,40,ng/L,0.2,0.5,10000,50000",
      ].join("\n");
      expect((await importFile(h.ctx, enc("sites.csv", sites), { actor: "t" })).errors).toEqual([]);
      expect((await importFile(h.ctx, enc("lab.csv", lab), { actor: "t" })).errors).toEqual([]);
      // A: days 100×50 000×1e-3 = 5 000 and 3 000 mg/day → mean 4 000 mg/day; B: 0 and 1 000 → 500 mg/day
      // 潞州区 2025-03: total = 4 500 mg/day = 4.5 g/day; PNL = 4 500 / 300 000 × 1000 = 15 mg/day/1000 inh
      const lz = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "ww.total.methamphetamine",
        jurisdiction: "140403",
        periodKind: "month",
        from: "2025-03",
        to: "2025-04",
      });
      expect(lz.map((v) => v.value)).toEqual([4.5, null]);
      expect(lz[0]).toMatchObject({
        origin: "computed-wastewater",
        basis: { sites: 2, sampleDays: 4, population: 300000 },
      });
      const pnl = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "ww.pnl.methamphetamine",
        jurisdiction: "140403",
        periodKind: "quarter",
        from: "2025Q1",
        to: "2025Q1",
      });
      expect(pnl[0]?.value).toBeCloseTo(15, 10);
      // city 2025 (year): A 4 000 + B 500 + C 40×10 000×1e-3 = 400 → 4 900 mg/day over 350 000 → 14 mg/day/1000
      const city = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "ww.pnl.methamphetamine",
        jurisdiction: "140400",
        periodKind: "year",
        from: "2025",
        to: "2025",
      });
      expect(city[0]?.value).toBeCloseTo(14, 10);
      // never imported
      const r = await importAssessmentFile(
        h.ctx,
        "indicator-values",
        enc("x.csv", "indicator,jurisdiction_code,period,value\nww.total.methamphetamine,140403,2025,1\n"),
        LOCAL_OPERATOR,
      );
      expect(r.status).toBe("rejected");
    });
  });
});
