/** Colours of the situation grades (index-2026.1 grade codes), shared by the table tags and the map. */
export const GRADE_COLOURS: Readonly<Record<string, string>> = {
  severe: "#cf1322",
  high: "#fa8c16",
  medium: "#fadb14",
  low: "#52c41a",
};
export const GRADE_ORDER = ["severe", "high", "medium", "low"] as const;

/** Percent with one decimal, or an em dash. */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`;
}
