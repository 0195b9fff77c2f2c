/**
 * EUDA/EMCDDA weekly means of a one-week sampling campaign (science.md §0, §3.4;
 * data/euda-esdm-2025/PROVENANCE.md "What the values are" and check 1).
 *
 * Definition used by the EUDA files: weekday = Tue, Wed, Thu; weekend = Fri, Sat, Sun, Mon (a day-labelled 24-h
 * composite ending in the morning mostly covers the previous day) [V EMCDDA data page] — EXCEPT the 2021 rows,
 * which use weekday = Tue–Fri and weekend = Sat–Mon [D: 297/297 complete 2021 rows match].
 * Missing days are skipped in the means (as in the EUDA files); a 0 (EUDA "< LOQ") is a value and is averaged.
 */
import { ScienceInputError } from "../errors.js";

/** Day of the week, English three-letter abbreviation (contract `WeekDay.weekday`). */
export type Weekday = "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun";
export type WeekPart = "weekday" | "weekend";

/** All weekdays in ISO order (Mon = 1 … Sun = 7). */
export const WEEKDAYS: readonly Weekday[] = Object.freeze(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);

/** The weekday set of each definition. */
const DEFAULT_WEEKDAYS: ReadonlySet<Weekday> = new Set(["Tue", "Wed", "Thu"]);
const WEEKDAYS_2021: ReadonlySet<Weekday> = new Set(["Tue", "Wed", "Thu", "Fri"]);

/** Human-readable definition labels (contract `WeeklyResponse.definition`). */
export const EUDA_WEEK_DEFINITION = Object.freeze({
  default: "weekday Tue–Thu, weekend Fri–Mon",
  y2021: "weekday Tue–Fri, weekend Sat–Mon (EUDA 2021 rows)",
});

function checkWeekday(weekday: string): asserts weekday is Weekday {
  if (!(WEEKDAYS as readonly string[]).includes(weekday)) {
    throw new ScienceInputError("weekday", weekday, "one of Mon, Tue, Wed, Thu, Fri, Sat, Sun");
  }
}

/** The definition label for a campaign year. */
export function weekDefinitionFor(year: number): string {
  return year === 2021 ? EUDA_WEEK_DEFINITION.y2021 : EUDA_WEEK_DEFINITION.default;
}

/**
 * Whether a sampling day counts as weekday or weekend in the EUDA definition of `year`.
 * @throws ScienceInputError for an unknown weekday label
 */
export function weekPartOf(year: number, weekday: Weekday): WeekPart {
  checkWeekday(weekday);
  const set = year === 2021 ? WEEKDAYS_2021 : DEFAULT_WEEKDAYS;
  return set.has(weekday) ? "weekday" : "weekend";
}

/** Result of {@link weeklyMeans}; a mean is null when none of its days has a value. */
export interface WeeklyMeans {
  weekdayMean: number | null;
  weekendMean: number | null;
  dailyMean: number | null;
  definition: string;
}

/**
 * Weekday, weekend and daily means of one campaign week (values in any one unit, typically PNL mg/day/1000 inh).
 * @param year campaign year (selects the definition)
 * @param days the days of the week with a value or null (missing); order does not matter
 * @throws ScienceInputError for an unknown weekday, a weekday given twice, or a negative/non-finite value
 */
export function weeklyMeans(
  year: number,
  days: ReadonlyArray<{ weekday: Weekday; value: number | null }>,
): WeeklyMeans {
  const seen = new Set<string>();
  let wdSum = 0;
  let wdN = 0;
  let weSum = 0;
  let weN = 0;
  for (const d of days) {
    checkWeekday(d.weekday);
    if (seen.has(d.weekday)) throw new ScienceInputError("weekday", d.weekday, "each weekday at most once");
    seen.add(d.weekday);
    if (d.value === null || d.value === undefined) continue;
    if (!Number.isFinite(d.value) || d.value < 0)
      throw new ScienceInputError(`value (${d.weekday})`, d.value, "a finite number ≥ 0 or null");
    if (weekPartOf(year, d.weekday) === "weekday") {
      wdSum += d.value;
      wdN++;
    } else {
      weSum += d.value;
      weN++;
    }
  }
  return {
    weekdayMean: wdN > 0 ? wdSum / wdN : null,
    weekendMean: weN > 0 ? weSum / weN : null,
    dailyMean: wdN + weN > 0 ? (wdSum + weSum) / (wdN + weN) : null,
    definition: weekDefinitionFor(year),
  };
}
