/**
 * i18next set-up: zh-CN is the default language, English the alternative; the choice is kept in
 * localStorage (`tracewater.lang`). All UI text lives in `zh-CN.json` / `en.json`, except the templates of import
 * error/warning messages by code, `import-messages.zh-CN.json` / `import-messages.en.json` (key `importMessages`), and
 * the templates of the warning workflow's server texts by code (notifications, state-change reasons, prior basis),
 * `warning-messages.zh-CN.json` / `warning-messages.en.json` (key `warningMessages`).
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import importMessagesEn from "./import-messages.en.json";
import importMessagesZhCN from "./import-messages.zh-CN.json";
import warningMessagesEn from "./warning-messages.en.json";
import warningMessagesZhCN from "./warning-messages.zh-CN.json";
import zhCN from "./zh-CN.json";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "tracewater.lang";

function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    "zh-CN": {
      translation: { ...zhCN, importMessages: importMessagesZhCN, warningMessages: warningMessagesZhCN },
    },
    en: { translation: { ...en, importMessages: importMessagesEn, warningMessages: warningMessagesEn } },
  },
  lng: storedLanguage(),
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

/** Switches the UI language and persists it. */
export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    /* storage unavailable (private mode): the choice lasts for this page only */
  }
}

export default i18n;
