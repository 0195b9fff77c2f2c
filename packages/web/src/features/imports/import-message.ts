/**
 * The text of an import error or plausibility warning in the UI language: the template
 * `importMessages.codes.<code>` (packages/web/src/i18n/import-messages.*.json) filled with the error's `params`;
 * a null param takes the wording `importMessages.fallback.<param>` (e.g. `unit` → "the reported unit"). Without a
 * code, or with a code these templates do not know (a newer server, an older stored report), the server's English
 * `message` is shown as is. Codes and their params: @tracewater/contract import-error-codes.ts.
 */
import type { ImportError } from "../../api/types.js";

/** The two i18next calls used (an i18next instance, or the `i18n` of `useTranslation()`). */
export interface ImportMessageI18n {
  t(key: string, options?: Record<string, unknown>): string;
  exists(key: string): boolean;
}

/** Message of `e` in the current language (see the module comment). */
export function importMessage(e: Pick<ImportError, "message" | "code" | "params">, i18n: ImportMessageI18n): string {
  const key = e.code ? `importMessages.codes.${e.code}` : null;
  if (key === null || !i18n.exists(key)) return e.message;
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(e.params ?? {})) {
    const fallback = `importMessages.fallback.${name}`;
    values[name] = value === null ? (i18n.exists(fallback) ? i18n.t(fallback) : "—") : value;
  }
  // no escaping: React escapes the text; `count` finds no plural keys (`_one`, `_other`) and uses the template itself
  return i18n.t(key, { ...values, interpolation: { escapeValue: false } });
}
