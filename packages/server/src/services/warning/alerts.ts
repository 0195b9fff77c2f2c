/**
 * Alerts (预警): listing, detail, lifecycle and suppression windows (issue #4).
 *
 * Lifecycle (ALERT_TRANSITIONS): new → acknowledged → lead | dismissed → closed. A dismissal needs a reason;
 * `lead` needs a lead (`leadId`, or `createLead` with `alertIds`). Every change is ONE transaction that locks the
 * alert row, checks the transition, updates the alert and appends a state change (who, when, why). An illegal
 * transition is rejected with a ConflictError (HTTP 409) naming the current state and the allowed next ones.
 * One OPEN alert (new, acknowledged, lead) per site × analyte × detector: a partial unique index backs the rule.
 */
import type {
  Alert,
  AlertDetail,
  AlertExplanation,
  AlertStatus,
  AlertSuppression,
  AlertSuppressionCreate,
  AlertTransitionRequest,
  StateChange,
  WarningMessageParams,
  WarningReasonCode,
} from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { KNOWN_SOURCES } from "../monitoring/sources.js";
import { may, requireMay, SITE_PATH_SQL, type WarningCaller } from "./access.js";

/** Allowed next states per state. */
export const ALERT_TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  new: ["acknowledged"],
  acknowledged: ["lead", "dismissed"],
  lead: ["closed"],
  dismissed: ["closed"],
  closed: [],
};
/** States in which an alert is open (one per site × analyte × detector). */
export const OPEN_ALERT_STATUSES: readonly AlertStatus[] = ["new", "acknowledged", "lead"];

const LEVEL_ORDER = ["blue", "yellow", "orange", "red"] as const;
export const levelRank = (l: string) => LEVEL_ORDER.indexOf(l as (typeof LEVEL_ORDER)[number]);

/** The SELECT of an alert row with its site and jurisdiction path. */
export const ALERT_SELECT = `SELECT a.id, s.code AS site, s.name AS site_name, s.source, s.jurisdiction_code, ${SITE_PATH_SQL} AS jpath,
    a.analyte_code, a.detector, a.level, a.sample_date, a.last_sample_date, a.score, a.explanation, a.status, a.status_reason,
    a.lead_id, a.created_at, a.updated_at,
    (SELECT count(*)::int FROM alert_evidence e WHERE e.alert_id = a.id) AS evidence_count
  FROM alert a JOIN site s ON s.id = a.site_id LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code`;

export interface AlertRow {
  id: string;
  site: string;
  site_name: string;
  source: string;
  jurisdiction_code: string | null;
  jpath: string | null;
  analyte_code: string;
  detector: Alert["detector"];
  level: Alert["level"];
  sample_date: string;
  last_sample_date: string;
  score: number;
  explanation: AlertExplanation;
  status: AlertStatus;
  status_reason: string | null;
  lead_id: string | null;
  created_at: Date;
  updated_at: Date;
  evidence_count: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    site: r.site,
    siteName: r.site_name,
    source: r.source,
    simulated: KNOWN_SOURCES[r.source]?.simulated ?? r.source.endsWith("-demo"),
    jurisdictionCode: r.jurisdiction_code,
    analyte: r.analyte_code,
    detector: r.detector,
    level: r.level,
    date: r.sample_date,
    lastDate: r.last_sample_date,
    score: r.score,
    explanation: r.explanation,
    evidenceCount: r.evidence_count,
    status: r.status,
    statusReason: r.status_reason,
    leadId: r.lead_id,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export interface AlertFilter {
  status?: readonly AlertStatus[];
  level?: readonly Alert["level"][];
  site?: string;
  analyte?: string;
  detector?: string;
  source?: string;
  /** alerts whose raising date is on or after */
  from?: string;
}

/**
 * Alerts the caller may read (`monitoring.read` on the site's jurisdiction), newest sample date first; cursor = the
 * last id of the previous page (ids are UUIDv7, ordered with the date).
 */
export async function listAlerts(
  ctx: AppContext,
  by: WarningCaller,
  filter: AlertFilter = {},
  page: { cursor?: string; limit?: number } = {},
): Promise<{ items: Alert[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.status?.length) where.push(`a.status = ANY(${p([...filter.status])}::text[])`);
  if (filter.level?.length) where.push(`a.level = ANY(${p([...filter.level])}::text[])`);
  if (filter.site) where.push(`s.code = ${p(filter.site)}`);
  if (filter.analyte) where.push(`a.analyte_code = ${p(filter.analyte)}`);
  if (filter.detector) where.push(`a.detector = ${p(filter.detector)}`);
  if (filter.source) where.push(`s.source = ${p(filter.source)}`);
  if (filter.from) where.push(`a.sample_date >= ${p(filter.from)}`);
  const res = await ctx.database.raw.query<AlertRow>(
    `${ALERT_SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY a.sample_date DESC, a.id DESC`,
    params,
  );
  const visible = res.rows.filter((r) => may(ctx, by, "monitoring.read", r.jpath));
  const limit = page.limit ?? 100;
  let start = 0;
  if (page.cursor) {
    const i = visible.findIndex((r) => r.id === page.cursor);
    start = i < 0 ? visible.length : i + 1;
  }
  const items = visible.slice(start, start + limit);
  const more = start + limit < visible.length;
  return {
    items: items.map(toAlert),
    nextCursor: more && items.length ? (items[items.length - 1] as AlertRow).id : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One alert row (locked FOR UPDATE inside a transaction when `forUpdate`). @throws NotFoundError */
export async function alertRow(sqlc: SqlClient, id: string, forUpdate = false): Promise<AlertRow> {
  if (!UUID.test(id)) throw new NotFoundError(`alert ${id} not found`, "alert");
  const res = await sqlc.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1 ${forUpdate ? "FOR UPDATE OF a" : ""}`, [id]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`alert ${id} not found`, "alert");
  return row;
}

async function detailOf(sqlc: SqlClient, row: AlertRow): Promise<AlertDetail> {
  const ev = await sqlc.query<{
    sample_date: string;
    level: Alert["level"];
    score: number;
    explanation: AlertExplanation;
    added_at: Date;
  }>(
    "SELECT sample_date, level, score, explanation, added_at FROM alert_evidence WHERE alert_id = $1 ORDER BY sample_date",
    [row.id],
  );
  const hist = await sqlc.query<StateChangeRow>(
    "SELECT at, actor, from_status, to_status, reason, reason_code, reason_params FROM alert_state_change WHERE alert_id = $1 ORDER BY at, id",
    [row.id],
  );
  return {
    ...toAlert(row),
    evidence: ev.rows.map((e) => ({
      date: e.sample_date,
      level: e.level,
      score: e.score,
      explanation: e.explanation,
      addedAt: iso(e.added_at),
    })),
    history: hist.rows.map(toStateChange),
  };
}

/** One alert with its evidence and history. @throws NotFoundError (also when out of the caller's scope) */
export async function getAlert(ctx: AppContext, by: WarningCaller, id: string): Promise<AlertDetail> {
  const row = await alertRow(ctx.database.raw, id);
  if (!may(ctx, by, "monitoring.read", row.jpath)) throw new NotFoundError(`alert ${id} not found`, "alert");
  return detailOf(ctx.database.raw, row);
}

/** A reason written by the server: its stored text (zh-CN/English wording kept as before) and its code + params. */
export interface CodedReason {
  text: string;
  code: WarningReasonCode;
  params: WarningMessageParams;
}

/** The text, code and params (JSON text for a jsonb column) of a reason to store. */
export function reasonColumns(reason: string | CodedReason | null): [string | null, string | null, string | null] {
  if (reason === null || typeof reason === "string") return [reason, null, null];
  return [reason.text, reason.code, JSON.stringify(reason.params)];
}

/** A row of `alert_state_change` / `lead_state_change` (the columns {@link toStateChange} reads). */
export interface StateChangeRow {
  at: Date;
  actor: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  reason_code: string | null;
  reason_params: WarningMessageParams | null;
}

/** A row of `alert_state_change` / `lead_state_change` as the API shows it. */
export function toStateChange(h: StateChangeRow): StateChange {
  return {
    at: iso(h.at),
    by: h.actor,
    from: h.from_status,
    to: h.to_status,
    reason: h.reason,
    reasonCode: h.reason_code,
    reasonParams: h.reason_params,
  };
}

/**
 * Checks and applies one transition inside `tx` (the row must be locked by the caller).
 * @throws ConflictError for an illegal transition; InvalidInputError when a dismissal lacks a reason
 */
export async function applyAlertTransition(
  ctx: AppContext,
  tx: SqlClient,
  row: AlertRow,
  to: AlertStatus,
  actor: string,
  reason: string | CodedReason | null,
  leadId?: string | null,
): Promise<void> {
  const allowed = ALERT_TRANSITIONS[row.status];
  if (!allowed.includes(to)) {
    throw new ConflictError(
      `alert ${row.id} is ${row.status}; it cannot become ${to} (allowed next: ${allowed.length ? allowed.join(", ") : "none — closed is final"})`,
    );
  }
  const [text, code, params] = reasonColumns(reason);
  if (to === "dismissed" && !text?.trim()) throw new InvalidInputError(`dismissing alert ${row.id} needs a reason`);
  const now = ctx.now();
  await tx.query(
    "UPDATE alert SET status = $2, status_reason = $3, lead_id = COALESCE($4, lead_id), updated_at = $5 WHERE id = $1",
    [row.id, to, text, leadId ?? null, now],
  );
  await tx.query(
    `INSERT INTO alert_state_change (id, alert_id, from_status, to_status, actor, reason, reason_code, reason_params, at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9)`,
    [uuidv7(), row.id, row.status, to, actor, text, code, params, now],
  );
  row.status = to;
}

/**
 * Moves an alert to its next state (one transaction). `to: "lead"` links an existing lead (`leadId`, which must be
 * open or in progress and in the caller's scope).
 * @throws NotFoundError, PermissionDeniedError (`alert.write`), ConflictError (illegal), InvalidInputError
 */
export async function transitionAlert(
  ctx: AppContext,
  by: WarningCaller,
  id: string,
  req: AlertTransitionRequest,
): Promise<AlertDetail> {
  return ctx.database.transaction(async (tx) => {
    const row = await alertRow(tx, id, true);
    if (!may(ctx, by, "monitoring.read", row.jpath)) throw new NotFoundError(`alert ${id} not found`, "alert");
    requireMay(ctx, by, "alert.write", row.jpath, `alert ${id}`);
    let leadId: string | null = null;
    if (req.to === "lead") {
      if (!req.leadId)
        throw new InvalidInputError(`alert ${id} → lead needs leadId (or create the lead with POST /leads {alertIds})`);
      const lead = await tx.query<{ status: string }>("SELECT status FROM lead WHERE id::text = $1 FOR UPDATE", [
        req.leadId,
      ]);
      const st = lead.rows[0]?.status;
      if (!st) throw new NotFoundError(`lead ${req.leadId} not found`, "lead");
      if (st !== "open" && st !== "in_progress")
        throw new ConflictError(`lead ${req.leadId} is ${st}; alerts can join open or in-progress leads only`);
      leadId = req.leadId;
      await tx.query("INSERT INTO lead_alert (lead_id, alert_id) VALUES ($1,$2) ON CONFLICT DO NOTHING", [leadId, id]);
    }
    await applyAlertTransition(ctx, tx, row, req.to, by.username, req.reason ?? null, leadId);
    return detailOf(tx, await alertRow(tx, id));
  });
}

// ── suppression windows ────────────────────────────────────────────────────────────────────────────────────

interface SuppressionRow {
  id: string;
  site: string;
  analyte_code: string | null;
  detector: AlertSuppression["detector"];
  from_date: string;
  to_date: string;
  reason: string;
  created_by: string;
  created_at: Date;
  jpath: string | null;
}

const SUPPRESSION_SELECT = `SELECT x.id, s.code AS site, x.analyte_code, x.detector, x.from_date, x.to_date, x.reason, x.created_by, x.created_at,
    ${SITE_PATH_SQL} AS jpath
  FROM alert_suppression x JOIN site s ON s.id = x.site_id LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code`;

const toSuppression = (r: SuppressionRow): AlertSuppression => ({
  id: r.id,
  site: r.site,
  analyte: r.analyte_code,
  detector: r.detector,
  from: r.from_date,
  to: r.to_date,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: iso(r.created_at),
});

/** Active (not revoked) suppression windows the caller may read. */
export async function listSuppressions(ctx: AppContext, by: WarningCaller): Promise<AlertSuppression[]> {
  const res = await ctx.database.raw.query<SuppressionRow>(
    `${SUPPRESSION_SELECT} WHERE x.revoked_at IS NULL ORDER BY x.from_date DESC, x.id`,
  );
  return res.rows.filter((r) => may(ctx, by, "monitoring.read", r.jpath)).map(toSuppression);
}

/**
 * Adds a suppression window: graded points of the site (and analyte/detector when given) dated in [from, to] raise
 * no alert and add no evidence (e.g. known maintenance, a festival, a lab change).
 * @throws InvalidInputError (unknown site, from > to), PermissionDeniedError (`alert.write`)
 */
export async function createSuppression(
  ctx: AppContext,
  by: WarningCaller,
  input: AlertSuppressionCreate,
): Promise<AlertSuppression> {
  if (input.from > input.to) throw new InvalidInputError(`suppression from ${input.from} is after to ${input.to}`);
  return ctx.database.transaction(async (tx) => {
    const site = await tx.query<{ id: string; jpath: string | null }>(
      `SELECT s.id, ${SITE_PATH_SQL} AS jpath FROM site s LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code WHERE s.code = $1`,
      [input.site],
    );
    const s = site.rows[0];
    if (!s) throw new InvalidInputError(`unknown site "${input.site}"`);
    requireMay(ctx, by, "alert.write", s.jpath, `site ${input.site}`);
    const id = uuidv7();
    await tx.query(
      `INSERT INTO alert_suppression (id, site_id, analyte_code, detector, from_date, to_date, reason, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        id,
        s.id,
        input.analyte ?? null,
        input.detector ?? null,
        input.from,
        input.to,
        input.reason,
        by.username,
        ctx.now(),
      ],
    );
    const row = await tx.query<SuppressionRow>(`${SUPPRESSION_SELECT} WHERE x.id = $1`, [id]);
    return toSuppression(row.rows[0] as SuppressionRow);
  });
}

/** Revokes a suppression window. @throws NotFoundError, PermissionDeniedError */
export async function revokeSuppression(ctx: AppContext, by: WarningCaller, id: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    if (!UUID.test(id)) throw new NotFoundError(`suppression ${id} not found`, "suppression");
    const row = await tx.query<SuppressionRow>(`${SUPPRESSION_SELECT} WHERE x.id = $1 AND x.revoked_at IS NULL`, [id]);
    const r = row.rows[0];
    if (!r || !may(ctx, by, "monitoring.read", r.jpath))
      throw new NotFoundError(`suppression ${id} not found`, "suppression");
    requireMay(ctx, by, "alert.write", r.jpath, `suppression ${id}`);
    await tx.query("UPDATE alert_suppression SET revoked_at = $2, revoked_by = $3 WHERE id = $1", [
      id,
      ctx.now(),
      by.username,
    ]);
  });
}
