/**
 * The application context every service takes first: the open database, the active parameter set, the
 * data directory, a logger and the clock.
 */
import type { ParameterSet } from "@tracewater/core";
import pino from "pino";
import { defaultDataDir, openDatabase, type Database } from "../storage/open-database.js";
import { seedAnalytes, seedParameterSet } from "./reference/seed-reference.js";
import { seedChangzhiJurisdictions } from "./security/jurisdictions.js";

export interface AppContext {
  database: Database;
  /** the parameter set used for derived values (consumption, doses); its `version` is recorded with them */
  parameterSet: ParameterSet;
  dataDir: string;
  log: pino.Logger;
  now(): Date;
}

export interface CreateAppContextOptions {
  /** default `$TRACEWATER_DATA_DIR` or `./var` */
  dataDir?: string;
  /** PostgreSQL connection string (default `$DATABASE_URL`); PGlite when absent */
  databaseUrl?: string;
  /** an already opened database (tests); migrations are still applied by `openDatabase` when it opened it */
  database?: Database;
  /** `memory://` for an in-memory PGlite (tests) */
  pgliteDataDir?: string;
  log?: pino.Logger;
  now?: () => Date;
}

/**
 * Opens the database (applying migrations), seeds the analyte catalogue and the bundled parameter set.
 * Does NOT import the bundled EUDA data (see `seedBundledData`, called by `tracewater serve`).
 */
export async function createAppContext(options: CreateAppContextOptions = {}): Promise<AppContext> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const databaseUrl = options.databaseUrl ?? (process.env.DATABASE_URL || undefined);
  const database =
    options.database ??
    (await openDatabase({ dataDir, databaseUrl, ...(options.pgliteDataDir ? { pgliteDataDir: options.pgliteDataDir } : {}) }));
  const now = options.now ?? (() => new Date());
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? "info" }, pino.destination(2));
  await seedAnalytes(database);
  const parameterSet = await seedParameterSet(database, now());
  const ctx: AppContext = { database, parameterSet, dataDir, log, now };
  // jurisdiction tree of 长治市 (city + 12 counties, idempotent) — issue #3
  await seedChangzhiJurisdictions(ctx);
  return ctx;
}
