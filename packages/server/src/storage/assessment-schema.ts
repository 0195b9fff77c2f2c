/**
 * Tables of hair testing and the drug-situation assessment (issue #5; docs/domain.md §2.1–§2.4, §3.4, §7.3).
 * Re-exported from `schema.ts` so drizzle-kit sees them.
 *
 * Two SEPARATE hair stores (domain.md §2.4):
 * - person-linked results (`hair_sample` → `hair_segment` → `hair_result`): the person is only an OPAQUE
 *   `subject_ref` (no person table here, no FK: the person register attaches results to people); read and written
 *   only through the services, which ask `decide()` (test_result.read / test_result.write) and audit each access;
 * - anonymous population surveys (`hair_survey`, `hair_survey_count`): NO person key or link of any kind.
 *
 * Values are never overwritten: a corrected value inserts revision + 1 and sets `superseded_by` on the old row.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** One import of an assessment file (hair results, hair survey, indicator values), with its error report. */
export const assessmentImport = pgTable(
  "assessment_import",
  {
    id: uuid("id").primaryKey(),
    /** 'hair-results' | 'hair-survey' | 'indicator-values' */
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    encoding: text("encoding").notNull(),
    rows: integer("rows").notNull(),
    /** 'imported' | 'unchanged' | 'rejected' */
    status: text("status").notNull(),
    counts: jsonb("counts").notNull(),
    errors: jsonb("errors").notNull(),
    actor: text("actor"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("assessment_import_sha_idx").on(t.sha256)],
);

/** A hair sample (A or B part) as collected (938号 arts. 1–4; domain.md §2.3). */
export const hairSample = pgTable(
  "hair_sample",
  {
    id: uuid("id").primaryKey(),
    /** sample number on the envelope (shared by the A and B parts) */
    sampleNo: text("sample_no").notNull(),
    /** 'A' | 'B' */
    part: text("part").notNull(),
    /** opaque reference of the tested person (from the person register); never a name or ID number */
    subjectRef: text("subject_ref").notNull(),
    /** GB/T 2260 code of the jurisdiction owning the result (access scope) */
    jurisdictionCode: text("jurisdiction_code").notNull(),
    collectedAt: timestamp("collected_at", { withTimezone: true }).notNull(),
    /** e.g. 'posterior-vertex' (头顶后部) */
    headSite: text("head_site").notNull(),
    /** collector staff ids or codes (938号: two collectors) */
    collectors: jsonb("collectors").notNull(),
    lengthCm: doublePrecision("length_cm"),
    massMg: doublePrecision("mass_mg"),
    lab: text("lab").notNull(),
    method: text("method").notNull(),
    /** the sample this one re-tests (B sample at another lab) */
    retestOfSampleId: uuid("retest_of_sample_id"),
    reportedAt: date("reported_at", { mode: "string" }),
    importId: uuid("import_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("hair_sample_no_part_uq").on(t.sampleNo, t.part),
    index("hair_sample_subject_idx").on(t.subjectRef),
    index("hair_sample_jurisdiction_idx").on(t.jurisdictionCode),
  ],
);

/** A segment of a sample, from/to cm from the scalp, with its ESTIMATED period (growth-rate assumption). */
export const hairSegment = pgTable(
  "hair_segment",
  {
    id: uuid("id").primaryKey(),
    hairSampleId: uuid("hair_sample_id")
      .notNull()
      .references(() => hairSample.id),
    fromCm: doublePrecision("from_cm").notNull(),
    toCm: doublePrecision("to_cm").notNull(),
    growthCmPerMonth: doublePrecision("growth_cm_per_month").notNull(),
    estPeriodStart: date("est_period_start", { mode: "string" }).notNull(),
    estPeriodEnd: date("est_period_end", { mode: "string" }).notNull(),
  },
  (t) => [uniqueIndex("hair_segment_uq").on(t.hairSampleId, t.fromCm, t.toCm)],
);

/** One analyte of one segment: reported + canonical ng/mg, limits, the cut-off set applied and the result. */
export const hairResult = pgTable(
  "hair_result",
  {
    id: uuid("id").primaryKey(),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => hairSegment.id),
    analyteCode: text("analyte_code").notNull(),
    valueReported: text("value_reported"),
    unitReported: text("unit_reported"),
    concentrationNgPerMg: doublePrecision("concentration_ng_per_mg"),
    /** detected | below_lod | below_loq | not_analysed */
    detection: text("detection").notNull(),
    lodNgPerMg: doublePrecision("lod_ng_per_mg"),
    loqNgPerMg: doublePrecision("loq_ng_per_mg"),
    cutoffSetId: text("cutoff_set_id").notNull(),
    cutoffNgPerMg: doublePrecision("cutoff_ng_per_mg"),
    /** positive | negative | inconclusive | not-analysed | no-cutoff */
    result: text("result").notNull(),
    revision: integer("revision").notNull().default(1),
    supersededBy: uuid("superseded_by"),
    importId: uuid("import_id").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("hair_result_current_uq").on(t.segmentId, t.analyteCode).where(sql`superseded_by IS NULL`)],
);

/** An anonymous population hair survey of a group in an area and period. NO person key or link. */
export const hairSurvey = pgTable(
  "hair_survey",
  {
    id: uuid("id").primaryKey(),
    surveyCode: text("survey_code").notNull(),
    /** 'occupation' | 'venue' | 'community' | 'other' */
    groupKind: text("group_kind").notNull(),
    /** e.g. 娱乐场所从业人员, 货运司机 */
    groupLabel: text("group_label").notNull(),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    /** `2024`, `2024Q1` or `2024-03` */
    period: text("period").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    nTested: integer("n_tested").notNull(),
    /** persons positive for at least one analyte */
    positivesAny: integer("positives_any").notNull(),
    cutoffSetId: text("cutoff_set_id").notNull(),
    /** true for generated demonstration data */
    simulated: boolean("simulated").notNull().default(false),
    source: text("source").notNull(),
    /** earlier n/positives replaced by a later import: [{nTested, positivesAny, importId}] */
    history: jsonb("history").notNull().default(sql`'[]'::jsonb`),
    importId: uuid("import_id").notNull(),
  },
  (t) => [
    uniqueIndex("hair_survey_code_uq").on(t.surveyCode),
    index("hair_survey_area_period_idx").on(t.jurisdictionCode, t.period),
  ],
);

/** Positives per analyte of a survey (revisions like measurements). */
export const hairSurveyCount = pgTable(
  "hair_survey_count",
  {
    id: uuid("id").primaryKey(),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => hairSurvey.id),
    analyteCode: text("analyte_code").notNull(),
    positives: integer("positives").notNull(),
    revision: integer("revision").notNull().default(1),
    supersededBy: uuid("superseded_by"),
    importId: uuid("import_id").notNull(),
  },
  (t) => [uniqueIndex("hair_survey_count_current_uq").on(t.surveyId, t.analyteCode).where(sql`superseded_by IS NULL`)],
);

/** Indicator definitions (seeded from `@tracewater/core` SEEDED_INDICATORS; editable data). */
export const indicatorDefinition = pgTable("indicator_definition", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  unit: text("unit").notNull(),
  /** 'lower-is-better' | 'higher-is-better' */
  direction: text("direction").notNull(),
  /** 'imported' | 'computed-wastewater' | 'computed-hair' */
  origin: text("origin").notNull(),
  analyteCode: text("analyte_code"),
  /** 'sum' | 'mean' | 'last' */
  aggregation: text("aggregation").notNull(),
  source: text("source").notNull(),
  baselineYear: integer("baseline_year"),
  target: doublePrecision("target"),
  /** the set version that seeded it, e.g. `indicators-2026.1` */
  version: text("version").notNull(),
});

/** An indicator value per jurisdiction and period (imported; computed indicators are never stored here). */
export const indicatorValue = pgTable(
  "indicator_value",
  {
    id: uuid("id").primaryKey(),
    indicatorCode: text("indicator_code")
      .notNull()
      .references(() => indicatorDefinition.code),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    /** `2024`, `2024Q1`, `2024-03` */
    period: text("period").notNull(),
    /** 'year' | 'quarter' | 'month' */
    periodKind: text("period_kind").notNull(),
    value: doublePrecision("value").notNull(),
    simulated: boolean("simulated").notNull().default(false),
    source: text("source").notNull(),
    /** file row the value came from */
    sourceRow: integer("source_row"),
    revision: integer("revision").notNull().default(1),
    supersededBy: uuid("superseded_by"),
    importId: uuid("import_id").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("indicator_value_current_uq")
      .on(t.indicatorCode, t.jurisdictionCode, t.period)
      .where(sql`superseded_by IS NULL`),
    index("indicator_value_period_idx").on(t.periodKind, t.period),
  ],
);
