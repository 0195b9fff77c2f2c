/**
 * State machine of a community measure (社区戒毒 / 社区康复), docs/domain.md §7.4.
 *
 * ```
 * ordered --report (≤15 d, or later with good cause)--> reported --sign_agreement--> active
 * ordered --refuse (15 d elapsed | explicit)--> refused --escalate--> escalated
 * reported|active|transfer_pending --suspend--> suspended --resume--> (previous)        [clock paused]
 * active --start_transfer--> transfer_pending --report_at_new_township, sign_agreement--> active [clock runs]
 * reported|active|transfer_pending|refused --report_to_police--> reported_to_police
 * reported_to_police --escalate--> escalated | --police_decline--> (previous)
 * any non-terminal --terminate--> terminated
 * active|transfer_pending --complete (on/after expiry)--> completed --notify_township--> completed
 * ```
 * Sources: 戒毒条例 §14 (15-day report, refusal, term from report), §16 (agreement after report), §21 (report to
 * police), §22 (transfer, 15 days, continuous clock, new agreement), §23 and §40 (release on expiry, township
 * notified within 7 days), §24 (termination; suspension on detention/arrest), §37–§38 (社区康复 ≤ 3 years, 15 days);
 * 禁毒法 §33, §35, §38, §48.
 *
 * Pure: every function takes the date of the event (`at`) from the caller. The functions never throw for a
 * refused transition; they return `{ ok: false, error }` (use {@link transitionOrThrow} to get an exception).
 */
import { ScienceInputError } from "../errors.js";
import { addDays, compareDates, type IsoDate, requireIsoDate } from "./dates.js";
import type {
  MeasureEvent,
  MeasureEventType,
  MeasureOrder,
  MeasureState,
  MeasureStatus,
  TransitionError,
  TransitionErrorCode,
  TransitionRecord,
  TransitionResult,
} from "./measure-types.js";
import { TERMINAL_STATUSES } from "./measure-types.js";
import {
  COMMUNITY_REHABILITATION_MAX_TERM_MONTHS,
  COMMUNITY_TREATMENT_TERM_MONTHS,
  pausedDaysAsOf,
  termEndWithPause,
} from "./term-clock.js";

/** Days allowed to report after the decision is received (戒毒条例 §14 ¶1, §38 ¶1). */
export const REPORT_DEADLINE_DAYS = 15;
/** Days allowed to report at the new township after a change of execution place (戒毒条例 §22 ¶2). */
export const TRANSFER_REPORT_DEADLINE_DAYS = 15;

/** Thrown by {@link transitionOrThrow}; carries the {@link TransitionError}. */
export class MeasureTransitionError extends Error {
  override readonly name = "MeasureTransitionError";
  readonly code: TransitionErrorCode;
  readonly detail: TransitionError;
  constructor(detail: TransitionError) {
    super(detail.message);
    this.code = detail.code;
    this.detail = detail;
  }
}

/**
 * A new measure in state `ordered` from a decision.
 * @throws ScienceInputError for invalid dates, `servedAt` before `decisionDate`, a 社区戒毒 term other than 36
 *   months (戒毒条例 §14 ¶2), a 社区康复 term outside 1–36 months (戒毒条例 §37), or an empty jurisdiction
 */
export function createMeasure(order: MeasureOrder): MeasureState {
  requireIsoDate("decisionDate", order.decisionDate);
  requireIsoDate("servedAt", order.servedAt);
  if (compareDates(order.servedAt, order.decisionDate) < 0) {
    throw new ScienceInputError("servedAt", order.servedAt, `a date on or after decisionDate ${order.decisionDate}`);
  }
  let termMonths: number;
  if (order.type === "community_treatment") {
    termMonths = order.termMonths ?? COMMUNITY_TREATMENT_TERM_MONTHS;
    if (termMonths !== COMMUNITY_TREATMENT_TERM_MONTHS) {
      throw new ScienceInputError("termMonths", termMonths, "36 for 社区戒毒 (戒毒条例 §14: 3 years)");
    }
  } else if (order.type === "community_rehabilitation") {
    termMonths = order.termMonths ?? Number.NaN;
    if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > COMMUNITY_REHABILITATION_MAX_TERM_MONTHS) {
      throw new ScienceInputError(
        "termMonths",
        order.termMonths,
        "an integer 1–36 for 社区康复 (戒毒条例 §37: ≤ 3 years)",
      );
    }
  } else {
    throw new ScienceInputError("type", order.type, "community_treatment or community_rehabilitation");
  }
  if (typeof order.execJurisdiction !== "string" || order.execJurisdiction.trim() === "") {
    throw new ScienceInputError("execJurisdiction", order.execJurisdiction, "a township code");
  }
  return {
    type: order.type,
    status: "ordered",
    decisionDate: order.decisionDate,
    servedAt: order.servedAt,
    reportDue: addDays(order.servedAt, REPORT_DEADLINE_DAYS),
    termMonths,
    reportedAt: null,
    reportedLateWithGoodCause: false,
    agreementVersion: 0,
    agreementSignedAt: null,
    execJurisdiction: order.execJurisdiction,
    suspensions: [],
    transfers: [],
    policeReports: [],
    endedAt: null,
    endReason: null,
    townshipNotifiedAt: null,
    lastEventAt: order.servedAt,
  };
}

/** The states from which each event is allowed (guards aside). */
export const ALLOWED_FROM: Readonly<Record<MeasureEventType, readonly MeasureStatus[]>> = {
  report: ["ordered", "refused"],
  refuse: ["ordered"],
  sign_agreement: ["reported", "active", "transfer_pending"],
  suspend: ["reported", "active", "transfer_pending"],
  resume: ["suspended"],
  start_transfer: ["active"],
  report_at_new_township: ["transfer_pending"],
  report_to_police: ["reported", "active", "transfer_pending", "refused"],
  police_decline: ["reported_to_police"],
  escalate: ["reported_to_police", "refused"],
  terminate: ["ordered", "reported", "active", "suspended", "transfer_pending", "reported_to_police", "refused"],
  complete: ["active", "transfer_pending"],
  notify_township: ["completed"],
};

/** Event types allowed in `status` (guards such as "term expired" are not checked here). */
export function allowedEvents(status: MeasureStatus): MeasureEventType[] {
  return (Object.keys(ALLOWED_FROM) as MeasureEventType[]).filter((e) => ALLOWED_FROM[e].includes(status));
}

/** True for `completed`, `escalated`, `terminated`. */
export function isTerminal(status: MeasureStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

function fail(
  code: TransitionErrorCode,
  message: string,
  state: MeasureState,
  event: string,
  at: IsoDate,
): TransitionResult {
  return { ok: false, error: { code, message, status: state.status, event, at } };
}

function currentTransfer(state: MeasureState) {
  return state.transfers.length > 0 ? state.transfers[state.transfers.length - 1] : undefined;
}

function isValidDate(at: unknown): at is IsoDate {
  try {
    requireIsoDate("at", at as string);
    return true;
  } catch {
    return false;
  }
}

/**
 * Apply one event on date `at`.
 *
 * Checks, in order: valid date; actor id and role present; reason non-blank; `at` not before the latest
 * transition (time only moves forward); the event is allowed in the current state ({@link ALLOWED_FROM});
 * the event's legal guard:
 * - `report` after `reportDue` needs `lateWithGoodCause: true` (戒毒条例 §14: 「无正当理由逾期不报到的，视为拒绝」);
 *   from `refused` only with good cause;
 * - `refuse` with basis `deadline_elapsed` only after `reportDue` (戒毒条例 §14);
 * - `sign_agreement` from `transfer_pending` only after the report at the new township (戒毒条例 §22 ¶3);
 * - `start_transfer` needs a different township; `report_to_police` from `refused` only with trigger `refusal`;
 * - `complete` only on or after the expiry date including suspended days (戒毒条例 §23, §24 ¶2).
 * Returns the new state and the audit record, or a typed error. Never mutates `state`.
 */
export function transition(state: MeasureState, event: MeasureEvent, at: IsoDate): TransitionResult {
  const type = (event as { type?: string })?.type ?? "unknown";
  if (!isValidDate(at))
    return fail("invalid_input", `Invalid event date ${String(at)}: expected YYYY-MM-DD`, state, type, at);
  if (
    !event.actor ||
    typeof event.actor.id !== "string" ||
    event.actor.id.trim() === "" ||
    typeof event.actor.role !== "string" ||
    event.actor.role.trim() === ""
  ) {
    return fail("missing_actor", "Every transition must name the actor (id and role)", state, type, at);
  }
  if (typeof event.reason !== "string" || event.reason.trim() === "") {
    return fail("missing_reason", "Every transition must give a reason", state, type, at);
  }
  if (compareDates(at, state.lastEventAt) < 0) {
    return fail(
      "time_went_backwards",
      `Event date ${at} is before the latest recorded event (${state.lastEventAt})`,
      state,
      type,
      at,
    );
  }
  const allowed = ALLOWED_FROM[type as MeasureEventType];
  if (!allowed) return fail("invalid_input", `Unknown event type ${type}`, state, type, at);
  if (!allowed.includes(state.status)) {
    return fail(
      "illegal_transition",
      `Event ${type} is not allowed in state ${state.status} (allowed from: ${allowed.join(", ")})`,
      state,
      type,
      at,
    );
  }

  const next: MeasureState = {
    ...state,
    suspensions: state.suspensions.map((s) => ({ ...s })),
    transfers: state.transfers.map((t) => ({ ...t })),
    policeReports: state.policeReports.map((p) => ({ ...p })),
    lastEventAt: at,
  };
  const details: TransitionRecord["details"] = {};

  switch (event.type) {
    case "report": {
      const late = compareDates(at, state.reportDue) > 0;
      if ((late || state.status === "refused") && event.lateWithGoodCause !== true) {
        return fail(
          "guard_failed",
          `Report on ${at} is after the deadline ${state.reportDue} (戒毒条例 §14: 15 days); a late report needs good cause (正当理由), otherwise record a refusal`,
          state,
          type,
          at,
        );
      }
      next.status = "reported";
      next.reportedAt = at;
      next.reportedLateWithGoodCause = late;
      details.late = late;
      details.reportDue = state.reportDue;
      break;
    }
    case "refuse": {
      if (event.basis === "deadline_elapsed" && compareDates(at, state.reportDue) <= 0) {
        return fail(
          "guard_failed",
          `The 15-day report period runs until ${state.reportDue}; refusal for an elapsed deadline can be recorded from ${addDays(state.reportDue, 1)} (戒毒条例 §14)`,
          state,
          type,
          at,
        );
      }
      if (event.basis !== "deadline_elapsed" && event.basis !== "explicit_refusal") {
        return fail("invalid_input", `Unknown refusal basis ${String(event.basis)}`, state, type, at);
      }
      next.status = "refused";
      details.basis = event.basis;
      break;
    }
    case "sign_agreement": {
      if (state.status === "transfer_pending") {
        const t = currentTransfer(state);
        if (!t || t.reportedAt === null) {
          return fail(
            "guard_failed",
            "The new agreement is signed after the person reports at the new township (戒毒条例 §22 ¶3)",
            state,
            type,
            at,
          );
        }
      }
      next.status = "active";
      next.agreementVersion = state.agreementVersion + 1;
      next.agreementSignedAt = at;
      details.agreementVersion = next.agreementVersion;
      break;
    }
    case "suspend": {
      if (event.ground !== "detention" && event.ground !== "arrest") {
        return fail("invalid_input", `Unknown suspension ground ${String(event.ground)}`, state, type, at);
      }
      next.status = "suspended";
      next.suspensions.push({
        from: at,
        to: null,
        ground: event.ground,
        resumeTo: state.status as "reported" | "active" | "transfer_pending",
      });
      details.ground = event.ground;
      break;
    }
    case "resume": {
      const s = next.suspensions[next.suspensions.length - 1];
      if (!s || s.to !== null) return fail("guard_failed", "No ongoing suspension to end", state, type, at);
      s.to = at;
      next.status = s.resumeTo;
      details.pausedDays = pausedDaysAsOf({ suspensions: [s] }, at);
      break;
    }
    case "start_transfer": {
      const to = typeof event.toJurisdiction === "string" ? event.toJurisdiction.trim() : "";
      if (to === "") return fail("invalid_input", "toJurisdiction must name the new township", state, type, at);
      if (to === state.execJurisdiction) {
        return fail("guard_failed", `The measure is already executed in ${to}`, state, type, at);
      }
      next.status = "transfer_pending";
      const reportDue = addDays(at, TRANSFER_REPORT_DEADLINE_DAYS);
      next.transfers.push({
        startedAt: at,
        fromJurisdiction: state.execJurisdiction,
        toJurisdiction: to,
        reportDue,
        reportedAt: null,
      });
      details.toJurisdiction = to;
      details.reportDue = reportDue;
      break;
    }
    case "report_at_new_township": {
      const t = next.transfers[next.transfers.length - 1];
      if (!t || t.reportedAt !== null) {
        return fail("guard_failed", "The transfer has already been reported", state, type, at);
      }
      t.reportedAt = at;
      next.execJurisdiction = t.toJurisdiction;
      details.late = compareDates(at, t.reportDue) > 0;
      details.reportDue = t.reportDue;
      break;
    }
    case "report_to_police": {
      const trigger = event.trigger;
      if (trigger !== "refusal" && trigger !== "relapse" && trigger !== "severe_breach") {
        return fail("invalid_input", `Unknown trigger ${String(trigger)}`, state, type, at);
      }
      if (state.status === "refused" && trigger !== "refusal") {
        return fail("guard_failed", "A refused measure is reported to the police for refusal", state, type, at);
      }
      next.status = "reported_to_police";
      next.policeReports.push({
        trigger,
        reportedAt: at,
        returnTo: state.status as "reported" | "active" | "transfer_pending" | "refused",
        outcome: "pending",
      });
      details.trigger = trigger;
      break;
    }
    case "police_decline": {
      const p = next.policeReports[next.policeReports.length - 1];
      if (p?.outcome !== "pending") return fail("guard_failed", "No pending police report", state, type, at);
      p.outcome = "declined";
      next.status = p.returnTo;
      details.returnTo = p.returnTo;
      break;
    }
    case "escalate": {
      const p = next.policeReports[next.policeReports.length - 1];
      if (state.status === "reported_to_police" && p) p.outcome = "escalated";
      next.status = "escalated";
      next.endedAt = at;
      next.endReason = "escalated";
      break;
    }
    case "terminate": {
      if (event.ground !== "imprisonment" && event.ground !== "compulsory_education") {
        return fail("invalid_input", `Unknown termination ground ${String(event.ground)}`, state, type, at);
      }
      const s = next.suspensions[next.suspensions.length - 1];
      if (state.status === "suspended" && s && s.to === null) s.to = at;
      next.status = "terminated";
      next.endedAt = at;
      next.endReason = event.ground;
      details.ground = event.ground;
      break;
    }
    case "complete": {
      // reportedAt is set in every state from which `complete` is allowed
      const end = termEndWithPause(state.reportedAt as IsoDate, state.termMonths, pausedDaysAsOf(state, at));
      if (compareDates(at, end) < 0) {
        return fail(
          "guard_failed",
          `The term expires on ${end} (戒毒条例 §14, §23, §24 ¶2); release is not possible on ${at}`,
          state,
          type,
          at,
        );
      }
      next.status = "completed";
      next.endedAt = at;
      next.endReason = "completed";
      details.termEndDate = end;
      break;
    }
    case "notify_township": {
      if (state.townshipNotifiedAt !== null) {
        return fail(
          "guard_failed",
          `The township was already notified on ${state.townshipNotifiedAt}`,
          state,
          type,
          at,
        );
      }
      next.townshipNotifiedAt = at;
      details.late = compareDates(at, addDays(state.endedAt as IsoDate, 7)) > 0;
      break;
    }
  }

  const record: TransitionRecord = {
    event: event.type,
    from: state.status,
    to: next.status,
    at,
    actorId: event.actor.id,
    actorRole: event.actor.role,
    reason: event.reason.trim(),
    details,
  };
  return { ok: true, state: next, record };
}

/** Like {@link transition} but throws {@link MeasureTransitionError} instead of returning an error. */
export function transitionOrThrow(
  state: MeasureState,
  event: MeasureEvent,
  at: IsoDate,
): { state: MeasureState; record: TransitionRecord } {
  const r = transition(state, event, at);
  if (!r.ok) throw new MeasureTransitionError(r.error);
  return { state: r.state, record: r.record };
}

/**
 * Replay a history of events from an initial state (e.g. to rebuild a state from stored records).
 * Stops at the first refused event and returns it with the state reached so far.
 */
export function replay(
  initial: MeasureState,
  events: readonly { event: MeasureEvent; at: IsoDate }[],
): { state: MeasureState; records: TransitionRecord[]; error: TransitionError | null } {
  let state = initial;
  const records: TransitionRecord[] = [];
  for (const { event, at } of events) {
    const r = transition(state, event, at);
    if (!r.ok) return { state, records, error: r.error };
    state = r.state;
    records.push(r.record);
  }
  return { state, records, error: null };
}
