import { z } from "zod";
import { AnalyteCode, IsoDate } from "./common.js";
import { ImportError } from "./imports.js";

/**
 * Hair testing and the drug-situation assessment (issue #5): API responses, CLI `--json` output and query
 * schemas. Methods: docs/METHODS.md (hair cut-offs, Wilson, decline table, index). Counts shown as `null` were
 * suppressed (k-suppression) for a viewer without person access; `suppressed` says so.
 */

/** `2024`, `2024Q1` or `2024-03`. */
export const PeriodText = z
  .string()
  .regex(/^\d{4}(?:[Qq][1-4]|-(?:0[1-9]|1[0-2]))?$/, "a period 2024, 2024Q1 or 2024-03");
export const PeriodKind = z.enum(["year", "quarter", "month"]);
export const IndicatorDirection = z.enum(["lower-is-better", "higher-is-better"]);
export const IndicatorOrigin = z.enum(["imported", "computed-wastewater", "computed-hair"]);

export const IndicatorDefinitionOut = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: z.string(),
  direction: IndicatorDirection,
  origin: IndicatorOrigin,
  analyte: z.string().nullable(),
  aggregation: z.enum(["sum", "mean", "last"]),
  source: z.string(),
  baselineYear: z.number().int().nullable(),
  target: z.number().nullable(),
  version: z.string(),
});
export type IndicatorDefinitionOut = z.infer<typeof IndicatorDefinitionOut>;
export const IndicatorDefinitionsResponse = z.object({ items: z.array(IndicatorDefinitionOut) });

/** One value of an indicator: imported (with revision) or computed from stored results. */
export const IndicatorValueOut = z.object({
  indicator: z.string(),
  jurisdiction: z.string(),
  period: z.string(),
  periodKind: PeriodKind,
  /** null when suppressed or not computable */
  value: z.number().nullable(),
  origin: IndicatorOrigin,
  simulated: z.boolean(),
  suppressed: z.boolean(),
  /** imported values: revision number; computed: null */
  revision: z.number().int().nullable(),
  /** computed values: what went in (sites, samples, surveys, persons tested) */
  basis: z.record(z.string(), z.number()).nullable(),
});
export type IndicatorValueOut = z.infer<typeof IndicatorValueOut>;
export const IndicatorValuesResponse = z.object({ items: z.array(IndicatorValueOut) });
export const IndicatorValuesQuery = z.object({
  indicator: z.string().min(1),
  jurisdiction: z
    .string()
    .regex(/^\d{6,}$/)
    .optional(),
  periodKind: PeriodKind.default("year"),
  from: PeriodText.optional(),
  to: PeriodText.optional(),
});

export const DeclinePeriodOut = z.object({
  period: z.string(),
  value: z.number().nullable(),
  lastYearValue: z.number().nullable(),
  yoyChange: z.number().nullable(),
  yoyChangePct: z.number().nullable(),
  improved: z.boolean().nullable(),
});
export const DeclineRowOut = z.object({
  indicator: z.string(),
  indicatorNameZh: z.string(),
  indicatorNameEn: z.string(),
  unit: z.string(),
  jurisdiction: z.string(),
  jurisdictionNameZh: z.string().nullable(),
  direction: IndicatorDirection,
  periods: z.array(DeclinePeriodOut),
  improvedCount: z.number().int(),
  continuous: z.boolean().nullable(),
  trend: z.object({
    verdict: z.enum(["improving", "worsening", "no-trend", "insufficient-data"]),
    n: z.number().int(),
    s: z.number(),
    z: z.number().nullable(),
    pValue: z.number().nullable(),
    senSlope: z.number().nullable(),
  }),
  simulated: z.boolean(),
  suppressed: z.boolean(),
});
export type DeclineRowOut = z.infer<typeof DeclineRowOut>;
export const DeclineResponse = z.object({
  asOf: z.string(),
  periodKind: PeriodKind,
  lastN: z.number().int(),
  indicators: z.array(z.string()),
  rows: z.array(DeclineRowOut),
});
export type DeclineResponse = z.infer<typeof DeclineResponse>;
export const DeclineQuery = z.object({
  asOf: PeriodText,
  lastN: z.coerce.number().int().min(1).max(24).default(3),
  /** comma-separated indicator codes (default: the 五个持续下降 set) */
  indicators: z.string().optional(),
  jurisdiction: z
    .string()
    .regex(/^\d{6,}$/)
    .optional(),
});

export const IndexContributionOut = z.object({
  indicator: z.string(),
  weight: z.number(),
  /** the county's value; null when a count below k is hidden (viewer without person access) */
  value: z.number().nullable(),
  scaledValue: z.number().nullable(),
  normalised: z.number(),
  contribution: z.number(),
});
export const DistrictIndexOut = z.object({
  jurisdiction: z.string(),
  jurisdictionNameZh: z.string().nullable(),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  grade: z.string().nullable(),
  coverage: z.number(),
  contributions: z.array(IndexContributionOut),
});
export type DistrictIndexOut = z.infer<typeof DistrictIndexOut>;
export const IndexMethodOut = z.object({
  version: z.string(),
  normalisation: z.enum(["min-max", "z-score", "rank"]),
  weights: z.array(z.object({ indicatorCode: z.string(), weight: z.number(), perPopulation: z.number().optional() })),
  grades: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), minScore: z.number() })),
});
export type IndexMethodOut = z.infer<typeof IndexMethodOut>;
export const IndexResponse = z.object({
  period: z.string(),
  method: IndexMethodOut,
  simulated: z.boolean(),
  districts: z.array(DistrictIndexOut),
});
export type IndexResponse = z.infer<typeof IndexResponse>;
export const IndexQuery = z.object({
  period: PeriodText,
  normalisation: z.enum(["min-max", "z-score", "rank"]).optional(),
});

export const WilsonOut = z.object({
  proportion: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
export const SurveyAnalyteOut = z.object({
  analyte: AnalyteCode,
  positives: z.number().int().nullable(),
  positivity: WilsonOut,
  suppressed: z.boolean(),
});
export const HairSurveyOut = z.object({
  surveyCode: z.string(),
  groupKind: z.string(),
  groupLabel: z.string(),
  jurisdiction: z.string(),
  period: z.string(),
  nTested: z.number().int(),
  positivesAny: z.number().int().nullable(),
  positivityAny: WilsonOut,
  cutoffSet: z.string(),
  simulated: z.boolean(),
  source: z.string(),
  analytes: z.array(SurveyAnalyteOut),
});
export type HairSurveyOut = z.infer<typeof HairSurveyOut>;
export const HairSurveysResponse = z.object({ items: z.array(HairSurveyOut), k: z.number().int().nullable() });
export type HairSurveysResponse = z.infer<typeof HairSurveysResponse>;
export const HairSurveysQuery = z.object({
  jurisdiction: z
    .string()
    .regex(/^\d{6,}$/)
    .optional(),
  period: PeriodText.optional(),
});

export const HairResultOut = z.object({
  analyte: z.string(),
  valueReported: z.string().nullable(),
  unitReported: z.string().nullable(),
  concentrationNgPerMg: z.number().nullable(),
  detection: z.enum(["detected", "below_lod", "below_loq", "not_analysed"]),
  lodNgPerMg: z.number().nullable(),
  loqNgPerMg: z.number().nullable(),
  cutoffSet: z.string(),
  cutoffNgPerMg: z.number().nullable(),
  result: z.enum(["positive", "negative", "inconclusive", "not-analysed", "no-cutoff"]),
  revision: z.number().int(),
});
export const HairSegmentOut = z.object({
  fromCm: z.number(),
  toCm: z.number(),
  growthCmPerMonth: z.number(),
  estimatedStart: IsoDate,
  estimatedEnd: IsoDate,
  estimate: z.literal(true),
  results: z.array(HairResultOut),
});
export const HairSampleOut = z.object({
  sampleNo: z.string(),
  part: z.enum(["A", "B"]),
  subjectRef: z.string(),
  jurisdiction: z.string(),
  collectedAt: z.string(),
  headSite: z.string(),
  collectors: z.array(z.string()),
  lengthCm: z.number().nullable(),
  massMg: z.number().nullable(),
  lab: z.string(),
  method: z.string(),
  retestOf: z.object({ sampleNo: z.string(), part: z.string() }).nullable(),
  segments: z.array(HairSegmentOut),
});
export type HairSampleOut = z.infer<typeof HairSampleOut>;
export const HairResultsResponse = z.object({ items: z.array(HairSampleOut) });
export const HairResultsQuery = z.object({
  subject: z.string().min(1).optional(),
  sampleNo: z.string().min(1).optional(),
  jurisdiction: z
    .string()
    .regex(/^\d{6,}$/)
    .optional(),
  purpose: z.string().min(1).optional(),
});

export const AssessmentImportKind = z.enum(["hair-results", "hair-survey", "indicator-values"]);
export const AssessmentImportReport = z.object({
  importId: z.string().nullable(),
  kind: AssessmentImportKind,
  file: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  status: z.enum(["imported", "unchanged", "rejected"]),
  rows: z.number().int(),
  counts: z.object({ inserted: z.number().int(), unchanged: z.number().int(), revised: z.number().int() }),
  errors: z.array(ImportError),
});
export type AssessmentImportReport = z.infer<typeof AssessmentImportReport>;
export const AssessmentImportQuery = z.object({ kind: AssessmentImportKind });

/** Surveys of a jurisdiction (subtree) and period pooled: Σ positives / Σ tested per analyte, Wilson 95 %. */
export const HairSurveySummary = z.object({
  jurisdiction: z.string(),
  period: z.string(),
  surveys: z.number().int(),
  nTested: z.number().int(),
  positivesAny: z.number().int().nullable(),
  positivityAny: WilsonOut,
  suppressedAny: z.boolean(),
  analytes: z.array(SurveyAnalyteOut),
  simulated: z.boolean(),
  k: z.number().int().nullable(),
});
export type HairSurveySummary = z.infer<typeof HairSurveySummary>;
