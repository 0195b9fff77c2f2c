/**
 * Bulk-load mode of a large import into an empty table (PGlite): the table's indexes and primary/unique
 * constraints are dropped before the first row and rebuilt after the last, inside the import transaction. Building
 * a b-tree by one sort is several times cheaper than inserting a million keys one by one (measured in
 * docs/performance.md); unique constraints are checked again when rebuilt, so a violation still fails the
 * transaction. Only for empty tables: rebuilding costs time in proportion to the whole table. Not used on
 * PostgreSQL (DROP INDEX takes an exclusive lock that would block readers for the whole import).
 * The emptied table is also truncated, so that with `wal_level` minimal its new rows skip the WAL (see
 * {@link dropIndexesIfEmpty}).
 */
import type { SqlClient } from "../storage/open-database.js";

export interface DroppedIndexes {
  table: string;
  /** `ALTER TABLE … ADD CONSTRAINT …` / `CREATE INDEX …` statements that recreate what was dropped */
  recreate: string[];
}

/** Drops the indexes of `table` when it has no row; returns how to recreate them, or null (not empty). */
export async function dropIndexesIfEmpty(tx: SqlClient, table: string): Promise<DroppedIndexes | null> {
  const empty = await tx.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
  if (!empty.rows[0]?.empty) return null;
  const constraints = await tx.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY conname`,
    [table],
  );
  const indexes = await tx.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
      ORDER BY i.relname`,
    [table],
  );
  const recreate = [
    ...constraints.rows.map((c) => `ALTER TABLE ${table} ADD CONSTRAINT "${c.name}" ${c.def}`),
    ...indexes.rows.map((i) => i.def),
  ];
  const drop = [
    ...constraints.rows.map((c) => `ALTER TABLE ${table} DROP CONSTRAINT "${c.name}";`),
    ...indexes.rows.map((i) => `DROP INDEX "${i.name}";`),
  ];
  // TRUNCATE gives the (empty) table a new file created in this transaction: with the embedded database's
  // `wal_level` minimal (storage/open-database.ts) the COPY and the index rebuild then skip the WAL and the files are
  // synced at commit — the pages are written once instead of twice. No table references `sample` or `measurement`
  // by a foreign key (TRUNCATE would refuse).
  await tx.exec(`${drop.join("\n")}\nTRUNCATE ${table};`);
  return { table, recreate };
}

/**
 * `maintenance_work_mem` (MB) for the index rebuild, instead of PostgreSQL's 64 MB default: the sort memory is taken
 * from PGlite's WASM heap, which never shrinks, so 64 MB made a 1M-row import's process ≈ 70 MB bigger for good.
 * With 16 MB the sort spills to temporary files (the OS page cache); rebuilding the 1M-row indexes took the same time
 * within the noise of the measurement (docs/performance.md).
 */
export const INDEX_BUILD_MEMORY_MB = 16;

/** Rebuilds what {@link dropIndexesIfEmpty} dropped (with `SET LOCAL maintenance_work_mem`, see {@link INDEX_BUILD_MEMORY_MB}). */
export async function recreateIndexes(tx: SqlClient, d: DroppedIndexes): Promise<void> {
  await tx.exec(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY_MB}MB'`);
  for (const sql of d.recreate) await tx.exec(sql);
}
