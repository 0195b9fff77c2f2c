/**
 * Approvals of person-level bulk exports (issue #3; docs/domain.md SEC-18 "approval for bulk export", §8 "bulk
 * export without approval" forbidden to the city office). Four eyes: the request (with a purpose code and a
 * jurisdiction) and its approval are made by two different people who both hold `export.bulk` over that
 * jurisdiction; an approval is valid for a limited time (default 24 h) and only for its requester. `decide()` is
 * given `exportApproved: true` only through {@link liveExportApproval}. Every step is audited.
 */
import { uuidv7 } from "uuidv7";
import { decide, inSubtree } from "../../security/policy.js";
import type { AppContext } from "../context.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import { appendAuditEvent } from "./audit-log.js";
import { jurisdictionPath } from "./jurisdictions.js";
import { type ChangeContext, PermissionDeniedError } from "./staff.js";

export const DEFAULT_APPROVAL_HOURS = 24;

export interface ExportApproval {
  id: string;
  requestedBy: string;
  purpose: string;
  reason: string;
  jurisdictionCode: string;
  requestedAt: string;
  status: "requested" | "approved" | "rejected";
  decidedBy: string | null;
  decidedAt: string | null;
  expiresAt: string | null;
}

interface Row {
  id: string;
  requested_by: string;
  purpose: string;
  reason: string;
  jurisdiction_code: string;
  requested_at: Date;
  status: ExportApproval["status"];
  decided_by: string | null;
  decided_at: Date | null;
  expires_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
function fromRow(r: Row): ExportApproval {
  return {
    id: r.id,
    requestedBy: r.requested_by,
    purpose: r.purpose,
    reason: r.reason,
    jurisdictionCode: r.jurisdiction_code,
    requestedAt: new Date(r.requested_at).toISOString(),
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    expiresAt: iso(r.expires_at),
  };
}

async function pathOf(ctx: AppContext, code: string): Promise<string> {
  const path = await jurisdictionPath(ctx, code);
  if (!path) throw new InvalidInputError(`unknown jurisdiction code "${code}"`);
  return path;
}

/** Checks that `by` holds export.bulk over `path` (approval aside); audits and throws a denial. */
async function requireExporter(ctx: AppContext, by: ChangeContext, path: string, purpose: string, object: string) {
  const d = decide(by.actor, "export.bulk", { jurisdictionPath: path, purpose, exportApproved: true }, ctx.now());
  if (!d.allow) {
    await appendAuditEvent(ctx, {
      actor: by.actor.username,
      roles: by.actor.roles,
      jurisdiction: by.actor.jurisdictionPath,
      purpose,
      action: "export.approval",
      object,
      outcome: "denied",
      clientAddress: by.clientAddress ?? null,
      details: { reason: d.reason },
    });
    throw new PermissionDeniedError("export.bulk", d.message);
  }
}

/**
 * Requests an approval to bulk-export person data of `jurisdictionCode`'s subtree for `purpose`. Audited
 * (`export.request`). @throws PermissionDeniedError, InvalidInputError
 */
export async function requestExportApproval(
  ctx: AppContext,
  by: ChangeContext,
  input: { purpose: string; reason: string; jurisdictionCode: string },
): Promise<ExportApproval> {
  if (!input.purpose.trim()) throw new InvalidInputError("a bulk export needs a purpose code");
  if (!input.reason.trim()) throw new InvalidInputError("a bulk export needs a reason");
  const path = await pathOf(ctx, input.jurisdictionCode);
  await requireExporter(ctx, by, path, input.purpose, `jurisdiction:${input.jurisdictionCode}`);
  const id = uuidv7();
  const now = ctx.now();
  await ctx.database.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO export_approval (id, requested_by, purpose, reason, jurisdiction_code, requested_at, status)
       VALUES ($1,$2,$3,$4,$5,$6,'requested')`,
      [id, by.actor.username, input.purpose, input.reason, input.jurisdictionCode, now],
    );
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        jurisdiction: by.actor.jurisdictionPath,
        purpose: input.purpose,
        action: "export.request",
        object: `export-approval:${id}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
        details: { jurisdiction: input.jurisdictionCode, reason: input.reason },
      },
      tx,
    );
  });
  return getExportApproval(ctx, id);
}

/** One approval record. @throws NotFoundError */
export async function getExportApproval(ctx: AppContext, id: string): Promise<ExportApproval> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new NotFoundError(`export approval ${id} not found`, "export-approval");
  const res = await ctx.database.raw.query<Row>("SELECT * FROM export_approval WHERE id = $1", [id]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`export approval ${id} not found`, "export-approval");
  return fromRow(row);
}

/**
 * Approves or rejects a pending request: by someone else (four eyes) holding export.bulk over its jurisdiction.
 * Approved requests are valid for `validHours` (default 24). Audited (`export.approve` / `export.reject`).
 * @throws PermissionDeniedError, InvalidInputError (own request, not pending), NotFoundError
 */
export async function decideExportApproval(
  ctx: AppContext,
  by: ChangeContext,
  id: string,
  input: { approve: boolean; validHours?: number },
): Promise<ExportApproval> {
  const req = await getExportApproval(ctx, id);
  const path = await pathOf(ctx, req.jurisdictionCode);
  await requireExporter(ctx, by, path, req.purpose, `export-approval:${id}`);
  if (req.requestedBy === by.actor.username)
    throw new InvalidInputError("an export request must be approved by another person (four eyes)");
  const hours = input.validHours ?? DEFAULT_APPROVAL_HOURS;
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 7)
    throw new InvalidInputError("validHours must be in (0, 168]");
  const now = ctx.now();
  await ctx.database.transaction(async (tx) => {
    const res = await tx.query(
      `UPDATE export_approval SET status = $2, decided_by = $3, decided_at = $4, expires_at = $5
        WHERE id = $1 AND status = 'requested' RETURNING id`,
      [
        id,
        input.approve ? "approved" : "rejected",
        by.actor.username,
        now,
        input.approve ? new Date(now.getTime() + hours * 3_600_000) : null,
      ],
    );
    if (res.rows.length === 0) throw new InvalidInputError(`export request ${id} is not pending`);
    await appendAuditEvent(
      ctx,
      {
        actor: by.actor.username,
        roles: by.actor.roles,
        jurisdiction: by.actor.jurisdictionPath,
        purpose: req.purpose,
        action: input.approve ? "export.approve" : "export.reject",
        object: `export-approval:${id}`,
        outcome: "success",
        clientAddress: by.clientAddress ?? null,
        details: { requestedBy: req.requestedBy, jurisdiction: req.jurisdictionCode, validHours: hours },
      },
      tx,
    );
  });
  return getExportApproval(ctx, id);
}

/** Requests made by `by` or falling in their export scope, newest first. */
export async function listExportApprovals(ctx: AppContext, by: ChangeContext): Promise<ExportApproval[]> {
  const res = await ctx.database.raw.query<Row & { path: string | null }>(
    `SELECT a.*, j.path FROM export_approval a LEFT JOIN jurisdiction j ON j.code = a.jurisdiction_code
      ORDER BY a.requested_at DESC, a.id DESC LIMIT 500`,
  );
  const now = ctx.now();
  return res.rows
    .filter(
      (r) =>
        r.requested_by === by.actor.username ||
        (r.path !== null &&
          decide(by.actor, "export.bulk", { jurisdictionPath: r.path, purpose: r.purpose, exportApproved: true }, now)
            .allow),
    )
    .map(fromRow);
}

/**
 * True when approval `id` is approved, unexpired, made for `username`, and covers `recordJurisdictionPath`.
 * This is the only source of `exportApproved: true` for `decide()`.
 */
export async function liveExportApproval(
  ctx: AppContext,
  username: string,
  id: string,
  recordJurisdictionPath: string | null | undefined,
): Promise<boolean> {
  let a: ExportApproval;
  try {
    a = await getExportApproval(ctx, id);
  } catch {
    return false;
  }
  if (a.status !== "approved" || a.requestedBy !== username || !a.expiresAt) return false;
  if (new Date(a.expiresAt) <= ctx.now()) return false;
  if (!recordJurisdictionPath) return true;
  const path = await jurisdictionPath(ctx, a.jurisdictionCode);
  return path !== null && inSubtree(path, recordJurisdictionPath);
}
