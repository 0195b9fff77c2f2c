import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AuditEvent,
  type AuditEventContent,
  chainAuditEvent,
  GENESIS_HASH,
  hashAuditEvent,
  verifyChain,
} from "./audit-chain.js";

function content(seq: number, over: Partial<AuditEventContent> = {}): AuditEventContent {
  return {
    seq,
    at: new Date(Date.UTC(2026, 2, 1, 8, 0, seq)).toISOString(),
    actor: seq % 2 ? "alice" : null,
    roles: ["county_analyst"],
    jurisdiction: "140400/140402",
    purpose: null,
    action: seq % 2 ? "auth.login" : "export.csv",
    object: `staff:u${seq}`,
    outcome: seq % 3 ? "success" : "failure",
    clientAddress: "10.0.0.1",
    details: { n: seq, note: "登录" },
    ...over,
  };
}

function build(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (let i = 1; i <= n; i++) out.push(chainAuditEvent(content(i), out[i - 2] ?? null));
  return out;
}

describe("audit chain hashing", () => {
  it("hash = SHA-256(prevHash \\n RFC 8785 canonical JSON), independent of key order", () => {
    const c = content(1);
    // hand-written canonical form: keys sorted by UTF-16 code units, no whitespace
    const jcs =
      '{"action":"auth.login","actor":"alice","at":"2026-03-01T08:00:01.000Z","clientAddress":"10.0.0.1",' +
      '"details":{"n":1,"note":"登录"},"jurisdiction":"140400/140402","object":"staff:u1","outcome":"success",' +
      '"purpose":null,"roles":["county_analyst"],"seq":1}';
    const expected = createHash("sha256").update(`${GENESIS_HASH}\n${jcs}`).digest("hex");
    expect(hashAuditEvent(c, GENESIS_HASH)).toBe(expected);
    const reordered = Object.fromEntries(Object.entries(c).reverse()) as unknown as AuditEventContent;
    expect(hashAuditEvent(reordered, GENESIS_HASH)).toBe(expected);
  });

  it("refuses a seq that does not follow the previous event", () => {
    const [a] = build(1);
    expect(() => chainAuditEvent(content(3), a as AuditEvent)).toThrow(/seq 3 does not follow 1/);
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain and reports its head", () => {
    const chain = build(6);
    expect(verifyChain(chain)).toEqual({ ok: true, count: 6, headSeq: 6, headHash: chain[5]?.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headSeq: 0, headHash: GENESIS_HASH });
  });

  it("detects an edited event (first broken link = the edited one)", () => {
    const chain = build(5);
    chain[2] = { ...(chain[2] as AuditEvent), outcome: "success", actor: "mallory" };
    const v = verifyChain(chain);
    expect(v).toMatchObject({ ok: false, index: 2, seq: 3, reason: "hash-mismatch" });
  });

  it("detects an edit where the attacker also recomputed that event's hash (the next link breaks)", () => {
    const chain = build(5);
    const forged = { ...(chain[2] as AuditEvent), actor: "mallory" };
    forged.hash = hashAuditEvent(forged, forged.prevHash);
    chain[2] = forged;
    expect(verifyChain(chain)).toMatchObject({ ok: false, index: 3, seq: 4, reason: "prev-hash-mismatch" });
  });

  it("detects a deleted event", () => {
    const chain = build(5);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, index: 1, seq: 3, reason: "seq-gap" });
  });

  it("detects a deletion with renumbered seq (the prevHash link breaks)", () => {
    const chain = build(5);
    chain.splice(1, 1);
    const renumbered = chain.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, index: 1, reason: "prev-hash-mismatch" });
  });

  it("detects reordered events", () => {
    const chain = build(5);
    [chain[3], chain[4]] = [chain[4] as AuditEvent, chain[3] as AuditEvent];
    expect(verifyChain(chain)).toMatchObject({ ok: false, index: 3, seq: 5, reason: "seq-gap" });
  });

  it("detects truncation of the newest events only with an anchor", () => {
    const chain = build(5);
    const anchor = { seq: 5, hash: (chain[4] as AuditEvent).hash };
    expect(verifyChain(chain.slice(0, 3)).ok).toBe(true);
    expect(verifyChain(chain.slice(0, 3), { anchor })).toMatchObject({ ok: false, reason: "anchor-mismatch", seq: 5 });
    expect(verifyChain(chain, { anchor }).ok).toBe(true);
  });

  it("verifies a range given the event before it", () => {
    const chain = build(6);
    const before = chain[2] as AuditEvent;
    expect(verifyChain(chain.slice(3), { startAfter: { seq: before.seq, hash: before.hash } })).toMatchObject({
      ok: true,
      count: 3,
      headSeq: 6,
    });
  });

  it("any single-field edit anywhere is detected at that event (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom("actor", "action", "object", "clientAddress", "at"),
        fc.string({ minLength: 1 }),
        (i, field, value) => {
          const chain = build(8);
          const original = chain[i] as AuditEvent;
          fc.pre((original as unknown as Record<string, unknown>)[field] !== value);
          chain[i] = { ...original, [field]: value };
          expect(verifyChain(chain)).toMatchObject({ ok: false, index: i, reason: "hash-mismatch" });
        },
      ),
      { seed: 3, numRuns: 100 },
    );
  });
});
