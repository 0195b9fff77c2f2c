/**
 * Multi-year mean over a panel of sites (science.md §4; data/euda-esdm-2025/PROVENANCE.md check 2: the EUDA BE
 * trend is the arithmetic mean of the sites' Daily means over the 7 sites with data in all 14 years 2011–2024).
 */
import { ScienceInputError } from "../errors.js";

export type PanelMode = "constant" | "all";

/** One site-year value (e.g. the Daily mean PNL); null/undefined = no data that year. */
export interface SiteYearValue {
  site: string;
  year: number;
  value: number | null;
}

export interface PanelTrend {
  /** Site codes in the panel, sorted. */
  panel: string[];
  /** One entry per year from..to; value = mean over the panel sites with a value that year (null if none). */
  series: Array<{ year: number; value: number | null; sites: number }>;
}

/**
 * Panel trend.
 * - `constant`: panel = sites with a value in EVERY year of [fromYear, toYear]; each year's value is the mean over
 *   that fixed panel (so changes are not caused by sites joining or leaving);
 * - `all`: panel = sites with a value in ANY year of the range; each year's mean is over the sites present that year.
 * @throws ScienceInputError for fromYear > toYear, a duplicate (site, year), or a negative/non-finite value
 */
export function panelTrend(
  values: readonly SiteYearValue[],
  opts: { fromYear: number; toYear: number; panel: PanelMode },
): PanelTrend {
  const { fromYear, toYear, panel: mode } = opts;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new ScienceInputError("fromYear/toYear", `${fromYear}–${toYear}`, "integer years with fromYear ≤ toYear");
  }
  const bySite = new Map<string, Map<number, number>>();
  for (const v of values) {
    if (v.year < fromYear || v.year > toYear || v.value === null || v.value === undefined) continue;
    if (!Number.isFinite(v.value) || v.value < 0)
      throw new ScienceInputError(`value (${v.site} ${v.year})`, v.value, "a finite number ≥ 0 or null");
    let m = bySite.get(v.site);
    if (!m) {
      m = new Map();
      bySite.set(v.site, m);
    }
    if (m.has(v.year))
      throw new ScienceInputError("values", `${v.site} ${v.year}`, "at most one value per site and year");
    m.set(v.year, v.value);
  }
  const nYears = toYear - fromYear + 1;
  const panel = [...bySite.entries()]
    .filter(([, m]) => (mode === "constant" ? m.size === nYears : m.size > 0))
    .map(([s]) => s)
    .sort();
  const series: PanelTrend["series"] = [];
  for (let y = fromYear; y <= toYear; y++) {
    let sum = 0;
    let n = 0;
    for (const s of panel) {
      const v = bySite.get(s)?.get(y);
      if (v !== undefined) {
        sum += v;
        n++;
      }
    }
    series.push({ year: y, value: n > 0 ? sum / n : null, sites: n });
  }
  return { panel, series };
}
