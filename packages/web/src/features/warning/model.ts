/**
 * UI model of the early-warning screens (pure: no React, no I/O): level colours, the actions the alert and lead
 * lifecycles allow from each state (mirroring the server's `ALERT_TRANSITIONS` / `LEAD_TRANSITIONS`, issue #4),
 * the lead board's columns and the client-side date-range filter of the alert inbox.
 */
import { type Alert, AlertStatus, type Lead, LeadStatus, WarningLevel } from "@tracewater/contract";

/** Levels in ascending severity (蓝/黄/橙/红). */
export const LEVELS: readonly WarningLevel[] = WarningLevel.options;

/**
 * Display colours of the four levels. The hues follow the Chinese four-level warning scheme (《国家突发公共事件总体
 * 应急预案》(2006) §3.2.1: 预警级别…分为一级、二级、三级和四级，分别用红色、橙色、黄色和蓝色标示); the exact
 * shades are antd palette colours readable as tag backgrounds.
 */
export const LEVEL_COLORS: Readonly<Record<WarningLevel, string>> = {
  blue: "#1677ff",
  yellow: "#d4b106",
  orange: "#fa8c16",
  red: "#f5222d",
};

/** Lifecycle states in order (the contract's enums). */
export const ALERT_STATUSES: readonly AlertStatus[] = AlertStatus.options;
export const LEAD_STATUSES: readonly LeadStatus[] = LeadStatus.options;

/** What the user may do with an alert in a given state. */
export type AlertAction = "acknowledge" | "dismiss" | "createLead" | "close";

/**
 * Actions offered per alert state. Server lifecycle: new → acknowledged → lead | dismissed → closed; `POST /leads`
 * with the alert acknowledges a `new` alert itself, so "create lead" is offered for new and acknowledged alerts;
 * a dismissal needs an acknowledged alert and a reason.
 */
export function alertActions(status: AlertStatus): AlertAction[] {
  switch (status) {
    case "new":
      return ["acknowledge", "createLead"];
    case "acknowledged":
      return ["createLead", "dismiss"];
    case "lead":
    case "dismissed":
      return ["close"];
    case "closed":
      return [];
  }
}

/** The next state a lead may be moved to by a plain transition (reported is reached through feedback). */
export function leadNextTransition(status: LeadStatus): "in_progress" | "closed" | null {
  if (status === "open") return "in_progress";
  if (status === "reported") return "closed";
  return null;
}

/** Whether feedback (findings + outcome) can be submitted: open or in-progress leads. */
export function leadAcceptsFeedback(status: LeadStatus): boolean {
  return status === "open" || status === "in_progress";
}

/** Leads grouped into the board's columns (open → in progress → reported → closed); overdue first, then deadline. */
export function leadColumns(leads: readonly Lead[]): Record<LeadStatus, Lead[]> {
  const columns: Record<LeadStatus, Lead[]> = { open: [], in_progress: [], reported: [], closed: [] };
  for (const lead of leads) columns[lead.status].push(lead);
  for (const status of LEAD_STATUSES)
    columns[status].sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id),
    );
  return columns;
}

/** Alerts whose raising sample date lies in [from, to] (ISO dates, inclusive; an empty bound is open). */
export function alertsInDateRange(alerts: readonly Alert[], from: string | null, to: string | null): Alert[] {
  return alerts.filter((a) => (!from || a.date >= from) && (!to || a.date <= to));
}

/** Severity order for sorting: red first. */
export function levelRank(level: WarningLevel | null): number {
  return level === null ? -1 : LEVELS.indexOf(level);
}

/** ISO date `days` after `date` (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const CHINA_DATE_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/**
 * An ISO timestamp as local time of the office, China Standard Time (UTC+8, no daylight saving since 1992), as
 * `YYYY-MM-DD HH:mm` — the same calendar as the lead deadlines. Unparseable input is returned unchanged.
 */
export function chinaDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : CHINA_DATE_TIME.format(date);
}
