/**
 * Stored assessment reports (issue #5): the document, the data snapshot it was built from (JSON + SHA-256), the
 * parameter versions, and the workflow draft → reviewed → issued with its history. An issued row can be neither
 * changed nor deleted (trigger `report_issued_immutable`, migration 0012_report_issued_immutable; the service
 * checks first and gives a clear error).
 */
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const report = pgTable(
  "report",
  {
    id: uuid("id").primaryKey(),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    jurisdictionName: text("jurisdiction_name").notNull(),
    /** path in the jurisdiction tree (`140400/140403`), null for EUDA scopes */
    jurisdictionPath: text("jurisdiction_path"),
    /** `2024`, `2024Q1` or `2024-03` */
    period: text("period").notNull(),
    /** 'person-access' | 'internal' | 'public' */
    audience: text("audience").notNull(),
    /** 'draft' | 'reviewed' | 'issued' */
    status: text("status").notNull(),
    title: text("title").notNull(),
    analystText: text("analyst_text").notNull(),
    /** the document model (contract `ReportDocument`) */
    document: jsonb("document").notNull(),
    /** every number used (reports/snapshot.ts `ReportSnapshot`) */
    snapshot: jsonb("snapshot").notNull(),
    snapshotSha256: text("snapshot_sha256").notNull(),
    /** `{template, wbeParameterSet, …}` */
    parameterVersions: jsonb("parameter_versions").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    issuedBy: text("issued_by"),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
  },
  (t) => [
    index("report_jurisdiction_period_idx").on(t.jurisdictionCode, t.period),
    index("report_status_idx").on(t.status),
  ],
);

/** Workflow history of a report (one row per generation, edit and transition). */
export const reportEvent = pgTable(
  "report_event",
  {
    id: uuid("id").primaryKey(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => report.id),
    /** 'generated' | 'edited' | 'regenerated' | 'reviewed' | 'issued' */
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actor: text("actor").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    note: text("note"),
  },
  (t) => [index("report_event_report_idx").on(t.reportId, t.at)],
);
