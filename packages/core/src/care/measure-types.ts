/**
 * Data types of a community measure (社区戒毒 / 社区康复) and its state machine (docs/domain.md §7.4).
 *
 * Legal sources (abbreviations used in every docstring of `care/`):
 * - 禁毒法 = 中华人民共和国禁毒法 (2008), articles §33–§35, §38, §48.
 * - 戒毒条例 = 戒毒条例 (国务院令第597号, 2011; rev. 2018), articles §13–§24 (社区戒毒), §37–§40 (社区康复).
 * - 民法典 §201–§203, §1259 for the counting of periods (see `dates.ts`).
 */
import type { IsoDate } from "./dates.js";

/** 社区戒毒 (禁毒法 §33; 戒毒条例 §13–§24) or 社区康复 (禁毒法 §48; 戒毒条例 §37–§40). */
export type MeasureType = "community_treatment" | "community_rehabilitation";
export const MEASURE_TYPES: readonly MeasureType[] = ["community_treatment", "community_rehabilitation"];

/** Legal state of a measure (domain.md §7.4). */
export type MeasureStatus =
  /** decision served, person has not yet reported (戒毒条例 §13–§14) */
  | "ordered"
  /** reported to the township; term running; agreement not yet signed (戒毒条例 §14, §16) */
  | "reported"
  /** agreement signed, measure executed (戒毒条例 §16–§19) */
  | "active"
  /** detained or arrested: 中止, the term clock pauses (戒毒条例 §24 ¶2) */
  | "suspended"
  /** execution place changing; report to the new township within 15 days; the clock continues (戒毒条例 §22) */
  | "transfer_pending"
  /** refusal, relapse or severe breach reported to the police (戒毒条例 §21; 禁毒法 §35) */
  | "reported_to_police"
  /** no report within 15 days without good cause, or explicit refusal (戒毒条例 §14) */
  | "refused"
  /** term expired, measure 解除 (戒毒条例 §23, §40) — terminal */
  | "completed"
  /** police decided 强制隔离戒毒 (禁毒法 §38) — terminal */
  | "escalated"
  /** imprisonment or 强制性教育措施: 终止 (戒毒条例 §24 ¶1) — terminal */
  | "terminated";

export const MEASURE_STATUSES: readonly MeasureStatus[] = [
  "ordered",
  "reported",
  "active",
  "suspended",
  "transfer_pending",
  "reported_to_police",
  "refused",
  "completed",
  "escalated",
  "terminated",
];

/** States from which no event leads anywhere (except `notify_township` on `completed`). */
export const TERMINAL_STATUSES: readonly MeasureStatus[] = ["completed", "escalated", "terminated"];

/** Why the police were informed (戒毒条例 §21). */
export type PoliceReportTrigger = "refusal" | "relapse" | "severe_breach";

/** Who records a transition. `role` is the platform role code (e.g. `township_worker`, `county_police`). */
export interface Actor {
  id: string;
  role: string;
}

/** A detention or arrest period (戒毒条例 §24 ¶2). `to` is null while it lasts. */
export interface Suspension {
  from: IsoDate;
  to: IsoDate | null;
  ground: "detention" | "arrest";
  /** the state the measure returns to on release */
  resumeTo: "reported" | "active" | "transfer_pending";
}

/** A change of execution place (戒毒条例 §22). */
export interface Transfer {
  /** date the execution place changed (变更之日) */
  startedAt: IsoDate;
  fromJurisdiction: string;
  toJurisdiction: string;
  /** last day to report at the new township: startedAt + 15 days (戒毒条例 §22 ¶2) */
  reportDue: IsoDate;
  reportedAt: IsoDate | null;
}

/** A report to the police under 戒毒条例 §21 and its outcome. */
export interface PoliceReportRecord {
  trigger: PoliceReportTrigger;
  reportedAt: IsoDate;
  /** state before the report; the measure returns there if the police decline */
  returnTo: "reported" | "active" | "transfer_pending" | "refused";
  outcome: "pending" | "declined" | "escalated";
}

/** The legal state of one measure. Plain data (JSON-serialisable); produced only by `createMeasure`/`transition`. */
export interface MeasureState {
  type: MeasureType;
  status: MeasureStatus;
  /** date of the 责令社区戒毒/康复决定书 (戒毒条例 §13, §37) */
  decisionDate: IsoDate;
  /** date the decision was received (收到决定书之日, 戒毒条例 §14, §38) */
  servedAt: IsoDate;
  /** last day to report: servedAt + 15 days (戒毒条例 §14, §38) */
  reportDue: IsoDate;
  /** term length in months: 36 for 社区戒毒 (戒毒条例 §14 ¶2); 1–36 as ordered for 社区康复 (戒毒条例 §37) */
  termMonths: number;
  /** date of the report to the township; the term runs from it (戒毒条例 §14 ¶2) */
  reportedAt: IsoDate | null;
  /** whether a late report was accepted for good cause (正当理由, 戒毒条例 §14) */
  reportedLateWithGoodCause: boolean;
  /** 0 = no agreement yet; incremented by each signed agreement (new township → new agreement, 戒毒条例 §22 ¶3) */
  agreementVersion: number;
  agreementSignedAt: IsoDate | null;
  /** township (乡镇/街道) code currently executing the measure */
  execJurisdiction: string;
  suspensions: Suspension[];
  transfers: Transfer[];
  policeReports: PoliceReportRecord[];
  endedAt: IsoDate | null;
  endReason: "completed" | "escalated" | "imprisonment" | "compulsory_education" | null;
  /** date the police notified the township of the release (戒毒条例 §23, §40: within 7 days) */
  townshipNotifiedAt: IsoDate | null;
  /** date of the latest transition; time never moves backwards */
  lastEventAt: IsoDate;
}

/** What a decision orders: input of `createMeasure`. */
export interface MeasureOrder {
  type: MeasureType;
  decisionDate: IsoDate;
  servedAt: IsoDate;
  /** required for 社区康复 (1–36); for 社区戒毒 omitted or 36 */
  termMonths?: number;
  execJurisdiction: string;
}

/** Common fields of every event: who and why (the date is the `at` argument of `transition`). */
interface EventBase {
  actor: Actor;
  /** free text, required (who/when/why is recorded for every transition) */
  reason: string;
}

/** Events of the measure state machine. */
export type MeasureEvent =
  | (EventBase & { type: "report"; lateWithGoodCause?: boolean })
  | (EventBase & { type: "refuse"; basis: "deadline_elapsed" | "explicit_refusal" })
  | (EventBase & { type: "sign_agreement" })
  | (EventBase & { type: "suspend"; ground: "detention" | "arrest" })
  | (EventBase & { type: "resume" })
  | (EventBase & { type: "start_transfer"; toJurisdiction: string })
  | (EventBase & { type: "report_at_new_township" })
  | (EventBase & { type: "report_to_police"; trigger: PoliceReportTrigger })
  | (EventBase & { type: "police_decline" })
  | (EventBase & { type: "escalate" })
  | (EventBase & { type: "terminate"; ground: "imprisonment" | "compulsory_education" })
  | (EventBase & { type: "complete" })
  | (EventBase & { type: "notify_township" });

export type MeasureEventType = MeasureEvent["type"];

export const MEASURE_EVENT_TYPES: readonly MeasureEventType[] = [
  "report",
  "refuse",
  "sign_agreement",
  "suspend",
  "resume",
  "start_transfer",
  "report_at_new_township",
  "report_to_police",
  "police_decline",
  "escalate",
  "terminate",
  "complete",
  "notify_township",
];

/** The audit record of one accepted transition (who, when, why, from → to). */
export interface TransitionRecord {
  event: MeasureEventType;
  from: MeasureStatus;
  to: MeasureStatus;
  at: IsoDate;
  actorId: string;
  actorRole: string;
  reason: string;
  /** event-specific facts, e.g. `{ trigger: "relapse" }`, `{ late: true }`, `{ agreementVersion: 2 }` */
  details: Record<string, string | number | boolean | null>;
}

/** Why a transition was refused. */
export type TransitionErrorCode =
  /** the event is not allowed in the current state (domain.md §7.4) */
  | "illegal_transition"
  /** `at` is before the latest transition or before the decision was served */
  | "time_went_backwards"
  /** actor id or role missing */
  | "missing_actor"
  /** reason missing or blank */
  | "missing_reason"
  /** allowed in this state but a legal condition is not met (e.g. term not yet expired) */
  | "guard_failed"
  /** malformed input (bad date, unknown jurisdiction string) */
  | "invalid_input";

export interface TransitionError {
  code: TransitionErrorCode;
  message: string;
  status: MeasureStatus;
  event: string;
  at: IsoDate;
}

export type TransitionResult =
  | { ok: true; state: MeasureState; record: TransitionRecord }
  | { ok: false; error: TransitionError };
