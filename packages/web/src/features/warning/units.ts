/**
 * Display of the detectors' value units (`AlertExplanation.valueUnit`, e.g. "mg/day/1000 inh",
 * "ln(mg/day/1000 inh)", "ng/L") in the UI language: the known unit names are replaced by their `units.*`
 * translations, anything else (e.g. "ratio A/B", "robust z") is shown as sent.
 */
import type { TFunction } from "i18next";

export function displayUnit(unit: string | undefined, t: TFunction): string {
  if (!unit) return "";
  return unit
    .replace("mg/day/1000 inh", t("units.pnl"))
    .replace(/\bmg\/day\b/, t("units.load"))
    .replace("ng/L", t("units.concentration"));
}
