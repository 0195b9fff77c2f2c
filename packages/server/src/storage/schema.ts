/**
 * Drizzle (pg-core) schema of the monitoring core (DESIGN.md §5). One schema for PGlite and PostgreSQL;
 * migrations in `./migrations` are generated from it by drizzle-kit (`npx drizzle-kit generate`
 * in packages/server) and applied by drizzle's migrator for both drivers (see `open-database.ts`).
 *
 * Ids are UUIDv7 generated in the application (`uuidv7` package). Units are explicit in column names.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
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

/** One import of a file (accepted, unchanged, rejected or validated), with its full error report. */
export const importBatch = pgTable(
  "import_batch",
  {
    id: uuid("id").primaryKey(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    format: text("format").notNull(),
    encoding: text("encoding").notNull(),
    rows: integer("rows").notNull(),
    /** 'imported' | 'unchanged' | 'rejected' | 'validated' */
    status: text("status").notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    /** counts: {sites, samples, measurements: {inserted, unchanged, revised}} */
    counts: jsonb("counts").notNull(),
    /** ImportError[] (file, row, column, value, message) */
    errors: jsonb("errors").notNull(),
    actor: text("actor"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("import_batch_sha256_idx").on(t.sha256), index("import_batch_created_idx").on(t.createdAt)],
);

/** Sampling site (WWTP influent, pumping station, manhole, venue outfall). */
export const site = pgTable(
  "site",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** wwtp_influent | pumping_station | manhole | venue_outfall */
    kind: text("kind").notNull(),
    jurisdictionCode: text("jurisdiction_code"),
    /** WGS-84 degrees */
    lon: doublePrecision("lon"),
    lat: doublePrecision("lat"),
    populationServed: doublePrecision("population_served"),
    downstreamSiteId: uuid("downstream_site_id"),
    /** sewer travel time from this site to its downstream site, hours (> 0; only with a downstream site) */
    travelTimeToDownstreamHours: doublePrecision("travel_time_to_downstream_hours"),
    /** data source, e.g. `euda-2025`, `lab` */
    source: text("source").notNull(),
    country: text("country"),
    city: text("city"),
    importBatchId: uuid("import_batch_id").references(() => importBatch.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("site_code_uq").on(t.code),
    index("site_source_idx").on(t.source),
    check(
      "site_travel_time_check",
      sql`${t.travelTimeToDownstreamHours} IS NULL OR (${t.travelTimeToDownstreamHours} > 0 AND ${t.downstreamSiteId} IS NOT NULL)`,
    ),
  ],
);

/** One composite sample: a site's collection day (local calendar date). */
export const sample = pgTable(
  "sample",
  {
    id: uuid("id").primaryKey(),
    /** the site (no FK constraint: samples are written only by the import transaction, which resolves the site
     * first; per-row FK triggers would dominate bulk imports) */
    siteId: uuid("site_id").notNull(),
    sampleDate: date("sample_date", { mode: "string" }).notNull(),
    /** 'day' | 'nominal-week' (EUDA: the campaign week's weekday, not a known calendar day) */
    datePrecision: text("date_precision").notNull().default("day"),
    mode: text("mode").notNull().default("composite_24h"),
    flowM3PerDay: doublePrecision("flow_m3_per_day"),
    populationServed: doublePrecision("population_served"),
    /** earlier flow/population values replaced by a later import: [{flowM3PerDay, populationServed, importBatchId}] */
    history: jsonb("history").notNull().default(sql`'[]'::jsonb`),
    /** the import batch that created or last changed the sample (no FK constraint, see site_id) */
    importBatchId: uuid("import_batch_id").notNull(),
  },
  (t) => [uniqueIndex("sample_site_date_uq").on(t.siteId, t.sampleDate)],
);

/**
 * A measured value, raw as reported plus canonical (ng/L for concentrations, mg/day/1000 inh for PNL).
 * Never overwritten: a corrected value inserts revision+1 and sets `superseded_by` of the old row.
 * `site_id` and `sample_date` are copied from the sample for the natural key and the read index.
 */
export const measurement = pgTable(
  "measurement",
  {
    id: uuid("id").primaryKey(),
    /** the sample (no FK constraint: written only by the import transaction, which inserts the sample first —
     * per-row FK triggers would dominate the cost of bulk imports) */
    sampleId: uuid("sample_id").notNull(),
    siteId: uuid("site_id").notNull(),
    sampleDate: date("sample_date", { mode: "string" }).notNull(),
    analyteCode: text("analyte_code").notNull(),
    /** 'concentration' | 'pnl' */
    quantity: text("quantity").notNull(),
    valueReported: text("value_reported"),
    unitReported: text("unit_reported"),
    valueCanonical: doublePrecision("value_canonical"),
    /** detected | below_lod | below_loq | not_analysed */
    detection: text("detection").notNull(),
    lodNgPerL: doublePrecision("lod_ng_per_l"),
    loqNgPerL: doublePrecision("loq_ng_per_l"),
    revision: integer("revision").notNull().default(1),
    supersededBy: uuid("superseded_by"),
    /** the import batch (no FK constraint, see sample_id) */
    importBatchId: uuid("import_batch_id").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // key order (site, date, analyte, quantity): comparisons are decided by the date (an integer) before the
    // analyte (text), which makes building and maintaining the index cheaper — 1M rows: 1.27 s → 0.86 s to build
    // (docs/performance.md, "Import") — and a sample's rows are adjacent. Reads of one site × analyte over a date
    // range scan the site's date range across its analytes (≈ 12 index entries per day).
    uniqueIndex("measurement_current_uq")
      .on(t.siteId, t.sampleDate, t.analyteCode, t.quantity)
      .where(sql`superseded_by IS NULL`),
  ],
);

/**
 * Weekly means as published in a file (EUDA all-data: Weekday mean, Weekend mean, Daily mean, mg/day/1000 inh).
 * Kept as reported because EUDA computed them from more days than it published for incomplete weeks; the
 * statistics use them where present. Revisions like measurements (never overwritten).
 */
export const reportedMean = pgTable(
  "reported_mean",
  {
    id: uuid("id").primaryKey(),
    siteId: uuid("site_id")
      .notNull()
      .references(() => site.id),
    analyteCode: text("analyte_code").notNull(),
    year: integer("year").notNull(),
    weekdayMean: doublePrecision("weekday_mean"),
    weekendMean: doublePrecision("weekend_mean"),
    dailyMean: doublePrecision("daily_mean"),
    /** file row the values came from */
    sourceRow: integer("source_row"),
    revision: integer("revision").notNull().default(1),
    supersededBy: uuid("superseded_by"),
    importBatchId: uuid("import_batch_id")
      .notNull()
      .references(() => importBatch.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("reported_mean_current_uq")
      .on(t.siteId, t.analyteCode, t.year)
      .where(sql`superseded_by IS NULL`),
  ],
);

/**
 * Cached per (site, analyte, year) statistics of the current measurements, refreshed inside every import
 * transaction for the touched (site, analyte, year) keys. Means are of the PNL (mg/day/1000 inh) with
 * below-LOQ/LOD values as 0 (the EUDA convention); `profile` = mean per weekday Mon..Sun. Where a current
 * `reported_mean` exists its published means replace the computed ones (`published` = true).
 */
export const siteYearStats = pgTable(
  "site_year_stats",
  {
    siteId: uuid("site_id").notNull(),
    analyteCode: text("analyte_code").notNull(),
    year: integer("year").notNull(),
    days: integer("days").notNull(),
    weekdayMean: doublePrecision("weekday_mean"),
    weekendMean: doublePrecision("weekend_mean"),
    dailyMean: doublePrecision("daily_mean"),
    /** JSON array of 7 numbers|null, Mon..Sun */
    profile: jsonb("profile").notNull(),
    published: boolean("published").notNull().default(false),
  },
  (t) => [
    uniqueIndex("site_year_stats_pk").on(t.siteId, t.analyteCode, t.year),
    index("site_year_stats_analyte_year_idx").on(t.analyteCode, t.year),
  ],
);

/** Analyte catalogue, seeded from `@tracewater/core` ANALYTES. */
export const analyte = pgTable("analyte", {
  code: text("code").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  parentDrug: text("parent_drug"),
  /** the full catalogue entry as JSON (CAS, molar mass, …) */
  details: jsonb("details"),
});

/** Versioned back-calculation parameter set (e.g. `wbe-params-2026.1`), stored once per version. */
export const parameterSet = pgTable(
  "parameter_set",
  {
    id: uuid("id").primaryKey(),
    version: text("version").notNull(),
    sourceFile: text("source_file").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("parameter_set_version_uq").on(t.version)],
);

/** One (drug, residue, excretion-source) row of a parameter set; `is_default` marks the entry used per residue. */
export const parameterEntry = pgTable(
  "parameter_entry",
  {
    id: uuid("id").primaryKey(),
    parameterSetId: uuid("parameter_set_id")
      .notNull()
      .references(() => parameterSet.id),
    drug: text("drug").notNull(),
    analyteCode: text("analyte_code").notNull(),
    isDefault: boolean("is_default").notNull(),
    excretionFraction: doublePrecision("excretion_fraction"),
    correctionFactor: doublePrecision("correction_factor"),
    typicalDoseMg: doublePrecision("typical_dose_mg"),
    /** the entry as built by core's parameterSetFromRows (sources, verification flags, …) */
    details: jsonb("details").notNull(),
  },
  (t) => [index("parameter_entry_set_idx").on(t.parameterSetId, t.analyteCode)],
);

/** Application user (minimal; the full identity model is a later issue). */
export const appUser = pgTable(
  "app_user",
  {
    id: uuid("id").primaryKey(),
    username: text("username").notNull(),
    /** argon2id PHC string (@node-rs/argon2) */
    passwordHash: text("password_hash").notNull(),
    roles: jsonb("roles").notNull(),
    mustChangePassword: boolean("must_change_password").notNull().default(true),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("app_user_username_uq").on(t.username)],
);

/** Server-side session; id = 32 random bytes, base64url. */
export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    clientAddress: text("client_address"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);

// identity, access and audit tables (issue #3)
export * from "./security-schema.js";

// closed-loop care: person register, measures, case files (issue #6)
export * from "./care-schema.js";

// early warning, leads, source tracing (issue #4)
export * from "./warning-schema.js";

// hair testing and the drug-situation assessment (issue #5)
export * from "./assessment-schema.js";
export * from "./report-schema.js";
