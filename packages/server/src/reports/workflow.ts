/**
 * Report workflow (issue #5): generate a draft (data snapshot + document), edit the analyst's section, regenerate
 * a draft from the current data, review (draft → reviewed), issue (reviewed → issued). Every change is one
 * transaction with one history row. An issued report is immutable: the service refuses with ConflictError and the
 * database trigger `report_issued_immutable` (migration 0012) refuses any UPDATE/DELETE of an issued row.
 * Files are rendered on demand from the stored document, which never changes after issue.
 */
import type {
  ReportAudience,
  ReportDetail,
  ReportDocument,
  ReportEvent,
  ReportStatus,
  ReportSummary,
} from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { AppContext } from "../services/context.js";
import { ConflictError, NotFoundError } from "../services/errors.js";
import { buildDocument } from "./document.js";
import { generateReport } from "./generate.js";
import { parameterVersionsOf, type ReportSnapshot } from "./snapshot.js";

type Tx = Parameters<Parameters<AppContext["database"]["transaction"]>[0]>[0];

interface ReportRow {
  id: string;
  jurisdiction_code: string;
  jurisdiction_name: string;
  jurisdiction_path: string | null;
  period: string;
  audience: ReportAudience;
  status: ReportStatus;
  title: string;
  analyst_text: string;
  document: ReportDocument | string;
  snapshot: ReportSnapshot | string;
  snapshot_sha256: string;
  parameter_versions: Record<string, string> | string;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  issued_at: Date | string | null;
}

function json<T>(v: T | string): T {
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}

function iso(v: Date | string): string {
  return new Date(v).toISOString();
}

function summaryOf(r: ReportRow): ReportSummary {
  return {
    id: r.id,
    jurisdiction: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
    period: r.period,
    audience: r.audience,
    status: r.status,
    title: r.title,
    snapshotSha256: r.snapshot_sha256,
    parameterVersions: json(r.parameter_versions),
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    issuedAt: r.issued_at === null ? null : iso(r.issued_at),
  };
}

const COLUMNS = `id, jurisdiction_code, jurisdiction_name, jurisdiction_path, period, audience, status, title, analyst_text,
  document, snapshot, snapshot_sha256, parameter_versions, created_by, created_at, updated_at, issued_at`;

async function rowOf(ctx: AppContext | Tx, id: string, lock = false): Promise<ReportRow> {
  const q = "database" in ctx ? ctx.database.raw : ctx;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError(`unknown report: ${id}`, "report");
  const res = await q.query<ReportRow>(`SELECT ${COLUMNS} FROM report WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`unknown report: ${id}`, "report");
  return row;
}

async function addEvent(
  tx: Tx,
  ctx: AppContext,
  e: {
    reportId: string;
    action: ReportEvent["action"];
    from: ReportStatus | null;
    to: ReportStatus;
    actor: string;
    note?: string | null;
  },
): Promise<void> {
  await tx.query(
    "INSERT INTO report_event (id, report_id, action, from_status, to_status, actor, at, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
    [uuidv7(), e.reportId, e.action, e.from, e.to, e.actor, ctx.now(), e.note ?? null],
  );
}

/** The jurisdiction path (null for EUDA scopes) and audience of a stored report, for access checks. @throws NotFoundError */
export async function reportAccessInfo(
  ctx: AppContext,
  id: string,
): Promise<{ jurisdictionPath: string | null; audience: ReportAudience }> {
  const row = await rowOf(ctx, id);
  return { jurisdictionPath: row.jurisdiction_path, audience: row.audience };
}

/** A stored report with its document and history. @throws NotFoundError */
export async function getReport(ctx: AppContext, id: string): Promise<ReportDetail> {
  const row = await rowOf(ctx, id);
  const events = await ctx.database.raw.query<{
    action: ReportEvent["action"];
    from_status: ReportStatus | null;
    to_status: ReportStatus;
    actor: string;
    at: Date | string;
    note: string | null;
  }>("SELECT action, from_status, to_status, actor, at, note FROM report_event WHERE report_id = $1 ORDER BY at, id", [
    id,
  ]);
  return {
    ...summaryOf(row),
    analystText: row.analyst_text,
    document: json(row.document),
    history: events.rows.map((e) => ({
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor,
      at: iso(e.at),
      note: e.note,
    })),
  };
}

/** The archived data snapshot of a report (the numbers used). @throws NotFoundError */
export async function reportSnapshot(
  ctx: AppContext,
  id: string,
): Promise<{ snapshot: ReportSnapshot; sha256: string }> {
  const row = await rowOf(ctx, id);
  return { snapshot: json(row.snapshot), sha256: row.snapshot_sha256 };
}

/**
 * Reports, newest first, optionally filtered; `visible(path, audience)` decides per report (jurisdiction scope
 * of the reader, person access for `person-access` reports; EUDA reports have path null).
 */
export async function listReports(
  ctx: AppContext,
  filter: { jurisdiction?: string; period?: string; status?: ReportStatus } = {},
  visible: (jurisdictionPath: string | null, audience: ReportAudience) => boolean = () => true,
): Promise<ReportSummary[]> {
  const res = await ctx.database.raw.query<ReportRow>(
    `SELECT ${COLUMNS} FROM report
      WHERE ($1::text IS NULL OR jurisdiction_code = $1) AND ($2::text IS NULL OR period = $2) AND ($3::text IS NULL OR status = $3)
      ORDER BY created_at DESC, id DESC LIMIT 500`,
    [filter.jurisdiction ?? null, filter.period ?? null, filter.status ?? null],
  );
  return res.rows.filter((r) => visible(r.jurisdiction_path, r.audience)).map(summaryOf);
}

/**
 * Generates a draft from the current data. @throws InvalidInputError (period), NotFoundError (jurisdiction)
 */
export async function createReport(
  ctx: AppContext,
  request: { jurisdiction: string; period: string; audience: ReportAudience; analystText: string },
  actor: string,
): Promise<ReportDetail> {
  const g = await generateReport(ctx, request);
  const id = uuidv7();
  const now = ctx.now();
  await ctx.database.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO report (id, jurisdiction_code, jurisdiction_name, jurisdiction_path, period, audience, status, title,
         analyst_text, document, snapshot, snapshot_sha256, parameter_versions, created_by, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,'draft',$7,$8,$9,$10,$11,$12,$13,$14,$14)`,
      [
        id,
        g.snapshot.scope.code,
        g.snapshot.scope.name,
        g.snapshot.scope.jurisdictionPath,
        g.snapshot.period.code,
        request.audience,
        g.document.title,
        request.analystText,
        JSON.stringify(g.document),
        JSON.stringify(g.snapshot),
        g.snapshotSha256,
        JSON.stringify(parameterVersionsOf(g.snapshot)),
        actor,
        now,
      ],
    );
    await addEvent(tx, ctx, { reportId: id, action: "generated", from: null, to: "draft", actor });
  });
  return getReport(ctx, id);
}

function requireStatus(row: ReportRow, allowed: readonly ReportStatus[], what: string): void {
  if (row.status === "issued") throw new ConflictError(`report ${row.id} is issued and cannot change (${what})`);
  if (!allowed.includes(row.status))
    throw new ConflictError(`report ${row.id} is ${row.status}: ${what} needs ${allowed.join(" or ")}`);
}

/** Replaces the analyst's section (draft only; the rest of the document is rebuilt from the stored snapshot). */
export async function updateAnalystText(
  ctx: AppContext,
  id: string,
  analystText: string,
  actor: string,
): Promise<ReportDetail> {
  await ctx.database.transaction(async (tx) => {
    const row = await rowOf(tx, id, true);
    requireStatus(row, ["draft"], "editing");
    const document = buildDocument(json(row.snapshot), analystText);
    await tx.query("UPDATE report SET analyst_text = $2, document = $3, updated_at = $4 WHERE id = $1", [
      id,
      analystText,
      JSON.stringify(document),
      ctx.now(),
    ]);
    await addEvent(tx, ctx, { reportId: id, action: "edited", from: "draft", to: "draft", actor });
  });
  return getReport(ctx, id);
}

/** Rebuilds a draft from the current data (new snapshot and hash; the analyst's text is kept). */
export async function regenerateReport(ctx: AppContext, id: string, actor: string): Promise<ReportDetail> {
  const before = await rowOf(ctx, id);
  requireStatus(before, ["draft"], "regenerating");
  const g = await generateReport(ctx, {
    jurisdiction: before.jurisdiction_code,
    period: before.period,
    audience: before.audience,
    analystText: before.analyst_text,
  });
  await ctx.database.transaction(async (tx) => {
    const row = await rowOf(tx, id, true);
    requireStatus(row, ["draft"], "regenerating");
    await tx.query(
      `UPDATE report SET document = $2, snapshot = $3, snapshot_sha256 = $4, parameter_versions = $5, title = $6, updated_at = $7
        WHERE id = $1`,
      [
        id,
        JSON.stringify(buildDocument(g.snapshot, row.analyst_text)),
        JSON.stringify(g.snapshot),
        g.snapshotSha256,
        JSON.stringify(parameterVersionsOf(g.snapshot)),
        g.document.title,
        ctx.now(),
      ],
    );
    await addEvent(tx, ctx, { reportId: id, action: "regenerated", from: "draft", to: "draft", actor });
  });
  return getReport(ctx, id);
}

/**
 * draft → reviewed, or reviewed → issued. @throws NotFoundError, ConflictError (wrong state, already issued)
 */
export async function transitionReport(
  ctx: AppContext,
  id: string,
  to: "reviewed" | "issued",
  actor: string,
  note?: string,
): Promise<ReportDetail> {
  await ctx.database.transaction(async (tx) => {
    const row = await rowOf(tx, id, true);
    const from: ReportStatus = to === "reviewed" ? "draft" : "reviewed";
    requireStatus(row, [from], to === "reviewed" ? "review" : "issue");
    const now = ctx.now();
    if (to === "reviewed")
      await tx.query(
        "UPDATE report SET status = 'reviewed', reviewed_by = $2, reviewed_at = $3, updated_at = $3 WHERE id = $1",
        [id, actor, now],
      );
    else
      await tx.query(
        "UPDATE report SET status = 'issued', issued_by = $2, issued_at = $3, updated_at = $3 WHERE id = $1",
        [id, actor, now],
      );
    await addEvent(tx, ctx, { reportId: id, action: to, from, to, actor, note: note ?? null });
  });
  return getReport(ctx, id);
}
