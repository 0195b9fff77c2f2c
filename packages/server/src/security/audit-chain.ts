/**
 * Hash chain of the audit log (docs/domain.md SEC-02, SEC-03; GB/T 22239 安全审计 — audit records protected
 * against alteration).
 *
 * Each event stores `prevHash` (the hash of the event before it; {@link GENESIS_HASH} for the first) and
 * `hash = SHA-256( prevHash ‖ "\n" ‖ JCS(event fields) )`, where JCS is the JSON Canonicalization Scheme
 * (RFC 8785, package `canonicalize`) of every field except `hash` and `prevHash`. Editing a field breaks that
 * event's hash; deleting or reordering events breaks the `seq` run and the `prevHash` link of the next event.
 * Truncation of the newest events is only detectable against an anchor kept elsewhere (`anchor` of
 * {@link verifyChain}: a `seq` + `hash` noted outside the database, e.g. in an operator's log or a signed export).
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** Hash used as `prevHash` of the first event: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** The content of an audit event (docs/domain.md SEC-03: who, when, what, jurisdiction, purpose, outcome, client IP, object). */
export interface AuditEventContent {
  /** 1, 2, 3 … without gaps */
  seq: number;
  /** instant, ISO 8601 UTC (`Date.toISOString()`) */
  at: string;
  /** staff username, or null for an anonymous attempt */
  actor: string | null;
  /** the actor's roles at the time */
  roles: string[];
  /** the actor's jurisdiction code path (e.g. `140400/140402`), or null */
  jurisdiction: string | null;
  /** purpose code for person-level look-ups and bulk exports, or null */
  purpose: string | null;
  /** e.g. `auth.login`, `auth.logout`, `staff.grant`, `export.csv`, `person.read` */
  action: string;
  /** object type + id, e.g. `staff:alice`, or null */
  object: string | null;
  /** `success` | `failure` | `denied` */
  outcome: "success" | "failure" | "denied";
  clientAddress: string | null;
  /** extra JSON-safe details (no person data in clear) */
  details: Record<string, unknown>;
}

/** A chained audit event. */
export interface AuditEvent extends AuditEventContent {
  prevHash: string;
  hash: string;
}

/** The hash of `content` chained after `prevHash` (hex SHA-256). */
export function hashAuditEvent(content: AuditEventContent, prevHash: string): string {
  const c: AuditEventContent = {
    seq: content.seq,
    at: content.at,
    actor: content.actor,
    roles: content.roles,
    jurisdiction: content.jurisdiction,
    purpose: content.purpose,
    action: content.action,
    object: content.object,
    outcome: content.outcome,
    clientAddress: content.clientAddress,
    details: content.details,
  };
  const json = canonicalize(c);
  if (json === undefined) throw new TypeError("audit event is not JSON-serialisable");
  return createHash("sha256").update(`${prevHash}\n${json}`, "utf8").digest("hex");
}

/** Chains `content` after `previous` (or the genesis). `content.seq` must be `previous.seq + 1` (or 1). */
export function chainAuditEvent(
  content: AuditEventContent,
  previous: Pick<AuditEvent, "seq" | "hash"> | null,
): AuditEvent {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (content.seq !== expectedSeq)
    throw new RangeError(`audit seq ${content.seq} does not follow ${previous?.seq ?? 0}`);
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  return { ...content, prevHash, hash: hashAuditEvent(content, prevHash) };
}

/** Result of {@link verifyChain}. `index` is the 0-based position in the array given. */
export type ChainVerdict =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | {
      ok: false;
      count: number;
      /** first broken link */
      index: number;
      seq: number;
      reason: "hash-mismatch" | "prev-hash-mismatch" | "seq-gap" | "anchor-mismatch";
      message: string;
    };

/**
 * Verifies a chain given in `seq` order (as stored; the caller must NOT sort by anything else).
 * Checks, for each event: `seq` = previous + 1 (first = 1, or `startAfter.seq + 1` for a partial range),
 * `prevHash` = previous event's `hash`, and `hash` recomputed from the content. Returns the first broken link.
 * With `anchor`, also checks that the event with `anchor.seq` exists and has `anchor.hash` (detects truncation).
 */
export function verifyChain(
  events: Iterable<AuditEvent>,
  opts: { startAfter?: { seq: number; hash: string }; anchor?: { seq: number; hash: string } } = {},
): ChainVerdict {
  let prevSeq = opts.startAfter?.seq ?? 0;
  let prevHash = opts.startAfter?.hash ?? GENESIS_HASH;
  let index = 0;
  let anchorSeen = false;
  for (const e of events) {
    const fail = (reason: Extract<ChainVerdict, { ok: false }>["reason"], message: string): ChainVerdict => ({
      ok: false,
      count: index + 1,
      index,
      seq: e.seq,
      reason,
      message,
    });
    if (e.seq !== prevSeq + 1)
      return fail("seq-gap", `event seq ${e.seq} follows seq ${prevSeq}: events deleted or reordered`);
    if (e.prevHash !== prevHash)
      return fail(
        "prev-hash-mismatch",
        `event seq ${e.seq} does not link to the hash of seq ${prevSeq}: events deleted, inserted or reordered`,
      );
    const recomputed = hashAuditEvent(e, e.prevHash);
    if (recomputed !== e.hash)
      return fail("hash-mismatch", `event seq ${e.seq} was altered: its content no longer matches its hash`);
    if (opts.anchor && e.seq === opts.anchor.seq) {
      if (e.hash !== opts.anchor.hash)
        return fail("anchor-mismatch", `event seq ${e.seq} differs from the anchor hash`);
      anchorSeen = true;
    }
    prevSeq = e.seq;
    prevHash = e.hash;
    index++;
  }
  if (opts.anchor && !anchorSeen && opts.anchor.seq > prevSeq)
    return {
      ok: false,
      count: index,
      index,
      seq: opts.anchor.seq,
      reason: "anchor-mismatch",
      message: `the chain ends at seq ${prevSeq} but the anchor names seq ${opts.anchor.seq}: newest events were deleted`,
    };
  return { ok: true, count: index, headSeq: prevSeq, headHash: prevHash };
}
