/**
 * The memcpy `/dev/blob` device (pglite-blob-device.ts) on the pinned PGlite: it must be installed (else an upgrade
 * changed the internals it relies on and imports silently lose their speed), and every COPY through it must read
 * exactly the bytes given — across PostgreSQL's 64 KB read requests, from a view with an offset, and for text with
 * multi-byte characters.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BLOB_BYTES, installFastBlobDevice } from "./pglite-blob-device.js";
import { openDatabase, type Database } from "./open-database.js";

describe("fast /dev/blob device", () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create();
  });
  afterAll(async () => {
    await pg.close();
  });

  it("installs on PGlite 0.3.16 (once) and refuses an object without PGlite's internals", () => {
    expect(installFastBlobDevice(pg)).toBe(true);
    expect(installFastBlobDevice(pg)).toBe(true);
    expect(installFastBlobDevice({} as PGlite)).toBe(false);
  });

  it("copies a CSV of several 64 KB reads exactly, multi-byte text included", async () => {
    await pg.exec("CREATE TABLE probe (k int, v text)");
    const rows = Array.from({ length: 5000 }, (_, k) => `${k},"甲基苯丙胺 ${k} ${"x".repeat(k % 37)}"`);
    const csv = `${rows.join("\n")}\n`;
    const bytes = new TextEncoder().encode(csv);
    expect(bytes.length).toBeGreaterThan(3 * 65_536);
    await pg.query("COPY probe FROM '/dev/blob' WITH (FORMAT csv)", [], { blob: new Blob([bytes]) });
    const r = await pg.query<{ n: number; total: number; last: string }>(
      "SELECT count(*)::int AS n, sum(length(v))::int AS total, (SELECT v FROM probe WHERE k = 4999) AS last FROM probe",
    );
    // length(v) counts characters: "甲基苯丙胺 " (6) + digits of k + 1 space + k mod 37 × "x"
    let total = 0;
    for (let k = 0; k < 5000; k++) total += 6 + String(k).length + 1 + (k % 37);
    expect(r.rows[0]).toEqual({ n: 5000, total, last: `甲基苯丙胺 4999 ${"x".repeat(4999 % 37)}` });
  });

  it("reads a view with an offset given under BLOB_BYTES, not the whole buffer behind it", async () => {
    await pg.exec("CREATE TABLE probe2 (v text)");
    const whole = new TextEncoder().encode("garbage\nfirst\nsecond\ngarbage\n");
    const view = whole.subarray(8, 21); // "first\nsecond\n"
    const blob = {
      [BLOB_BYTES]: view,
      arrayBuffer: async () => view.slice().buffer,
      size: view.length,
    } as unknown as Blob;
    await pg.query("COPY probe2 FROM '/dev/blob'", [], { blob });
    expect((await pg.query<{ v: string }>("SELECT v FROM probe2")).rows.map((r) => r.v)).toEqual(["first", "second"]);
  });

  it("fails a COPY FROM '/dev/blob' without a blob as an SQL error, and the session goes on (COPY TO '/dev/blob')", async () => {
    await expect(pg.query("COPY probe2 FROM '/dev/blob'")).rejects.toThrow(/could not read from COPY file/);
    const out = await pg.query("COPY (SELECT v FROM probe2 ORDER BY v) TO '/dev/blob'");
    expect(await out.blob?.text()).toBe("first\nsecond\n");
  });
});

describe("the embedded database uses it", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: "memory://" });
  });
  afterAll(async () => {
    await database.close();
  });

  it("has the device installed: a blob given only under BLOB_BYTES is read (PGlite's own device would call arrayBuffer())", async () => {
    const client = (database.db as unknown as { $client: PGlite }).$client;
    await client.exec("CREATE TEMP TABLE probe4 (v text)");
    const view = new TextEncoder().encode("only-the-view\n");
    const blob = {
      [BLOB_BYTES]: view,
      arrayBuffer: async () => {
        throw new Error("arrayBuffer() must not be called");
      },
    } as unknown as Blob;
    await client.query("COPY probe4 FROM '/dev/blob'", [], { blob });
    expect((await client.query<{ v: string }>("SELECT v FROM probe4")).rows).toEqual([{ v: "only-the-view" }]);
  });

  it("loads a binary COPY (the import's path) through the device", async () => {
    await database.raw.exec("CREATE TEMP TABLE probe3 (k int8)");
    // binary COPY: signature, flags, extension length; one tuple of one int8 field; trailer
    const b = new Uint8Array(19 + 2 + 4 + 8 + 2);
    const v = new DataView(b.buffer);
    b.set([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
    v.setInt16(19, 1);
    v.setInt32(21, 8);
    v.setBigInt64(25, 1234567890123n);
    v.setInt16(33, -1);
    await database.raw.copyBinary?.("probe3", ["k"], b);
    expect((await database.raw.query<{ k: string }>("SELECT k::text AS k FROM probe3")).rows).toEqual([
      { k: "1234567890123" },
    ]);
  });
});
