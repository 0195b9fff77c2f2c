/**
 * The synthetic care demo seeds once, on PGlite and PostgreSQL: every person is marked synthetic with the
 * 「[模拟]」 name prefix and a synthetic ID number (area code 99, core `isSyntheticIdNumber`), and each case's
 * state after the replay through the services equals the generator's own core replay.
 */
import { generateCareDemo, isSyntheticIdNumber } from "@tracewater/core";
import { expect, it } from "vitest";
import { withSecurityContexts } from "../security/test-context.js";
import { unseal } from "./cipher.js";
import { CARE_DEMO_SEED, seedCareDemo } from "./demo-seed.js";

withSecurityContexts("care demo seed", (h) => {
  it("seeds synthetic people and cases once; states match the generator", async () => {
    h.setNow(new Date("2026-06-01T02:00:00Z"));
    const t0 = Date.now();
    const report = await seedCareDemo(h.ctx, { persons: 40 });
    const ms = Date.now() - t0;
    expect(report.skipped).toBe(false);
    expect(report.persons).toBe(40);
    const demo = generateCareDemo({ seed: CARE_DEMO_SEED, asOf: "2026-06-01", persons: 40 });
    expect(report.cases).toBe(demo.cases.length);
    const rows = (
      await h.ctx.database.raw.query<{ name_enc: string; id_number_enc: string; synthetic: boolean }>(
        "SELECT name_enc, id_number_enc, synthetic FROM care_person",
      )
    ).rows;
    expect(rows).toHaveLength(40);
    for (const r of rows) {
      expect(r.synthetic).toBe(true);
      expect(unseal(h.ctx, "care_person", "name_enc", r.name_enc)).toMatch(/^\[模拟\]/);
      expect(isSyntheticIdNumber(unseal(h.ctx, "care_person", "id_number_enc", r.id_number_enc) ?? "")).toBe(true);
    }
    const states = (
      await h.ctx.database.raw.query<{ decision_no: string; state: string }>(
        "SELECT decision_no, state FROM care_measure ORDER BY decision_no",
      )
    ).rows;
    expect(states).toEqual(
      demo.cases
        .map((c) => ({ decision_no: c.decisionNo, state: c.state.status }))
        .sort((a, b) => a.decision_no.localeCompare(b.decision_no)),
    );
    const open = await h.ctx.database.raw.query<{ n: string }>(
      "SELECT count(*) AS n FROM care_task WHERE status = 'open'",
    );
    expect(Number(open.rows[0]?.n)).toBeGreaterThan(0);
    // 45 simulated centres (issue #6: the city has 45): one per synthetic township (12 counties × 3 = 36), a
    // second one in the first 9 townships; cases of such a township alternate between its two centres
    const centres = (
      await h.ctx.database.raw.query<{ id: string; jurisdiction_code: string; synthetic: boolean }>(
        "SELECT id, jurisdiction_code, synthetic FROM care_centre ORDER BY id",
      )
    ).rows;
    expect(centres).toHaveLength(45);
    expect(centres.every((c) => c.synthetic)).toBe(true);
    expect(new Set(centres.map((c) => c.jurisdiction_code)).size).toBe(36);
    expect(centres.filter((c) => /-2$/.test(c.id))).toHaveLength(9);
    const used = await h.ctx.database.raw.query<{ n: string }>(
      "SELECT count(DISTINCT centre_id) AS n FROM care_measure WHERE centre_id LIKE '%-2'",
    );
    expect(Number(used.rows[0]?.n)).toBeGreaterThan(0);
    expect(await seedCareDemo(h.ctx, { persons: 40 })).toMatchObject({ skipped: true });
    console.log(`care demo seed (40 persons, ${report.cases} cases, ${report.tasks} tasks) on ${h.kind}: ${ms} ms`);
  });
});
