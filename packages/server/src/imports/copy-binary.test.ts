/**
 * The binary COPY writer against PGlite's own binary COPY input (PostgreSQL's `*_recv` functions): every type the
 * measurement fast path writes, NULLs, non-ASCII text, dates before and after 2000-01-01, and ids from `IdSequence`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../storage/open-database.js";
import { BinaryCopyWriter, PG_EPOCH_UNIX_DAYS, uuidBytes } from "./copy-binary.js";
import { IdSequence } from "./ids.js";

const DAY_MS = 86_400_000;

describe("BinaryCopyWriter", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: "memory://" });
    await database.raw.exec("CREATE TEMP TABLE bin_probe (id uuid, other uuid, d date, t text, f float8, ts timestamptz)");
  });
  afterAll(async () => {
    await database.close();
  });

  it("writes rows PostgreSQL reads back exactly", async () => {
    expect(PG_EPOCH_UNIX_DAYS).toBe(Date.UTC(2000, 0, 1) / DAY_MS);
    const ids = new IdSequence("01890a5d-ac96-774b-bcce-b302099a8057");
    const other = "0193b2a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b";
    const rows: Array<[number, string, string | null, number | null, string]> = [
      [0, "2025-03-10", "12.5", 0.1, "2026-11-30T01:02:03.456Z"],
      [1, "1999-12-31", "甲基苯丙胺 <LOQ", 1e-300, "1999-12-31T23:59:59.999Z"],
      [65_535, "2000-01-01", null, null, "2000-01-01T00:00:00.000Z"],
      [65_536, "2024-02-29", "", -0, "2024-02-29T12:00:00.000Z"],
      [2 ** 40, "1970-01-01", "ñ", 123_456.789, "1970-01-01T00:00:00.000Z"],
    ];
    const w = new BinaryCopyWriter(64); // tiny initial buffer: exercises growth
    w.begin();
    for (const [seq, date, text, f, ts] of rows) {
      w.tuple(6);
      w.uuidOfSequence(ids, seq);
      w.uuid(uuidBytes(other));
      w.date(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
      if (text === "") w.cachedText(text);
      else w.text(text);
      w.float8(f);
      w.timestamptz(Date.parse(ts));
    }
    await database.raw.copyBinary!("bin_probe", ["id", "other", "d", "t", "f", "ts"], w.end());
    const res = await database.raw.query<{ id: string; other: string; d: string; t: string | null; f: number | null; ts: string }>(
      "SELECT id::text, other::text, d::text AS d, t, f, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS ts FROM bin_probe",
    );
    const asUuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    // toEqual compares numbers with Object.is: -0 and 1e-300 come back bit-exact (no text round trip)
    expect(res.rows).toEqual(
      rows.map(([seq, date, text, f, ts]) => ({ id: asUuid(ids.id(seq)), other, d: date, t: text, f: f === null ? null : f, ts })),
    );
  });

  it("rejects a malformed uuid", () => {
    expect(() => uuidBytes("not-a-uuid")).toThrow(/not a uuid/);
  });
});
