/**
 * Hair-survey positive counts for viewers without person access (issue #3, docs/domain.md SEC-12): each count x of
 * n tested is the keyed 1×2 table [positive x, negative n − x] through core `suppressLabelledTable` (k = 5). Hand
 * values: 3 of 20 → hidden (3 < 5); 18 of 20 → hidden (the complement 2 < 5 would reveal it); 10 of 20 → shown.
 * Presenting the columns in the other order ([negative, positive]) hides the same cell.
 */
import { suppressLabelledTable } from "@tracewater/core";
import { describe, expect, it } from "vitest";
import { positiveCountHidden } from "./surveys.js";

function hiddenSwapped(x: number, n: number, k: number): boolean {
  const t = suppressLabelledTable(
    { rowKeys: ["survey"], columnKeys: ["negative", "positive"], counts: [[n - x, x]] },
    k,
  );
  return t.cells[0]?.[1] === null;
}

describe("hair survey positive-count suppression", () => {
  it("hand values at k = 5, and no suppression for person access (k null)", () => {
    expect(positiveCountHidden(3, 20, 5)).toBe(true);
    expect(positiveCountHidden(18, 20, 5)).toBe(true);
    expect(positiveCountHidden(10, 20, 5)).toBe(false);
    expect(positiveCountHidden(0, 20, 5)).toBe(false);
    expect(positiveCountHidden(3, 20, null)).toBe(false);
  });

  it("both column orders hide the same positive counts (every x of n = 1…30)", () => {
    for (let n = 1; n <= 30; n++)
      for (let x = 0; x <= n; x++) expect(positiveCountHidden(x, n, 5), `${x}/${n}`).toBe(hiddenSwapped(x, n, 5));
  });
});
