/**
 * Year-on-year change with the EUDA ±10 % "stable" band (science.md §4; data/euda-esdm-2025/PROVENANCE.md check 3,
 * reproduced on all 652 rows of ww2025-changes-all-substances.csv).
 */
import { ScienceInputError } from "../errors.js";

/** Contract `ChangeClass`. */
export type ChangeClass = "increase" | "decrease" | "stable" | "no-previous-data";

/** Half-width of the stable band, percent (EUDA: increase > +10 %, decrease < −10 %). */
export const STABLE_BAND_PERCENT = 10;

/**
 * Change from `previous` to `current`: `changePercent = (current − previous) / previous × 100`.
 * - previous null/undefined → `{changePercent: null, class: "no-previous-data"}`;
 * - previous 0 and current 0 → `{null, "stable"}` (EUDA file: empty percent, "stable");
 * - previous 0 and current > 0 → `{null, "increase"}` (the EUDA file writes percent "Inf"; null here because
 *   JSON has no infinity);
 * - otherwise increase iff changePercent > +10, decrease iff < −10, else stable (exactly ±10 is stable).
 * @param current value of the current year (≥ 0)
 * @param previous value of the previous year (≥ 0) or null
 * @throws ScienceInputError when current is missing or a value is negative/non-finite
 */
export function yearOnYearChange(
  current: number,
  previous: number | null | undefined,
): { changePercent: number | null; class: ChangeClass } {
  if (typeof current !== "number" || !Number.isFinite(current) || current < 0) {
    throw new ScienceInputError("current", current, "a finite number ≥ 0 (a change needs a current value)");
  }
  if (previous === null || previous === undefined) return { changePercent: null, class: "no-previous-data" };
  if (!Number.isFinite(previous) || previous < 0)
    throw new ScienceInputError("previous", previous, "a finite number ≥ 0 or null");
  if (previous === 0) return { changePercent: null, class: current === 0 ? "stable" : "increase" };
  const changePercent = ((current - previous) / previous) * 100;
  const cls: ChangeClass =
    changePercent > STABLE_BAND_PERCENT ? "increase" : changePercent < -STABLE_BAND_PERCENT ? "decrease" : "stable";
  return { changePercent, class: cls };
}
