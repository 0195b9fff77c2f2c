import { z } from "zod";

/**
 * Machine-readable codes of the texts the warning workflow writes for people (issue #4): in-app notifications
 * (title + body), the reasons of state changes written by the server (detector, lead actions), the reasons of
 * supervision orders (督办) and the basis of the tracing priors. Each code lists the names of the `params` its text
 * interpolates. The server also stores a rendered text (zh-CN titles, the historical English/Chinese wording of
 * bodies and reasons) used by non-web channels and as the fallback; the web UI translates `code` + `params`
 * (packages/web/src/i18n/warning-messages.*.json, key `warningMessages`) and shows the stored text for a code it does
 * not know or for rows written before codes existed (code null). Codes are stable kebab-case strings: a new meaning gets a new code.
 *
 * Params that are enum values are translated by the web through the main i18n files: `level` (WarningLevel →
 * `warning.level.*`), `detector` (DetectorName → `warning.detector.*`), `outcome` (LeadOutcome → `warning.outcome.*`),
 * `status` (LeadStatus → `warning.leadStatus.*`); `analyte` is shown by its name, org units (`orgUnit`, `from`, `to`
 * — always jurisdiction codes) by their names where the web knows them. The table of codes is in docs/warning.md.
 */
export const WARNING_NOTIFICATION_PARAMS = {
  /** a detector raised a new alert */
  "alert-raised": ["level", "site", "siteName", "analyte", "detector", "scoreLabel", "score", "date"],
  /** a new lead was assigned to an org unit */
  "lead-assigned": ["title", "orgUnit", "by", "deadline"],
  /** a lead was handed over to another org unit (线索转办) */
  "lead-reassigned": ["title", "from", "to", "deadline"],
  /** the assigned unit reported the lead's findings (findings cut to 200 characters) */
  "lead-reported": ["title", "outcome", "findings"],
  /** 督办 issued to the supervising unit for an overdue lead */
  "supervision-order": ["title", "orgUnit", "deadline", "status"],
  /** the assigned unit's lead is overdue */
  "lead-overdue": ["title", "orgUnit", "deadline", "status"],
} as const satisfies Record<string, readonly string[]>;
export type WarningNotificationCode = keyof typeof WARNING_NOTIFICATION_PARAMS;
export const WARNING_NOTIFICATION_CODES = Object.keys(WARNING_NOTIFICATION_PARAMS) as WarningNotificationCode[];

/** Reasons of alert and lead state changes written by the server (a staff member's own reason has no code). */
export const WARNING_REASON_PARAMS = {
  /** alert history: raised by a detector (actor `system`) */
  "alert-raised": ["detector", "date"],
  /** alert history: acknowledged / turned into a lead when a lead was made from it */
  "alert-lead": ["leadId"],
  /** alert history: closed because its lead was closed */
  "alert-lead-closed": ["leadId"],
  /** lead history: created */
  "lead-created": ["orgUnit", "deadline"],
  /** lead history: handed over to another unit */
  "lead-reassigned": ["from", "to"],
  /** lead history: deadline changed */
  "lead-deadline-changed": ["deadlineFrom", "deadlineTo"],
  /** lead history: handed over and deadline changed in one edit */
  "lead-reassigned-deadline-changed": ["from", "to", "deadlineFrom", "deadlineTo"],
  /** lead history: open → in_progress on feedback */
  "lead-feedback-submitted": [],
  /** lead history: reported with an outcome */
  "lead-outcome": ["outcome"],
} as const satisfies Record<string, readonly string[]>;
export type WarningReasonCode = keyof typeof WARNING_REASON_PARAMS;
export const WARNING_REASON_CODES = Object.keys(WARNING_REASON_PARAMS) as WarningReasonCode[];

/** Reasons of supervision orders (督办, `SupervisionOrder.reasonCode`) written by the server. */
export const WARNING_SUPERVISION_REASON_PARAMS = {
  /** the lead is past its deadline (China Standard Time) while still open or in progress; `status` is its status */
  "lead-overdue": ["title", "orgUnit", "deadline", "status"],
} as const satisfies Record<string, readonly string[]>;
export type WarningSupervisionReasonCode = keyof typeof WARNING_SUPERVISION_REASON_PARAMS;
export const WARNING_SUPERVISION_REASON_CODES = Object.keys(
  WARNING_SUPERVISION_REASON_PARAMS,
) as WarningSupervisionReasonCode[];

/** Bases of the tracing priors (`TracePlan.priorBasisCode`). */
export const WARNING_PRIOR_BASIS_PARAMS = {
  /** own population + `venuePersons` per venue outfall, × (1 + past alerts at the site) */
  "population-venues-past-alerts": ["venuePersons"],
} as const satisfies Record<string, readonly string[]>;
export type WarningPriorBasisCode = keyof typeof WARNING_PRIOR_BASIS_PARAMS;
export const WARNING_PRIOR_BASIS_CODES = Object.keys(WARNING_PRIOR_BASIS_PARAMS) as WarningPriorBasisCode[];

/** Values of a message's params (strings, numbers; null where a value is missing). */
export const WarningMessageParams = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type WarningMessageParams = z.infer<typeof WarningMessageParams>;
