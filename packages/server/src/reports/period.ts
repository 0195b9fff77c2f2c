/**
 * Report periods: `2024` (year), `2024Q1` (quarter), `2024-03` (month) → the inclusive date range, a Chinese
 * label, and the same period one year earlier (the year-on-year comparison base, 同比).
 */
import { InvalidInputError } from "../services/errors.js";

export type PeriodKind = "year" | "quarter" | "month";

export interface ReportPeriodRange {
  code: string;
  kind: PeriodKind;
  year: number;
  /** first day, `YYYY-MM-DD` */
  from: string;
  /** last day (inclusive), `YYYY-MM-DD` */
  to: string;
  /** e.g. `2024年`, `2024年第一季度`, `2024年3月` */
  label: string;
}

const QUARTER_ZH = ["第一季度", "第二季度", "第三季度", "第四季度"] as const;

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Last day of month `m` (1–12) of `year`. */
function lastDay(year: number, m: number): number {
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

function range(
  code: string,
  kind: PeriodKind,
  year: number,
  firstMonth: number,
  lastMonth: number,
  label: string,
): ReportPeriodRange {
  return {
    code,
    kind,
    year,
    from: `${year}-${pad2(firstMonth)}-01`,
    to: `${year}-${pad2(lastMonth)}-${pad2(lastDay(year, lastMonth))}`,
    label,
  };
}

/**
 * @throws InvalidInputError unless `code` is `YYYY`, `YYYYQ1`…`YYYYQ4` or `YYYY-01`…`YYYY-12` (year 1900–2999)
 */
export function parsePeriod(code: string): ReportPeriodRange {
  const m = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(code);
  const year = m ? Number(m[1]) : Number.NaN;
  if (!m || year < 1900 || year > 2999)
    throw new InvalidInputError(`period "${code}": expected 2024 (year), 2024Q1 (quarter) or 2024-03 (month)`);
  if (m[2]) {
    const q = Number(m[2]);
    return range(code, "quarter", year, 3 * q - 2, 3 * q, `${year}年${QUARTER_ZH[q - 1]}`);
  }
  if (m[3]) {
    const month = Number(m[3]);
    return range(code, "month", year, month, month, `${year}年${month}月`);
  }
  return range(code, "year", year, 1, 12, `${year}年`);
}

/** The same period one year earlier (同比 base). */
export function previousYearPeriod(p: ReportPeriodRange): ReportPeriodRange {
  const prev = String(p.year - 1);
  return parsePeriod(p.code.replace(/^\d{4}/, prev));
}

/** Label of the comparison base: 上年同期 (month/quarter) or 上年 (year). */
export function comparisonLabel(p: ReportPeriodRange): string {
  return p.kind === "year" ? "上年" : "上年同期";
}
