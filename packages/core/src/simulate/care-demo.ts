/**
 * SYNTHETIC people and community-treatment cases for the `changzhi-demo` data (issue #6), so that the care
 * module can be seen working on start. Nothing here describes a real person.
 *
 * How the data is made unmistakably synthetic (docs/care.md "Synthetic demo data"):
 * - Names: a surname and one or two given-name syllables drawn from fixed lists, always prefixed with
 *   {@link SIMULATED_NAME_PREFIX} `[模拟]` (e.g. `[模拟]王建华`).
 * - ID numbers (18 characters, layout of GB 11643-1999): the 6-digit address code starts with `99`, and no
 *   province code 99 exists in GB/T 2260 (province codes run 11–82); AND the check digit is deliberately wrong
 *   (the ISO 7064 MOD 11-2 check digit plus one, mod 11). Such a number can never belong to anyone, and
 *   {@link isSyntheticIdNumber} recognises it.
 * - Phone numbers: `0000-` followed by 7 digits (no such area code).
 * - Townships: codes `<county GB/T 2260 code><3 digits>` under the 12 real county codes of 长治市, with names
 *   `[模拟]<county>第N乡镇` (the real township list is not bundled).
 * - Decision numbers: `[模拟]长公(社戒)决字〔year〕N号`; deciding body `[模拟]<county>公安局`.
 *
 * The histories are produced by the real rules (`care/` state machine, schedules, deadlines, severe-breach
 * proposals) with seeded randomness (`wbe/rng.ts`): the same options give the same data.
 */
import { addDays, compareDates, daysBetween, type IsoDate, maxDate, minDate } from "../care/dates.js";
import type { LeaveRecord } from "../care/deadlines.js";
import type { TestOutcome, TestRecord } from "../care/drug-tests.js";
import { createMeasure, transitionOrThrow } from "../care/measure-state-machine.js";
import type { MeasureEvent, MeasureState, MeasureType, TransitionRecord } from "../care/measure-types.js";
import { assessRisk, type RiskAssessmentResult, type RiskInput } from "../care/risk.js";
import { deriveViolations, proposePoliceReports } from "../care/severe-breach.js";
import { advanceStage, type StageProgress, startStageProgress } from "../care/stages.js";
import { termClock } from "../care/term-clock.js";
import { DEFAULT_TEST_SCHEDULE_POLICY, generateTestSchedule } from "../care/test-schedule.js";
import { ScienceInputError } from "../errors.js";
import { createRng, type SeededRng } from "../wbe/rng.js";
import { CHANGZHI_COUNTIES } from "./changzhi-demo.js";
import { SIMULATED_NAME_PREFIX } from "./scenario.js";

export type SyntheticPersonCategory =
  | "registered_user"
  | "community_treatment"
  | "community_rehabilitation"
  | "compulsory_isolation"
  | "methadone_maintenance"
  | "abstinent_three_years";

export interface SyntheticTownship {
  code: string;
  nameZh: string;
  countyCode: string;
  countyNameZh: string;
  synthetic: true;
}

/** Shaped like the person-create input of the API (contract `CarePersonCreate`, without `purpose`). */
export interface SyntheticPerson {
  /** stable key within one generated data set, e.g. `SIM-0007` */
  key: string;
  name: string;
  idNumber: string;
  sex: "male" | "female";
  birthDate: IsoDate;
  phone: string;
  hukouJurisdictionCode: string;
  residenceJurisdictionCode: string;
  category: SyntheticPersonCategory;
  drugTypes: string[];
  pregnantOrNursing: boolean;
  sealed: boolean;
  source: "seized" | "voluntary" | "transferred";
  registeredOn: IsoDate;
  synthetic: true;
}

export interface SyntheticCase {
  personKey: string;
  type: MeasureType;
  decisionNo: string;
  decidedBy: string;
  servedOn: IsoDate;
  termMonths: number;
  execJurisdictionCode: string;
  /** the events applied, in order (replayable with `replay(createMeasure(...), events)`) */
  events: { event: MeasureEvent; at: IsoDate }[];
  records: TransitionRecord[];
  /** state on `asOf` */
  state: MeasureState;
  schedulePolicyId: string;
  scheduleSeed: number;
  /** past tests with their outcomes and future tests as `scheduled` */
  tests: (TestRecord & { id: string })[];
  leaves: (LeaveRecord & { id: string })[];
  stage: StageProgress;
  riskInput: RiskInput;
  risk: RiskAssessmentResult;
}

export interface CareDemoData {
  marker: typeof SIMULATED_NAME_PREFIX;
  seed: number;
  asOf: IsoDate;
  townships: SyntheticTownship[];
  persons: SyntheticPerson[];
  cases: SyntheticCase[];
}

export interface CareDemoOptions {
  seed: number;
  /** the "today" of the data set */
  asOf: IsoDate;
  /** number of people (default 120) */
  persons?: number;
  /** synthetic townships per county (default 3) */
  townshipsPerCounty?: number;
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "郭", "韩", "郝"];
const GIVEN = [
  "建",
  "华",
  "明",
  "国",
  "平",
  "军",
  "强",
  "伟",
  "芳",
  "丽",
  "红",
  "志",
  "勇",
  "晓",
  "文",
  "斌",
  "海",
  "磊",
  "静",
  "涛",
];
const DRUGS = ["methamphetamine", "heroin", "ketamine", "MDMA", "cannabis"];
const WORKER = { id: "sim-worker", role: "township_worker" };
const POLICE = { id: "sim-police", role: "county_police" };

/** ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643-1999). */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new ScienceInputError("first17", first17, "17 digits");
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] as number);
  return "10X98765432"[sum % 11] as string;
}

/**
 * True when `id` is a synthetic ID number of this generator: 18 characters, address code starting with `99`
 * (no such province) and a check character that does NOT match ISO 7064 MOD 11-2.
 */
export function isSyntheticIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id) || !id.startsWith("99")) return false;
  return idNumberCheckCharacter(id.slice(0, 17)) !== id[17];
}

function int(rng: SeededRng, lo: number, hi: number): number {
  return lo + Math.floor(rng.uniform() * (hi - lo + 1));
}
function pick<T>(rng: SeededRng, xs: readonly T[]): T {
  return xs[Math.floor(rng.uniform() * xs.length)] as T;
}
function chance(rng: SeededRng, p: number): boolean {
  return rng.uniform() < p;
}

/** Synthetic townships: `townshipsPerCounty` per county of 长治市. */
export function syntheticTownships(townshipsPerCounty = 3): SyntheticTownship[] {
  const out: SyntheticTownship[] = [];
  for (const c of CHANGZHI_COUNTIES) {
    for (let i = 1; i <= townshipsPerCounty; i++) {
      out.push({
        code: `${c.code}${String(i).padStart(3, "0")}`,
        nameZh: `${SIMULATED_NAME_PREFIX}${c.name}第${i}乡镇`,
        countyCode: c.code,
        countyNameZh: c.name,
        synthetic: true,
      });
    }
  }
  return out;
}

function syntheticIdNumber(rng: SeededRng, countyCode: string, birthDate: IsoDate, sex: "male" | "female"): string {
  const seq = int(rng, 0, 49) * 2 + (sex === "male" ? 1 : 0) + 100; // odd = male (GB 11643 sequence parity)
  const first17 = `99${countyCode.slice(2)}${birthDate.replaceAll("-", "")}${String(seq).padStart(3, "0").slice(-3)}`;
  const right = idNumberCheckCharacter(first17);
  const chars = "10X98765432";
  const wrong = chars[(chars.indexOf(right) + 1) % 11] as string;
  return `${first17}${wrong}`;
}

function apply(
  c: { state: MeasureState; events: { event: MeasureEvent; at: IsoDate }[]; records: TransitionRecord[] },
  event: MeasureEvent,
  at: IsoDate,
) {
  const r = transitionOrThrow(c.state, event, at);
  c.state = r.state;
  c.events.push({ event, at });
  c.records.push(r.record);
}

/**
 * Generate the synthetic data set. Deterministic for the same options.
 * @throws ScienceInputError for a non-integer seed, an invalid `asOf` or a non-positive count
 */
export function generateCareDemo(options: CareDemoOptions): CareDemoData {
  const n = options.persons ?? 120;
  if (!Number.isInteger(n) || n < 1) throw new ScienceInputError("persons", n, "an integer ≥ 1");
  daysBetween(options.asOf, options.asOf); // validates the date
  const rng = createRng(options.seed);
  const asOf = options.asOf;
  const townships = syntheticTownships(options.townshipsPerCounty ?? 3);
  const persons: SyntheticPerson[] = [];
  const cases: SyntheticCase[] = [];

  for (let i = 0; i < n; i++) {
    const key = `SIM-${String(i + 1).padStart(4, "0")}`;
    const sex: "male" | "female" = chance(rng, 0.82) ? "male" : "female";
    const age = int(rng, 19, 58);
    const birthDate = addDays(asOf, -(age * 365 + int(rng, 0, 364)));
    const residence = pick(rng, townships);
    const hukou = chance(rng, 0.85) ? residence : pick(rng, townships);
    const name = `${SIMULATED_NAME_PREFIX}${pick(rng, SURNAMES)}${pick(rng, GIVEN)}${chance(rng, 0.7) ? pick(rng, GIVEN) : ""}`;
    const u = rng.uniform();
    const category: SyntheticPersonCategory =
      u < 0.5
        ? "community_treatment"
        : u < 0.72
          ? "community_rehabilitation"
          : u < 0.82
            ? "registered_user"
            : u < 0.9
              ? "abstinent_three_years"
              : u < 0.95
                ? "methadone_maintenance"
                : "compulsory_isolation";
    const drugTypes = [pick(rng, DRUGS)];
    if (chance(rng, 0.15))
      drugTypes.push(
        pick(
          rng,
          DRUGS.filter((d) => d !== drugTypes[0]),
        ),
      );
    const registeredOn = addDays(asOf, -int(rng, 60, 2400));
    const person: SyntheticPerson = {
      key,
      name,
      idNumber: syntheticIdNumber(rng, hukou.countyCode, birthDate, sex),
      sex,
      birthDate,
      phone: `0000-${String(int(rng, 0, 9_999_999)).padStart(7, "0")}`,
      hukouJurisdictionCode: hukou.code,
      residenceJurisdictionCode: residence.code,
      category,
      drugTypes,
      pregnantOrNursing: sex === "female" && chance(rng, 0.05),
      sealed: false,
      source: chance(rng, 0.85) ? "seized" : chance(rng, 0.5) ? "voluntary" : "transferred",
      registeredOn,
      synthetic: true,
    };
    persons.push(person);
    if (category !== "community_treatment" && category !== "community_rehabilitation") continue;
    const kase = generateCase(rng, options.seed, i, person, residence, townships, asOf);
    // registration precedes the decision
    person.registeredOn = minDate(person.registeredOn, kase.state.decisionDate);
    cases.push(kase);
  }
  return { marker: SIMULATED_NAME_PREFIX, seed: options.seed, asOf, townships, persons, cases };
}

function generateCase(
  rng: SeededRng,
  seed: number,
  index: number,
  person: SyntheticPerson,
  exec: SyntheticTownship,
  townships: readonly SyntheticTownship[],
  asOf: IsoDate,
): SyntheticCase {
  const type: MeasureType =
    person.category === "community_rehabilitation" ? "community_rehabilitation" : "community_treatment";
  const termMonths = type === "community_treatment" ? 36 : pick(rng, [12, 18, 24, 36]);
  const servedOn = addDays(asOf, -int(rng, 3, 1200));
  const decisionDate = addDays(servedOn, -int(rng, 0, 3));
  const year = servedOn.slice(0, 4);
  const c = {
    state: createMeasure({ type, decisionDate, servedAt: servedOn, termMonths, execJurisdiction: exec.code }),
    events: [] as { event: MeasureEvent; at: IsoDate }[],
    records: [] as TransitionRecord[],
  };
  const tests: (TestRecord & { id: string })[] = [];
  const leaves: (LeaveRecord & { id: string })[] = [];
  const scheduleSeed = seed * 10_007 + index;
  const compliance = rng.uniform(); // person-level: low values → more problems
  const riskGrade = compliance < 0.12 ? "high" : compliance < 0.3 ? "medium" : undefined;
  const before = (d: IsoDate) => compareDates(d, asOf) <= 0;

  // 1. report (戒毒条例 §14): usually within 15 days
  const reportAt = addDays(servedOn, compliance < 0.08 ? int(rng, 16, 25) : int(rng, 1, 14));
  let stage = startStageProgress(servedOn, WORKER, "模拟：建档");
  if (before(reportAt)) {
    if (compareDates(reportAt, c.state.reportDue) > 0 && chance(rng, 0.6)) {
      apply(
        c,
        { type: "refuse", basis: "deadline_elapsed", actor: WORKER, reason: "模拟：逾期未报到" },
        addDays(c.state.reportDue, 1),
      );
      const rep = addDays(c.state.reportDue, 2);
      if (before(rep))
        apply(c, { type: "report_to_police", trigger: "refusal", actor: WORKER, reason: "模拟：拒绝社区戒毒" }, rep);
      const esc = addDays(rep, 10);
      if (before(esc) && c.state.status === "reported_to_police") {
        apply(c, { type: "escalate", actor: POLICE, reason: "模拟：决定强制隔离戒毒" }, esc);
      }
    } else {
      const late = compareDates(reportAt, c.state.reportDue) > 0;
      apply(
        c,
        {
          type: "report",
          lateWithGoodCause: late,
          actor: WORKER,
          reason: late ? "模拟：住院，有正当理由" : "模拟：本人报到",
        },
        reportAt,
      );
      stage = startStageProgress(reportAt, WORKER, "模拟：报到");
    }
  }
  // 2. agreement (戒毒条例 §16)
  if (c.state.status === "reported") {
    const signAt = addDays(c.state.reportedAt as IsoDate, compliance < 0.15 ? int(rng, 5, 12) : int(rng, 0, 5));
    if (before(signAt)) apply(c, { type: "sign_agreement", actor: WORKER, reason: "模拟：签订协议" }, signAt);
  }

  if (c.state.reportedAt !== null && c.state.status !== "refused") {
    const start = c.state.reportedAt;
    const schedule = generateTestSchedule({
      policy: DEFAULT_TEST_SCHEDULE_POLICY,
      termStart: start,
      termMonths,
      seed: scheduleSeed,
      riskGrade,
    });
    // optional events
    const suspendAt = chance(rng, 0.08) ? addDays(start, int(rng, 40, 700)) : null;
    const suspendDays = int(rng, 10, 40);
    const transferAt = chance(rng, 0.1) ? addDays(start, int(rng, 60, 800)) : null;
    const transferTo = pick(
      rng,
      townships.filter((t) => t.code !== exec.code),
    );
    const transferReportAfter = compliance < 0.2 ? int(rng, 10, 20) : int(rng, 2, 12);
    const nLeaves = int(rng, 0, 2);
    for (let k = 0; k < nLeaves; k++) {
      const dep = addDays(start, int(rng, 20, 900));
      if (!before(dep)) continue;
      const len = int(rng, 1, 12);
      const reported = compliance > 0.25 || chance(rng, 0.5);
      const ret = addDays(dep, len);
      leaves.push({
        id: `${person.key}-L${k + 1}`,
        departedAt: dep,
        plannedReturnAt: reported ? ret : null,
        returnedAt: before(ret) ? ret : null,
        outOfCounty: chance(rng, 0.8),
        reportSubmittedAt: reported ? addDays(dep, -int(rng, 0, 3)) : null,
        approved: reported,
      });
    }
    leaves.sort((a, b) => compareDates(a.departedAt, b.departedAt));
    let proposalsHandled = 0;
    let t = 0;
    const stillRunning = () => ["reported", "active", "transfer_pending", "suspended"].includes(c.state.status);
    for (const sched of schedule) {
      const d = sched.date;
      // events dated before this test
      if (
        suspendAt &&
        c.state.status === "active" &&
        compareDates(suspendAt, d) <= 0 &&
        c.state.suspensions.length === 0 &&
        before(maxDate(suspendAt, c.state.lastEventAt))
      ) {
        const from = maxDate(suspendAt, c.state.lastEventAt);
        apply(c, { type: "suspend", ground: "detention", actor: POLICE, reason: "模拟：行政拘留" }, from);
        const rel = addDays(from, suspendDays);
        if (before(rel)) apply(c, { type: "resume", actor: POLICE, reason: "模拟：拘留期满释放" }, rel);
      }
      if (
        transferAt &&
        c.state.status === "active" &&
        compareDates(transferAt, d) <= 0 &&
        c.state.transfers.length === 0 &&
        before(maxDate(transferAt, c.state.lastEventAt))
      ) {
        const moveAt = maxDate(transferAt, c.state.lastEventAt);
        apply(
          c,
          { type: "start_transfer", toJurisdiction: transferTo.code, actor: WORKER, reason: "模拟：居住地变更" },
          moveAt,
        );
        const rep = addDays(moveAt, transferReportAfter);
        if (before(rep)) {
          apply(c, { type: "report_at_new_township", actor: WORKER, reason: "模拟：到新乡镇报到" }, rep);
          apply(c, { type: "sign_agreement", actor: WORKER, reason: "模拟：签订新协议" }, rep);
        }
      }
      if (!stillRunning()) break;
      if (c.state.status === "suspended" && compareDates(d, c.state.lastEventAt) >= 0) continue; // no test in detention
      if (compareDates(d, c.state.lastEventAt) < 0) continue;
      t++;
      const id = `${person.key}-T${String(t).padStart(2, "0")}`;
      if (!before(d) || (daysBetween(d, asOf) <= 10 && chance(rng, 0.25))) {
        tests.push({ id, date: d, outcome: "scheduled", matrix: "urine", scheduleKind: sched.kind });
        continue;
      }
      const x = rng.uniform();
      const bad = 1 - compliance;
      const outcome: TestOutcome =
        x < 0.05 * bad
          ? "positive"
          : x < 0.1 * bad
            ? "refused"
            : x < 0.16 * bad
              ? "evaded"
              : x < 0.2 * bad
                ? "missed"
                : "negative";
      tests.push({ id, date: d, outcome, matrix: chance(rng, 0.08) ? "hair" : "urine", scheduleKind: sched.kind });
      // the worker acts on advisory proposals (confirmed here; dismissals are not simulated)
      if (c.state.status === "active" || c.state.status === "transfer_pending" || c.state.status === "reported") {
        const proposals = proposePoliceReports(deriveViolations({ tests, leaves, asOf: d }), { from: start, to: d });
        if (proposals.length > proposalsHandled) {
          const p = proposals[proposals.length - 1] as (typeof proposals)[number];
          proposalsHandled = proposals.length;
          const at = addDays(d, 1);
          if (before(at)) {
            apply(
              c,
              { type: "report_to_police", trigger: p.trigger, actor: WORKER, reason: `模拟：${p.explanation}` },
              at,
            );
            const decide = addDays(at, 5);
            if (before(decide)) {
              if (p.trigger === "severe_breach" || chance(rng, 0.35)) {
                apply(c, { type: "escalate", actor: POLICE, reason: "模拟：决定强制隔离戒毒" }, decide);
              } else {
                apply(c, { type: "police_decline", actor: POLICE, reason: "模拟：继续社区戒毒" }, decide);
              }
            }
          }
        }
      }
    }
    // expiry (戒毒条例 §23): complete on the expiry date, township notified a few days later
    if (c.state.status === "active" || c.state.status === "transfer_pending") {
      const end = termClock(c.state, asOf).termEndDate as IsoDate;
      if (before(end) && compareDates(end, c.state.lastEventAt) >= 0) {
        apply(c, { type: "complete", actor: POLICE, reason: "模拟：期满解除" }, end);
        const notice = addDays(end, int(rng, 1, 9));
        if (before(notice)) apply(c, { type: "notify_township", actor: POLICE, reason: "模拟：通知乡镇" }, notice);
      }
    }
    // stages (domain.md §1.9): advance by time when no positive test in the stage
    const positives = tests.filter((x) => x.outcome === "positive");
    const toRehab = addDays(start, int(rng, 10, 21));
    if (before(toRehab)) {
      stage = advanceStage(stage, {
        to: "rehabilitation",
        at: toRehab,
        evaluator: { id: "sim-medical", role: "medical_staff" },
        reason: "模拟：戒断症状消退",
      });
      const toReint = addDays(toRehab, int(rng, 200, 360));
      if (
        before(toReint) &&
        !positives.some((x) => compareDates(x.date, toReint) <= 0 && compareDates(x.date, toRehab) >= 0)
      ) {
        stage = advanceStage(stage, {
          to: "reintegration",
          at: toReint,
          evaluator: { id: "sim-social", role: "social_worker" },
          reason: "模拟：心理行为稳定",
        });
      }
    }
  }

  const last12 = (d: IsoDate) => compareDates(d, addDays(asOf, -365)) > 0 && before(d);
  const positives = tests.filter((x) => x.outcome === "positive");
  const lastUse = positives.at(-1)?.date ?? null;
  const violations = deriveViolations({ tests, leaves, asOf });
  const riskInput: RiskInput = {
    refusedOrSevereBreach: c.records.some((r) => r.event === "refuse" || r.details.trigger === "severe_breach"),
    selfHarmRisk: compliance < 0.03,
    mentalHealthConcern: compliance < 0.06,
    positiveTests12m: positives.filter((x) => last12(x.date)).length,
    testEvasionsOrRefusals12m: tests.filter(
      (x) => (x.outcome === "refused" || x.outcome === "evaded") && last12(x.date),
    ).length,
    unauthorizedLeaves12m: violations.filter((v) => v.kind === "unauthorized_leave" && last12(v.at)).length,
    previousTreatmentEpisodes: int(rng, 0, 3),
    monthsSinceLastUse: lastUse
      ? Math.floor(daysBetween(lastUse, asOf) / 30)
      : Math.floor(daysBetween(servedOn, asOf) / 30),
    employed: compliance > 0.4 && chance(rng, 0.7),
    familySupport: compliance > 0.2 && chance(rng, 0.8),
  };
  return {
    personKey: person.key,
    type,
    decisionNo: `${SIMULATED_NAME_PREFIX}长公(${type === "community_treatment" ? "社戒" : "社康"})决字〔${year}〕${index + 1}号`,
    decidedBy: `${SIMULATED_NAME_PREFIX}${CHANGZHI_COUNTIES.find((x) => x.code === exec.countyCode)?.name ?? ""}公安局`,
    servedOn,
    termMonths,
    execJurisdictionCode: exec.code,
    events: c.events,
    records: c.records,
    state: c.state,
    schedulePolicyId: DEFAULT_TEST_SCHEDULE_POLICY.id,
    scheduleSeed,
    tests,
    leaves,
    stage,
    riskInput,
    risk: assessRisk(riskInput),
  };
}

/** Counts of a generated data set (for docs and a start-up log line). */
export function careDemoSummary(data: CareDemoData): {
  persons: number;
  cases: number;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  tests: number;
  testOutcomes: Record<string, number>;
  leaves: number;
} {
  const count = (xs: readonly string[]) => {
    const out: Record<string, number> = {};
    for (const x of xs) out[x] = (out[x] ?? 0) + 1;
    return out;
  };
  const tests = data.cases.flatMap((c) => c.tests);
  return {
    persons: data.persons.length,
    cases: data.cases.length,
    byCategory: count(data.persons.map((p) => p.category)),
    byStatus: count(data.cases.map((c) => c.state.status)),
    tests: tests.length,
    testOutcomes: count(tests.map((t) => t.outcome)),
    leaves: data.cases.reduce((s, c) => s + c.leaves.length, 0),
  };
}
