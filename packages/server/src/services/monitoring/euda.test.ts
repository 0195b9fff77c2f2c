/**
 * The monitoring services on the real bundled EUDA/SCORE 2025 data (seeded once per backend), checked against
 * values derived from the files (data/euda-esdm-2025/PROVENANCE.md, science.md §5).
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { expect, it } from "vitest";
import { EUDA_DIR } from "../paths.js";
import { withTestContexts } from "../testing.js";
import { changes, overview, seedBundledData, siteSeries, trend, weekly, computeLoads, listSites } from "../index.js";

withTestContexts(
  "services on the EUDA 2025 data",
  (h) => {
    it("seeding is idempotent (a second seed imports nothing)", async () => {
      expect(await seedBundledData(h.ctx)).toEqual([]);
      const sites = await listSites(h.ctx, { source: "euda-2025", limit: 1000 });
      expect(sites.items.length).toBe(217);
    });

    it("overview: 2024 medians of site daily means (science.md §5: BE 272.7, AMP 54.7, THC-COOH 58.1, MDMA 16.1, KET 10.3, METH 6.9)", async () => {
      const o = await overview(h.ctx, { source: "euda-2025" });
      const byAnalyte = new Map(o.analytes.map((a) => [a.analyte, a]));
      const expected: Record<string, number> = {
        benzoylecgonine: 272.7,
        amphetamine: 54.7,
        "thc-cooh": 58.1,
        mdma: 16.1,
        ketamine: 10.3,
        methamphetamine: 6.9,
      };
      for (const [analyte, median] of Object.entries(expected)) {
        const a = byAnalyte.get(analyte);
        expect(a?.latestYear, analyte).toBe(2024);
        expect(a?.medianPnlMgPerDayPer1000, analyte).toBeCloseTo(median, 1);
      }
      // ketamine: 103 rows in 2024 (PROVENANCE.md counts)
      expect(byAnalyte.get("ketamine")?.sites).toBe(103);
    });

    it("weekly: 2024 MDMA AT001 Graz — weekday 10.27, weekend 19.47, daily 15.53 (the CSV's means)", async () => {
      const w = await weekly(h.ctx, { site: "AT001", analyte: "mdma", year: 2024 });
      expect(w.days).toHaveLength(7);
      expect(w.weekdayMean).toBeCloseTo(10.27, 2);
      expect(w.weekendMean).toBeCloseTo(19.47, 2);
      expect(w.dailyMean).toBeCloseTo(15.53, 2);
      expect(w.days.map((d) => d.weekday)).toEqual(["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"]);
      expect(w.days[0]).toMatchObject({ pnlMgPerDayPer1000: 8.82, part: "weekday" });
    });

    it("weekly uses the 2021 definition (weekday Tue–Fri)", async () => {
      const w = await weekly(h.ctx, { site: "AT001", analyte: "mdma", year: 2021 });
      expect(w.days.find((d) => d.weekday === "Fri")?.part).toBe("weekday");
      const row = Papa.parse<string[]>(readFileSync(`${EUDA_DIR}/ww2025-all-data.csv`, "utf8"), { skipEmptyLines: true }).data.find(
        (r) => r[0] === "2021" && r[1] === "MDMA" && r[2] === "AT001",
      );
      expect(row).toBeDefined();
      expect(w.weekdayMean).toBeCloseTo(Number(row![12]), 2);
      expect(w.weekendMean).toBeCloseTo(Number(row![13]), 2);
    });

    it("trend: BE over the constant panel reproduces ww2025-aggregated-trends.csv (340.93 … 848.15)", async () => {
      const t = await trend(h.ctx, { analyte: "benzoylecgonine", panel: "constant", source: "euda-2025" });
      expect(t.panel).toEqual(["BE002", "ES002", "ES007", "HR002", "IT003", "NL002", "NL010"]);
      const [header, values] = Papa.parse<string[]>(readFileSync(`${EUDA_DIR}/ww2025-aggregated-trends.csv`, "utf8"), { skipEmptyLines: true }).data;
      const expected = header!.slice(1).map((y, i) => ({ year: Number(y), value: Number(values![i + 1]) }));
      expect(t.series.map((s) => s.year)).toEqual(expected.map((e) => e.year));
      for (const [i, e] of expected.entries()) expect(Math.abs((t.series[i]!.value as number) - e.value), String(e.year)).toBeLessThan(0.003);
      expect(t.series[0]!.value).toBeCloseTo(340.93, 2);
      expect(t.series.at(-1)!.value).toBeCloseTo(848.15, 2);
    });

    it("changes: classes of ww2025-changes-all-substances.csv (AT001 MDMA decrease −34.56 %)", async () => {
      const c = await changes(h.ctx, { analyte: "mdma", year: 2024, source: "euda-2025" });
      const at001 = c.rows.find((r) => r.site === "AT001");
      expect(at001).toMatchObject({ current: 15.53, previous: 23.73, class: "decrease" });
      expect(at001!.changePercent).toBeCloseTo(-34.5554, 3);
      // every row of the changes file: same class
      const file = Papa.parse<Record<string, string>>(readFileSync(`${EUDA_DIR}/ww2025-changes-all-substances.csv`, "utf8"), {
        header: true,
        skipEmptyLines: true,
      }).data;
      const code: Record<string, string> = {
        cocaine: "benzoylecgonine",
        cannabis: "thc-cooh",
        MDMA: "mdma",
        amphetamine: "amphetamine",
        methamphetamine: "methamphetamine",
        ketamine: "ketamine",
      };
      const mine = new Map<string, string>();
      for (const analyte of new Set(Object.values(code))) {
        for (const r of (await changes(h.ctx, { analyte, year: 2024 })).rows) mine.set(`${analyte}|${r.site}`, r.class);
      }
      let same = 0;
      for (const r of file) {
        const cls = r.change_percent2 === "no previous data" ? "no-previous-data" : r.change_percent2;
        if (mine.get(`${code[r.metabolite!]}|${r.SiteID}`) === cls) same++;
      }
      expect(file.length).toBe(652);
      // the published Daily means are stored as reported, so every class of the file is reproduced
      expect(same).toBe(file.length);
    });

    it("siteSeries: yearly means and Mon..Sun profile of AT001", async () => {
      const s = await siteSeries(h.ctx, "AT001");
      expect(s.site).toMatchObject({ code: "AT001", city: "Graz", source: "euda-2025" });
      const mdma = s.analytes.find((a) => a.analyte === "mdma");
      const y2024 = mdma?.years.find((y) => y.year === 2024);
      expect(y2024?.dailyMean).toBeCloseTo(15.53, 2);
      // Monday 2024 value from the CSV: 10.5
      expect(y2024?.weekdayProfile[0]).toBeCloseTo(10.5, 6);
      // Mann-Kendall S over the published yearly Daily means of the CSV, computed here: S = Σ_{i<j} sign(x_j − x_i)
      const rows = Papa.parse<string[]>(readFileSync(`${EUDA_DIR}/ww2025-all-data.csv`, "utf8"), { skipEmptyLines: true })
        .data.filter((r) => r[1] === "MDMA" && r[2] === "AT001" && r[14] !== "")
        .map((r) => ({ year: Number(r[0]), x: Number(r[14]) }))
        .sort((a, b) => a.year - b.year);
      let sExpected = 0;
      for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) sExpected += Math.sign(rows[j]!.x - rows[i]!.x);
      expect(mdma?.years.map((y) => y.year)).toEqual(rows.map((r) => r.year));
      expect(mdma?.trendTest.n).toBe(rows.length);
      expect(mdma?.trendTest.s).toBe(sExpected);
    });

    it("loads on EUDA PNL rows: load = PNL × P/1000, below-LOQ zeros flagged as substituted", async () => {
      const r = await computeLoads(h.ctx, { site: "AT001", analyte: "mdma", from: "2024-01-01", to: "2024-12-31" });
      expect(r.rows).toHaveLength(7);
      const first = r.rows[0]!;
      expect(first.pnlMgPerDayPer1000).toBe(8.82);
      // Graz population 425 000 (site table) → 8.82 × 425 = 3748.5 mg/day
      expect(first.loadMgPerDay).toBeCloseTo(3748.5, 6);
      expect(first.concentrationNgPerL).toBeNull();
    });
  },
  async (ctx) => {
    const reports = await seedBundledData(ctx);
    if (reports.some((r) => r.status !== "imported")) throw new Error(JSON.stringify(reports.map((r) => r.errors.slice(0, 5))));
  },
);
