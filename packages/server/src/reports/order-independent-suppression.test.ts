/**
 * Report count tables are suppressed through core `suppressLabelledTable` (issue #3, docs/domain.md SEC-12): two
 * orderings of the same table hide the same cells, so two reports of the same data sorted differently cannot be
 * differenced. Hand-worked example (k = 5): one column, districts A = 3, B = 10, C = 10 with total 23. The 3 is
 * primary; with the total published, the 3 = 23 − 10 − 10 unless one 10 is hidden too. Both 10s cost the same,
 * so position-based tie-breaking (`suppressSmallCells`) hides B in the order A, B, C and C in the order A, C, B;
 * together the two answers publish B and C and so reveal A. Keyed by code, both orders hide B (code order).
 */
import { suppressSmallCells } from "@tracewater/core";
import { describe, expect, it } from "vitest";
import { type IndicatorRow, suppressColumn } from "./data/other-sources.js";
import { countTable } from "./suppression.js";

const SCOPE = { code: "140400" };
const A = { code: "140403" };
const B = { code: "140404" };
const C = { code: "140405" };
const VALUES: Record<string, number> = { "140400": 23, "140403": 3, "140404": 10, "140405": 10 };

function hiddenByPosition(order: { code: string }[]): string[] {
  const t = suppressSmallCells(
    order.map((d) => [VALUES[d.code] as number]),
    5,
  );
  return order
    .filter((_, i) => t.cells[i]?.[0] === null)
    .map((d) => d.code)
    .sort();
}

function indicatorRow(): IndicatorRow {
  return {
    code: "drug_users.new",
    nameZh: "新发现吸毒人员",
    unit: "人",
    current: { ...VALUES },
    previous: {},
    suppressed: [],
    simulated: false,
  };
}

describe("report suppression does not depend on the row order", () => {
  it("the hand-worked example: position-based suppression hides different districts in the two orders", () => {
    expect(hiddenByPosition([A, B, C])).toEqual(["140403", "140404"]);
    expect(hiddenByPosition([A, C, B])).toEqual(["140403", "140405"]);
  });

  it("other-sources suppressColumn: both district orders hide 140403 and 140404, and the same scope total", () => {
    const first = indicatorRow();
    suppressColumn(first, "current", [SCOPE, A, B, C], 5);
    const second = indicatorRow();
    suppressColumn(second, "current", [SCOPE, A, C, B], 5);
    expect(first.current).toEqual(second.current);
    expect([...first.suppressed].sort()).toEqual([...second.suppressed].sort());
    expect(first.current).toEqual({ "140400": 23, "140403": null, "140404": null, "140405": 10 });
  });

  it("countTable: two row orders of the same keyed table hide the same cells", () => {
    const keyed = (order: { code: string }[]) =>
      countTable(
        "地区",
        order.map((d) => d.code),
        ["新发现"],
        order.map((d) => [VALUES[d.code] as number]),
        "internal",
        { rows: order.map((d) => d.code), columns: ["new"] },
      );
    const byCode = (t: ReturnType<typeof countTable>) => Object.fromEntries(t.rows.map((r) => [r[0], r[1]]));
    const one = byCode(keyed([A, B, C]));
    expect(one).toEqual(byCode(keyed([A, C, B])));
    expect(one).toEqual({ "140403": "*", "140404": "*", "140405": "10", 合计: "23" });
  });
});
