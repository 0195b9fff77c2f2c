import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, compareDates, daysBetween } from "./dates.js";
import {
  ALLOWED_FROM,
  createMeasure,
  MeasureTransitionError,
  transition,
  transitionOrThrow,
} from "./measure-state-machine.js";
import type { MeasureEvent, MeasureState, MeasureStatus } from "./measure-types.js";
import { MEASURE_EVENT_TYPES, MEASURE_STATUSES } from "./measure-types.js";
import { termClock } from "./term-clock.js";

const worker = { id: "staff-1", role: "township_worker" };
const police = { id: "staff-9", role: "county_police" };

function ordered(servedAt = "2025-01-01"): MeasureState {
  return createMeasure({
    type: "community_treatment",
    decisionDate: servedAt,
    servedAt,
    execJurisdiction: "140403001",
  });
}

function ev(e: Partial<MeasureEvent> & { type: MeasureEvent["type"] }): MeasureEvent {
  return { actor: worker, reason: "test", ...e } as MeasureEvent;
}

function apply(state: MeasureState, e: MeasureEvent, at: string): MeasureState {
  return transitionOrThrow(state, e, at).state;
}

function activeFrom(reportedAt: string, servedAt = reportedAt): MeasureState {
  let s = ordered(servedAt);
  s = apply(s, ev({ type: "report" }), reportedAt);
  return apply(s, ev({ type: "sign_agreement" }), reportedAt);
}

describe("createMeasure (戒毒条例 §13–§14, §37)", () => {
  it("sets the 15-day report deadline: served 2025-01-01 → report due 2025-01-16 (民法典 §201)", () => {
    const s = ordered("2025-01-01");
    expect(s.status).toBe("ordered");
    expect(s.reportDue).toBe("2025-01-16");
    expect(s.termMonths).toBe(36);
  });
  it("rejects a 社区戒毒 term other than 3 years and a 社区康复 term above 3 years", () => {
    expect(() =>
      createMeasure({
        type: "community_treatment",
        decisionDate: "2025-01-01",
        servedAt: "2025-01-01",
        termMonths: 24,
        execJurisdiction: "x",
      }),
    ).toThrow(/36/);
    expect(() =>
      createMeasure({
        type: "community_rehabilitation",
        decisionDate: "2025-01-01",
        servedAt: "2025-01-01",
        termMonths: 37,
        execJurisdiction: "x",
      }),
    ).toThrow(/1–36/);
    const r = createMeasure({
      type: "community_rehabilitation",
      decisionDate: "2025-01-01",
      servedAt: "2025-01-03",
      termMonths: 36,
      execJurisdiction: "x",
    });
    expect(r.termMonths).toBe(36);
    expect(r.reportDue).toBe("2025-01-18");
  });
  it("rejects a service date before the decision", () => {
    expect(() =>
      createMeasure({
        type: "community_treatment",
        decisionDate: "2025-01-05",
        servedAt: "2025-01-04",
        execJurisdiction: "x",
      }),
    ).toThrow(/servedAt/);
  });
});

describe("report within 15 days (戒毒条例 §14)", () => {
  it("accepts the report on day 15 (2025-01-16) and refuses day 16 without good cause", () => {
    const s = ordered("2025-01-01");
    const onTime = transition(s, ev({ type: "report" }), "2025-01-16");
    expect(onTime.ok).toBe(true);
    if (onTime.ok) expect(onTime.record.details.late).toBe(false);
    const late = transition(s, ev({ type: "report" }), "2025-01-17");
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error.code).toBe("guard_failed");
    const goodCause = transition(s, ev({ type: "report", lateWithGoodCause: true }), "2025-01-17");
    expect(goodCause.ok && goodCause.state.reportedLateWithGoodCause).toBe(true);
  });
  it("records refusal for an elapsed deadline only from day 16", () => {
    const s = ordered("2025-01-01");
    expect(transition(s, ev({ type: "refuse", basis: "deadline_elapsed" }), "2025-01-16").ok).toBe(false);
    const r = transition(s, ev({ type: "refuse", basis: "deadline_elapsed" }), "2025-01-17");
    expect(r.ok && r.state.status).toBe("refused");
    expect(transition(s, ev({ type: "refuse", basis: "explicit_refusal" }), "2025-01-02").ok).toBe(true);
  });
});

describe("who / when / why", () => {
  it("rejects a missing actor or blank reason", () => {
    const s = ordered();
    const noActor = transition(s, { type: "report", actor: { id: "", role: "x" }, reason: "r" }, "2025-01-02");
    expect(!noActor.ok && noActor.error.code).toBe("missing_actor");
    const noReason = transition(s, { type: "report", actor: worker, reason: "  " }, "2025-01-02");
    expect(!noReason.ok && noReason.error.code).toBe("missing_reason");
  });
  it("records actor, date, reason, from and to", () => {
    const r = transitionOrThrow(ordered(), { type: "report", actor: worker, reason: "报到 in person " }, "2025-01-05");
    expect(r.record).toEqual({
      event: "report",
      from: "ordered",
      to: "reported",
      at: "2025-01-05",
      actorId: "staff-1",
      actorRole: "township_worker",
      reason: "报到 in person",
      details: { late: false, reportDue: "2025-01-16" },
    });
  });
  it("rejects an event dated before the previous one", () => {
    const s = activeFrom("2025-02-01");
    const r = transition(s, ev({ type: "suspend", ground: "detention" }), "2025-01-31");
    expect(!r.ok && r.error.code).toBe("time_went_backwards");
  });
  it("transitionOrThrow throws a MeasureTransitionError with the code", () => {
    expect(() => transitionOrThrow(ordered(), ev({ type: "complete" }), "2030-01-01")).toThrow(MeasureTransitionError);
  });
});

describe("term clock (戒毒条例 §14 ¶2, §22, §23, §24)", () => {
  it("3 years from the report: reported 2025-03-10 → expires 2028-03-10; complete allowed that day, not the day before", () => {
    const s = activeFrom("2025-03-10");
    expect(termClock(s, "2025-03-10").termEndDate).toBe("2028-03-10");
    expect(transition(s, ev({ type: "complete" }), "2028-03-09").ok).toBe(false);
    const done = transition(s, ev({ type: "complete" }), "2028-03-10");
    expect(done.ok && done.state.status).toBe("completed");
  });
  it("leap day: reported 2024-02-29 → expires 2027-02-28 (民法典 §202: no 29 Feb in 2027)", () => {
    const s = activeFrom("2024-02-29");
    expect(termClock(s, "2024-03-01").termEndDate).toBe("2027-02-28");
    expect(transition(s, ev({ type: "complete" }), "2027-02-27").ok).toBe(false);
    expect(transition(s, ev({ type: "complete" }), "2027-02-28").ok).toBe(true);
  });
  it("leap day inside the term does not move the expiry: reported 2027-03-01 → 2030-03-01 (2028 is leap)", () => {
    expect(termClock(activeFrom("2027-03-01"), "2027-03-01").termEndDate).toBe("2030-03-01");
  });
  it("detention pauses the clock: 20 days detained (2026-05-01 → 2026-05-21) moves expiry 2028-03-10 → 2028-03-30", () => {
    let s = activeFrom("2025-03-10");
    s = apply(s, ev({ type: "suspend", ground: "detention" }), "2026-05-01");
    const during = termClock(s, "2026-05-11");
    expect(during.paused).toBe(true);
    expect(during.pausedDays).toBe(10);
    expect(during.termEndDate).toBe("2028-03-20");
    s = apply(s, ev({ type: "resume" }), "2026-05-21");
    expect(s.status).toBe("active");
    const after = termClock(s, "2026-06-01");
    expect(after.pausedDays).toBe(20);
    expect(after.termEndDate).toBe("2028-03-30");
    // days served on 2026-06-01: 448 calendar days since 2025-03-10 minus 20 paused
    expect(daysBetween("2025-03-10", "2026-06-01")).toBe(448);
    expect(after.daysServed).toBe(428);
    expect(transition(s, ev({ type: "complete" }), "2028-03-29").ok).toBe(false);
    expect(transition(s, ev({ type: "complete" }), "2028-03-30").ok).toBe(true);
  });
  it("a suspended measure cannot complete (the clock is paused)", () => {
    let s = activeFrom("2025-03-10");
    s = apply(s, ev({ type: "suspend", ground: "arrest" }), "2027-12-01");
    const r = transition(s, ev({ type: "complete" }), "2029-01-01");
    expect(!r.ok && r.error.code).toBe("illegal_transition");
  });
  it("a transfer does not pause the clock and needs the report at the new township before the new agreement", () => {
    let s = activeFrom("2025-03-10");
    s = apply(s, ev({ type: "start_transfer", toJurisdiction: "140404002" }), "2026-01-10");
    expect(s.transfers[0]?.reportDue).toBe("2026-01-25");
    expect(transition(s, ev({ type: "sign_agreement" }), "2026-01-12").ok).toBe(false);
    s = apply(s, ev({ type: "report_at_new_township" }), "2026-01-20");
    expect(s.execJurisdiction).toBe("140404002");
    s = apply(s, ev({ type: "sign_agreement" }), "2026-01-21");
    expect(s.agreementVersion).toBe(2);
    expect(termClock(s, "2026-02-01").termEndDate).toBe("2028-03-10");
  });
  it("transfer report: day 15 after the change is in time, day 16 is late (戒毒条例 §22)", () => {
    let s = activeFrom("2025-03-10");
    s = apply(s, ev({ type: "start_transfer", toJurisdiction: "140404002" }), "2026-01-10");
    const onTime = transitionOrThrow(s, ev({ type: "report_at_new_township" }), "2026-01-25");
    expect(onTime.record.details).toEqual({ late: false, reportDue: "2026-01-25" });
    const late = transitionOrThrow(s, ev({ type: "report_at_new_township" }), "2026-01-26");
    expect(late.record.details.late).toBe(true);
  });
  it("a transfer to the same township is refused", () => {
    const r = transition(
      activeFrom("2025-03-10"),
      ev({ type: "start_transfer", toJurisdiction: "140403001" }),
      "2026-01-10",
    );
    expect(!r.ok && r.error.code).toBe("guard_failed");
  });
  it("社区康复 of 18 months from 2025-08-31 expires 2027-02-28", () => {
    let s = createMeasure({
      type: "community_rehabilitation",
      decisionDate: "2025-08-20",
      servedAt: "2025-08-25",
      termMonths: 18,
      execJurisdiction: "t",
    });
    s = apply(s, ev({ type: "report" }), "2025-08-31");
    expect(termClock(s, "2025-09-01").termEndDate).toBe("2027-02-28");
  });
});

describe("police report, escalation, termination, township notice", () => {
  it("relapse → reported_to_police → declined returns to active; → escalated ends the measure", () => {
    let s = activeFrom("2025-03-10");
    s = apply(
      s,
      { type: "report_to_police", trigger: "relapse", actor: worker, reason: "positive urine" },
      "2025-06-01",
    );
    expect(s.status).toBe("reported_to_police");
    const declined = apply(s, { type: "police_decline", actor: police, reason: "no 强戒" }, "2025-06-03");
    expect(declined.status).toBe("active");
    const esc = apply(s, { type: "escalate", actor: police, reason: "强制隔离戒毒决定" }, "2025-06-03");
    expect(esc.status).toBe("escalated");
    expect(esc.policeReports[0]?.outcome).toBe("escalated");
  });
  it("imprisonment during detention terminates the measure and closes the suspension", () => {
    let s = activeFrom("2025-03-10");
    s = apply(s, ev({ type: "suspend", ground: "arrest" }), "2025-05-01");
    s = apply(s, { type: "terminate", ground: "imprisonment", actor: police, reason: "判决" }, "2025-09-01");
    expect(s.status).toBe("terminated");
    expect(s.suspensions[0]?.to).toBe("2025-09-01");
  });
  it("township notification after completion is recorded once, late after 7 days (戒毒条例 §23)", () => {
    let s = activeFrom("2025-03-10");
    s = apply(s, ev({ type: "complete" }), "2028-03-10");
    const onTime = transitionOrThrow(s, ev({ type: "notify_township" }), "2028-03-17");
    expect(onTime.record.details.late).toBe(false);
    const late = transitionOrThrow(s, ev({ type: "notify_township" }), "2028-03-18");
    expect(late.record.details.late).toBe(true);
    expect(transition(onTime.state, ev({ type: "notify_township" }), "2028-03-20").ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests: random event sequences never reach an illegal state.

const actors = [worker, police];
const eventArb: fc.Arbitrary<MeasureEvent> = fc
  .oneof(
    fc.record({ type: fc.constant("report" as const), lateWithGoodCause: fc.boolean() }),
    fc.record({
      type: fc.constant("refuse" as const),
      basis: fc.constantFrom("deadline_elapsed" as const, "explicit_refusal" as const),
    }),
    fc.record({ type: fc.constant("sign_agreement" as const) }),
    fc.record({
      type: fc.constant("suspend" as const),
      ground: fc.constantFrom("detention" as const, "arrest" as const),
    }),
    fc.record({ type: fc.constant("resume" as const) }),
    fc.record({
      type: fc.constant("start_transfer" as const),
      toJurisdiction: fc.constantFrom("140403001", "140404002", "140405003"),
    }),
    fc.record({ type: fc.constant("report_at_new_township" as const) }),
    fc.record({
      type: fc.constant("report_to_police" as const),
      trigger: fc.constantFrom("refusal" as const, "relapse" as const, "severe_breach" as const),
    }),
    fc.record({ type: fc.constant("police_decline" as const) }),
    fc.record({ type: fc.constant("escalate" as const) }),
    fc.record({
      type: fc.constant("terminate" as const),
      ground: fc.constantFrom("imprisonment" as const, "compulsory_education" as const),
    }),
    fc.record({ type: fc.constant("complete" as const) }),
    fc.record({ type: fc.constant("notify_township" as const) }),
  )
  .chain((e) =>
    fc
      .record({ actor: fc.constantFrom(...actors), reason: fc.constant("prop") })
      .map((b) => ({ ...e, ...b }) as MeasureEvent),
  );

const stepArb = fc.record({ event: eventArb, gapDays: fc.integer({ min: -5, max: 400 }) });

describe("state machine properties (fast-check)", () => {
  it("every accepted transition is listed in ALLOWED_FROM, time never moves backwards, terminal states stay terminal", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let s = ordered("2024-02-20");
        let at = s.servedAt;
        for (const { event, gapDays } of steps) {
          const when = addDays(at, gapDays);
          const r = transition(s, event, when);
          if (!r.ok) {
            // a refusal never changes anything and explains itself
            expect(r.error.message.length).toBeGreaterThan(0);
            if (gapDays < 0 && compareDates(when, s.lastEventAt) < 0) expect(r.error.code).toBe("time_went_backwards");
            continue;
          }
          expect(ALLOWED_FROM[event.type]).toContain(s.status);
          expect(MEASURE_STATUSES).toContain(r.state.status);
          expect(compareDates(r.state.lastEventAt, s.lastEventAt)).toBeGreaterThanOrEqual(0);
          expect(r.record.from).toBe(s.status);
          expect(r.record.to).toBe(r.state.status);
          if (["completed", "escalated", "terminated"].includes(s.status)) {
            expect(r.state.status).toBe(s.status);
          }
          s = r.state;
          at = when;
        }
        // invariants of any reachable state
        const open = s.suspensions.filter((x) => x.to === null);
        expect(open.length).toBeLessThanOrEqual(1);
        if (s.status === "suspended") expect(open.length).toBe(1);
        else if (s.status !== "terminated") expect(open.length).toBe(0);
        if (["reported", "active", "suspended", "transfer_pending"].includes(s.status))
          expect(s.reportedAt).not.toBeNull();
        if (s.status === "active") expect(s.agreementVersion).toBeGreaterThan(0);
        for (const x of s.suspensions) if (x.to) expect(compareDates(x.to, x.from)).toBeGreaterThanOrEqual(0);
        if (s.status === "completed" && s.reportedAt) {
          const c = termClock(s, s.endedAt as string);
          expect(compareDates(s.endedAt as string, c.termEndDate as string)).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("an event outside ALLOWED_FROM is refused in every state", () => {
    const statesByStatus = new Map<MeasureStatus, MeasureState>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 10, maxLength: 30 }), (steps) => {
        let st = ordered("2024-02-20");
        for (const x of steps) {
          const r = transition(st, x.event, addDays(st.lastEventAt, Math.max(0, x.gapDays)));
          if (r.ok) st = r.state;
          statesByStatus.set(st.status, st);
        }
      }),
      { numRuns: 300 },
    );
    // states a random walk rarely reaches, built explicitly
    const done = apply(activeFrom("2025-03-10"), ev({ type: "complete" }), "2028-03-10");
    statesByStatus.set("completed", done);
    const moving = apply(activeFrom("2025-03-10"), ev({ type: "start_transfer", toJurisdiction: "T2" }), "2025-04-01");
    statesByStatus.set("transfer_pending", moving);
    const refused = apply(ordered("2025-01-01"), ev({ type: "refuse", basis: "explicit_refusal" }), "2025-01-02");
    statesByStatus.set("refused", refused);
    statesByStatus.set("escalated", apply(refused, ev({ type: "escalate" }), "2025-01-03"));
    statesByStatus.set("terminated", apply(refused, ev({ type: "terminate", ground: "imprisonment" }), "2025-01-03"));
    for (const [status, state] of statesByStatus) {
      for (const type of MEASURE_EVENT_TYPES) {
        if (ALLOWED_FROM[type].includes(status)) continue;
        const r = transition(
          state,
          { type, actor: worker, reason: "x" } as MeasureEvent,
          addDays(state.lastEventAt, 1),
        );
        expect(!r.ok && r.error.code).toBe("illegal_transition");
      }
    }
    expect(MEASURE_STATUSES.filter((x) => !statesByStatus.has(x))).toEqual([]);
  });

  it("suspended days add exactly to the expiry; transfers do not (clock arithmetic)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.array(
          fc.record({
            gap: fc.integer({ min: 1, max: 120 }),
            len: fc.integer({ min: 0, max: 60 }),
            transfer: fc.boolean(),
          }),
          {
            maxLength: 6,
          },
        ),
        (startOffset, periods) => {
          const reportedAt = addDays("2023-01-01", startOffset);
          let s = activeFrom(reportedAt);
          const base = termClock(s, reportedAt).termEndDate as string;
          let at = reportedAt;
          let paused = 0;
          let n = 0;
          for (const p of periods) {
            at = addDays(at, p.gap);
            if (p.transfer) {
              s = apply(s, ev({ type: "start_transfer", toJurisdiction: `T${n++}` }), at);
              at = addDays(at, p.len);
              s = apply(s, ev({ type: "report_at_new_township" }), at);
              s = apply(s, ev({ type: "sign_agreement" }), at);
            } else {
              s = apply(s, ev({ type: "suspend", ground: "detention" }), at);
              at = addDays(at, p.len);
              s = apply(s, ev({ type: "resume" }), at);
              paused += p.len;
            }
          }
          const c = termClock(s, at);
          expect(c.pausedDays).toBe(paused);
          expect(c.termEndDate).toBe(addDays(base, paused));
          expect(c.daysServed).toBe(daysBetween(reportedAt, at) - paused);
        },
      ),
      { numRuns: 300 },
    );
  });
});
