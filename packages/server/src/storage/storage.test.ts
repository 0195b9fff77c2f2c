import { uuidv7 } from "uuidv7";
import { expect, it } from "vitest";
import { withTestDatabases } from "./testing.js";

withTestDatabases("storage", (h) => {
  it("applies the migrations: every table of the schema exists", async () => {
    const res = await h.database.raw.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const names = res.rows.map((r) => r.table_name);
    for (const t of ["analyte", "app_user", "import_batch", "measurement", "parameter_entry", "parameter_set", "sample", "session", "site", "site_year_stats"]) {
      expect(names).toContain(t);
    }
  });

  it("bulkInsert round-trips quotes, commas, newlines, CJK text and nulls", async () => {
    const rows = [
      ['a "quoted", value', "2024-03-13", 1.25, true],
      ["多行\n文本，逗号", "2011-01-01", null, false],
      [null, null, -0.5, null],
    ];
    const got = await h.database.transaction(async (tx) => {
      await tx.exec("CREATE TEMP TABLE t_bulk (s text, d date, x float8, b bool) ON COMMIT DROP");
      await tx.bulkInsert(
        "t_bulk",
        [
          { name: "s", type: "text" },
          { name: "d", type: "date" },
          { name: "x", type: "float8" },
          { name: "b", type: "bool" },
        ],
        rows,
      );
      return (await tx.query<{ s: string | null; d: string | null; x: number | null; b: boolean | null }>("SELECT * FROM t_bulk")).rows;
    });
    expect(got.map((r) => [r.s, r.d, r.x, r.b])).toEqual(rows);
  });

  it("the partial unique index allows one current measurement per site×analyte×date×quantity, superseded ones unlimited", async () => {
    const db = h.database.raw;
    const now = new Date("2024-01-01T00:00:00Z");
    const batch = uuidv7();
    const siteId = uuidv7();
    const sampleId = uuidv7();
    await db.query(
      `INSERT INTO import_batch (id, file_name, sha256, format, encoding, rows, status, counts, errors, created_at)
       VALUES ($1,'f.csv','x','lab-long','utf-8',1,'imported','{}'::jsonb,'[]'::jsonb,$2)`,
      [batch, now],
    );
    await db.query("INSERT INTO site (id, code, name, kind, source, created_at) VALUES ($1,'S1','S1','wwtp_influent','lab',$2)", [siteId, now]);
    await db.query("INSERT INTO sample (id, site_id, sample_date, import_batch_id) VALUES ($1,$2,'2024-03-13',$3)", [sampleId, siteId, batch]);
    const insert = (id: string, superseded: string | null) =>
      db.query(
        `INSERT INTO measurement (id, sample_id, site_id, sample_date, analyte_code, quantity, value_canonical, detection, revision, superseded_by, import_batch_id, recorded_at)
         VALUES ($1,$2,$3,'2024-03-13','methamphetamine','concentration',1,'detected',1,$4,$5,$6)`,
        [id, sampleId, siteId, superseded, batch, now],
      );
    const a = uuidv7();
    await insert(a, null);
    await expect(insert(uuidv7(), null)).rejects.toThrow(/duplicate key|unique/i);
    await insert(uuidv7(), a);
    await insert(uuidv7(), a);
    const n = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM measurement WHERE site_id = $1", [siteId]);
    expect(n.rows[0]?.n).toBe(3);
  });

  it("a failing transaction writes nothing", async () => {
    const before = await h.database.raw.query<{ n: number }>("SELECT count(*)::int AS n FROM site");
    await expect(
      h.database.transaction(async (tx) => {
        await tx.query("INSERT INTO site (id, code, name, kind, source, created_at) VALUES ($1,'TX1','TX1','manhole','lab',now())", [uuidv7()]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const after = await h.database.raw.query<{ n: number }>("SELECT count(*)::int AS n FROM site");
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it("drizzle works on the same database and inside transactions", async () => {
    const { site } = await import("./schema.js");
    const { eq } = await import("drizzle-orm");
    await h.database.transaction(async (tx) => {
      await tx.db.insert(site).values({ id: uuidv7(), code: "DZ1", name: "Drizzle", kind: "manhole", source: "lab", createdAt: new Date() });
    });
    const rows = await h.database.db.select().from(site).where(eq(site.code, "DZ1"));
    expect(rows.map((r) => r.name)).toEqual(["Drizzle"]);
  });
});
