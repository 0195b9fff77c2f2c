/**
 * Audit retention (issue #3; docs/domain.md SEC-03: ≥ 6 months online — 网络安全法 §21 network logs ≥ 6 months;
 * PIPL §56 / 网络数据安全管理条例 §12 processing records ≥ 3 years). The retention is configurable with
 * `TRACEWATER_AUDIT_RETENTION_MONTHS` (default 36, minimum 6). `purgeAuditLog` deletes the events older than the
 * retention and keeps the chain verifiable with a **signed checkpoint**: the purge appends an `audit.purge` event
 * holding the seq and hash of the last purged event and an HMAC of them under the key-file's blind-index key (a
 * key outside the database, domain-separated by the purpose `audit-checkpoint`). `verifyAuditLog` then starts the
 * chain at that checkpoint; without a valid one, missing first events are reported as a broken chain.
 *
 * The purge disables the append-only trigger inside its own transaction: only the table OWNER can (on PostgreSQL run
 * it with the owner's DATABASE_URL; the application role of `sql/app-role.sql` cannot). Export the events first
 * (`GET /api/v1/admin/audit/export`) when they must be archived offline.
 */
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { AUDIT_LOCK_KEY, appendAuditEvent, checkpointMac, verifyAuditLog } from "./audit-log.js";

/** Minimum online retention in months (网络安全法 §21). */
export const MIN_AUDIT_RETENTION_MONTHS = 6;
/** Default: 3 years (PIPL §56, 网络数据安全管理条例 §12 processing records). */
export const DEFAULT_AUDIT_RETENTION_MONTHS = 36;

/** The configured retention. @throws InvalidInputError when below 6 months or not an integer */
export function auditRetentionMonths(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TRACEWATER_AUDIT_RETENTION_MONTHS;
  if (raw === undefined || raw === "") return DEFAULT_AUDIT_RETENTION_MONTHS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < MIN_AUDIT_RETENTION_MONTHS)
    throw new InvalidInputError(
      `TRACEWATER_AUDIT_RETENTION_MONTHS=${raw}: expected an integer ≥ ${MIN_AUDIT_RETENTION_MONTHS} (months online)`,
    );
  return n;
}

export interface PurgeReport {
  retentionMonths: number;
  /** events before this instant were purged */
  cutoff: string;
  purged: number;
  /** the checkpoint: last purged event, or null when nothing was purged */
  throughSeq: number | null;
  throughHash: string | null;
}

/**
 * Deletes the audit events older than `retentionMonths` (default: the configured retention) after verifying the
 * whole chain, and appends the signed `audit.purge` checkpoint — one transaction.
 * @throws InvalidInputError (retention below 6 months, or a broken chain: nothing is purged then)
 */
export async function purgeAuditLog(
  ctx: AppContext,
  options: { retentionMonths?: number; actor: string },
): Promise<PurgeReport> {
  const months = options.retentionMonths ?? auditRetentionMonths();
  if (!Number.isInteger(months) || months < MIN_AUDIT_RETENTION_MONTHS)
    throw new InvalidInputError(`retention must be an integer ≥ ${MIN_AUDIT_RETENTION_MONTHS} months, got ${months}`);
  const now = ctx.now();
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const verdict = await verifyAuditLog(ctx);
  if (!verdict.ok)
    throw new InvalidInputError(`the audit chain is broken at seq ${verdict.seq} (${verdict.reason}); nothing purged`);
  const last = await ctx.database.raw.query<{ seq: number | string; hash: string }>(
    "SELECT seq, hash FROM audit_event WHERE at < $1 ORDER BY seq DESC LIMIT 1",
    [cutoff.toISOString()],
  );
  const through = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : null;
  let purged = 0;
  await ctx.database.transaction(async (tx) => {
    if (through) {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY]);
      await tx.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete");
      const res = await tx.query("DELETE FROM audit_event WHERE seq <= $1 RETURNING seq", [through.seq]);
      purged = res.rows.length;
      await tx.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete");
    }
    await appendAuditEvent(
      ctx,
      {
        actor: options.actor,
        action: "audit.purge",
        object: "audit_event",
        outcome: "success",
        details: {
          retentionMonths: months,
          cutoff: cutoff.toISOString(),
          purged,
          ...(through
            ? { throughSeq: through.seq, throughHash: through.hash, mac: checkpointMac(ctx, through.seq, through.hash) }
            : {}),
        },
      },
      tx,
    );
  });
  return {
    retentionMonths: months,
    cutoff: cutoff.toISOString(),
    purged,
    throughSeq: through?.seq ?? null,
    throughHash: through?.hash ?? null,
  };
}
