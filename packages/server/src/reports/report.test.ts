/**
 * The assessment report on the bundled EUDA 2025 data (PGlite and PostgreSQL): every period type rendered to
 * .docx and PDF, the text extracted and checked against numbers computed HERE from the CSV files
 * (data/euda-esdm-2025/ww2025-all-data.csv: day columns and "Daily mean"; ww2025-site-info-table.csv: Population);
 * determinism; sections without a data source; the workflow and the immutability of issued reports.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { expect, it } from "vitest";
import { ConflictError } from "../services/errors.js";
import { seedBundledData } from "../services/index.js";
import { EUDA_ALL_DATA_CSV, EUDA_SITES_CSV } from "../services/paths.js";
import { withTestContexts } from "../services/testing.js";
import {
  createReport,
  generateReport,
  getReport,
  renderReport,
  reportSnapshot,
  sha256OfJson,
  transitionReport,
  updateAnalystText,
} from "./index.js";
import { compact, docxText, pdfText } from "./text-extract.js";

const rows = Papa.parse<string[]>(readFileSync(EUDA_ALL_DATA_CSV, "utf8"), { skipEmptyLines: true }).data.slice(1);
const population = new Map(
  Papa.parse<Record<string, string>>(readFileSync(EUDA_SITES_CSV, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data.map((r) => [r.SiteID as string, Number(r.Population)]),
);
/** CSV row of year × metabolite × site: the 7 day values (Wed…Tue) and the published daily mean. */
function csv(year: number, metabolite: string, site: string): { days: number[]; dailyMean: number } {
  const r = rows.find((x) => x[0] === String(year) && x[1] === metabolite && x[2] === site);
  if (!r) throw new Error(`no CSV row ${year} ${metabolite} ${site}`);
  return {
    days: r
      .slice(5, 12)
      .filter((v) => v !== "")
      .map(Number),
    dailyMean: Number(r[14]),
  };
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function texts(document: Awaited<ReturnType<typeof generateReport>>["document"]) {
  const docx = await renderReport(document, "docx");
  const pdf = await renderReport(document, "pdf");
  return { docx, pdf, docxText: docxText(docx), pdfText: await pdfText(pdf) };
}

withTestContexts(
  "assessment report on the EUDA 2025 data",
  (h) => {
    it("annual (AT001 Graz, 2024): each analyte's PNL is the CSV daily mean, the change vs 2023 as in the CSV", async () => {
      const g = await generateReport(h.ctx, { jurisdiction: "AT001", period: "2024" });
      const t = await texts(g.document);
      // methamphetamine 2024 vs 2023 and benzoylecgonine ("cocaine" rows) from the CSV
      const meth = csv(2024, "methamphetamine", "AT001").dailyMean;
      const methPrev = csv(2023, "methamphetamine", "AT001").dailyMean;
      const be = csv(2024, "cocaine", "AT001").dailyMean;
      const bePrev = csv(2023, "cocaine", "AT001").dailyMean;
      expect(be.toFixed(2)).toBe("332.85"); // as the e2e test and the EUDA changes file
      const methChange = ((meth - methPrev) / methPrev) * 100;
      const beChange = ((be - bePrev) / bePrev) * 100;
      for (const text of [t.docxText, t.pdfText].map(compact)) {
        expect(text).toContain("Graz（AT001）毒情形势评估报告");
        expect(text).toContain(
          `甲基苯丙胺人口加权负荷为${meth.toFixed(2)}mg/天/千人，较上年下降${Math.abs(methChange).toFixed(1)}%`,
        );
        expect(text).toContain(
          `苯甲酰爱康宁人口加权负荷为${be.toFixed(2)}mg/天/千人，较上年上升${beChange.toFixed(1)}%`,
        );
        // total load = PNL × P / 10⁶ g/day (Graz population 425 000)
        expect(population.get("AT001")).toBe(425_000);
        expect(text).toContain(((be * 425_000) / 1e6).toFixed(1));
        // EUDA scope: the other sources do not apply
        expect(text).toContain("EUDA数据只含污水监测，本节不适用");
      }
      expect(g.document.sections.map((s) => s.id)).toEqual([
        "summary",
        "wastewater",
        "hair",
        "users",
        "cases",
        "comparison",
        "warnings",
        "analyst",
      ]);
      // the Austrian cities compared, Graz ranked among them
      const comparison = g.document.sections.find((s) => s.id === "comparison");
      expect(comparison?.dataSource).toBe("available");
    });

    it("monthly (BE, 2024-03) and quarterly (BE, 2024Q1): population-weighted mean of the week's day values", async () => {
      // sites of BE with 2024 methamphetamine rows; period mean = mean of the 7 day values (nominal week 2024-03-13…19)
      const sites = rows
        .filter((r) => r[0] === "2024" && r[1] === "methamphetamine" && r[3] === "BE")
        .map((r) => r[2] as string);
      expect(sites.length).toBeGreaterThan(0);
      const items = sites.map((s) => ({
        v: mean(csv(2024, "methamphetamine", s).days),
        p: population.get(s) as number,
      }));
      const weighted = items.reduce((a, x) => a + x.v * x.p, 0) / items.reduce((a, x) => a + x.p, 0);
      for (const [period, label] of [
        ["2024-03", "2024年3月"],
        ["2024Q1", "2024年第一季度"],
      ] as const) {
        const g = await generateReport(h.ctx, { jurisdiction: "BE", period });
        const t = await texts(g.document);
        for (const text of [t.docxText, t.pdfText].map(compact)) {
          expect(text).toContain(`${label}（`);
          expect(text).toContain(`甲基苯丙胺人口加权负荷为${weighted.toFixed(2)}mg/天/千人`);
          expect(text).toContain("较上年同期");
        }
        expect(g.snapshot.wastewater.dataAsOf).toBe("2024-03-19");
      }
    });

    it("a period without samples says so; a 长治 report without data says so in every section", async () => {
      const june = await generateReport(h.ctx, { jurisdiction: "AT001", period: "2024-06" });
      expect(compact(docxText(await renderReport(june.document, "docx")))).toContain(
        "2024年6月，Graz（AT001）没有污水监测数据。",
      );
      const cz = await generateReport(h.ctx, { jurisdiction: "140400", period: "2024Q2" });
      const text = compact(await pdfText(await renderReport(cz.document, "pdf")));
      expect(text).toContain("长治市毒情形势评估报告");
      expect(text).toContain("2024年第二季度，长治市没有毛发检测（人群筛查）数据。");
      expect(text).toContain("2024年第二季度，长治市没有吸毒人员指标（现有、新发现、复吸）数据。");
      expect(cz.document.sections.filter((s) => s.dataSource === "no-data").map((s) => s.id)).toEqual(
        expect.arrayContaining(["wastewater", "hair", "users", "cases", "warnings"]),
      );
    });

    it("is deterministic: two runs give the same snapshot hash, the same text and the same bytes", async () => {
      const a = await generateReport(h.ctx, {
        jurisdiction: "NL",
        period: "2023",
        analystText: "第一段。\n\n第二段。",
      });
      const b = await generateReport(h.ctx, {
        jurisdiction: "NL",
        period: "2023",
        analystText: "第一段。\n\n第二段。",
      });
      expect(a.snapshotSha256).toBe(b.snapshotSha256);
      expect(a.snapshotSha256).toBe(sha256OfJson(a.snapshot));
      const ta = await texts(a.document);
      const tb = await texts(b.document);
      expect(ta.docxText).toBe(tb.docxText);
      expect(ta.pdfText).toBe(tb.pdfText);
      expect(ta.pdf.equals(tb.pdf)).toBe(true);
      expect(ta.docx.equals(tb.docx)).toBe(true);
      expect(ta.docxText).toContain("第二段。");
    });

    it("workflow: draft → reviewed → issued; an issued report is immutable in the service and in the database", async () => {
      const r = await createReport(
        h.ctx,
        { jurisdiction: "AT001", period: "2024", audience: "internal", analystText: "" },
        "analyst",
      );
      expect(r.status).toBe("draft");
      const edited = await updateAnalystText(h.ctx, r.id, "格拉茨可卡因负荷上升，建议关注。", "analyst");
      expect(edited.document.sections.at(-1)?.blocks).toEqual([
        { type: "paragraph", text: "格拉茨可卡因负荷上升，建议关注。" },
      ]);
      await expect(transitionReport(h.ctx, r.id, "issued", "leader")).rejects.toBeInstanceOf(ConflictError);
      await transitionReport(h.ctx, r.id, "reviewed", "reviewer");
      const issued = await transitionReport(h.ctx, r.id, "issued", "leader", "签发");
      expect(issued.status).toBe("issued");
      expect(issued.history.map((e) => `${e.action}:${e.toStatus}:${e.actor}`)).toEqual([
        "generated:draft:analyst",
        "edited:draft:analyst",
        "reviewed:reviewed:reviewer",
        "issued:issued:leader",
      ]);
      expect(issued.parameterVersions).toMatchObject({
        template: "report-template/1",
        wbeParameterSet: h.ctx.parameterSet.version,
      });
      const archived = await reportSnapshot(h.ctx, r.id);
      expect(archived.sha256).toBe(sha256OfJson(archived.snapshot));
      await expect(updateAnalystText(h.ctx, r.id, "改动", "analyst")).rejects.toThrow(/issued/);
      await expect(transitionReport(h.ctx, r.id, "reviewed", "x")).rejects.toBeInstanceOf(ConflictError);
      // the trigger refuses any other writer
      await expect(
        h.ctx.database.raw.query("UPDATE report SET analyst_text = 'x' WHERE id = $1", [r.id]),
      ).rejects.toThrow(/immutable/);
      await expect(h.ctx.database.raw.query("DELETE FROM report_event WHERE report_id = $1", [r.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(h.ctx.database.raw.query("DELETE FROM report WHERE id = $1", [r.id])).rejects.toThrow();
      const after = await getReport(h.ctx, r.id);
      expect(after.analystText).toBe("格拉茨可卡因负荷上升，建议关注。");
      expect(after.document).toEqual(issued.document);
    });
  },
  async (ctx) => {
    await seedBundledData(ctx);
  },
);
