/**
 * Org units a lead can be assigned to: 长治市 (140400) and its county-level divisions (GB/T 2260 codes) taken from
 * the bundled boundary file served at `/geo/changzhi` (feature properties `adcode`, `name`). The API has no list of
 * org units; the server validates the code (`POST /leads` → 400 for an unknown unit).
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useGeo } from "../../api/geo.js";

export interface OrgUnit {
  code: string;
  name: string;
}

export const CITY_CODE = "140400";

export function useOrgUnits(): OrgUnit[] {
  const { t } = useTranslation();
  const geo = useGeo("changzhi");
  return useMemo(() => {
    const units: OrgUnit[] = [{ code: CITY_CODE, name: t("map.changzhi") }];
    for (const f of geo.data?.features ?? []) {
      const code = f.properties.adcode;
      const name = f.properties.name;
      if ((typeof code === "number" || typeof code === "string") && typeof name === "string")
        units.push({ code: String(code), name });
    }
    return units;
  }, [geo.data, t]);
}

/** Today's calendar date in China Standard Time (deadlines are local dates), `YYYY-MM-DD`. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
}
