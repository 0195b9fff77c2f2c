/**
 * Trace plan with sewer travel times (issue #4) on both backends: each proposed point carries its lag to the alert
 * node (sum of the registry's link times) and the sampling window relative to the alert node's 24-h composite.
 *
 * Tree (hand-computed lags to P):   A1 —0.5 h→ A —1.5 h→ P ←2.0 h— B ←1.25 h— B1
 *                                    A2 —0.75 h→ A
 *   A 1.5 · A1 1.5 + 0.5 = 2.0 · A2 1.5 + 0.75 = 2.25 · B 2.0 · B1 2.0 + 1.25 = 3.25
 *   window = [−lag, 24 − lag], e.g. B1: [−3.25, 20.75] h from the start of P's composite.
 *
 * The travel times also steer the choice (core tracing.ts, round duration D = 24 + max lag − min lag). Priors
 * (tracing-priors.ts; own population + 5 000 per venue outfall, no past alert): P 100 000 − 30 000 − 20 000 = 50 000,
 * A 30 000 − 1 000 − 10 000 = 19 000, A1 1 000 + 5 000 = 6 000, A2 10 000, B 20 000 − 8 000 = 12 000, B1 8 000
 * (Σ 105 000). k = 2: step 1 A (subtree 35 000 → H(1/3, 2/3) = 0.918 bit; B's 20 000 → 0.703); step 2 + B
 * H(35, 20, 50 thousand) = 1.494 (next best + B1 1.260, more than 0.05 bit behind) → A, B; D = 24 + 2 − 1.5 = 24.5 h.
 * Budget 25 h: lags must lie within 1 h of A's 1.5 h → B1 (3.25 h) is never proposed; A, A1, A2, B all split the
 * candidates → those four, D = 24 + 2.25 − 1.5 = 24.75 h.
 */
import { uuidv7 } from "uuidv7";
import { expect, it } from "vitest";
import { importFile } from "../imports/import-file.js";
import { TEST_NOW, withTestContexts } from "../testing.js";
import { CLI_CALLER } from "./access.js";
import { tracePlan } from "./trace.js";

const LAG: Record<string, number> = { "TT-A": 1.5, "TT-A1": 2, "TT-A2": 2.25, "TT-B": 2, "TT-B1": 3.25 };

function registry(b1Hours: string): { name: string; bytes: Uint8Array } {
  const lines = [
    "site_code,name,kind,population_served,downstream_site,travel_time_hours",
    "TT-P,厂,wwtp_influent,100000,,",
    "TT-A,泵站A,pumping_station,30000,TT-P,1.5",
    "TT-A1,排口A1,venue_outfall,1000,TT-A,0.5",
    "TT-A2,检查井A2,manhole,10000,TT-A,0.75",
    "TT-B,泵站B,pumping_station,20000,TT-P,2",
    `TT-B1,检查井B1,manhole,8000,TT-B,${b1Hours}`,
  ];
  return { name: `tt-tree-${b1Hours || "none"}.csv`, bytes: new TextEncoder().encode(lines.join("\n")) };
}

withTestContexts("trace plan with travel times", (h) => {
  let alertId = "";

  it("a link without a stored time leaves only the points whose path uses it without a window", async () => {
    const r = await importFile(h.ctx, registry(""), { source: "tt-test" });
    expect(r.errors).toEqual([]);
    alertId = uuidv7();
    await h.ctx.database.raw.query(
      `INSERT INTO alert (id, site_id, analyte_code, detector, level, sample_date, last_sample_date, score, explanation, status, created_at, updated_at)
       SELECT $1, id, 'methamphetamine', 'robust-z', 'orange', '2025-05-20', '2025-05-20', 4, '{}'::jsonb, 'new', $2, $2 FROM site WHERE code = 'TT-P'`,
      [alertId, TEST_NOW],
    );
    const t = await tracePlan(h.ctx, CLI_CALLER, alertId, 5);
    const plan = t.plan!;
    // five non-alert sites, every one splits the candidates: all are proposed
    expect([...plan.points].sort()).toEqual(["TT-A", "TT-A1", "TT-A2", "TT-B", "TT-B1"]);
    expect(plan.travelTimeToAlertHours).toBeUndefined();
    expect(plan.roundHours).toBeNull(); // B1's lag is unknown
    expect(plan.budgetHours).toBeNull();
    // under a budget a point of unknown lag cannot be shown to fit: B1 is not proposed
    const budgeted = (await tracePlan(h.ctx, CLI_CALLER, alertId, 5, 48)).plan!;
    expect([...budgeted.points].sort()).toEqual(["TT-A", "TT-A1", "TT-A2", "TT-B"]);
    expect(budgeted.roundHours).toBe(24.75);
    for (const w of plan.windows!) {
      if (w.site === "TT-B1")
        expect(w).toEqual({
          site: "TT-B1",
          travelTimeToAlertHours: null,
          windowStartOffsetHours: null,
          windowEndOffsetHours: null,
        });
      else
        expect(w).toEqual({
          site: w.site,
          travelTimeToAlertHours: LAG[w.site],
          windowStartOffsetHours: -(LAG[w.site] as number),
          windowEndOffsetHours: 24 - (LAG[w.site] as number),
        });
    }
  });

  it("with every link time stored, each point has its hand-computed lag and window", async () => {
    const r = await importFile(h.ctx, registry("1.25"), { source: "tt-test" });
    expect(r).toMatchObject({ status: "imported", sites: 1 });
    const plan = (await tracePlan(h.ctx, CLI_CALLER, alertId, 5)).plan!;
    expect(plan.windows?.map((w) => w.site)).toEqual(plan.points);
    const bySite = Object.fromEntries(
      plan.windows!.map((w) => [w.site, [w.travelTimeToAlertHours, w.windowStartOffsetHours, w.windowEndOffsetHours]]),
    );
    expect(bySite).toEqual({
      "TT-A": [1.5, -1.5, 22.5],
      "TT-A1": [2, -2, 22],
      "TT-A2": [2.25, -2.25, 21.75],
      "TT-B": [2, -2, 22],
      "TT-B1": [3.25, -3.25, 20.75],
    });
    expect(plan.travelTimeToAlertHours).toEqual(LAG);
    // k = 1: the single proposed point still carries its window
    const one = (await tracePlan(h.ctx, CLI_CALLER, alertId, 1)).plan!;
    expect(one.windows).toEqual([
      {
        site: one.points[0],
        travelTimeToAlertHours: LAG[one.points[0] as string],
        windowStartOffsetHours: -(LAG[one.points[0] as string] as number),
        windowEndOffsetHours: 24 - (LAG[one.points[0] as string] as number),
      },
    ]);
  });

  it("the choice respects the times: k = 2 → A, B (24.5 h); budget 25 h keeps B1 out (24.75 h)", async () => {
    const two = (await tracePlan(h.ctx, CLI_CALLER, alertId, 2)).plan!;
    expect(two.points).toEqual(["TT-A", "TT-B"]);
    expect(two.expectedInformationBits).toBeCloseTo(1.4937095464322434, 12);
    expect(two.roundHours).toBe(24.5);
    const free = (await tracePlan(h.ctx, CLI_CALLER, alertId, 5)).plan!;
    expect(free.points).toContain("TT-B1");
    expect(free.roundHours).toBe(25.75); // 24 + 3.25 − 1.5
    const tight = (await tracePlan(h.ctx, CLI_CALLER, alertId, 5, 25)).plan!;
    expect([...tight.points].sort()).toEqual(["TT-A", "TT-A1", "TT-A2", "TT-B"]);
    expect(tight.roundHours).toBe(24.75);
    expect(tight.budgetHours).toBe(25);
    await expect(tracePlan(h.ctx, CLI_CALLER, alertId, 2, 12)).rejects.toThrow(/≥ 24 h/);
  });
});
