/**
 * Opens the database: embedded PGlite (default, files in `<dataDir>/pglite`) or PostgreSQL when a
 * `databaseUrl` (env `DATABASE_URL`) is given, and applies the drizzle-kit migrations with drizzle's
 * migrator for the chosen driver. Both backends are exposed through the same `Database` shape.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import lockfile from "proper-lockfile";
import { SERVER_DIR } from "../package-dir.js";
import { BLOB_BYTES, installFastBlobDevice } from "./pglite-blob-device.js";
import * as schema from "./schema.js";

/** The SQL migrations (drizzle-kit), read at every start (sources and production bundle alike: `package-dir.ts`). */
export const MIGRATIONS_DIR = path.join(SERVER_DIR, "src", "storage", "migrations");

/** Drizzle database typed with our schema (same API for both drivers). */
export type AppDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Column of a bulk load: name and PostgreSQL type (used for the unnest cast on PostgreSQL). */
export interface BulkColumn {
  name: string;
  type: "text" | "date" | "float8" | "int4" | "uuid" | "bool" | "jsonb" | "timestamptz";
}

/** Raw SQL access shared by both backends. Dates come back as `YYYY-MM-DD` strings, timestamps as `Date`. */
export interface SqlClient {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows into `table` — PGlite: `COPY … FROM '/dev/blob'` (CSV); PostgreSQL: one
   * `INSERT … SELECT FROM unnest($1::type[], …)` per call. Values: string | number | boolean | null.
   */
  bulkInsert(table: string, columns: BulkColumn[], rows: unknown[][]): Promise<void>;
  /**
   * PGlite only: `COPY table (columns) FROM '/dev/blob' WITH (FORMAT binary)` of bytes in PostgreSQL's binary COPY
   * format built by the caller (`imports/copy-binary.ts`); the bytes are copied before the call returns.
   */
  copyBinary?(table: string, columns: readonly string[], bytes: Uint8Array): Promise<void>;
}

export interface TxClient extends SqlClient {
  db: AppDb;
}

export interface Database {
  kind: "pglite" | "postgres";
  db: AppDb;
  raw: SqlClient;
  /** Runs `fn` in one transaction (PGlite: exclusive — other queries wait until it ends). */
  transaction<T>(fn: (tx: TxClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Data directory; PGlite files go to `<dataDir>/pglite`. Default `$TRACEWATER_DATA_DIR` or `./var`. */
  dataDir?: string;
  /** `memory://` for an in-memory PGlite (tests). */
  pgliteDataDir?: string;
  /** PostgreSQL connection string; when set PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** Apply migrations (default true). */
  migrate?: boolean;
}

/**
 * `shared_buffers` of the embedded database, MB (default 16; env `TRACEWATER_PGLITE_SHARED_BUFFERS_MB`, 1–128).
 * PGlite 0.3.16 starts PostgreSQL with a fixed `-c shared_buffers=128MB` and offers no option for it (nor does
 * `ALTER SYSTEM`/postgresql.conf override a command-line setting), and the buffer pool lives in the WASM heap,
 * which never shrinks: a 1M-row import touches all 128 MB of it. With 16 MB the process needs ≈ 110 MB less
 * (start: 285 → 176 MB; 1M-row import peak: docs/performance.md); evicted pages go to the OS page cache through
 * Emscripten's NODEFS, so the cost of a smaller pool is a `write` call per evicted page.
 */
export const PGLITE_SHARED_BUFFERS_MB = 16;

const SHARED_BUFFERS_ARG = "shared_buffers=128MB\0";
/**
 * PGlite 0.3.16 also passes `-c min_wal_size=80MB`, which is PostgreSQL's built-in default (5 × 16 MB segments), so
 * its slot is free: it carries `wal_level=minimal` instead (17 characters, the slot's length). With `wal_level`
 * `minimal`, data written into a table created or truncated in the same transaction is not written to the WAL; the
 * table's files are synced at commit instead (PostgreSQL 15 documentation, 20.5.1 `wal_level` and `wal_skip_threshold`;
 * 14.4.7 "Disable WAL Archival and Streaming Replication"). A bulk import into an empty table (imports/bulk-load.ts)
 * then writes its pages once instead of twice. Nothing is lost: the embedded database has no replicas and no WAL
 * archive, and crash recovery is the same at every `wal_level`. PostgreSQL normally refuses `minimal` while
 * `max_wal_senders` > 0, but that check belongs to the postmaster; PGlite runs PostgreSQL in single-user mode,
 * where no WAL sender can exist (`storage/pglite-memory.test.ts` checks that it starts and says `minimal`).
 */
const MIN_WAL_SIZE_ARG = "min_wal_size=80MB\0";
const WAL_LEVEL_ARG = "wal_level=minimal";
/** The embedded database's `wal_level` (see {@link MIN_WAL_SIZE_ARG}). */
export const PGLITE_WAL_LEVEL = "minimal";
const wasmModules = new Map<number, Promise<WebAssembly.Module | undefined>>();

/** Replaces the NUL-terminated start-up argument `needle` by `value` (NUL-padded); false unless found exactly once. */
function replaceArgument(bytes: Buffer, needle: string, value: string): boolean {
  const from = Buffer.from(needle, "latin1");
  const at = bytes.indexOf(from);
  if (at < 0 || bytes.indexOf(from, at + 1) >= 0 || value.length >= from.length) return false;
  const replacement = Buffer.alloc(from.length); // NUL-padded
  replacement.write(value, "latin1");
  replacement.copy(bytes, at);
  return true;
}

/**
 * The PGlite WASM module with the start-up argument `shared_buffers=128MB` replaced by `shared_buffers=<mb>MB` and
 * `min_wal_size=80MB` by `wal_level=minimal` (the arguments are NUL-terminated strings in the module's data segment;
 * PGlite's public `wasmModule` option takes the compiled module). Compiled once per process and size (also saves the
 * compile on every open). Returns undefined (PGlite's own module: 128 MB, `wal_level` replica) when either argument
 * is not found exactly once (another PGlite build; `storage/pglite-memory.test.ts` notices).
 * @throws Error when `sharedBuffersMb` is not an integer 1–128
 */
export function pgliteWasmModule(sharedBuffersMb: number): Promise<WebAssembly.Module | undefined> {
  let m = wasmModules.get(sharedBuffersMb);
  if (!m) {
    m = (async () => {
      if (!Number.isInteger(sharedBuffersMb) || sharedBuffersMb < 1 || sharedBuffersMb > 128) {
        throw new Error(`shared_buffers must be an integer 1–128 MB, got ${sharedBuffersMb}`);
      }
      const require = createRequire(import.meta.url);
      const wasmPath = path.join(path.dirname(require.resolve("@electric-sql/pglite")), "pglite.wasm");
      const bytes = readFileSync(wasmPath);
      if (!replaceArgument(bytes, MIN_WAL_SIZE_ARG, WAL_LEVEL_ARG)) return undefined;
      if (sharedBuffersMb !== 128 && !replaceArgument(bytes, SHARED_BUFFERS_ARG, `shared_buffers=${sharedBuffersMb}MB`)) {
        return undefined;
      }
      return WebAssembly.compile(bytes);
    })();
    wasmModules.set(sharedBuffersMb, m);
  }
  return m;
}

/** The configured `shared_buffers` of the embedded database, MB (see {@link PGLITE_SHARED_BUFFERS_MB}). */
export function pgliteSharedBuffersMb(): number {
  const env = process.env.TRACEWATER_PGLITE_SHARED_BUFFERS_MB;
  return env ? Number(env) : PGLITE_SHARED_BUFFERS_MB;
}

/** Default data directory: `$TRACEWATER_DATA_DIR` or `./var` (relative to the working directory). */
export function defaultDataDir(): string {
  return path.resolve(process.env.TRACEWATER_DATA_DIR ?? "var");
}

const DATE_OID = 1082;

/** Encodes one CSV field for PostgreSQL COPY (FORMAT csv): NULL = empty unquoted; strings quoted when needed. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`bulkInsert: non-finite number ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "t" : "f";
  const s = String(v);
  // quote only when needed: empty (unquoted empty = NULL), separators/quotes/line breaks, or edge spaces
  if (s === "" || /[",\n\r\\]|^\s|\s$/.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

function toCsv(rows: unknown[][]): string {
  const parts: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as unknown[];
    let line = "";
    for (let j = 0; j < r.length; j++) {
      if (j > 0) line += ",";
      line += csvField(r[j]);
    }
    parts[i] = line;
  }
  return parts.join("\n") + "\n";
}

type PgliteLike = Pick<PGlite, "query" | "exec">;

/** Largest COPY input kept in the reusable buffer of {@link CopyInput}; bigger inputs get their own buffer. */
const COPY_BUFFER_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The `blob` option of a PGlite `COPY … FROM '/dev/blob'` for CSV text. PGlite 0.3.16 only calls `arrayBuffer()` on
 * it (and reads the bytes during the query); a real `Blob` made from a string costs a UTF-8 encode plus Node 20's
 * chunked `Blob.arrayBuffer()` (≈ 2 s of a 1M-row import, docs/performance.md), so the encoded bytes are handed over
 * directly. The bytes are encoded into one resizable `ArrayBuffer` reused for every COPY of the client (queries of a
 * PGlite client run one at a time): a 1M-row import made ≈ 100 such buffers of 2.5 MB each, which stayed alive
 * until a major GC (up to ≈ 80 MB of `arrayBuffers`).
 */
class CopyInput {
  private buffer: ArrayBuffer | null = null;

  /** An `ArrayBuffer` of exactly `n` bytes: the reusable one when it is big enough. */
  private sized(n: number): ArrayBuffer {
    if (n > COPY_BUFFER_MAX_BYTES) return new ArrayBuffer(n);
    this.buffer ??= new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer)(0, {
      maxByteLength: COPY_BUFFER_MAX_BYTES,
    });
    (this.buffer as unknown as { resize(n: number): void }).resize(n);
    return this.buffer;
  }

  blob(csv: string): Blob {
    const n = Buffer.byteLength(csv, "utf8");
    const buffer = this.sized(n);
    Buffer.from(buffer).write(csv, "utf8");
    return { arrayBuffer: async () => buffer, size: n } as unknown as Blob;
  }

  /**
   * Binary COPY input: the fast `/dev/blob` device (`pglite-blob-device.ts`) reads `bytes` itself ({@link BLOB_BYTES});
   * only PGlite's own device calls `arrayBuffer()`, which copies them into the reusable buffer.
   */
  bytes(bytes: Uint8Array): Blob {
    return {
      [BLOB_BYTES]: bytes,
      arrayBuffer: async () => {
        const buffer = this.sized(bytes.byteLength);
        new Uint8Array(buffer).set(bytes);
        return buffer;
      },
      size: bytes.byteLength,
    } as unknown as Blob;
  }
}

function pgliteClient(c: PgliteLike): SqlClient {
  const input = new CopyInput();
  return {
    async query(text, params) {
      const res = await c.query(text, params ?? []);
      return { rows: res.rows as never[] };
    },
    async exec(text) {
      await c.exec(text);
    },
    async bulkInsert(table, columns, rows) {
      if (rows.length === 0) return;
      const cols = columns.map((c) => c.name).join(", ");
      await c.query(`COPY ${table} (${cols}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: input.blob(toCsv(rows)),
      });
    },
    async copyBinary(table, columns, bytes) {
      await c.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: input.bytes(bytes) });
    },
  };
}

type PgQueryable = Pick<pg.PoolClient, "query">;

function postgresClient(c: PgQueryable): SqlClient {
  return {
    async query(text, params) {
      const res = await c.query(text, params ?? []);
      return { rows: res.rows };
    },
    async exec(text) {
      await c.query(text);
    },
    async bulkInsert(table, columns, rows) {
      if (rows.length === 0) return;
      const arrays = columns.map((_, j) => rows.map((r) => (r[j] === undefined ? null : r[j])));
      const cols = columns.map((c) => c.name).join(", ");
      const unnest = columns.map((c, j) => `$${j + 1}::${c.type}[]`).join(", ");
      await c.query(`INSERT INTO ${table} (${cols}) SELECT * FROM unnest(${unnest})`, arrays);
    },
  };
}

/** Opens PGlite or PostgreSQL and applies migrations. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const databaseUrl = options.databaseUrl;
  const database = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(options);
  if (options.migrate !== false) {
    if (database.kind === "pglite") {
      await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    } else {
      await migrateNodePg(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    }
  }
  return database;
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  let dir = options.pgliteDataDir;
  let release: (() => Promise<void>) | null = null;
  if (!dir) {
    const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
    dir = path.join(dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    release = await lockDataDir(dir);
  }
  let client: PGlite;
  try {
    const inMemory = dir.startsWith("memory://");
    // a new data directory is created (initdb) by PGlite's own module: PGlite's initdb under the patched start-up
    // arguments crashed ("memory access out of bounds") depending on the process's argv/env layout — seen with the
    // production bundle started from some paths; opening an existing directory with them never did. In-memory
    // databases (tests) cannot be reopened, so they keep PGlite's own module and settings.
    if (!inMemory && !existsSync(path.join(dir, "PG_VERSION"))) await (await PGlite.create({ dataDir: dir })).close();
    const wasmModule = inMemory ? undefined : await pgliteWasmModule(pgliteSharedBuffersMb());
    client = await PGlite.create({
      dataDir: dir,
      parsers: { [DATE_OID]: (v: string) => v },
      ...(wasmModule ? { wasmModule } : {}),
    });
    installFastBlobDevice(client);
  } catch (err) {
    await release?.();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as AppDb;
  return {
    kind: "pglite",
    db,
    raw: pgliteClient(client),
    transaction(fn) {
      return client.transaction(async (tx) => {
        const txDb = drizzlePglite({ client: tx as unknown as PGlite, schema }) as unknown as AppDb;
        return fn({ ...pgliteClient(tx as unknown as PgliteLike), db: txDb });
      });
    },
    async close() {
      await client.close();
      await release?.();
    },
  };
}

/** Thrown when another process has the embedded database of a data directory open. */
export class DatabaseInUseError extends Error {
  constructor(readonly pgliteDir: string) {
    super(
      `the embedded database in ${pgliteDir} is in use by another Tracewater process (a running "tracewater serve"?). ` +
        "Stop that process first, or use a PostgreSQL server (DATABASE_URL) for concurrent access.",
    );
    this.name = "DatabaseInUseError";
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory would corrupt it. Takes an
 * exclusive lock (`proper-lockfile`: a lock directory beside the data dir, refreshed every 5 s, stale after 15 s
 * so a crashed process does not block the next start; released on exit) and returns its release function.
 * @throws DatabaseInUseError when a live process holds the lock
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dir, { lockfilePath: `${dir}.lock`, stale: 15_000, update: 5_000, realpath: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new DatabaseInUseError(dir);
    throw err;
  }
}

async function openPostgres(connectionString: string): Promise<Database> {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as never)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString, max: 8, types });
  // An idle pooled connection that the server ends (restart, pg_terminate_backend, DROP DATABASE … WITH (FORCE))
  // is reported as a pool "error" event; unhandled, it would crash the process (node-postgres docs, "Pool: events
  // — error"). The pool has already discarded that client and the next query connects anew, so only warn.
  pool.on("error", (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`, "TracewaterPgPool"));
  // fail fast when the server is unreachable
  const probe = await pool.connect();
  probe.release();
  const db = drizzleNodePg({ client: pool, schema }) as unknown as AppDb;
  return {
    kind: "postgres",
    db,
    raw: postgresClient(pool),
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query("BEGIN");
        const txDb = drizzleNodePg({ client: conn, schema }) as unknown as AppDb;
        const result = await fn({ ...postgresClient(conn), db: txDb });
        await conn.query("COMMIT");
        return result;
      } catch (error) {
        await conn.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
