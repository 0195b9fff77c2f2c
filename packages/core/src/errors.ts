/**
 * Named errors thrown by @tracewater/core. The HTTP layer maps them (by `name`) to problem+json codes.
 * Every error carries the offending value and, where known, the field it came from.
 */

/** A numeric input to a science function is invalid (not finite, negative, zero population, …). */
export class ScienceInputError extends Error {
  override readonly name = "ScienceInputError";
  /** Name of the argument/field that was invalid, e.g. `flowM3PerDay`. */
  readonly field: string;
  /** The value received. */
  readonly value: unknown;
  /** What was expected, in words (e.g. "a finite number ≥ 0"). */
  readonly expected: string;
  constructor(field: string, value: unknown, expected: string) {
    super(`Invalid ${field}: got ${String(value)}, expected ${expected}`);
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}

/** The physical quantity a unit string was being interpreted as. */
export type UnitQuantity = "concentration" | "flow" | "population" | "pnl";

/** A unit string could not be recognised for the given quantity. Core never guesses a unit. */
export class UnknownUnitError extends Error {
  override readonly name = "UnknownUnitError";
  /** The unit string as given. */
  readonly unit: string;
  /** The quantity it was interpreted as. */
  readonly quantity: UnitQuantity;
  constructor(unit: string, quantity: UnitQuantity, accepted?: string) {
    super(`Unknown ${quantity} unit "${unit}"${accepted ? ` (accepted: ${accepted})` : ""}`);
    this.unit = unit;
    this.quantity = quantity;
  }
}

/** A back-calculation parameter table is inconsistent (e.g. CF ≠ mwRatio / excretionFraction). */
export class ParameterSetError extends Error {
  override readonly name = "ParameterSetError";
  /** 1-based data row number (header = row 1, first data row = 2), when the error is tied to a row. */
  readonly row: number | undefined;
  /** Column name, when the error is tied to a column. */
  readonly column: string | undefined;
  readonly value: unknown;
  constructor(message: string, opts: { row?: number; column?: string; value?: unknown } = {}) {
    super(message);
    this.row = opts.row;
    this.column = opts.column;
    this.value = opts.value;
  }
}

/** Throws {@link ScienceInputError} unless `value` is a finite number ≥ 0. Returns the value. */
export function requireNonNegative(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ScienceInputError(field, value, "a finite number ≥ 0");
  }
  return value;
}

/** Throws {@link ScienceInputError} unless `value` is a finite number > 0. Returns the value. */
export function requirePositive(field: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ScienceInputError(field, value, "a finite number > 0");
  }
  return value;
}
