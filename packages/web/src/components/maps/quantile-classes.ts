import { quantile } from "@tracewater/core";

/** One colour class of a map legend: values in [min, max] (the last class includes its upper bound). */
export interface ColourClass {
  min: number;
  max: number;
  color: string;
  label: string;
}

/** Sequential ColorBrewer "OrRd" 5-class palette (Brewer & Harrower, colorbrewer2.org), light → dark. */
export const OR_RD_5 = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"] as const;

/**
 * Quantile classification for a map legend: class breaks at the type-7 quantiles 0.2, 0.4, 0.6, 0.8 of the
 * values (equal-count classes, the usual choice for skewed data such as wastewater PNL, where a linear scale
 * paints all but the highest sites the same pale colour). Duplicate breaks are merged, so fewer classes come
 * out when many values are equal. Labels use `digits` decimals (`4.4` when a class's bounds print the same).
 *
 * Shapes: `values` finite numbers (any order); returns 0 classes for no values, otherwise 1–5 contiguous
 * classes covering [min(values), max(values)].
 */
export function quantileClasses(values: readonly number[], palette: readonly string[] = OR_RD_5, digits = 1): ColourClass[] {
  if (values.length === 0) return [];
  const k = palette.length;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const inner = Array.from({ length: k - 1 }, (_, i) => quantile(values, (i + 1) / k));
  const breaks = [lo, ...inner, hi].filter((b, i, all) => i === 0 || b > (all[i - 1] as number));
  if (breaks.length === 1) breaks.push(lo);
  const classes: ColourClass[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const min = breaks[i] as number;
    const max = breaks[i + 1] as number;
    // spread the palette over the classes that remain, darkest for the highest
    const colourIndex = breaks.length - 1 === 1 ? k - 1 : Math.round((i * (k - 1)) / (breaks.length - 2));
    const a = min.toFixed(digits);
    const b = max.toFixed(digits);
    // one value (a single site, or all equal) is labelled by itself, not as "4.4 – 4.4"
    classes.push({ min, max, color: palette[colourIndex] as string, label: a === b ? a : `${a} – ${b}` });
  }
  return classes;
}
