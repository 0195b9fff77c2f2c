import { describe, expect, it } from "vitest";
import { withTestContexts } from "../testing.js";
import { declineTable } from "./decline.js";
import { indicatorValues } from "./indicators.js";
import { seedAssessmentDemo } from "./seed-demo.js";
import { situationIndex } from "./situation-index.js";
import { listHairSurveys } from "./surveys.js";
import { LOCAL_OPERATOR } from "./viewer.js";

withTestContexts("changzhi-demo assessment seed", (h) => {
  describe("seedAssessmentDemo", () => {
    it("stores 4 680 simulated values and 144 surveys once; a second run changes nothing", async () => {
      const [v, s] = await seedAssessmentDemo(h.ctx);
      expect(v).toMatchObject({ status: "imported", counts: { inserted: 4680 } });
      expect(s).toMatchObject({ status: "imported", counts: { inserted: 144 } });
      const again = await seedAssessmentDemo(h.ctx);
      expect(again.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    });

    it("yearly values aggregate the months (sum for counts); marked simulated", async () => {
      const m = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "users.new",
        jurisdiction: "140403",
        periodKind: "month",
        from: "2024-01",
        to: "2024-12",
      });
      const y = await indicatorValues(h.ctx, LOCAL_OPERATOR, {
        indicator: "users.new",
        jurisdiction: "140403",
        periodKind: "year",
        from: "2024",
        to: "2024",
      });
      expect(y[0]?.value).toBe(m.reduce((s, x) => s + (x.value ?? 0), 0));
      expect(y[0]).toMatchObject({ simulated: true, basis: { months: 12, expected: 12 } });
    });

    it("decline table for 2025 over the five-declines set, index for 2025 with 12 ranked counties, surveys with intervals", async () => {
      const t = await declineTable(h.ctx, LOCAL_OPERATOR, { asOf: "2025", lastN: 2 });
      expect(t.rows).toHaveLength(5 * 13);
      expect(t.rows.every((r) => r.simulated || r.indicator === "ww.pnl.methamphetamine")).toBe(true);
      const existing = t.rows.find((r) => r.indicator === "users.existing" && r.jurisdiction === "140400");
      expect(existing?.continuous).toBe(true);
      const idx = await situationIndex(h.ctx, LOCAL_OPERATOR, { period: "2025" });
      expect(idx.simulated).toBe(true);
      expect(idx.districts.filter((d) => d.rank !== null)).toHaveLength(12);
      const surveys = await listHairSurveys(h.ctx, LOCAL_OPERATOR, { period: "2025Q2" });
      expect(surveys.items).toHaveLength(12);
      expect(surveys.items.every((s) => s.simulated && s.positivityAny.upper !== null)).toBe(true);
    });
  });
});
