/**
 * Memory settings of the embedded database (docs/performance.md, "Import"): PGlite 0.3.16 starts PostgreSQL with a
 * fixed `shared_buffers=128MB`; `openDatabase` gives it a module whose start-up arguments say 16 MB and
 * `wal_level=minimal`, and COPY input
 * goes through one reusable buffer per client.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BulkColumn, openDatabase, PGLITE_SHARED_BUFFERS_MB, PGLITE_WAL_LEVEL, pgliteWasmModule, type Database } from "./open-database.js";

describe("embedded database memory settings", () => {
  let database: Database;
  beforeAll(async () => {
    // a data directory, as in production: in-memory databases (tests) keep PGlite's own module (open-database.ts)
    database = await openDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), "tw-pglite-settings-")) });
  });
  afterAll(async () => {
    await database.close();
  });

  it("runs PostgreSQL with shared_buffers = 16 MB (PGlite's own build says 128 MB)", async () => {
    expect(PGLITE_SHARED_BUFFERS_MB).toBe(16);
    // fails when a PGlite upgrade no longer carries the `shared_buffers=128MB` argument: the patch is then skipped
    const res = await database.raw.query<{ shared_buffers: string }>("SHOW shared_buffers");
    expect(res.rows[0]?.shared_buffers).toBe("16MB");
  });

  it("runs PostgreSQL with wal_level = minimal (PGlite's own build says replica), so bulk loads into a new table skip the WAL", async () => {
    expect(PGLITE_WAL_LEVEL).toBe("minimal");
    // fails when a PGlite upgrade no longer carries the `min_wal_size=80MB` argument whose slot holds it
    const res = await database.raw.query<{ wal_level: string; min_wal_size: string }>(
      "SELECT current_setting('wal_level') AS wal_level, current_setting('min_wal_size') AS min_wal_size",
    );
    // min_wal_size keeps its value: 80MB is PostgreSQL's built-in default (5 × 16 MB segments)
    expect(res.rows[0]).toEqual({ wal_level: "minimal", min_wal_size: "80MB" });
  });

  it("patches the module for 128 MB too (wal_level) and rejects sizes outside 1–128 MB", async () => {
    await expect(pgliteWasmModule(128)).resolves.toBeInstanceOf(WebAssembly.Module);
    await expect(pgliteWasmModule(0)).rejects.toThrow(/1–128 MB/);
    await expect(pgliteWasmModule(1.5)).rejects.toThrow(/1–128 MB/);
    // compiled once per size: the same promise
    expect(pgliteWasmModule(16)).toBe(pgliteWasmModule(16));
  });

  it("COPY input reuses its buffer: a shorter second COPY after a longer one carries no leftover bytes", async () => {
    await database.raw.exec("CREATE TEMP TABLE copy_probe (k int, v text)");
    const cols: BulkColumn[] = [
      { name: "k", type: "int4" },
      { name: "v", type: "text" },
    ];
    // multi-byte text (3 bytes per CJK character in UTF-8) so byte and character lengths differ
    await database.raw.bulkInsert("copy_probe", cols, [
      [1, "甲基苯丙胺 methamphetamine"],
      [2, "氯胺酮"],
      [3, "a,b"],
    ]);
    await database.raw.bulkInsert("copy_probe", cols, [[4, "吗啡"]]);
    const rows = await database.raw.query<{ k: number; v: string }>("SELECT k, v FROM copy_probe ORDER BY k");
    expect(rows.rows).toEqual([
      { k: 1, v: "甲基苯丙胺 methamphetamine" },
      { k: 2, v: "氯胺酮" },
      { k: 3, v: "a,b" },
      { k: 4, v: "吗啡" },
    ]);
  });
});
