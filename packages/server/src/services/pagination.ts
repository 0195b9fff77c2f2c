/** Opaque keyset cursors (base64url JSON of the last row's sort key) and limit handling for list services. */
import { InvalidInputError } from "./errors.js";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** Decodes a cursor made by {@link encodeCursor}; `arity` = number of key parts. @throws InvalidInputError */
export function decodeCursor(cursor: string | undefined | null, arity: number): string[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === "string")) return v as string[];
  } catch {
    // fall through
  }
  throw new InvalidInputError(`invalid cursor: ${cursor}`, [
    { file: "", row: null, column: "cursor", value: cursor, message: "expected a cursor returned as nextCursor by the previous page" },
  ]);
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidInputError(`limit must be an integer 1..${MAX_LIMIT}, got ${limit}`);
  return Math.min(limit, MAX_LIMIT);
}
