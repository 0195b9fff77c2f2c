/**
 * The audit log service: appends hash-chained events to `audit_event` (append-only by trigger) and verifies
 * the chain (docs/domain.md SEC-02, SEC-03). Appends are serialised with a transaction-scoped advisory lock so
 * two concurrent writers cannot both chain after the same event.
 */
import {
  type AuditEvent,
  type AuditEventContent,
  type ChainVerdict,
  chainAuditEvent,
  verifyChain,
} from "../../security/audit-chain.js";
import { blindIndex } from "../../security/field-crypto.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { fieldCrypto } from "./field-cipher.js";

/** Arbitrary constant key of the advisory lock that serialises audit appends (and purges). */
export const AUDIT_LOCK_KEY = 7_274_001;

/** What a caller gives; `seq` and `at` are filled in. */
export interface AuditInput {
  actor: string | null;
  roles?: readonly string[];
  jurisdiction?: string | null;
  purpose?: string | null;
  action: string;
  object?: string | null;
  outcome: AuditEventContent["outcome"];
  clientAddress?: string | null;
  details?: Record<string, unknown>;
}

interface AuditRow {
  seq: number | string | bigint;
  at: string;
  actor: string | null;
  roles: string[];
  jurisdiction: string | null;
  purpose: string | null;
  action: string;
  object: string | null;
  outcome: AuditEventContent["outcome"];
  client_address: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function fromRow(r: AuditRow): AuditEvent {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    roles: r.roles,
    jurisdiction: r.jurisdiction,
    purpose: r.purpose,
    action: r.action,
    object: r.object,
    outcome: r.outcome,
    clientAddress: r.client_address,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

async function appendWith(tx: SqlClient, at: Date, input: AuditInput): Promise<AuditEvent> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY]);
  const last = await tx.query<{ seq: number | string; hash: string }>(
    "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1",
  );
  const prev = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : null;
  const event = chainAuditEvent(
    {
      seq: (prev?.seq ?? 0) + 1,
      at: at.toISOString(),
      actor: input.actor,
      roles: [...(input.roles ?? [])],
      jurisdiction: input.jurisdiction ?? null,
      purpose: input.purpose ?? null,
      action: input.action,
      object: input.object ?? null,
      outcome: input.outcome,
      clientAddress: input.clientAddress ?? null,
      details: input.details ?? {},
    },
    prev,
  );
  await tx.query(
    `INSERT INTO audit_event (seq, at, actor, roles, jurisdiction, purpose, action, object, outcome, client_address, details, prev_hash, hash)
     VALUES ($1,$2,$3,$4::jsonb,$5,$6,$7,$8,$9,$10,$11::jsonb,$12,$13)`,
    [
      event.seq,
      event.at,
      event.actor,
      JSON.stringify(event.roles),
      event.jurisdiction,
      event.purpose,
      event.action,
      event.object,
      event.outcome,
      event.clientAddress,
      JSON.stringify(event.details),
      event.prevHash,
      event.hash,
    ],
  );
  return event;
}

/**
 * Appends one audit event. With `tx`, inside the caller's transaction (the event commits or rolls back with
 * the change it records); without, in its own transaction.
 */
export async function appendAuditEvent(ctx: AppContext, input: AuditInput, tx?: SqlClient): Promise<AuditEvent> {
  if (tx) return appendWith(tx, ctx.now(), input);
  return ctx.database.transaction((t) => appendWith(t, ctx.now(), input));
}

/** Events with seq > `afterSeq`, in seq order, at most `limit` (default 1000). */
export async function readAuditEvents(
  ctx: AppContext,
  opts: { afterSeq?: number; limit?: number } = {},
): Promise<AuditEvent[]> {
  const res = await ctx.database.raw.query<AuditRow>("SELECT * FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2", [
    opts.afterSeq ?? 0,
    opts.limit ?? 1000,
  ]);
  return res.rows.map(fromRow);
}

/**
 * Verifies the whole stored chain in batches (memory bounded by `batchSize`), reporting the first broken link
 * (its global 0-based `index` and `seq`). `anchor` (seq + hash recorded outside the database) detects truncation.
 */
export async function verifyAuditLog(
  ctx: AppContext,
  opts: { batchSize?: number; anchor?: { seq: number; hash: string } } = {},
): Promise<ChainVerdict> {
  const batchSize = opts.batchSize ?? 5000;
  // after a retention purge the chain starts at a signed checkpoint (audit-retention.ts); without one, the
  // missing first events show as a broken link at the first stored event
  let startAfter = (await chainStart(ctx)) ?? { seq: 0, hash: "0".repeat(64) };
  let total = 0;
  for (;;) {
    const events = await readAuditEvents(ctx, { afterSeq: startAfter.seq, limit: batchSize });
    // a deleted row makes seq jump: read by position, so the jump is seen by verifyChain
    const verdict = verifyChain(events, { startAfter });
    if (!verdict.ok) return { ...verdict, index: total + verdict.index, count: total + verdict.count };
    total += verdict.count;
    if (events.length < batchSize) {
      const anchor = opts.anchor;
      if (anchor) {
        const fail = (message: string): ChainVerdict => ({
          ok: false,
          count: total,
          index: total,
          seq: anchor.seq,
          reason: "anchor-mismatch",
          message,
        });
        if (anchor.seq > verdict.headSeq)
          return fail(
            `the chain ends at seq ${verdict.headSeq} but the anchor names seq ${anchor.seq}: newest events were deleted`,
          );
        const row = await ctx.database.raw.query<{ hash: string }>("SELECT hash FROM audit_event WHERE seq = $1", [
          anchor.seq,
        ]);
        if (row.rows[0]?.hash !== anchor.hash) return fail(`event seq ${anchor.seq} differs from the anchor hash`);
      }
      return { ok: true, count: total, headSeq: verdict.headSeq, headHash: verdict.headHash };
    }
    startAfter = { seq: verdict.headSeq, hash: verdict.headHash };
  }
}

/** The signature of a checkpoint (seq, hash of the last purged event). */
export function checkpointMac(ctx: AppContext, seq: number, hash: string): string {
  return blindIndex(fieldCrypto(ctx).ring, `${seq}:${hash}`, "audit-checkpoint");
}

/**
 * The verified start of the stored chain: `{seq: 0, zero hash}` when it starts at seq 1, else the signed checkpoint
 * naming the event just before the first stored one; null when events are missing without a valid checkpoint.
 */
export async function chainStart(ctx: AppContext): Promise<{ seq: number; hash: string } | null> {
  const first = await ctx.database.raw.query<{ seq: number | string }>("SELECT min(seq) AS seq FROM audit_event");
  const firstSeq = first.rows[0]?.seq == null ? null : Number(first.rows[0].seq);
  if (firstSeq === null || firstSeq === 1) return { seq: 0, hash: "0".repeat(64) };
  const cps = await ctx.database.raw.query<{ details: Record<string, unknown> }>(
    "SELECT details FROM audit_event WHERE action = 'audit.purge' AND (details->>'throughSeq')::bigint = $1 ORDER BY seq DESC",
    [firstSeq - 1],
  );
  for (const { details } of cps.rows) {
    const seq = Number(details.throughSeq);
    const hash = String(details.throughHash);
    if (details.mac === checkpointMac(ctx, seq, hash)) return { seq, hash };
  }
  return null;
}
