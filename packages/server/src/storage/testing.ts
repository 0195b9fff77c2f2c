/**
 * Test helper: runs ONE suite against a fresh in-memory PGlite and a fresh PostgreSQL database
 * (`tw_test_<random>` created on TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, dropped after).
 * When PostgreSQL is unreachable the PostgreSQL half FAILS under CI=true and is skipped with a loud warning
 * otherwise.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { openDatabase, type Database } from "./open-database.js";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** null when PostgreSQL answers, else the connection error. */
export const postgresUnavailable: string | null = await probePostgres();

export type BackendKind = "pglite" | "postgres";

export interface TestDatabase {
  database: Database;
  kind: BackendKind;
  /** PostgreSQL: connection string of the fresh database; PGlite: null */
  url: string | null;
  close(): Promise<void>;
}

/** Creates a fresh database of the given kind with migrations applied. */
export async function createTestDatabase(kind: BackendKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await openDatabase({ pgliteDataDir: "memory://" });
    return { database, kind, url: null, close: () => database.close() };
  }
  const name = `tw_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    kind,
    url: url.toString(),
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * Declares `suite` twice: `<name> [pglite]` and `<name> [postgres]`. The handle's `database` is valid inside
 * tests and hooks (after the backend's beforeAll). `setup` runs once per backend after the database is open.
 */
export function withTestDatabases<H extends object = object>(
  name: string,
  suite: (handle: { readonly database: Database; readonly kind: BackendKind; readonly extra: H }) => void,
  setup?: (database: Database) => Promise<H>,
): void {
  for (const kind of ["pglite", "postgres"] as const) {
    if (kind === "postgres" && postgresUnavailable) {
      if (process.env.CI === "true") {
        describe(`${name} [postgres]`, () => {
          it("PostgreSQL is reachable", () => {
            throw new Error(`PostgreSQL unreachable at ${TEST_DATABASE_URL}: ${postgresUnavailable}`);
          });
        });
      } else {
        console.warn(`\n!!! PostgreSQL unreachable at ${TEST_DATABASE_URL} — SKIPPING "${name} [postgres]" (${postgresUnavailable})\n`);
        describe.skip(`${name} [postgres]`, () => suite({ database: undefined as never, kind, extra: undefined as never }));
      }
      continue;
    }
    describe(`${name} [${kind}]`, () => {
      let test: TestDatabase | undefined;
      let extra: H | undefined;
      const handle = {
        get database(): Database {
          if (!test) throw new Error("test database not open yet (use it inside tests/hooks)");
          return test.database;
        },
        kind,
        get extra(): H {
          if (extra === undefined) throw new Error("setup not run yet");
          return extra;
        },
      };
      beforeAll(async () => {
        test = await createTestDatabase(kind);
        extra = setup ? await setup(test.database) : ({} as H);
      });
      afterAll(async () => {
        await test?.close();
      });
      suite(handle);
    });
  }
}
