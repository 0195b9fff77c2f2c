import type { TFunction } from "i18next";
import { ApiError } from "../../api/client.js";

const KNOWN = new Set([
  "bad-credentials",
  "locked",
  "session-expired",
  "unauthenticated",
  "invalid-input",
  "rate-limited",
  "totp-required",
  "totp-enrolment-required",
  "forbidden",
]);

/** Human message for an auth error: translated by its stable problem code when known. */
export function authErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (KNOWN.has(error.code)) return t(`auth.errors.${error.code}`);
    if (error.status === 401) return t("auth.errors.bad-credentials");
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
