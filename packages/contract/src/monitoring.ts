import { z } from "zod";
import { AnalyteCode, ChangeClass, Detection, IsoDate, SiteKind } from "./common.js";

/** A sampling site (`tracewater sites --json` → `{sites: Site[]}`; `GET /api/v1/sites`). */
export const Site = z.object({
  code: z.string(),
  name: z.string(),
  kind: SiteKind,
  populationServed: z.number().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  jurisdictionCode: z.string().nullable(),
  downstreamSite: z.string().nullable(),
  /** Data source the site belongs to, e.g. `euda-2025`, `lab`, `changzhi-demo` (simulated). */
  source: z.string(),
  country: z.string().nullable(),
  city: z.string().nullable(),
});
export type Site = z.infer<typeof Site>;
export const SitesResponse = z.object({ sites: z.array(Site) });

/** An analyte of the catalogue. */
export const Analyte = z.object({
  code: AnalyteCode,
  nameZh: z.string(),
  nameEn: z.string(),
  parentDrug: z.string().nullable(),
});
export type Analyte = z.infer<typeof Analyte>;

/** One stored measurement with its revision status. */
export const Measurement = z.object({
  id: z.string(),
  site: z.string(),
  sampleDate: IsoDate,
  analyte: AnalyteCode,
  /** What the file reported: `concentration` (canonical ng/L) or `pnl` (canonical mg/day/1000 inh, EUDA). */
  quantity: z.enum(["concentration", "pnl"]),
  valueReported: z.string().nullable(),
  unitReported: z.string().nullable(),
  valueCanonical: z.number().nullable(),
  detection: Detection,
  lodNgPerL: z.number().nullable(),
  loqNgPerL: z.number().nullable(),
  revision: z.number().int(),
  superseded: z.boolean(),
  importBatchId: z.string(),
  recordedAt: z.string(),
});
export type Measurement = z.infer<typeof Measurement>;

/** p2.5/p50/p97.5 of the Monte Carlo distribution of consumption (mg/day/1000 inh). */
export const Interval = z.object({ p2_5: z.number(), p50: z.number(), p97_5: z.number() });

/** One row of `tracewater loads` / `GET /api/v1/loads`. */
export const LoadRow = z.object({
  date: IsoDate,
  concentrationNgPerL: z.number().nullable(),
  detection: Detection,
  /** true when a censored value was replaced by the substitution policy to compute this row. */
  substituted: z.boolean(),
  loadMgPerDay: z.number().nullable(),
  pnlMgPerDayPer1000: z.number().nullable(),
  consumptionMgPerDayPer1000: z.number().nullable(),
  dosesPerDayPer1000: z.number().nullable(),
  interval: Interval.nullable(),
  parameterSet: z.string(),
});
export type LoadRow = z.infer<typeof LoadRow>;
export const LoadsResponse = z.object({
  site: z.string(),
  analyte: AnalyteCode,
  censoringPolicy: z.string(),
  rows: z.array(LoadRow),
});

/** One day of a sampling week (`tracewater weekly`). */
export const WeekDay = z.object({
  date: IsoDate,
  weekday: z.enum(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
  pnlMgPerDayPer1000: z.number().nullable(),
  detection: Detection,
  /** whether the day counts as weekday or weekend under the year's EUDA definition */
  part: z.enum(["weekday", "weekend"]),
});
export const WeeklyResponse = z.object({
  site: z.string(),
  analyte: AnalyteCode,
  year: z.number().int(),
  /** The weekday definition used: Tue–Thu (most years) or Tue–Fri (2021). */
  definition: z.string(),
  weekdayMean: z.number().nullable(),
  weekendMean: z.number().nullable(),
  dailyMean: z.number().nullable(),
  days: z.array(WeekDay),
});
export type WeeklyResponse = z.infer<typeof WeeklyResponse>;

/** `tracewater trend` — multi-year mean of site daily means over a panel of sites. */
export const TrendResponse = z.object({
  analyte: AnalyteCode,
  panelMode: z.enum(["constant", "all"]),
  panel: z.array(z.string()),
  series: z.array(z.object({ year: z.number().int(), value: z.number().nullable(), sites: z.number().int() })),
});
export type TrendResponse = z.infer<typeof TrendResponse>;

/** `tracewater changes` — year-on-year change per site with the ±10 % stable band. */
export const ChangeRow = z.object({
  site: z.string(),
  current: z.number().nullable(),
  previous: z.number().nullable(),
  changePercent: z.number().nullable(),
  class: ChangeClass,
});
export const ChangesResponse = z.object({
  analyte: AnalyteCode,
  year: z.number().int(),
  rows: z.array(ChangeRow),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

/** Mann-Kendall test with Sen's slope over a site's yearly series. */
export const SiteTrendTest = z.object({
  n: z.number().int(),
  s: z.number(),
  z: z.number().nullable(),
  pValue: z.number().nullable(),
  tau: z.number().nullable(),
  senSlopePerYear: z.number().nullable(),
  direction: z.enum(["increasing", "decreasing", "no-trend", "insufficient-data"]),
});

/** Site page: per analyte, yearly daily means, trend test and available years. */
export const SiteSeriesResponse = z.object({
  site: Site,
  analytes: z.array(
    z.object({
      analyte: AnalyteCode,
      years: z.array(
        z.object({
          year: z.number().int(),
          weekdayMean: z.number().nullable(),
          weekendMean: z.number().nullable(),
          dailyMean: z.number().nullable(),
          /** mean PNL per weekday Mon..Sun over the year's samples (null where none) */
          weekdayProfile: z.array(z.number().nullable()).length(7),
        }),
      ),
      trendTest: SiteTrendTest,
    }),
  ),
});
export type SiteSeriesResponse = z.infer<typeof SiteSeriesResponse>;

/** Overview: per analyte, number of sites, latest-year median PNL and year-on-year class counts. */
export const OverviewResponse = z.object({
  source: z.string(),
  analytes: z.array(
    z.object({
      analyte: AnalyteCode,
      sites: z.number().int(),
      latestYear: z.number().int().nullable(),
      medianPnlMgPerDayPer1000: z.number().nullable(),
      classes: z.object({
        increase: z.number().int(),
        decrease: z.number().int(),
        stable: z.number().int(),
        "no-previous-data": z.number().int(),
      }),
    }),
  ),
});
export type OverviewResponse = z.infer<typeof OverviewResponse>;
