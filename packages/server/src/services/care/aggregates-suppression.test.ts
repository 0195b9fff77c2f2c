/**
 * Care aggregates' count columns are suppressed through core `suppressLabelledTable`, keyed by jurisdiction code or
 * centre id (issue #3, docs/domain.md SEC-12): two orders of the same rows hide the same rows. Hand-worked example
 * (k = 5): counts 140403 → 3, 140404 → 10, 140405 → 10 (total 23). The 3 is primary; the total would reveal it
 * unless one 10 is hidden too; both cost 10, and keyed by code the first code (140404) is chosen in every order.
 */
import { describe, expect, it } from "vitest";
import { suppressColumn } from "./aggregates.js";

describe("care aggregates suppression", () => {
  it("hides the same rows whatever the row order", () => {
    const byCode = (keys: string[], values: number[]) => {
      const out = suppressColumn(keys, values, 5);
      return Object.fromEntries(keys.map((key, i) => [key, out[i]]));
    };
    const one = byCode(["140403", "140404", "140405"], [3, 10, 10]);
    expect(one).toEqual({ "140403": null, "140404": null, "140405": 10 });
    expect(byCode(["140405", "140404", "140403"], [10, 10, 3])).toEqual(one);
    expect(byCode(["140404", "140403", "140405"], [10, 3, 10])).toEqual(one);
  });

  it("an empty column stays empty", () => {
    expect(suppressColumn([], [], 5)).toEqual([]);
  });
});
