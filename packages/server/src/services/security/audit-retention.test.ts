/**
 * Audit retention: configurable (≥ 6 months, 网络安全法 §21), purge of older events with a signed checkpoint that
 * keeps the chain verifiable; deletions without a valid checkpoint stay detectable. PGlite and PostgreSQL.
 */
import { expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import { appendAuditEvent, chainStart, readAuditEvents, verifyAuditLog } from "./audit-log.js";
import { auditRetentionMonths, purgeAuditLog } from "./audit-retention.js";
import { withSecurityContexts } from "./test-context.js";

it("retention: default 36 months, configurable, never below 6", () => {
  expect(auditRetentionMonths({})).toBe(36);
  expect(auditRetentionMonths({ TRACEWATER_AUDIT_RETENTION_MONTHS: "6" })).toBe(6);
  expect(() => auditRetentionMonths({ TRACEWATER_AUDIT_RETENTION_MONTHS: "5" })).toThrow(InvalidInputError);
  expect(() => auditRetentionMonths({ TRACEWATER_AUDIT_RETENTION_MONTHS: "6.5" })).toThrow(/integer ≥ 6/);
});

withSecurityContexts("audit retention and purge", (h) => {
  it("refuses a retention below 6 months", async () => {
    await expect(purgeAuditLog(h.ctx, { retentionMonths: 5, actor: "cli:root" })).rejects.toThrow(InvalidInputError);
  });

  it("purges events older than the retention; the signed checkpoint keeps the chain verifiable", async () => {
    h.setNow(new Date("2025-01-10T08:00:00Z"));
    for (let i = 0; i < 5; i++)
      await appendAuditEvent(h.ctx, { actor: "old", action: "auth.login", outcome: "success" });
    h.setNow(new Date("2026-02-10T08:00:00Z"));
    for (let i = 0; i < 3; i++)
      await appendAuditEvent(h.ctx, { actor: "new", action: "auth.login", outcome: "success" });
    h.setNow(new Date("2026-03-01T08:00:00Z"));
    // 6 months before 2026-03-01 is 2025-09-01: the 5 events of January 2025 go, the 3 of February 2026 stay
    const report = await purgeAuditLog(h.ctx, { retentionMonths: 6, actor: "cli:root" });
    expect(report).toMatchObject({ retentionMonths: 6, cutoff: "2025-09-01T08:00:00.000Z", purged: 5, throughSeq: 5 });
    const left = await readAuditEvents(h.ctx);
    expect(left.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
    expect(left.at(-1)).toMatchObject({
      action: "audit.purge",
      details: { purged: 5, throughSeq: 5, throughHash: report.throughHash },
    });
    expect(await chainStart(h.ctx)).toEqual({ seq: 5, hash: report.throughHash });
    expect(await verifyAuditLog(h.ctx)).toMatchObject({ ok: true, count: 4, headSeq: 9 });
    // nothing older left: a second purge removes nothing and still verifies
    expect((await purgeAuditLog(h.ctx, { retentionMonths: 6, actor: "cli:root" })).purged).toBe(0);
    expect((await verifyAuditLog(h.ctx)).ok).toBe(true);
  });

  it("a deletion beyond the checkpoint (trigger disabled by the owner) is still detected, and purge then refuses", async () => {
    await h.ctx.database.transaction(async (tx) => {
      await tx.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete");
      await tx.query("DELETE FROM audit_event WHERE seq = 6");
      await tx.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete");
    });
    expect(await chainStart(h.ctx)).toBeNull();
    const v = await verifyAuditLog(h.ctx);
    expect(v.ok).toBe(false);
    await expect(purgeAuditLog(h.ctx, { retentionMonths: 6, actor: "cli:root" })).rejects.toThrow(/broken/);
  });

  it("a forged checkpoint (wrong signature) is not accepted", async () => {
    // the attacker appends an audit.purge event naming the deleted seq 6 without the key
    await appendAuditEvent(h.ctx, {
      actor: "mallory",
      action: "audit.purge",
      outcome: "success",
      details: { throughSeq: 6, throughHash: "f".repeat(64), mac: "0".repeat(64) },
    });
    expect(await chainStart(h.ctx)).toBeNull();
    expect((await verifyAuditLog(h.ctx)).ok).toBe(false);
  });
});
