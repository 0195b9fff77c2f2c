/**
 * Leads (线索): created from one or more alerts or by hand, assigned to an org unit (a jurisdiction) with a deadline;
 * lifecycle open → in_progress → reported → closed (LEAD_TRANSITIONS); feedback (findings + outcome) reports a
 * lead; attachments are stored content-addressed with their SHA-256. Every change is ONE transaction with its state
 * change row (who, when, why) and its notifications. Access: `lead.read` / `lead.write` on the jurisdiction of the
 * assigned unit — or of the assigning unit (the office that assigned a lead keeps sight of it).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type {
  Lead,
  LeadAttachment,
  LeadCreate,
  LeadDetail,
  LeadFeedbackInput,
  LeadStatus,
  LeadTransitionRequest,
  LeadUpdate,
  SupervisionOrder,
  WarningMessageParams,
  WarningSupervisionReasonCode,
} from "@tracewater/contract";
import { LeadCreate as LeadCreateSchema } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { may, requireMay, type WarningCaller } from "./access.js";
import { alertRow, applyAlertTransition, type CodedReason, levelRank, reasonColumns, type StateChangeRow, toStateChange } from "./alerts.js";
import { notify } from "./inbox.js";

/** Allowed next states per state. `reported` is reached by feedback (findings + outcome are required). */
export const LEAD_TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  open: ["in_progress"],
  in_progress: ["reported"],
  reported: ["closed"],
  closed: [],
};

/** Largest attachment accepted, bytes. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * Today's date in China Standard Time (UTC+8, no daylight saving) — deadlines are local calendar dates.
 */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const LEAD_SELECT = `SELECT l.*, s.code AS site, ju.name_zh AS org_unit_name, ju.path AS org_path, ja.path AS assigning_path,
    COALESCE((SELECT array_agg(la.alert_id::text ORDER BY la.alert_id) FROM lead_alert la WHERE la.lead_id = l.id), '{}') AS alert_ids,
    (SELECT array_agg(DISTINCT a.level) FROM lead_alert la JOIN alert a ON a.id = la.alert_id WHERE la.lead_id = l.id) AS levels
  FROM lead l LEFT JOIN site s ON s.id = l.site_id LEFT JOIN jurisdiction ju ON ju.code = l.org_unit
  LEFT JOIN jurisdiction ja ON ja.code = l.assigning_unit`;

interface LeadRow {
  id: string;
  title: string;
  description: string;
  status: LeadStatus;
  org_unit: string;
  assigning_unit: string | null;
  assigned_by: string;
  deadline: string;
  site: string | null;
  analyte_code: string | null;
  findings: string | null;
  outcome: string | null;
  feedback_by: string | null;
  feedback_at: Date | null;
  created_at: Date;
  updated_at: Date;
  org_unit_name: string | null;
  org_path: string | null;
  assigning_path: string | null;
  alert_ids: string[];
  levels: string[] | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const pathOr = (p: string | null, code: string | null) => (code === null ? null : (p ?? `unknown:${code}`));

function toLead(r: LeadRow, today: string): Lead {
  const levels = (r.levels ?? []).filter(Boolean);
  const level = levels.length
    ? (levels.reduce((a, b) => (levelRank(b) > levelRank(a) ? b : a)) as Lead["level"])
    : null;
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    status: r.status,
    orgUnit: r.org_unit,
    orgUnitName: r.org_unit_name,
    assignedBy: r.assigned_by,
    assigningUnit: r.assigning_unit,
    deadline: r.deadline,
    overdue: (r.status === "open" || r.status === "in_progress") && r.deadline < today,
    site: r.site,
    analyte: r.analyte_code,
    alertIds: r.alert_ids,
    level,
    feedback:
      r.findings !== null && r.outcome !== null
        ? {
            findings: r.findings,
            outcome: r.outcome as NonNullable<Lead["feedback"]>["outcome"],
            submittedBy: r.feedback_by ?? "",
            submittedAt: iso(r.feedback_at ?? r.updated_at),
          }
        : null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** May the caller do `action` on the lead (via the assigned or the assigning unit)? */
function mayOnLead(ctx: AppContext, by: WarningCaller, action: "lead.read" | "lead.write", r: LeadRow): boolean {
  return (
    may(ctx, by, action, pathOr(r.org_path, r.org_unit)) ||
    (r.assigning_unit !== null && may(ctx, by, action, pathOr(r.assigning_path, r.assigning_unit)))
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function leadRow(sqlc: SqlClient, id: string, forUpdate = false): Promise<LeadRow> {
  if (!UUID.test(id)) throw new NotFoundError(`lead ${id} not found`, "lead");
  if (forUpdate) await sqlc.query("SELECT id FROM lead WHERE id = $1 FOR UPDATE", [id]);
  const res = await sqlc.query<LeadRow>(`${LEAD_SELECT} WHERE l.id = $1`, [id]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`lead ${id} not found`, "lead");
  return row;
}

/** A lead the caller may read (else NotFoundError — existence is not disclosed) and, for writes, write. */
async function visibleLead(
  ctx: AppContext,
  sqlc: SqlClient,
  by: WarningCaller,
  id: string,
  write: boolean,
  forUpdate = false,
): Promise<LeadRow> {
  const row = await leadRow(sqlc, id, forUpdate);
  if (!mayOnLead(ctx, by, "lead.read", row)) throw new NotFoundError(`lead ${id} not found`, "lead");
  if (write && !mayOnLead(ctx, by, "lead.write", row))
    requireMay(ctx, by, "lead.write", pathOr(row.org_path, row.org_unit), `lead ${id}`);
  return row;
}

async function recordChange(
  tx: SqlClient,
  leadId: string,
  from: LeadStatus | null,
  to: LeadStatus,
  actor: string,
  reason: string | CodedReason | null,
  at: Date,
) {
  const [text, code, params] = reasonColumns(reason);
  await tx.query(
    `INSERT INTO lead_state_change (id, lead_id, from_status, to_status, actor, reason, reason_code, reason_params, at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9)`,
    [uuidv7(), leadId, from, to, actor, text, code, params, at],
  );
}

/** Orders of a lead (newest first). */
async function ordersOf(sqlc: SqlClient, leadIds: readonly string[]): Promise<SupervisionOrder[]> {
  if (leadIds.length === 0) return [];
  const res = await sqlc.query<{
    id: string;
    lead_id: string;
    title: string;
    org_unit: string;
    supervisor_unit: string | null;
    reason: string;
    reason_code: string | null;
    reason_params: WarningMessageParams | null;
    deadline: string;
    issued_at: Date;
    status: "open" | "resolved";
    resolved_at: Date | null;
  }>(
    `SELECT o.*, l.title FROM supervision_order o JOIN lead l ON l.id = o.lead_id WHERE o.lead_id = ANY($1::uuid[]) ORDER BY o.issued_at DESC, o.id`,
    [[...leadIds]],
  );
  return res.rows.map((o) => ({
    id: o.id,
    leadId: o.lead_id,
    leadTitle: o.title,
    orgUnit: o.org_unit,
    supervisorUnit: o.supervisor_unit,
    reason: o.reason,
    reasonCode: o.reason_code,
    reasonParams: o.reason_params,
    deadline: o.deadline,
    issuedAt: iso(o.issued_at),
    status: o.status,
    resolvedAt: o.resolved_at ? iso(o.resolved_at) : null,
  }));
}

async function detailOf(ctx: AppContext, sqlc: SqlClient, row: LeadRow): Promise<LeadDetail> {
  const hist = await sqlc.query<StateChangeRow>(
    "SELECT at, actor, from_status, to_status, reason, reason_code, reason_params FROM lead_state_change WHERE lead_id = $1 ORDER BY at, id",
    [row.id],
  );
  const att = await sqlc.query<AttachmentRow>(
    "SELECT * FROM lead_attachment WHERE lead_id = $1 ORDER BY uploaded_at, id",
    [row.id],
  );
  return {
    ...toLead(row, chinaDate(ctx.now())),
    history: hist.rows.map(toStateChange),
    attachments: att.rows.map(toAttachment),
    supervisionOrders: await ordersOf(sqlc, [row.id]),
  };
}

/** The caller's own unit: the last code of their jurisdiction path (null for the local operator). */
function unitOf(by: WarningCaller): string | null {
  const p = by.actor?.jurisdictionPath;
  return p ? (p.split("/").at(-1) ?? null) : null;
}

/**
 * Creates a lead. With `alertIds`, each alert must be readable by the caller and `new` or `acknowledged`; it moves
 * to `lead` (a `new` alert is acknowledged first — both changes recorded). The assigned unit's staff are notified.
 * @throws InvalidInputError (unknown org unit, site, bad deadline), PermissionDeniedError (`lead.write` on the
 *   unit), NotFoundError (alert), ConflictError (alert not new/acknowledged)
 */
export async function createLead(ctx: AppContext, by: WarningCaller, input: LeadCreate): Promise<LeadDetail> {
  const data = LeadCreateSchema.parse(input);
  return ctx.database.transaction(async (tx) => {
    const unit = await tx.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [data.orgUnit]);
    const orgPath = unit.rows[0]?.path;
    if (!orgPath) throw new InvalidInputError(`unknown org unit "${data.orgUnit}" (a jurisdiction code)`);
    requireMay(ctx, by, "lead.write", orgPath, `org unit ${data.orgUnit}`);
    const now = ctx.now();
    const alerts = [];
    for (const aid of data.alertIds) {
      const a = await alertRow(tx, aid, true);
      if (!may(ctx, by, "monitoring.read", a.jpath)) throw new NotFoundError(`alert ${aid} not found`, "alert");
      if (a.status !== "new" && a.status !== "acknowledged")
        throw new ConflictError(`alert ${aid} is ${a.status}; only new or acknowledged alerts can become a lead`);
      alerts.push(a);
    }
    let siteId: string | null = null;
    const siteCode = data.site ?? alerts[0]?.site ?? null;
    if (siteCode) {
      const s = await tx.query<{ id: string }>("SELECT id FROM site WHERE code = $1", [siteCode]);
      siteId = s.rows[0]?.id ?? null;
      if (!siteId) throw new InvalidInputError(`unknown site "${siteCode}"`);
    }
    const id = uuidv7();
    await tx.query(
      `INSERT INTO lead (id, title, description, status, org_unit, assigning_unit, assigned_by, deadline, site_id, analyte_code, created_at, updated_at)
       VALUES ($1,$2,$3,'open',$4,$5,$6,$7,$8,$9,$10,$10)`,
      [
        id,
        data.title,
        data.description,
        data.orgUnit,
        unitOf(by),
        by.username,
        data.deadline,
        siteId,
        data.analyte ?? alerts[0]?.analyte_code ?? null,
        now,
      ],
    );
    await recordChange(
      tx,
      id,
      null,
      "open",
      by.username,
      {
        text: `assigned to ${data.orgUnit}, deadline ${data.deadline}`,
        code: "lead-created",
        params: { orgUnit: data.orgUnit, deadline: data.deadline },
      },
      now,
    );
    for (const a of alerts) {
      await tx.query("INSERT INTO lead_alert (lead_id, alert_id) VALUES ($1,$2)", [id, a.id]);
      const reason: CodedReason = { text: `lead ${id}`, code: "alert-lead", params: { leadId: id } };
      if (a.status === "new") await applyAlertTransition(ctx, tx, a, "acknowledged", by.username, reason);
      await applyAlertTransition(ctx, tx, a, "lead", by.username, reason, id);
    }
    await notify(
      ctx,
      tx,
      { action: "lead.read", jurisdictionPath: orgPath },
      {
        kind: "lead_assigned",
        title: `新线索: ${data.title}`,
        body: `assigned to ${data.orgUnit} by ${by.username}, deadline ${data.deadline}`,
        code: "lead-assigned",
        params: { title: data.title, orgUnit: data.orgUnit, by: by.username, deadline: data.deadline },
        subject: { type: "lead", id },
      },
    );
    return detailOf(ctx, tx, await leadRow(tx, id));
  });
}

export interface LeadFilter {
  status?: readonly LeadStatus[];
  orgUnit?: string;
  overdue?: boolean;
}

/** Leads the caller may read, by deadline. */
export async function listLeads(
  ctx: AppContext,
  by: WarningCaller,
  filter: LeadFilter = {},
  page: { cursor?: string; limit?: number } = {},
): Promise<{ items: Lead[]; nextCursor: string | null }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.status?.length) {
    params.push([...filter.status]);
    where.push(`l.status = ANY($${params.length}::text[])`);
  }
  if (filter.orgUnit) {
    params.push(filter.orgUnit);
    where.push(`l.org_unit = $${params.length}`);
  }
  const res = await ctx.database.raw.query<LeadRow>(
    `${LEAD_SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY l.deadline, l.id`,
    params,
  );
  const today = chinaDate(ctx.now());
  let leads = res.rows.filter((r) => mayOnLead(ctx, by, "lead.read", r)).map((r) => toLead(r, today));
  if (filter.overdue !== undefined) leads = leads.filter((l) => l.overdue === filter.overdue);
  const limit = page.limit ?? 100;
  let start = 0;
  if (page.cursor) {
    const i = leads.findIndex((l) => l.id === page.cursor);
    start = i < 0 ? leads.length : i + 1;
  }
  const items = leads.slice(start, start + limit);
  return { items, nextCursor: start + limit < leads.length && items.length ? (items.at(-1) as Lead).id : null };
}

/** One lead with history, attachments and supervision orders. @throws NotFoundError */
export async function getLead(ctx: AppContext, by: WarningCaller, id: string): Promise<LeadDetail> {
  return detailOf(ctx, ctx.database.raw, await visibleLead(ctx, ctx.database.raw, by, id, false));
}

/**
 * Edits an open or in-progress lead (title, description, reassignment, deadline). A reassignment or a new deadline
 * is recorded as a state change (same state, with the reason) and the new unit is notified.
 * @throws NotFoundError, PermissionDeniedError, ConflictError (reported/closed), InvalidInputError
 */
export async function updateLead(
  ctx: AppContext,
  by: WarningCaller,
  id: string,
  input: LeadUpdate,
): Promise<LeadDetail> {
  return ctx.database.transaction(async (tx) => {
    const row = await visibleLead(ctx, tx, by, id, true, true);
    if (row.status !== "open" && row.status !== "in_progress")
      throw new ConflictError(`lead ${id} is ${row.status}; only open or in-progress leads can be edited`);
    const now = ctx.now();
    const notes: string[] = [];
    let newPath: string | null = null;
    if (input.orgUnit && input.orgUnit !== row.org_unit) {
      const unit = await tx.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [input.orgUnit]);
      newPath = unit.rows[0]?.path ?? null;
      if (!newPath) throw new InvalidInputError(`unknown org unit "${input.orgUnit}" (a jurisdiction code)`);
      requireMay(ctx, by, "lead.write", newPath, `org unit ${input.orgUnit}`);
      notes.push(`reassigned ${row.org_unit} → ${input.orgUnit}`);
    }
    if (input.deadline && input.deadline !== row.deadline) notes.push(`deadline ${row.deadline} → ${input.deadline}`);
    await tx.query(
      `UPDATE lead SET title = COALESCE($2, title), description = COALESCE($3, description), org_unit = COALESCE($4, org_unit),
              deadline = COALESCE($5, deadline), updated_at = $6 WHERE id = $1`,
      [id, input.title ?? null, input.description ?? null, input.orgUnit ?? null, input.deadline ?? null, now],
    );
    const reassigned = input.orgUnit && input.orgUnit !== row.org_unit ? input.orgUnit : null;
    const redated = input.deadline && input.deadline !== row.deadline ? input.deadline : null;
    const editReason: CodedReason | null =
      reassigned && redated
        ? {
            text: notes.join("; "),
            code: "lead-reassigned-deadline-changed",
            params: { from: row.org_unit, to: reassigned, deadlineFrom: row.deadline, deadlineTo: redated },
          }
        : reassigned
          ? { text: notes.join("; "), code: "lead-reassigned", params: { from: row.org_unit, to: reassigned } }
          : redated
            ? {
                text: notes.join("; "),
                code: "lead-deadline-changed",
                params: { deadlineFrom: row.deadline, deadlineTo: redated },
              }
            : null;
    if (editReason) await recordChange(tx, id, row.status, row.status, by.username, editReason, now);
    if (newPath)
      await notify(
        ctx,
        tx,
        { action: "lead.read", jurisdictionPath: newPath },
        {
          kind: "lead_assigned",
          title: `线索转办: ${input.title ?? row.title}`,
          body: notes.join("; "),
          code: "lead-reassigned",
          params: {
            title: input.title ?? row.title,
            from: row.org_unit,
            to: input.orgUnit ?? row.org_unit,
            deadline: input.deadline ?? row.deadline,
          },
          subject: { type: "lead", id },
        },
      );
    return detailOf(ctx, tx, await leadRow(tx, id));
  });
}

/**
 * Moves a lead to its next state (one transaction). `reported` needs feedback (use {@link submitLeadFeedback});
 * closing a lead closes its alerts (state `lead` → `closed`) and resolves open supervision orders.
 * @throws NotFoundError, PermissionDeniedError, ConflictError (illegal transition), InvalidInputError
 */
export async function transitionLead(
  ctx: AppContext,
  by: WarningCaller,
  id: string,
  req: LeadTransitionRequest,
): Promise<LeadDetail> {
  return ctx.database.transaction(async (tx) => {
    const row = await visibleLead(ctx, tx, by, id, true, true);
    await applyLeadTransition(ctx, tx, row, req.to, by.username, req.reason ?? null);
    return detailOf(ctx, tx, await leadRow(tx, id));
  });
}

async function applyLeadTransition(
  ctx: AppContext,
  tx: SqlClient,
  row: LeadRow,
  to: LeadStatus,
  actor: string,
  reason: string | CodedReason | null,
): Promise<void> {
  const allowed = LEAD_TRANSITIONS[row.status];
  if (!allowed.includes(to))
    throw new ConflictError(
      `lead ${row.id} is ${row.status}; it cannot become ${to} (allowed next: ${allowed.length ? allowed.join(", ") : "none — closed is final"})`,
    );
  if (to === "reported" && (row.findings === null || row.outcome === null))
    throw new InvalidInputError(
      `lead ${row.id} cannot be reported without feedback (findings and outcome): POST /leads/${row.id}/feedback`,
    );
  const now = ctx.now();
  await tx.query("UPDATE lead SET status = $2, updated_at = $3 WHERE id = $1", [row.id, to, now]);
  await recordChange(tx, row.id, row.status, to, actor, reason, now);
  if (to === "reported" || to === "closed")
    await tx.query(
      "UPDATE supervision_order SET status = 'resolved', resolved_at = $2 WHERE lead_id = $1 AND status = 'open'",
      [row.id, now],
    );
  if (to === "closed") {
    const linked = await tx.query<{ alert_id: string }>(
      "SELECT la.alert_id FROM lead_alert la JOIN alert a ON a.id = la.alert_id WHERE la.lead_id = $1 AND a.status = 'lead'",
      [row.id],
    );
    for (const l of linked.rows)
      await applyAlertTransition(ctx, tx, await alertRow(tx, l.alert_id, true), "closed", actor, {
        text: `lead ${row.id} closed`,
        code: "alert-lead-closed",
        params: { leadId: row.id },
      });
  }
  row.status = to;
}

/**
 * Records the feedback (findings + outcome) of an open or in-progress lead and reports it (an open lead passes
 * through in_progress; both changes recorded). The assigning unit is notified.
 * @throws NotFoundError, PermissionDeniedError, ConflictError (already reported/closed)
 */
export async function submitLeadFeedback(
  ctx: AppContext,
  by: WarningCaller,
  id: string,
  input: LeadFeedbackInput,
): Promise<LeadDetail> {
  return ctx.database.transaction(async (tx) => {
    const row = await visibleLead(ctx, tx, by, id, true, true);
    if (row.status !== "open" && row.status !== "in_progress")
      throw new ConflictError(`lead ${id} is ${row.status}; feedback goes to open or in-progress leads`);
    const now = ctx.now();
    await tx.query(
      "UPDATE lead SET findings = $2, outcome = $3, feedback_by = $4, feedback_at = $5, updated_at = $5 WHERE id = $1",
      [id, input.findings, input.outcome, by.username, now],
    );
    row.findings = input.findings;
    row.outcome = input.outcome;
    if (row.status === "open")
      await applyLeadTransition(ctx, tx, row, "in_progress", by.username, {
        text: "feedback submitted",
        code: "lead-feedback-submitted",
        params: {},
      });
    await applyLeadTransition(ctx, tx, row, "reported", by.username, {
      text: `outcome: ${input.outcome}`,
      code: "lead-outcome",
      params: { outcome: input.outcome },
    });
    const notifyPath = pathOr(row.assigning_path, row.assigning_unit) ?? pathOr(row.org_path, row.org_unit);
    await notify(
      ctx,
      tx,
      { action: "lead.read", jurisdictionPath: notifyPath },
      {
        kind: "lead_reported",
        title: `线索已反馈: ${row.title}`,
        body: `${input.outcome}: ${input.findings.slice(0, 200)}`,
        code: "lead-reported",
        params: { title: row.title, outcome: input.outcome, findings: input.findings.slice(0, 200) },
        subject: { type: "lead", id },
      },
    );
    return detailOf(ctx, tx, await leadRow(tx, id));
  });
}

// ── attachments ────────────────────────────────────────────────────────────────────────────────────────────

interface AttachmentRow {
  id: string;
  lead_id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

const toAttachment = (r: AttachmentRow): LeadAttachment => ({
  id: r.id,
  leadId: r.lead_id,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: iso(r.uploaded_at),
});

/** Directory of attachment bytes (content-addressed by SHA-256). */
export const attachmentDir = (ctx: AppContext) => path.join(ctx.dataDir, "attachments");

/**
 * Attaches a file to a lead (not closed). Bytes go to `<dataDir>/attachments/<sha256>` (written once, atomically by
 * rename); the row records name, media type, size and hash.
 * @throws NotFoundError, PermissionDeniedError, ConflictError (closed lead), InvalidInputError (empty, too large, bad name)
 */
export async function addLeadAttachment(
  ctx: AppContext,
  by: WarningCaller,
  leadId: string,
  file: { fileName: string; mediaType: string; bytes: Uint8Array },
): Promise<LeadAttachment> {
  const name = path.basename(file.fileName.replaceAll("\\", "/")).trim();
  if (!name) throw new InvalidInputError("attachment needs a file name");
  if (file.bytes.byteLength === 0) throw new InvalidInputError(`attachment ${name} is empty`);
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES)
    throw new InvalidInputError(`attachment ${name} is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const dir = attachmentDir(ctx);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, sha256);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const tmp = `${target}.${uuidv7()}.tmp`;
    await writeFile(tmp, file.bytes);
    await rename(tmp, target);
  }
  return ctx.database.transaction(async (tx) => {
    const row = await visibleLead(ctx, tx, by, leadId, true, true);
    if (row.status === "closed") throw new ConflictError(`lead ${leadId} is closed; no more attachments`);
    const id = uuidv7();
    await tx.query(
      `INSERT INTO lead_attachment (id, lead_id, file_name, media_type, size_bytes, sha256, uploaded_by, uploaded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        id,
        leadId,
        name,
        file.mediaType || "application/octet-stream",
        file.bytes.byteLength,
        sha256,
        by.username,
        ctx.now(),
      ],
    );
    const r = await tx.query<AttachmentRow>("SELECT * FROM lead_attachment WHERE id = $1", [id]);
    return toAttachment(r.rows[0] as AttachmentRow);
  });
}

/**
 * The bytes of an attachment, checked against the stored SHA-256.
 * @throws NotFoundError; Error when the stored file no longer matches its hash
 */
export async function readLeadAttachment(
  ctx: AppContext,
  by: WarningCaller,
  leadId: string,
  attachmentId: string,
): Promise<{ attachment: LeadAttachment; bytes: Buffer }> {
  await visibleLead(ctx, ctx.database.raw, by, leadId, false);
  if (!UUID.test(attachmentId)) throw new NotFoundError(`attachment ${attachmentId} not found`, "attachment");
  const r = await ctx.database.raw.query<AttachmentRow>(
    "SELECT * FROM lead_attachment WHERE id = $1 AND lead_id = $2",
    [attachmentId, leadId],
  );
  const row = r.rows[0];
  if (!row) throw new NotFoundError(`attachment ${attachmentId} not found`, "attachment");
  const bytes = await readFile(path.join(attachmentDir(ctx), row.sha256));
  if (createHash("sha256").update(bytes).digest("hex") !== row.sha256)
    throw new Error(`attachment ${attachmentId}: stored file does not match its SHA-256`);
  return { attachment: toAttachment(row), bytes };
}

// ── supervision orders (督办) ──────────────────────────────────────────────────────────────────────────────

/** Supervision orders the caller may read (through their lead), newest first. */
export async function listSupervisionOrders(
  ctx: AppContext,
  by: WarningCaller,
  filter: { status?: "open" | "resolved" } = {},
): Promise<SupervisionOrder[]> {
  const res = await ctx.database.raw.query<LeadRow>(
    `${LEAD_SELECT} WHERE EXISTS (SELECT 1 FROM supervision_order o WHERE o.lead_id = l.id)`,
  );
  const ids = res.rows.filter((r) => mayOnLead(ctx, by, "lead.read", r)).map((r) => r.id);
  const orders = await ordersOf(ctx.database.raw, ids);
  return filter.status ? orders.filter((o) => o.status === filter.status) : orders;
}

/**
 * Raises a supervision order (督办) for every lead past its deadline (China Standard Time) that is still open or in
 * progress and has no open order, addressed to the assigning unit's supervisor (the parent of the assigning unit in
 * the jurisdiction tree; the unit itself at the top; the assigned unit's parent when the lead was created by the
 * local operator). The order's reason is stored as an English sentence plus code `lead-overdue` with params
 * {title, orgUnit, deadline, status} (contract WARNING_SUPERVISION_REASON_PARAMS). Notifies the supervising unit
 * (`supervision_order`) and the assigned unit (`lead_overdue`). One transaction. Idempotent (the partial unique index allows one open order per lead).
 */
export async function raiseSupervisionOrders(ctx: AppContext): Promise<SupervisionOrder[]> {
  const now = ctx.now();
  const today = chinaDate(now);
  return ctx.database.transaction(async (tx) => {
    const due = await tx.query<LeadRow>(
      `${LEAD_SELECT} WHERE l.status IN ('open', 'in_progress') AND l.deadline < $1
         AND NOT EXISTS (SELECT 1 FROM supervision_order o WHERE o.lead_id = l.id AND o.status = 'open') ORDER BY l.deadline, l.id`,
      [today],
    );
    const created: string[] = [];
    for (const l of due.rows) {
      const base = l.assigning_unit ?? l.org_unit;
      const parent = await tx.query<{ parent_code: string | null }>(
        "SELECT parent_code FROM jurisdiction WHERE code = $1",
        [base],
      );
      const supervisor = parent.rows[0]?.parent_code ?? base;
      const id = uuidv7();
      const reason = `lead "${l.title}" assigned to ${l.org_unit} is overdue (deadline ${l.deadline}, status ${l.status})`;
      // the params of the order's reason (`lead-overdue`) and of both notifications
      const overdue = { title: l.title, orgUnit: l.org_unit, deadline: l.deadline, status: l.status };
      const reasonCode: WarningSupervisionReasonCode = "lead-overdue";
      await tx.query(
        `INSERT INTO supervision_order
           (id, lead_id, org_unit, supervisor_unit, reason, reason_code, reason_params, deadline, issued_at, status)
         VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8,$9,'open')`,
        [id, l.id, l.org_unit, supervisor, reason, reasonCode, JSON.stringify(overdue), l.deadline, now],
      );
      const supPath = await tx.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [supervisor]);
      await notify(
        ctx,
        tx,
        { action: "lead.read", jurisdictionPath: supPath.rows[0]?.path ?? `unknown:${supervisor}` },
        {
          kind: "supervision_order",
          title: `督办: ${l.title}`,
          body: reason,
          code: "supervision-order",
          params: overdue,
          subject: { type: "supervision_order", id },
        },
      );
      await notify(
        ctx,
        tx,
        { action: "lead.read", jurisdictionPath: pathOr(l.org_path, l.org_unit) },
        {
          kind: "lead_overdue",
          title: `线索逾期: ${l.title}`,
          body: reason,
          code: "lead-overdue",
          params: overdue,
          subject: { type: "lead", id: l.id },
        },
      );
      created.push(l.id);
    }
    return ordersOf(tx, created);
  });
}
