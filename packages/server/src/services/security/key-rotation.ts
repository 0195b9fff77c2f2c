/**
 * Field-key rotation without downtime (docs/domain.md SEC-01; issue #3 `tracewater keys rotate`):
 * 1. a new random data key is added to the key file and made active (old keys stay in the ring);
 * 2. every encrypted column is re-encrypted in batches, each batch one transaction, each row updated only if
 *    it still holds the ciphertext that was read (compare-and-set, so a concurrent write is never overwritten);
 * 3. the rotation is an audit event.
 * Reads keep working throughout: old ciphertexts decrypt with the old key, new ones with the new key, and other
 * processes reload the ring when they meet the new key id (field-cipher.ts). Old keys can be removed from the
 * file by hand once no ciphertext names them (`countByKeyId`).
 * With keys from `TRACEWATER_KEYS` the file cannot be written: put the new key first (as `activeKeyId`) in the
 * variable, restart, then run the rotation with `reencryptOnly`.
 */
import { addActiveKey, type FieldLocation, writeKeyFile } from "../../security/field-crypto.js";
import { CARE_ENCRYPTED_COLUMNS } from "../care/cipher.js";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { appendAuditEvent } from "./audit-log.js";
import { fieldCrypto, setKeyRing } from "./field-cipher.js";

/** Every field-encrypted column, with the primary key used to update it. Add new encrypted columns here. */
export const ENCRYPTED_COLUMNS: readonly (FieldLocation & { key: string })[] = [
  { table: "staff_profile", column: "totp_secret", key: "user_id" },
  ...CARE_ENCRYPTED_COLUMNS,
];

export interface RotationReport {
  previousKeyId: string;
  activeKeyId: string;
  keySource: string;
  columns: { table: string; column: string; reencrypted: number; remainingOldKey: number }[];
}

/** Counts the ciphertexts of each key id, per column. */
export async function countByKeyId(ctx: AppContext): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of ENCRYPTED_COLUMNS) {
    const res = await ctx.database.raw.query<{ key_id: string; n: number | string }>(
      `SELECT split_part(${c.column}, ':', 2) AS key_id, count(*) AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    out[`${c.table}.${c.column}`] = Object.fromEntries(res.rows.map((r) => [r.key_id, Number(r.n)]));
  }
  return out;
}

/**
 * Rotates: new active key (unless `reencryptOnly`), then re-encrypts every column in batches of `batchSize`.
 * `onBatch` is called after each committed batch (progress; tests read through other contexts there).
 * @throws InvalidInputError when keys come from TRACEWATER_KEYS and `reencryptOnly` is not set
 */
export async function rotateKeys(
  ctx: AppContext,
  opts: {
    batchSize?: number;
    reencryptOnly?: boolean;
    actor?: string;
    onBatch?: (p: { table: string; column: string; done: number }) => Promise<void> | void;
  } = {},
): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 500;
  let { ring, source } = fieldCrypto(ctx);
  const previousKeyId = ring.activeKeyId;
  if (!opts.reencryptOnly) {
    if (source.kind !== "file")
      throw new InvalidInputError(
        "keys come from TRACEWATER_KEYS: add the new key there as activeKeyId, restart, and run the rotation with --reencrypt-only",
      );
    ring = addActiveKey(ring, ctx.now());
    writeKeyFile(source.path, ring);
    setKeyRing(ctx, ring, source);
  }
  const { cipher } = fieldCrypto(ctx);
  const columns: RotationReport["columns"] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    let done = 0;
    let after = "";
    for (;;) {
      const batch = await ctx.database.raw.query<{ k: string; v: string }>(
        `SELECT ${c.key}::text AS k, ${c.column} AS v FROM ${c.table}
          WHERE ${c.column} IS NOT NULL AND ${c.column} NOT LIKE $1 AND ${c.key}::text > $2 ORDER BY ${c.key}::text LIMIT $3`,
        [`v1:${cipher.activeKeyId}:%`, after, batchSize],
      );
      if (batch.rows.length === 0) break;
      await ctx.database.transaction(async (tx) => {
        for (const row of batch.rows) {
          const fresh = cipher.encrypt(cipher.decrypt(row.v, c), c);
          const upd = await tx.query(
            `UPDATE ${c.table} SET ${c.column} = $1 WHERE ${c.key}::text = $2 AND ${c.column} = $3 RETURNING 1`,
            [fresh, row.k, row.v],
          );
          done += upd.rows.length;
        }
      });
      after = batch.rows.at(-1)?.k ?? after;
      await opts.onBatch?.({ table: c.table, column: c.column, done });
    }
    const left = await ctx.database.raw.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM ${c.table} WHERE ${c.column} IS NOT NULL AND ${c.column} NOT LIKE $1`,
      [`v1:${cipher.activeKeyId}:%`],
    );
    columns.push({
      table: c.table,
      column: c.column,
      reencrypted: done,
      remainingOldKey: Number(left.rows[0]?.n ?? 0),
    });
  }
  const report: RotationReport = {
    previousKeyId,
    activeKeyId: cipher.activeKeyId,
    keySource: source.kind === "file" ? source.path : "TRACEWATER_KEYS",
    columns,
  };
  await appendAuditEvent(ctx, {
    actor: opts.actor ?? "cli",
    action: "keys.rotate",
    object: "field-keys",
    outcome: "success",
    details: { ...report },
  });
  return report;
}
