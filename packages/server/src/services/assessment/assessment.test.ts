/**
 * Assessment services on PGlite and PostgreSQL: indicator import (errors with file/row/column, idempotence,
 * revisions, computed indicators refused), decline table and index over imported series, anonymous surveys
 * (Wilson, k-suppression), person-linked hair results (decide + audit on every read/write).
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Role } from "../../security/roles.js";
import { withTestContexts } from "../testing.js";
import { declineTable } from "./decline.js";
import { listHairResults } from "./hair-results.js";
import { importAssessmentFile } from "./imports.js";
import { indicatorValues, listIndicatorDefinitions } from "./indicators.js";
import { situationIndex } from "./situation-index.js";
import { listHairSurveys, summariseHairSurveys } from "./surveys.js";
import { LOCAL_OPERATOR, type StaffViewer } from "./viewer.js";

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const staff = (username: string, roles: Role[], jurisdictionPath: string | null, purpose?: string): StaffViewer => ({
  actor: { id: `00000000-0000-7000-8000-${username.padStart(12, "0").slice(-12)}`, username, roles, jurisdictionPath },
  purpose: purpose ?? null,
});
const CITY = "140400";
const LUZHOU = "140400/140403";

async function auditOf(
  ctx: { database: { raw: { query: <R>(s: string, p?: unknown[]) => Promise<{ rows: R[] }> } } },
  action: string,
) {
  return (
    await ctx.database.raw.query<{ actor: string; outcome: string; object: string }>(
      "SELECT actor, outcome, object FROM audit_event WHERE action = $1 ORDER BY seq",
      [action],
    )
  ).rows;
}

withTestContexts("assessment services", (h) => {
  describe("indicator values import", () => {
    const good = [
      "指标,行政区划代码,期间,数值,单位",
      "users.new,140403,2021,120,persons",
      "新发现吸毒人员,140403,2022,100,",
      "users.new,140403,2023,90,",
      "users.new,140403,2024,80,",
      "users.new,140403,2025,60,",
      "users.new,140404,2024,30,",
      "users.new,140404,2025,35,",
      "community.execution_rate,140403,2025,96.5,%",
    ].join("\n");

    it("imports, re-imports unchanged, and turns a corrected value into revision 2", async () => {
      const r1 = await importAssessmentFile(h.ctx, "indicator-values", file("ind.csv", good), LOCAL_OPERATOR);
      expect(r1.errors).toEqual([]);
      expect(r1).toMatchObject({ status: "imported", rows: 8, counts: { inserted: 8, unchanged: 0, revised: 0 } });
      const r2 = await importAssessmentFile(h.ctx, "indicator-values", file("ind.csv", good), LOCAL_OPERATOR);
      expect(r2).toMatchObject({ status: "unchanged", counts: { inserted: 0, unchanged: 8, revised: 0 } });
      const fixed = await importAssessmentFile(
        h.ctx,
        "indicator-values",
        file("fix.csv", "indicator,jurisdiction_code,period,value\nusers.new,140404,2025,36\n"),
        LOCAL_OPERATOR,
      );
      expect(fixed).toMatchObject({ status: "imported", counts: { revised: 1 } });
      const v = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "users.new",
        jurisdiction: "140404",
        periodKind: "year",
        from: "2024",
        to: "2025",
      });
      expect(v.map((x) => [x.period, x.value, x.revision])).toEqual([
        ["2024", 30, 1],
        ["2025", 36, 2],
      ]);
      const stored = await h.ctx.database.raw.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM indicator_value WHERE superseded_by IS NOT NULL",
      );
      expect(Number(stored.rows[0]?.n)).toBe(1);
    });

    it("reports every error with file, row and column, and writes nothing", async () => {
      const bad = [
        "indicator,jurisdiction_code,period,value",
        "users.nope,140403,2024,1", // row 2 unknown indicator
        "ww.pnl.methamphetamine,140403,2024,20", // row 3 computed
        "users.new,999999,2024,1", // row 4 jurisdiction
        "users.new,140403,2024-13,1", // row 5 period
        "users.new,140405,2024,-3", // row 6 negative
        "community.execution_rate,140405,2024,130", // row 7 percent > 100
        "users.new,140406,2024,5",
        "users.new,140406,2024,6", // row 9 duplicate of row 8
      ].join("\n");
      const before = await h.ctx.database.raw.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM indicator_value",
      );
      const r = await importAssessmentFile(h.ctx, "indicator-values", file("bad.csv", bad), LOCAL_OPERATOR);
      expect(r.status).toBe("rejected");
      expect(r.errors.map((e) => [e.file, e.row, e.column])).toEqual([
        ["bad.csv", 2, "indicator"],
        ["bad.csv", 3, "indicator"],
        ["bad.csv", 4, "jurisdiction_code"],
        ["bad.csv", 5, "period"],
        ["bad.csv", 6, "value"],
        ["bad.csv", 7, "value"],
        ["bad.csv", 9, "period"],
      ]);
      expect(r.errors[1]?.message).toContain("computed from stored wastewater results");
      expect(r.errors[6]?.message).toContain("duplicate of row 8");
      const after = await h.ctx.database.raw.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM indicator_value");
      expect(after.rows[0]?.n).toEqual(before.rows[0]?.n);
      const missing = await importAssessmentFile(
        h.ctx,
        "indicator-values",
        file("m.csv", "indicator,period,value\nusers.new,2024,1\n"),
        LOCAL_OPERATOR,
      );
      expect(missing.errors[0]).toMatchObject({ row: 1, column: "jurisdiction_code" });
    });

    it("reads XLSX (named sheet, numeric cells) with the same errors", async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("指标");
      ws.addRow(["指标代码", "行政区划代码", "期间", "数值"]);
      ws.addRow(["cases.suspects", "140405", "2025Q1", 12]);
      ws.addRow(["cases.suspects", "140405", "2025Q2", "十二"]);
      const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
      const bad = await importAssessmentFile(h.ctx, "indicator-values", { name: "v.xlsx", bytes }, LOCAL_OPERATOR, {
        sheet: "指标",
      });
      expect(bad.errors.map((e) => [e.file, e.sheet, e.row, e.column])).toEqual([["v.xlsx", "指标", 3, "数值"]]);
      ws.getRow(3).getCell(4).value = 14;
      const ok = await importAssessmentFile(
        h.ctx,
        "indicator-values",
        { name: "v.xlsx", bytes: new Uint8Array(await wb.xlsx.writeBuffer()) },
        LOCAL_OPERATOR,
        { sheet: "指标" },
      );
      expect(ok).toMatchObject({ status: "imported", encoding: "xlsx", counts: { inserted: 2 } });
    });

    it("definitions are seeded with directions", async () => {
      const defs = await listIndicatorDefinitions(h.ctx);
      expect(defs.find((d) => d.code === "users.existing")).toMatchObject({
        nameZh: "现有吸毒人员",
        direction: "lower-is-better",
        origin: "imported",
      });
      expect(defs.find((d) => d.code === "abstinence.3y")?.direction).toBe("higher-is-better");
      expect(defs.find((d) => d.code === "hair.positivity")?.origin).toBe("computed-hair");
    });
  });

  describe("decline table and index over the imported series", () => {
    it("潞州区 users.new 100 → 90 → 80 → 60: three declines; 上党区 rose in 2025", async () => {
      const t = await declineTable(h.ctx, LOCAL_OPERATOR, { asOf: "2025", lastN: 3, indicators: ["users.new"] });
      const lz = t.rows.find((r) => r.jurisdiction === "140403");
      expect(lz?.periods.map((p) => [p.period, p.yoyChange])).toEqual([
        ["2023", -10],
        ["2024", -10],
        ["2025", -20],
      ]);
      expect(lz?.continuous).toBe(true);
      // MK on 120, 100, 90, 80, 60 (2021–2025): S = −10, Var = 5·4·15/18 = 16.667, z = −9/4.0825 = −2.2045, p = 0.0275
      expect(lz?.trend.verdict).toBe("improving");
      expect(lz?.trend.pValue).toBeCloseTo(0.0275, 3);
      const sd = t.rows.find((r) => r.jurisdiction === "140404");
      expect(sd?.periods.at(-1)).toMatchObject({ period: "2025", yoyChange: 6, improved: false });
      expect(sd?.continuous).toBe(false);
    });

    it("k-suppression: a leader (no person access) does not see counts below 5", async () => {
      await importAssessmentFile(
        h.ctx,
        "indicator-values",
        file("small.csv", "indicator,jurisdiction_code,period,value\nusers.relapse,140403,2025,3\n"),
        LOCAL_OPERATOR,
      );
      const leader = staff("leader1", ["leader"], CITY);
      const v = await indicatorValues(h.ctx, leader, {
        indicator: "users.relapse",
        jurisdiction: "140403",
        periodKind: "year",
        from: "2025",
        to: "2025",
      });
      expect(v[0]).toMatchObject({ value: null, suppressed: true });
      const analyst = staff("analyst1", ["city_analyst"], CITY);
      const w = await indicatorValues(h.ctx, analyst, {
        indicator: "users.relapse",
        jurisdiction: "140403",
        periodKind: "year",
        from: "2025",
        to: "2025",
      });
      expect(w[0]).toMatchObject({ value: 3, suppressed: false });
      // out of scope
      const county = staff("county1", ["county_analyst"], "140400/140404");
      await expect(indicatorValues(h.ctx, county, { indicator: "users.new", jurisdiction: "140403" })).rejects.toThrow(
        /outside your scope/,
      );
      // no aggregate.read at all
      await expect(
        indicatorValues(h.ctx, staff("lab1", ["lab_technician"], CITY), { indicator: "users.new" }),
      ).rejects.toThrow(/aggregate.read denied/);
    });

    it("index: contributions sum to each score and the ranking is by score", async () => {
      const r = await situationIndex(h.ctx, LOCAL_OPERATOR, { period: "2025" });
      const scored = r.districts.filter((d) => d.score !== null);
      expect(scored.length).toBeGreaterThanOrEqual(2);
      for (const d of scored) {
        const sum = d.contributions.reduce((s, c) => s + c.contribution, 0);
        expect(sum).toBeCloseTo(d.score as number, 9);
      }
      expect(scored.map((d) => d.rank)).toEqual([...scored.map((d) => d.rank)].sort((a, b) => (a ?? 0) - (b ?? 0)));
      // 潞州区 relapse = 3 (imported above): a leader sees its contribution but not the count
      const led = await situationIndex(h.ctx, staff("leader4", ["leader"], CITY), { period: "2025" });
      const relapse = led.districts
        .find((d) => d.jurisdiction === "140403")
        ?.contributions.find((c) => c.indicator === "users.relapse");
      expect(relapse).toMatchObject({ value: null, scaledValue: null });
      expect(
        r.districts.find((d) => d.jurisdiction === "140403")?.contributions.find((c) => c.indicator === "users.relapse")
          ?.value,
      ).toBe(3);
    });
  });

  describe("anonymous hair surveys", () => {
    const surveys = [
      "survey_code,group_kind,group,jurisdiction_code,period,n_tested,positives_any,甲基苯丙胺,氯胺酮",
      "S-2025-01,venue,娱乐场所从业人员,140403,2025Q1,263,81,81,4",
      "S-2025-02,occupation,货运司机,140404,2025Q1,148,15,15,0",
    ].join("\n");

    it("imports and shows positivity with Wilson intervals (Newcombe 1998 examples 81/263, 15/148)", async () => {
      const r = await importAssessmentFile(h.ctx, "hair-survey", file("s.csv", surveys), LOCAL_OPERATOR);
      expect(r.errors).toEqual([]);
      expect(r.counts.inserted).toBe(2);
      const again = await importAssessmentFile(h.ctx, "hair-survey", file("s.csv", surveys), LOCAL_OPERATOR);
      expect(again.status).toBe("unchanged");
      const list = await listHairSurveys(h.ctx, LOCAL_OPERATOR, { period: "2025" });
      const s1 = list.items.find((s) => s.surveyCode === "S-2025-01");
      expect(s1?.positivityAny.lower).toBeCloseTo(0.2553, 4);
      expect(s1?.positivityAny.upper).toBeCloseTo(0.3662, 4);
      const s2 = list.items.find((s) => s.surveyCode === "S-2025-02");
      expect(s2?.analytes.find((a) => a.analyte === "methamphetamine")?.positivity.lower).toBeCloseTo(0.0624, 4);
      // hair positivity indicator: (81 + 15) / (263 + 148) = 23.36 % for the city
      const v = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "hair.positivity",
        jurisdiction: CITY,
        periodKind: "year",
        from: "2025",
        to: "2025",
      });
      expect(v[0]?.value).toBeCloseTo((96 / 411) * 100, 10);
      // a leader does not see the 4 ketamine positives
      const led = await listHairSurveys(h.ctx, staff("leader2", ["leader"], CITY), { period: "2025Q1" });
      const k = led.items.find((s) => s.surveyCode === "S-2025-01")?.analytes.find((a) => a.analyte === "ketamine");
      expect(k).toMatchObject({ positives: null, suppressed: true });
      expect(led.k).toBe(5);
      // pooled for the city: (81 + 15)/(263 + 148); ketamine 4/411 is hidden from the leader
      const pooled = await summariseHairSurveys(h.ctx, staff("leader2", ["leader"], CITY), {
        jurisdiction: CITY,
        period: "2025",
      });
      expect(pooled).toMatchObject({ surveys: 2, nTested: 411, positivesAny: 96, suppressedAny: false });
      expect(pooled.analytes.find((a) => a.analyte === "ketamine")).toMatchObject({
        positives: null,
        suppressed: true,
      });
      expect(pooled.analytes.find((a) => a.analyte === "methamphetamine")?.positives).toBe(96);
    });

    it("rejects person-identifying columns and inconsistent counts", async () => {
      const r = await importAssessmentFile(
        h.ctx,
        "hair-survey",
        file(
          "p.csv",
          "survey_code,group_kind,group,jurisdiction_code,period,n_tested,positives_any,姓名\nX,venue,KTV,140403,2025,10,1,张三\n",
        ),
        LOCAL_OPERATOR,
      );
      expect(r.errors[0]).toMatchObject({ row: 1, column: "姓名" });
      const c = await importAssessmentFile(
        h.ctx,
        "hair-survey",
        file(
          "c.csv",
          "survey_code,group_kind,group,jurisdiction_code,period,n_tested,positives_any,methamphetamine\nY,venue,KTV,140403,2025,10,2,3\n",
        ),
        LOCAL_OPERATOR,
      );
      expect(c.errors.map((e) => [e.row, e.column])).toEqual([[2, "methamphetamine"]]);
    });
  });

  describe("person-linked hair results (decide + audit)", () => {
    const lab = [
      "sample_no,part,subject_ref,jurisdiction_code,collected_at,head_site,collectors,length_cm,mass_mg,lab,method,retest_of,segment_from_cm,segment_to_cm,analyte,concentration,unit,lod,loq",
      "HS-001,A,P-7f3a,140403,2025-03-31 10:30,头顶后部,C01;C02,3,60,市禁毒实验室,LC-MS/MS,,0,3,甲基苯丙胺,350,pg/mg,5,10",
      "HS-001,A,P-7f3a,140403,2025-03-31 10:30,头顶后部,C01;C02,3,60,市禁毒实验室,LC-MS/MS,,0,3,氯胺酮,<LOD,pg/mg,5,10",
      "HS-001,B,P-7f3a,140403,2025-03-31 10:30,头顶后部,C01;C02,3,60,省毒品实验室,LC-MS/MS,HS-001/A,0,3,甲基苯丙胺,0.19,ng/mg,0.005,0.01",
    ].join("\n");

    it("a lab technician writes (audited); an investigator reads (audited); a leader is denied (audited)", async () => {
      const tech = staff("tech1", ["lab_technician"], CITY);
      const r = await importAssessmentFile(h.ctx, "hair-results", file("lab.csv", lab), tech);
      expect(r.errors).toEqual([]);
      expect(r.counts).toEqual({ inserted: 3, unchanged: 0, revised: 0 });
      expect((await auditOf(h.ctx, "hair_result.write")).map((e) => [e.actor, e.outcome, e.object])).toEqual([
        ["tech1", "success", "hair_sample:HS-001/A"],
        ["tech1", "success", "hair_sample:HS-001/B"],
      ]);
      const again = await importAssessmentFile(h.ctx, "hair-results", file("lab.csv", lab), tech);
      expect(again.status).toBe("unchanged");
      // the lab corrects the B result 0.19 → 0.21 ng/mg: revision 2, now positive (938号: ≥ 0.2)
      const corrected = await importAssessmentFile(
        h.ctx,
        "hair-results",
        file("lab-fix.csv", lab.replace(",0.19,ng/mg", ",0.21,ng/mg")),
        tech,
      );
      expect(corrected.counts).toEqual({ inserted: 0, unchanged: 2, revised: 1 });

      const inv = staff("inv1", ["investigator"], LUZHOU);
      const samples = await listHairResults(h.ctx, inv, { subject: "P-7f3a" });
      expect(samples.map((s) => `${s.sampleNo}/${s.part}`)).toEqual(["HS-001/A", "HS-001/B"]);
      const a = samples[0]!;
      expect(a.segments[0]).toMatchObject({
        fromCm: 0,
        toCm: 3,
        estimatedStart: "2024-12-30",
        estimatedEnd: "2025-03-31",
        estimate: true,
      });
      expect(a.segments[0]?.results.map((x) => [x.analyte, x.concentrationNgPerMg, x.result])).toEqual([
        ["ketamine", null, "negative"],
        ["methamphetamine", 0.35, "positive"],
      ]);
      // B sample at another lab, linked to A: corrected to 0.21 ng/mg (revision 2) → positive
      expect(samples[1]?.retestOf).toEqual({ sampleNo: "HS-001", part: "A" });
      expect(samples[1]?.segments[0]?.results[0]).toMatchObject({
        concentrationNgPerMg: 0.21,
        result: "positive",
        revision: 2,
      });
      const reads = await auditOf(h.ctx, "hair_result.read");
      expect(reads.filter((e) => e.actor === "inv1").map((e) => e.outcome)).toEqual(["success", "success"]);

      await expect(listHairResults(h.ctx, staff("leader3", ["leader"], CITY), { subject: "P-7f3a" })).rejects.toThrow(
        /test_result.read denied/,
      );
      await expect(
        listHairResults(h.ctx, staff("inv2", ["investigator"], "140400/140404"), { subject: "P-7f3a" }),
      ).rejects.toThrow(/test_result.read denied/);
      const denied = (await auditOf(h.ctx, "hair_result.read")).filter((e) => e.outcome === "denied");
      expect(denied.map((e) => e.actor)).toEqual(["leader3", "leader3", "inv2", "inv2"]);
    });

    it("a writer outside its jurisdiction is rejected and the denial is audited; the CLI operator needs --as", async () => {
      const other = staff("tech2", ["lab_technician"], "140400/140404");
      const r = await importAssessmentFile(
        h.ctx,
        "hair-results",
        file("lab2.csv", lab.replaceAll("HS-001", "HS-002")),
        other,
      );
      expect(r.status).toBe("rejected");
      expect(r.errors[0]).toMatchObject({ file: "lab2.csv", row: 2, column: "jurisdiction_code" });
      const denied = (await auditOf(h.ctx, "hair_result.write")).filter((e) => e.actor === "tech2");
      expect(denied.map((e) => e.outcome)).toEqual(["denied", "denied"]);
      const n = await h.ctx.database.raw.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM hair_sample WHERE sample_no = 'HS-002'",
      );
      expect(Number(n.rows[0]?.n)).toBe(0);
      await expect(importAssessmentFile(h.ctx, "hair-results", file("lab.csv", lab), LOCAL_OPERATOR)).rejects.toThrow(
        /--as/,
      );
    });
  });
});
