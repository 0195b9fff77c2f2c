/**
 * Shared CLI plumbing: exit codes, context creation, JSON vs human output, error mapping.
 * Exit codes: 0 success; 2 invalid input (bad options/arguments, unknown site/analyte, rejected file —
 * nothing written); 1 any other failure.
 */
import pino from "pino";
import { type AppContext, createAppContext } from "../services/context.js";
import { AuthError, ConflictError, InvalidInputError, NotFoundError } from "../services/errors.js";
import { DatabaseInUseError } from "../storage/open-database.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

export interface GlobalOptions {
  dataDir?: string;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  isTty: Boolean(process.stdout.isTTY),
};

/** Error carrying an exit code (thrown by commands for invalid arguments). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_INVALID,
    readonly code: string = "invalid-input",
  ) {
    super(message);
  }
}

export async function openContext(global: GlobalOptions): Promise<AppContext> {
  const log = pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
  return createAppContext({ ...(global.dataDir ? { dataDir: global.dataDir } : {}), log });
}

/** Maps an error to its exit code and the JSON `error` object printed with `--json`. */
export function describeError(error: unknown): {
  exitCode: number;
  json: { code: string; message: string; errors?: unknown[] };
} {
  if (error instanceof CliError)
    return { exitCode: error.exitCode, json: { code: error.code, message: error.message } };
  if (error instanceof InvalidInputError)
    return {
      exitCode: EXIT_INVALID,
      json: { code: "invalid-input", message: error.message, ...(error.errors.length ? { errors: error.errors } : {}) },
    };
  if (error instanceof NotFoundError)
    return { exitCode: EXIT_INVALID, json: { code: "not-found", message: error.message } };
  if (error instanceof AuthError) return { exitCode: EXIT_FAILURE, json: { code: error.code, message: error.message } };
  if (error instanceof ConflictError)
    return { exitCode: EXIT_FAILURE, json: { code: "conflict", message: error.message } };
  if (error instanceof DatabaseInUseError)
    return { exitCode: EXIT_FAILURE, json: { code: "database-in-use", message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_FAILURE, json: { code: "internal", message } };
}

/**
 * Runs a command body with a context; prints `{"error": {...}}` (with --json) or a message on stderr on failure.
 * The body returns the exit code.
 */
export async function withContext(
  io: Io,
  global: GlobalOptions,
  json: boolean,
  body: (ctx: AppContext) => Promise<number>,
): Promise<number> {
  let ctx: AppContext | undefined;
  try {
    ctx = await openContext(global);
    return await body(ctx);
  } catch (error) {
    return reportError(io, json, error);
  } finally {
    await ctx?.database.close().catch(() => undefined);
  }
}

export function reportError(io: Io, json: boolean, error: unknown): number {
  const d = describeError(error);
  if (json) io.out(JSON.stringify({ error: d.json }));
  io.err(`error: ${d.json.message}`);
  if (d.exitCode === EXIT_FAILURE && error instanceof Error && process.env.TRACEWATER_DEBUG) io.err(error.stack ?? "");
  return d.exitCode;
}

/** Plain-text table: header row, aligned columns. */
export function formatTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? "—" : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** Rounds for human display (JSON output is never rounded). */
export function fmt(n: number | null | undefined, digits = 2): string | null {
  return n === null || n === undefined ? null : n.toFixed(digits);
}

export function parseYear(value: string, option: string): number {
  if (!/^\d{4}$/.test(value)) throw new CliError(`${option} must be a 4-digit year, got "${value}"`);
  return Number(value);
}

export function parseDate(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new CliError(`${option} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}
