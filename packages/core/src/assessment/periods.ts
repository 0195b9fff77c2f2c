/**
 * Reporting periods of indicator values: a year `2024`, a quarter `2024Q1` or a month `2024-03`.
 * Pure calendar arithmetic (no clock).
 */
import { ScienceInputError } from "../errors.js";

export type PeriodKind = "year" | "quarter" | "month";

export interface Period {
  kind: PeriodKind;
  year: number;
  /** quarter 1–4 or month 1–12; 0 for a year */
  index: number;
}

const RE = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** Parses `2024`, `2024Q1` (also `2024q1`) or `2024-03`. @throws ScienceInputError otherwise */
export function parsePeriod(text: string): Period {
  const m = RE.exec(String(text).trim().toUpperCase());
  if (!m) throw new ScienceInputError("period", text, "a year 2024, a quarter 2024Q1 or a month 2024-03");
  const year = Number(m[1]);
  if (m[2]) return { kind: "quarter", year, index: Number(m[2]) };
  if (m[3]) return { kind: "month", year, index: Number(m[3]) };
  return { kind: "year", year, index: 0 };
}

/** True when the text is a period. */
export function isPeriod(text: string): boolean {
  return RE.test(String(text).trim().toUpperCase());
}

export function formatPeriod(p: Period): string {
  if (p.kind === "year") return String(p.year);
  if (p.kind === "quarter") return `${p.year}Q${p.index}`;
  return `${p.year}-${String(p.index).padStart(2, "0")}`;
}

/** The period `n` steps later (negative: earlier), same kind. */
export function shiftPeriod(p: Period, n: number): Period {
  if (p.kind === "year") return { ...p, year: p.year + n };
  const per = p.kind === "quarter" ? 4 : 12;
  const ordinal = p.year * per + (p.index - 1) + n;
  return { kind: p.kind, year: Math.floor(ordinal / per), index: (ordinal % per) + 1 };
}

/** The same period one year earlier (year-on-year comparison). */
export function samePeriodLastYear(p: Period): Period {
  return { ...p, year: p.year - 1 };
}

/** Sequential ordinal (for ordering and trend tests): years count 1, quarters 4 and months 12 per year. */
export function periodOrdinal(p: Period): number {
  return p.kind === "year" ? p.year : p.kind === "quarter" ? p.year * 4 + p.index - 1 : p.year * 12 + p.index - 1;
}

/** First and last calendar day `YYYY-MM-DD` of the period. */
export function periodBounds(p: Period): { start: string; end: string } {
  const startMonth = p.kind === "year" ? 1 : p.kind === "quarter" ? (p.index - 1) * 3 + 1 : p.index;
  const months = p.kind === "year" ? 12 : p.kind === "quarter" ? 3 : 1;
  const start = new Date(Date.UTC(p.year, startMonth - 1, 1));
  const end = new Date(Date.UTC(p.year, startMonth - 1 + months, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** The periods of `kind` inside `p` (e.g. the 12 months of 2024, the 3 months of 2024Q2). */
export function periodsWithin(p: Period, kind: PeriodKind): Period[] {
  if (kind === p.kind) return [p];
  if (kind === "year") throw new ScienceInputError("kind", kind, `a kind finer than ${p.kind}`);
  if (p.kind === "month") throw new ScienceInputError("kind", kind, "a month contains no smaller period");
  if (kind === "quarter") return [1, 2, 3, 4].map((q) => ({ kind, year: p.year, index: q }));
  const first = p.kind === "year" ? 1 : (p.index - 1) * 3 + 1;
  const count = p.kind === "year" ? 12 : 3;
  return Array.from({ length: count }, (_, i) => ({ kind: "month" as const, year: p.year, index: first + i }));
}
