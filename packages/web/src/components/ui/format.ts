/**
 * Number formatting for the UI. Values keep their unit next to them (see `UnitTag`), null → "—".
 * PNL (mg/day/1000 inh) is shown with 2 decimals like the EUDA source tables; summary medians with 1.
 */
export const NO_VALUE = "—";

export function formatNumber(value: number | null | undefined, fractionDigits = 2, locale = "zh-CN"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** Integer with grouping (population, counts). */
export function formatInteger(value: number | null | undefined, locale = "zh-CN"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Signed percentage, e.g. "+16.0 %". */
export function formatPercent(value: number | null | undefined, locale = "zh-CN"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const text = formatNumber(Math.abs(value), 1, locale);
  return `${value > 0 ? "+" : value < 0 ? "−" : "±"}${text} %`;
}

/** p-value with 3 significant digits; very small values as "< 0.001". */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  if (value < 0.001) return "< 0.001";
  return value.toPrecision(3);
}
