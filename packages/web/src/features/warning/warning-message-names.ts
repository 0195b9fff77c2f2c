/**
 * The display names {@link notificationText} / {@link reasonText} use for code params: analyte names in the UI
 * language (`useAnalyteName`) and org unit names (`useOrgUnits`: 长治市 and its counties; an unknown code as is).
 */
import { useAnalyteName } from "../../components/ui/hooks.js";
import { useOrgUnits } from "./org-units.js";
import type { WarningMessageNames } from "./warning-message.js";

export function useWarningMessageNames(): WarningMessageNames {
  const analyte = useAnalyteName();
  const units = useOrgUnits();
  const byCode = new Map(units.map((u) => [u.code, u.name]));
  return { analyte, orgUnit: (code) => byCode.get(code) ?? code };
}
