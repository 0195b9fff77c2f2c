import { expect, it } from "vitest";
import { verifyChain } from "../../security/audit-chain.js";
import { appendAuditEvent, readAuditEvents, verifyAuditLog } from "./audit-log.js";
import { withSecurityContexts } from "./test-context.js";

withSecurityContexts("audit log", (h) => {
  it("appends chained events (seq 1, 2, 3 …) and verifies them", async () => {
    for (const outcome of ["failure", "success", "success"] as const)
      await appendAuditEvent(h.ctx, {
        actor: "alice",
        roles: ["county_analyst"],
        action: "auth.login",
        outcome,
        clientAddress: "10.1.2.3",
        details: { attempt: 1 },
      });
    const events = await readAuditEvents(h.ctx);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]).toMatchObject({
      actor: "alice",
      outcome: "failure",
      at: "2026-03-01T08:00:00.000Z",
      details: { attempt: 1 },
      prevHash: "0".repeat(64),
    });
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(await verifyAuditLog(h.ctx)).toMatchObject({ ok: true, count: 3, headSeq: 3 });
  });

  it("concurrent appends stay one unbroken chain", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        appendAuditEvent(h.ctx, { actor: `u${i}`, action: "auth.logout", outcome: "success" }),
      ),
    );
    const events = await readAuditEvents(h.ctx);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(verifyChain(events).ok).toBe(true);
    // batched verification gives the same answer
    expect(await verifyAuditLog(h.ctx, { batchSize: 4 })).toMatchObject({ ok: true, count: 15, headSeq: 15 });
  });

  it("an event appended inside a rolled-back transaction disappears with it", async () => {
    await expect(
      h.ctx.database.transaction(async (tx) => {
        await appendAuditEvent(h.ctx, { actor: "bob", action: "staff.roles", outcome: "success" }, tx);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await verifyAuditLog(h.ctx)).toMatchObject({ ok: true, count: 15 });
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE of audit rows", async () => {
    await expect(h.ctx.database.raw.query("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(h.ctx.database.raw.query("DELETE FROM audit_event WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(h.ctx.database.raw.exec("TRUNCATE audit_event")).rejects.toThrow(/append-only/);
  });

  /** Tampering as a superuser who disables the trigger; the chain still tells. Restores the rows afterwards. */
  async function tampered(sql: string) {
    const raw = h.ctx.database.raw;
    const saved = await raw.query("SELECT * FROM audit_event ORDER BY seq");
    await raw.exec("ALTER TABLE audit_event DISABLE TRIGGER USER");
    try {
      await raw.exec(sql);
      return await verifyAuditLog(h.ctx, { batchSize: 5 });
    } finally {
      await raw.exec("DELETE FROM audit_event");
      for (const r of saved.rows as Record<string, unknown>[])
        await raw.query(
          "INSERT INTO audit_event (seq, at, actor, roles, jurisdiction, purpose, action, object, outcome, client_address, details, prev_hash, hash) VALUES ($1,$2,$3,$4::jsonb,$5,$6,$7,$8,$9,$10,$11::jsonb,$12,$13)",
          [
            r.seq,
            r.at,
            r.actor,
            JSON.stringify(r.roles),
            r.jurisdiction,
            r.purpose,
            r.action,
            r.object,
            r.outcome,
            r.client_address,
            JSON.stringify(r.details),
            r.prev_hash,
            r.hash,
          ],
        );
      await raw.exec("ALTER TABLE audit_event ENABLE TRIGGER USER");
    }
  }

  it("detects an edited row (first broken link = that row)", async () => {
    expect(await tampered("UPDATE audit_event SET outcome = 'success' WHERE seq = 1")).toMatchObject({
      ok: false,
      seq: 1,
      index: 0,
      reason: "hash-mismatch",
    });
    expect(await tampered(`UPDATE audit_event SET details = '{"attempt": 2}' WHERE seq = 7`)).toMatchObject({
      ok: false,
      seq: 7,
      reason: "hash-mismatch",
    });
  });

  it("detects a deleted row", async () => {
    expect(await tampered("DELETE FROM audit_event WHERE seq = 6")).toMatchObject({
      ok: false,
      seq: 7,
      index: 5,
      reason: "seq-gap",
    });
  });

  it("detects reordered rows (two events' seq swapped)", async () => {
    expect(
      await tampered(
        "UPDATE audit_event SET seq = -9 WHERE seq = 9; UPDATE audit_event SET seq = 9 WHERE seq = 10; UPDATE audit_event SET seq = 10 WHERE seq = -9",
      ),
    ).toMatchObject({ ok: false, seq: 9, reason: "prev-hash-mismatch" });
  });

  it("detects truncation of the newest rows against an anchor, and passes after restore", async () => {
    const head = (await readAuditEvents(h.ctx)).at(-1);
    const anchor = { seq: head?.seq as number, hash: head?.hash as string };
    const raw = h.ctx.database.raw;
    await raw.exec("ALTER TABLE audit_event DISABLE TRIGGER USER");
    const saved = await raw.query("SELECT * FROM audit_event WHERE seq = 15");
    await raw.exec("DELETE FROM audit_event WHERE seq = 15");
    expect(await verifyAuditLog(h.ctx)).toMatchObject({ ok: true, headSeq: 14 });
    expect(await verifyAuditLog(h.ctx, { anchor })).toMatchObject({ ok: false, reason: "anchor-mismatch", seq: 15 });
    const r = saved.rows[0] as Record<string, unknown>;
    await raw.query(
      "INSERT INTO audit_event (seq, at, actor, roles, jurisdiction, purpose, action, object, outcome, client_address, details, prev_hash, hash) VALUES ($1,$2,$3,$4::jsonb,$5,$6,$7,$8,$9,$10,$11::jsonb,$12,$13)",
      [
        r.seq,
        r.at,
        r.actor,
        JSON.stringify(r.roles),
        r.jurisdiction,
        r.purpose,
        r.action,
        r.object,
        r.outcome,
        r.client_address,
        JSON.stringify(r.details),
        r.prev_hash,
        r.hash,
      ],
    );
    await raw.exec("ALTER TABLE audit_event ENABLE TRIGGER USER");
    expect(await verifyAuditLog(h.ctx, { anchor })).toMatchObject({ ok: true, count: 15 });
  });
});
