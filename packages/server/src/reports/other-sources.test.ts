/**
 * The indicator sections of the report for 长治市 (140400) with indicator values imported through the assessment
 * importer, and small-count suppression by audience (docs/domain.md SEC-12, k = 5 internal / 10 public).
 *
 * Hand-worked suppression of 新发现吸毒人员 2024-03 over the districts 潞州区 3, 上党区 12, 屯留区 20 (k = 5):
 * 3 < 5 is hidden (primary). The table with margins is rows [3|3], [12|12], [20|20], [35|35] (each district's row
 * total equals its cell); the row of 潞州区 is then a line with two hidden entries, but its two edges form a bridge
 * pair against the other lines, so one rectangle more is needed; the cheapest is 上党区 (12 + 12 = 24 < 20 + 20 and
 * < 35 + 35): 上党区 is hidden as well (complementary), 屯留区 20 and the city total 35 stay.
 */
import { expect, it } from "vitest";
import { importAssessmentFile, LOCAL_OPERATOR } from "../services/assessment/index.js";
import { withTestContexts } from "../services/testing.js";
import { buildDocument, collectSnapshot, renderReport } from "./index.js";
import { countTable } from "./suppression.js";
import { compact, docxText } from "./text-extract.js";

const CSV = [
  "indicator,jurisdiction_code,period,value",
  "users.new,140400,2024-03,35",
  "users.new,140403,2024-03,3",
  "users.new,140404,2024-03,12",
  "users.new,140405,2024-03,20",
  "users.new,140400,2023-03,31",
  "users.new,140403,2023-03,6",
  "users.new,140404,2023-03,10",
  "users.new,140405,2023-03,15",
  "seizure.methamphetamine,140400,2024-03,1.25",
  "",
].join("\n");

withTestContexts(
  "report sections from the assessment indicators (长治市)",
  (h) => {
    it("internal audience: 潞州区 3 hidden (primary), 上党区 12 hidden (complementary), 屯留区 20 and the city 35 shown", async () => {
      const snap = await collectSnapshot(h.ctx, { jurisdiction: "140400", period: "2024-03", audience: "internal" });
      const users = snap.other.users;
      if (users.status !== "available") throw new Error(`users part is ${users.status}`);
      const row = users.rows.find((r) => r.code === "users.new");
      expect(row?.current).toMatchObject({ "140400": 35, "140403": null, "140404": null, "140405": 20 });
      expect(row?.suppressed.sort()).toEqual(["current:140403", "current:140404"]);
      // 2023-03: 6, 10, 15 are all ≥ 5: nothing hidden
      expect(row?.previous).toMatchObject({ "140400": 31, "140403": 6, "140404": 10, "140405": 15 });
      // the archived snapshot never holds the hidden counts
      expect(JSON.stringify(snap.other.users)).not.toMatch(/"140403":3\b/);
      const text = compact(docxText(await renderReport(buildDocument(snap, ""), "docx")));
      expect(text).toContain("新发现吸毒人员（人）潞州区*6—");
      expect(text).toContain("新发现吸毒人员（人）屯留区2015+33.3%");
      expect(text).toContain("新发现吸毒人员35人（上年同期31，+12.9%）");
      expect(text).toContain("小数抑制，k=5");
      // seizures are not counts of persons: never suppressed
      expect(text).toContain("缴获甲基苯丙胺（千克）长治市1.250");
    });

    it("person-access audience: every count shown", async () => {
      const snap = await collectSnapshot(h.ctx, {
        jurisdiction: "140400",
        period: "2024-03",
        audience: "person-access",
      });
      if (snap.other.users.status !== "available") throw new Error("no users part");
      const row = snap.other.users.rows.find((r) => r.code === "users.new");
      expect(row?.current).toMatchObject({ "140400": 35, "140403": 3, "140404": 12, "140405": 20 });
      expect(row?.suppressed).toEqual([]);
    });

    it("public audience (k = 10): 3 and 6 are below k as well", async () => {
      const snap = await collectSnapshot(h.ctx, { jurisdiction: "140400", period: "2024-03", audience: "public" });
      if (snap.other.users.status !== "available") throw new Error("no users part");
      const row = snap.other.users.rows.find((r) => r.code === "users.new");
      expect(row?.current["140403"]).toBeNull();
      expect(row?.previous["140403"]).toBeNull();
    });

    it("EUDA-free 长治 report: sections without data say so, none invents a number", async () => {
      const snap = await collectSnapshot(h.ctx, { jurisdiction: "140400", period: "2022", audience: "internal" });
      const doc = buildDocument(snap, "");
      const text = compact(docxText(await renderReport(doc, "docx")));
      expect(text).toContain("2022年，长治市没有污水监测数据。");
      expect(text).toContain("2022年，长治市没有预警和线索。");
      expect(doc.sections.find((s) => s.id === "users")?.dataSource).toBe("no-data");
    });
  },
  async (ctx) => {
    const r = await importAssessmentFile(
      ctx,
      "indicator-values",
      { name: "ind.csv", bytes: new TextEncoder().encode(CSV) },
      LOCAL_OPERATOR,
    );
    if (r.status === "rejected") throw new Error(JSON.stringify(r.errors));
  },
);

it("countTable: a 2×2 table with one small cell (k = 5) hides the whole interior, keeps the margins", () => {
  // [[3, 12], [20, 30]]: 3 primary; cheapest closing rectangle 12 + 30 + 20 = 62 (vs 15+50+20 = 85, 12+42+23 = 77)
  const t = countTable(
    "地区",
    ["甲", "乙"],
    ["新发现", "复吸"],
    [
      [3, 12],
      [20, 30],
    ],
    "internal",
  );
  expect(t.rows).toEqual([
    ["甲", "*", "*", "15"],
    ["乙", "*", "*", "50"],
    ["合计", "23", "42", "65"],
  ]);
  expect(t.hidden).toBe(4);
  expect(t.note).toContain("k = 5");
  const open = countTable(
    "地区",
    ["甲", "乙"],
    ["新发现", "复吸"],
    [
      [3, 12],
      [20, 30],
    ],
    "person-access",
  );
  expect(open.rows[0]).toEqual(["甲", "3", "12", "15"]);
  expect(open.note).toBeUndefined();
});
