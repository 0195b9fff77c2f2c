/**
 * Texts the server writes for people in the warning workflow, in the UI language: in-app notifications (title +
 * body), reasons of alert/lead state changes written by the server, reasons of supervision orders (督办) and the
 * basis of the tracing priors. Each carries a code + params (@tracewater/contract warning-message-codes.ts); the
 * templates are `warningMessages.notifications.<code>.title|body`, `warningMessages.reasons.<code>`,
 * `warningMessages.supervisionReasons.<code>` and `warningMessages.priorBasis.<code>` (packages/web/src/i18n/warning-messages.*.json). Without a code (rows written
 * before codes existed, a person's own reason) or with a code these templates do not know (a newer server), the
 * stored text is shown as is.
 *
 * Enum params are translated through the main i18n files (`level` → `warning.level.*`, `detector` →
 * `warning.detector.*`, `outcome` → `warning.outcome.*`, `status` → `warning.leadStatus.*`); `analyte` and the
 * org-unit params (`orgUnit`, `from`, `to`) go through the optional `names` lookups; a null param shows as "—".
 */
import type {
  Notification,
  StateChange,
  SupervisionOrder,
  TracePlan,
  WarningMessageParams,
} from "@tracewater/contract";

/** The two i18next calls used (an i18next instance, or the `i18n` of `useTranslation()`). */
export interface WarningMessageI18n {
  t(key: string, options?: Record<string, unknown>): string;
  exists(key: string): boolean;
}

/** Display names for params that are codes: analyte code → name, jurisdiction code → org unit name. */
export interface WarningMessageNames {
  analyte?: (code: string) => string;
  orgUnit?: (code: string) => string;
}

/** Params whose value is an enum member with a label in the main i18n files (prefix of the label key). */
const ENUM_LABELS: Readonly<Record<string, string>> = {
  level: "warning.level",
  detector: "warning.detector",
  outcome: "warning.outcome",
  status: "warning.leadStatus",
};
const ORG_UNIT_PARAMS = new Set(["orgUnit", "from", "to"]);

function values(params: WarningMessageParams | null, i18n: WarningMessageI18n, names: WarningMessageNames) {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === null) {
      out[name] = "—";
      continue;
    }
    const text = String(value);
    const label = ENUM_LABELS[name];
    if (label && i18n.exists(`${label}.${text}`)) out[name] = i18n.t(`${label}.${text}`);
    else if (name === "analyte" && names.analyte) out[name] = names.analyte(text);
    else if (ORG_UNIT_PARAMS.has(name) && names.orgUnit) out[name] = names.orgUnit(text);
    else out[name] = value;
  }
  return out;
}

/** `key` filled with `params`, or null when there is no code or the key is unknown. */
function render(
  key: string | null,
  params: WarningMessageParams | null,
  i18n: WarningMessageI18n,
  names: WarningMessageNames,
): string | null {
  if (key === null || !i18n.exists(key)) return null;
  // no escaping: React escapes the text
  return i18n.t(key, { ...values(params, i18n, names), interpolation: { escapeValue: false } });
}

/** Title and body of a notification in the current language (the stored zh-CN text when not translatable). */
export function notificationText(
  n: Pick<Notification, "title" | "body" | "code" | "params">,
  i18n: WarningMessageI18n,
  names: WarningMessageNames = {},
): { title: string; body: string } {
  const base = n.code ? `warningMessages.notifications.${n.code}` : null;
  const title = render(base && `${base}.title`, n.params, i18n, names);
  const body = render(base && `${base}.body`, n.params, i18n, names);
  // both or neither: a half-translated notification would mix languages
  return title !== null && body !== null ? { title, body } : { title: n.title, body: n.body };
}

/** The reason of a state change in the current language (the stored text without a known code; null = none). */
export function reasonText(
  h: Pick<StateChange, "reason" | "reasonCode" | "reasonParams">,
  i18n: WarningMessageI18n,
  names: WarningMessageNames = {},
): string | null {
  const key = h.reasonCode ? `warningMessages.reasons.${h.reasonCode}` : null;
  return render(key, h.reasonParams, i18n, names) ?? h.reason;
}

/** The reason of a supervision order (督办) in the current language (the server's English sentence without a known code). */
export function supervisionReasonText(
  o: Pick<SupervisionOrder, "reason" | "reasonCode" | "reasonParams">,
  i18n: WarningMessageI18n,
  names: WarningMessageNames = {},
): string {
  const key = o.reasonCode ? `warningMessages.supervisionReasons.${o.reasonCode}` : null;
  return render(key, o.reasonParams, i18n, names) ?? o.reason;
}

/** The basis of the tracing priors in the current language (the server's English text for an unknown code). */
export function priorBasisText(
  plan: Pick<TracePlan, "priorBasis" | "priorBasisCode" | "priorBasisParams">,
  i18n: WarningMessageI18n,
): string {
  const key = plan.priorBasisCode ? `warningMessages.priorBasis.${plan.priorBasisCode}` : null;
  return render(key, plan.priorBasisParams, i18n, {}) ?? plan.priorBasis;
}
