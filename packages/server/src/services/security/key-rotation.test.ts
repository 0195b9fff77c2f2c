import { readFileSync } from "node:fs";
import { join } from "node:path";
import { uuidv7 } from "uuidv7";
import { expect, it } from "vitest";
import type { AppContext } from "../context.js";
import { readAuditEvents } from "./audit-log.js";
import { fieldCrypto } from "./field-cipher.js";
import { countByKeyId, rotateKeys } from "./key-rotation.js";
import { SECURITY_TEST_START, withSecurityContexts } from "./test-context.js";

const FIELD = { table: "staff_profile", column: "totp_secret" } as const;

withSecurityContexts("key rotation", (h) => {
  const secrets = new Map<string, string>();

  /** All stored secrets decrypted through `ctx`. */
  async function readAll(ctx: AppContext): Promise<Map<string, string>> {
    const res = await ctx.database.raw.query<{ user_id: string; totp_secret: string }>(
      "SELECT user_id, totp_secret FROM staff_profile WHERE totp_secret IS NOT NULL",
    );
    return new Map(res.rows.map((r) => [r.user_id, fieldCrypto(ctx).cipher.decrypt(r.totp_secret, FIELD)]));
  }

  it("setup: 7 accounts with an encrypted TOTP secret", async () => {
    for (let i = 0; i < 7; i++) {
      const id = uuidv7();
      const secret = `SECRET${i}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
      await h.ctx.database.raw.query(
        "INSERT INTO app_user (id, username, password_hash, roles, must_change_password, failed_attempts, created_at) VALUES ($1,$2,'x','[]'::jsonb,false,0,$3)",
        [id, `u${i}`, SECURITY_TEST_START],
      );
      await h.ctx.database.raw.query("INSERT INTO staff_profile (user_id, totp_secret) VALUES ($1,$2)", [
        id,
        fieldCrypto(h.ctx).cipher.encrypt(secret, FIELD),
      ]);
      secrets.set(id, secret);
    }
    expect(Object.values(await countByKeyId(h.ctx))[0]).toEqual({ [fieldCrypto(h.ctx).ring.activeKeyId]: 7 });
  });

  it("re-encrypts in batches with a new key; a server holding the old ring keeps reading during and after", async () => {
    // the "server": a second context over the same database and data directory, its ring loaded before rotation
    const server: AppContext = { ...h.ctx };
    const oldKeyId = fieldCrypto(server).ring.activeKeyId;
    expect(await readAll(server)).toEqual(secrets);
    const reads: number[] = [];
    const report = await rotateKeys(h.ctx, {
      batchSize: 3,
      actor: "sec",
      onBatch: async ({ done }) => {
        // mid-rotation: some rows under the new key, some under the old; every read still succeeds
        expect(await readAll(server)).toEqual(secrets);
        reads.push(done);
      },
    });
    expect(reads).toEqual([3, 6, 7]);
    expect(report.previousKeyId).toBe(oldKeyId);
    expect(report.activeKeyId).not.toBe(oldKeyId);
    // every listed column is rotated; this test wrote ciphertexts to staff_profile.totp_secret only
    expect(report.columns.find((c) => c.table === "staff_profile")).toEqual({
      table: "staff_profile",
      column: "totp_secret",
      reencrypted: 7,
      remainingOldKey: 0,
    });
    expect(report.columns.every((c) => c.remainingOldKey === 0)).toBe(true);
    expect(Object.values(await countByKeyId(h.ctx))[0]).toEqual({ [report.activeKeyId]: 7 });
    // the server reloaded the ring when it met the new key id
    expect(fieldCrypto(server).ring.activeKeyId).toBe(report.activeKeyId);
    // the key file keeps the old key (still needed by backups) and names the new one active
    const file = JSON.parse(readFileSync(join(h.ctx.dataDir, "keys.json"), "utf8"));
    expect(file.activeKeyId).toBe(report.activeKeyId);
    expect(Object.keys(file.keys).sort()).toEqual([oldKeyId, report.activeKeyId].sort());
    expect((await readAuditEvents(h.ctx)).at(-1)).toMatchObject({
      actor: "sec",
      action: "keys.rotate",
      outcome: "success",
      details: { previousKeyId: oldKeyId },
    });
  });

  it("a second rotation re-encrypts everything again; re-encrypt-only with nothing old does nothing", async () => {
    const second = await rotateKeys(h.ctx, { batchSize: 100 });
    expect(second.columns[0]?.reencrypted).toBe(7);
    expect(await readAll(h.ctx)).toEqual(secrets);
    const none = await rotateKeys(h.ctx, { reencryptOnly: true });
    expect(none.activeKeyId).toBe(second.activeKeyId);
    expect(none.columns[0]?.reencrypted).toBe(0);
  });
});
