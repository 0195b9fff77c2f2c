/**
 * `packages/server/sql/app-role.sql` on a real PostgreSQL (issue #3: "the application's database role cannot
 * update or delete audit rows (enforced in PostgreSQL by grants/trigger)"). The script runs as the owner after
 * the migrations; then, connected as the application role, the whole app works (migrator, seeding, audit appends)
 * but UPDATE/DELETE/TRUNCATE of audit_event fail with 42501 — from the grants alone, even with the owner's trigger
 * disabled — and the role cannot disable the trigger itself. (Skipped when PostgreSQL is unavailable.)
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext } from "../services/context.js";
import { appendAuditEvent, verifyAuditLog } from "../services/security/audit-log.js";
import { openDatabase } from "./open-database.js";
import { createTestDatabase, postgresUnavailable, TEST_DATABASE_URL, type TestDatabase } from "./testing.js";

const SCRIPT = new URL("../../sql/app-role.sql", import.meta.url);
const role = `tw_app_${randomBytes(4).toString("hex")}`;

describe.skipIf(postgresUnavailable !== null)(
  "PostgreSQL application role without UPDATE/DELETE on audit_event",
  () => {
    let owner: TestDatabase;
    let appUrl: string;
    let app: pg.Client;

    beforeAll(async () => {
      owner = await createTestDatabase("postgres");
      const url = new URL(owner.url as string);
      const dbName = url.pathname.slice(1);
      const ownerCtx = await createAppContext({ database: owner.database, log: pino({ level: "silent" }) });
      await appendAuditEvent(ownerCtx, { actor: "owner", action: "setup", outcome: "success" });
      // the script as an operator runs it with psql (-v DBNAME is psql's own variable); here with a unique role name
      const sql = (await readFile(SCRIPT, "utf8"))
        .replaceAll("tracewater_app", role)
        .replaceAll(':"DBNAME"', `"${dbName}"`);
      await owner.database.raw.query(sql);
      url.username = role;
      appUrl = url.toString();
      app = new pg.Client({ connectionString: appUrl });
      await app.connect();
    }, 120_000);

    afterAll(async () => {
      await app?.end();
      await owner?.database.raw.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await owner?.close();
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await a.end();
    });

    it("as the application role the app opens (migrator up to date), seeds, appends audit events and verifies the chain", async () => {
      const database = await openDatabase({ databaseUrl: appUrl });
      try {
        const ctx = await createAppContext({ database, log: pino({ level: "silent" }) });
        await appendAuditEvent(ctx, { actor: "alice", action: "auth.login", outcome: "success" });
        expect(await verifyAuditLog(ctx)).toMatchObject({ ok: true, count: 2 });
        // ordinary tables stay writable
        await database.raw.query("UPDATE jurisdiction SET name_zh = name_zh WHERE code = '140400'");
      } finally {
        await database.close();
      }
    });

    it("UPDATE, DELETE, TRUNCATE of audit_event → 42501, and the role cannot disable the trigger", async () => {
      for (const sql of [
        "UPDATE audit_event SET actor = 'mallory'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
        "ALTER TABLE audit_event DISABLE TRIGGER USER",
      ])
        await expect(app.query(sql), sql).rejects.toMatchObject({ code: "42501" });
    });

    it("the grants alone block it: with the owner's trigger disabled, the role is still refused", async () => {
      await owner.database.raw.query("ALTER TABLE audit_event DISABLE TRIGGER USER");
      try {
        await expect(app.query("UPDATE audit_event SET actor = 'mallory'")).rejects.toThrow(/permission denied/);
        await expect(app.query("DELETE FROM audit_event")).rejects.toThrow(/permission denied/);
      } finally {
        await owner.database.raw.query("ALTER TABLE audit_event ENABLE TRIGGER USER");
      }
      const rows = await app.query("SELECT count(*)::int AS n FROM audit_event WHERE actor = 'mallory'");
      expect(rows.rows[0].n).toBe(0);
    });
  },
);
