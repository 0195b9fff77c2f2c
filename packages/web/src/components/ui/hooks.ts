/** Small UI hooks: current language and analyte/source display names. */
import { useTranslation } from "react-i18next";
import { useAnalytes } from "../../api/monitoring.js";
import type { Analyte, DataSource } from "../../api/types.js";

/** `zh-CN` or `en`, the language of names coming from the API (nameZh/nameEn). */
export function useLanguage(): "zh-CN" | "en" {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "zh-CN";
}

/** Returns a function giving an analyte's display name in the current language (falls back to the code). */
export function useAnalyteName(): (code: string) => string {
  const { data } = useAnalytes();
  const language = useLanguage();
  const byCode = new Map<string, Analyte>((data ?? []).map((a) => [a.code, a]));
  return (code: string) => {
    const analyte = byCode.get(code);
    if (!analyte) return code;
    return language === "en" ? analyte.nameEn : analyte.nameZh;
  };
}

/** Display name of a data source in the current language. */
export function useSourceName(): (source: DataSource | undefined, code?: string) => string {
  const language = useLanguage();
  return (source, code) => {
    if (!source) return code ?? "";
    return language === "en" ? source.nameEn : source.nameZh;
  };
}

/** EUDA sources carry the attribution requirement "Data: EUDA (EMCDDA) and SCORE". */
export function isEudaSource(code: string | undefined): boolean {
  return Boolean(code?.toLowerCase().startsWith("euda"));
}
