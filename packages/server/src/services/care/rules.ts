/**
 * The one place where the care services meet the pure rules of `@tracewater/core` (care/): state machine,
 * clocks, deadlines, schedules, severe breach, stages, risk. Services call these; they never re-implement a rule.
 * Also the server-side calendar conventions: legal dates are local dates in 长治 (China Standard Time, UTC+8,
 * no daylight saving time — GB/T 7408 / the national standard time 北京时间).
 */
import {
  addDays,
  addMonths,
  assessRisk,
  checkCaseload,
  DEFAULT_CARE_RULES,
  DEFAULT_TEST_SCHEDULE_POLICY,
  deriveViolations,
  generateObligationTasks,
  generateTestSchedule,
  type IsoDate,
  isMinor,
  type MeasureState,
  type ObligationTemplate,
  proposePoliceReports,
  type RiskAssessmentResult,
  type RiskGrade,
  type RiskInput,
  TEST_SCHEDULE_POLICIES,
  type TestOutcome,
  termClock,
  type Violation,
  type ViolationKind,
} from "@tracewater/core";

export { isMinor, termClock };
export type ViolationKindOf = ViolationKind;
export {
  allowedEvents,
  createMeasure,
  MEASURE_EVENT_TYPES,
  type MeasureEvent,
  type MeasureEventType,
  type MeasureState,
  type MeasureStatus,
  type TransitionRecord,
  transition,
} from "@tracewater/core";

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** The local calendar date in 长治 (UTC+8) of an instant. */
export function localDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of local midnight (UTC+8) that starts `date`. */
export function startOfLocalDate(date: IsoDate): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - CST_OFFSET_MS);
}

/**
 * How far ahead tasks are created: 90 days (work practice — a quarter, the longest test interval of the default
 * policy, domain.md §1.4). Tasks further ahead appear as time passes; past tasks never done stay open (overdue).
 */
export const TASK_HORIZON_DAYS = 90;

/** Source-code prefixes of rule-generated tasks (others, e.g. `campaign.*`, are never cancelled by regeneration). */
export const RULE_TASK_PREFIXES = ["deadline.", "obligation:", "schedule."] as const;

/** A task the rules want open for a measure (the key is `sourceCode` + `dueOn`). */
export interface DesiredTask {
  kind: string;
  sourceCode: string;
  dueOn: IsoDate;
  titleZh?: string;
  titleEn?: string;
  /** an unannounced (random) test */
  random?: boolean;
}

/** What {@link desiredTasks} reads of a case. */
export interface TaskInputs {
  caseId: string;
  state: MeasureState;
  today: IsoDate;
  /** the obligation template in force (stored `care_obligation_template`, else core's default) */
  template: ObligationTemplate;
  testPolicyCode: string | null;
  /** the case's stored seed of the unannounced tests */
  scheduleSeed: number;
  /** latest CONFIRMED risk grade (an unconfirmed score never changes a measure) */
  confirmedRiskGrade: RiskGrade | null;
}

const ACTIVE_LIKE = new Set(["reported", "active", "transfer_pending"]);

/** A 31-bit seed from a case id (FNV-1a 32-bit), stored with the case when it is opened. */
export function scheduleSeed(caseId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    h ^= caseId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/**
 * The tasks the rules want for a measure, due up to `today + TASK_HORIZON_DAYS`:
 * - legal deadlines read from the core state: report due (`reportDue`, 戒毒条例 §14), report at the new township
 *   (`transfers[].reportDue`, §22), term end (core `termClock`, §23);
 * - obligation-template tasks (core `generateObligationTasks`; 一档四定三报告, template as data) — the event-driven
 *   items (`on_event`) are not dated here;
 * - the test schedule (core `generateTestSchedule` with the case's policy, the confirmed risk grade's override,
 *   and a seed from the case id), from the report date, while the measure runs.
 */
export function desiredTasks(input: TaskInputs): DesiredTask[] {
  const { state, today } = input;
  const horizon = addDays(today, TASK_HORIZON_DAYS);
  const out: DesiredTask[] = [];
  if (state.status === "ordered")
    out.push({ kind: "report_due", sourceCode: "deadline.report", dueOn: state.reportDue });
  if (state.status === "transfer_pending") {
    const t = state.transfers.at(-1);
    if (t && !t.reportedAt)
      out.push({ kind: "transfer_report_due", sourceCode: "deadline.transfer_report", dueOn: t.reportDue });
  }
  const clock = termClock(state, today);
  if (ACTIVE_LIKE.has(state.status) && clock.termEndDate)
    out.push({ kind: "expiry", sourceCode: "deadline.term_end", dueOn: clock.termEndDate });
  const terminal = state.status === "escalated" || state.status === "terminated" || state.status === "refused";
  if (!terminal && state.status !== "suspended" && state.status !== "reported_to_police") {
    const running = state.status !== "completed";
    for (const t of generateObligationTasks(input.template, {
      servedAt: state.servedAt,
      reportedAt: state.reportedAt,
      agreementSignedAt: state.agreementSignedAt,
      termEndDate: clock.termEndDate,
      releasedAt: state.endedAt,
    })) {
      // after completion only the release items remain
      if (!running && t.code !== "review.release_notice") continue;
      if (t.code === "fix.agreement" && state.agreementSignedAt) continue;
      out.push({
        kind: t.code,
        sourceCode: `obligation:${t.code}`,
        dueOn: t.dueDate,
        titleZh: t.titleZh,
        titleEn: t.titleEn,
      });
    }
  }
  if (ACTIVE_LIKE.has(state.status) && state.reportedAt) {
    const policy = TEST_SCHEDULE_POLICIES.find((p) => p.id === input.testPolicyCode) ?? DEFAULT_TEST_SCHEDULE_POLICY;
    for (const d of generateTestSchedule({
      policy,
      termStart: state.reportedAt,
      termMonths: state.termMonths,
      seed: input.scheduleSeed,
      ...(input.confirmedRiskGrade ? { riskGrade: input.confirmedRiskGrade } : {}),
    }))
      out.push({ kind: "test", sourceCode: `schedule.${d.kind}`, dueOn: d.date, random: d.kind === "random" });
  }
  return out.filter((t) => t.dueOn <= horizon);
}

/** Inputs of {@link proposePoliceReport}. */
export interface ProposalInputs {
  today: IsoDate;
  /** violations recorded by workers */
  violations: readonly { type: string; occurred_on: string; days: number | null }[];
  /** test outcomes (date = due date or collection date) */
  tests: readonly { date: IsoDate; outcome: TestOutcome }[];
  /** triggers already reported to the police, with the confirmation date */
  reported: readonly { trigger: string; on: IsoDate }[];
}

/**
 * The advisory police-report proposal (core `proposePoliceReports` over the recorded violations plus those core
 * `deriveViolations` finds in the test outcomes; 戒毒条例 §20–§21). A proposal already confirmed on or after the
 * fact that completed it is not proposed again.
 */
export function proposePoliceReport(input: ProposalInputs): {
  proposed: boolean;
  trigger: string | null;
  reasons: string[];
} {
  const recorded: Violation[] = input.violations.map((v) => ({
    kind: v.type as ViolationKind,
    at: v.occurred_on,
    ...(v.days != null ? { days: v.days } : {}),
  }));
  const derived = deriveViolations({ tests: input.tests, asOf: input.today });
  const open = proposePoliceReports([...recorded, ...derived]).filter(
    (p) => !input.reported.some((r) => r.trigger === p.trigger && r.on >= p.since),
  );
  const first = open[0];
  return {
    proposed: !!first,
    trigger: first?.trigger ?? null,
    reasons: open.map((p) => `${p.explanation} (${p.basis})`),
  };
}

/** The facts of the risk model a person judges (core `RiskInput` minus what the records give). */
export type JudgedRiskFacts = Pick<
  RiskInput,
  | "selfHarmRisk"
  | "mentalHealthConcern"
  | "previousTreatmentEpisodes"
  | "monthsSinceLastUse"
  | "employed"
  | "familySupport"
>;

/**
 * The advisory risk score of a case (core `assessRisk`, model `RISK_MODEL_VERSION`; grades of 禁毒办通〔2016〕37号).
 * From the records: positive tests, evaded/refused tests (recorded violations plus those core `deriveViolations`
 * finds in the test outcomes — the same list as the police-report proposal) and unauthorised leaves dated in the
 * 12 months up to `today` (民法典 §202 month arithmetic); "refused or severe breach" (37号 high-risk criterion) when
 * the measure was refused/escalated or a severe-breach proposal exists (戒毒条例 §20). The rest is judged by a person.
 * Advisory: it changes nothing until a person confirms it.
 * @throws ScienceInputError (core) for a negative count
 */
export function assessCaseRisk(input: ProposalInputs & { status: string; judged: JudgedRiskFacts }): {
  inputs: RiskInput;
  result: RiskAssessmentResult;
} {
  const from = addMonths(input.today, -12);
  const inWindow = (d: IsoDate) => d > from && d <= input.today;
  const recorded: Violation[] = input.violations.map((v) => ({
    kind: v.type as ViolationKind,
    at: v.occurred_on,
    ...(v.days != null ? { days: v.days } : {}),
  }));
  const all = [...recorded, ...deriveViolations({ tests: input.tests, asOf: input.today })];
  const count = (kinds: readonly ViolationKind[]) => all.filter((v) => kinds.includes(v.kind) && inWindow(v.at)).length;
  const severe = proposePoliceReports(all).some((p) => p.trigger === "severe_breach");
  const inputs: RiskInput = {
    ...input.judged,
    refusedOrSevereBreach: input.status === "refused" || input.status === "escalated" || severe,
    positiveTests12m: input.tests.filter((t) => t.outcome === "positive" && inWindow(t.date)).length,
    testEvasionsOrRefusals12m: count(["evade_test", "refuse_test"]),
    unauthorizedLeaves12m: count(["unauthorized_leave"]),
  };
  return { inputs, result: assessRisk(inputs) };
}

/** The configured caseload ratio: one worker per 20–30 cases (core `DEFAULT_CARE_RULES`; domain.md §1.5 ◐). */
export const CASELOAD_RATIO = {
  min: DEFAULT_CARE_RULES.caseloadRatioMin,
  max: DEFAULT_CARE_RULES.caseloadRatioMax,
} as const;

/**
 * A centre's caseload against {@link CASELOAD_RATIO} (core `checkCaseload`): cases per worker, the unit's status
 * and how many workers are above the upper ratio.
 */
export function centreCaseload(workers: readonly { workerId: string; cases: number }[]) {
  const c = checkCaseload(workers, { caseloadRatioMin: CASELOAD_RATIO.min, caseloadRatioMax: CASELOAD_RATIO.max });
  return {
    workers: c.workers,
    casesPerWorker: Number.isFinite(c.casesPerWorker) ? Math.round(c.casesPerWorker * 10) / 10 : null,
    status: c.status,
    workersOver: c.perWorker.filter((w) => w.status === "over").length,
  };
}
