import { describe, expect, it } from "vitest";
import { OR_RD_5, quantileClasses } from "./quantile-classes.js";

describe("quantileClasses", () => {
  it("splits 1..10 at the type-7 quintiles (hand calculation: h = 9·p → 2.8, 4.6, 6.4, 8.2)", () => {
    const classes = quantileClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const expected = [1, 2.8, 4.6, 6.4, 8.2, 10];
    expect(classes).toHaveLength(5);
    classes.forEach((c, i) => {
      expect(c.min).toBeCloseTo(expected[i] as number, 12);
      expect(c.max).toBeCloseTo(expected[i + 1] as number, 12);
    });
    expect(classes.map((c) => c.color)).toEqual([...OR_RD_5]);
    expect(classes[0]?.label).toBe("1.0 – 2.8");
  });

  it("gives skewed data equal-count classes, unlike a linear scale (one extreme site does not wash out the rest)", () => {
    const values = [1, 1.5, 2, 3, 4, 5, 6, 8, 10, 900];
    const classes = quantileClasses(values);
    // a linear 0..900 scale would put the nine values ≤ 10 in its first 1.2 % — here they span four classes
    const classOf = (v: number) => classes.findIndex((c) => v >= c.min && v <= c.max);
    expect(new Set(values.slice(0, 9).map(classOf)).size).toBeGreaterThanOrEqual(4);
    expect(classOf(900)).toBe(classes.length - 1);
  });

  it("merges duplicate breaks and keeps the darkest colour for the top class", () => {
    const classes = quantileClasses([2, 2, 2, 2, 2, 2, 2, 2, 5]);
    expect(classes.map((c) => [c.min, c.max])).toEqual([[2, 5]]);
    expect(classes[0]?.color).toBe(OR_RD_5[4]);
    expect(quantileClasses([3, 3])).toEqual([{ min: 3, max: 3, color: OR_RD_5[4], label: "3.0" }]);
    expect(quantileClasses([])).toEqual([]);
  });
});
