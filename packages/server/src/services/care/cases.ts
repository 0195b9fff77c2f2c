/**
 * Cases (one measure of a person = one file, 一人一档): creation from a decision, legal-state transitions through
 * the core state machine (`rules.ts` → core `transition`), and the assembled case file. Every state change is ONE
 * transaction (row lock on the measure, transition row, new state, regenerated tasks, audit event); every read
 * of a case is audited with its purpose code.
 */
import type {
  CareCaseCreate,
  CareCaseFile,
  CareCaseSummary,
  CareTask,
  CareTransitionRequest,
} from "@tracewater/contract";
import { CareCaseCreate as CareCaseCreateSchema } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import { decide, minimise, visibleFields } from "../../security/policy.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { auditCare, authorise, type CareCaller, careTransaction } from "./access.js";
import { caseAlerts } from "./alerts.js";
import { seal, unseal } from "./cipher.js";
import { fullPersonRecord, loadPersonRow, measuresOf, requirePath } from "./persons.js";
import { policeReportProposal } from "./proposals.js";
import {
  allowedEvents,
  createMeasure,
  localDate,
  type MeasureEvent,
  type MeasureState,
  scheduleSeed,
  startOfLocalDate,
  type TransitionRecord,
  termClock,
  transition,
} from "./rules.js";
import { regenerateTasks, taskView } from "./tasks.js";

export interface MeasureRow {
  id: string;
  person_id: string;
  type: "community_treatment" | "community_rehabilitation";
  decision_no: string;
  decided_by: string;
  served_on: string;
  reported_on: string | null;
  term_months: number;
  exec_jurisdiction_code: string;
  exec_path: string | null;
  centre_id: string | null;
  centre_name: string | null;
  state: string;
  core_state: MeasureState;
  sealed: boolean;
  synthetic: boolean;
}

const MEASURE_SELECT = `SELECT m.id, m.person_id, m.type, m.decision_no, m.decided_by,
    to_char(m.served_on, 'YYYY-MM-DD') AS served_on, to_char(m.reported_on, 'YYYY-MM-DD') AS reported_on,
    m.term_months, m.exec_jurisdiction_code, j.path AS exec_path, m.centre_id, c.name_zh AS centre_name, m.state,
    m.core_state, p.sealed, m.synthetic
  FROM care_measure m JOIN care_person p ON p.id = m.person_id
  LEFT JOIN jurisdiction j ON j.code = m.exec_jurisdiction_code
  LEFT JOIN care_centre c ON c.id = m.centre_id`;

/** Loads a measure row (optionally locked FOR UPDATE inside a transaction). */
export async function loadMeasure(db: SqlClient, id: string, lock = false): Promise<MeasureRow> {
  const res = await db.query<MeasureRow>(`${MEASURE_SELECT} WHERE m.id = $1${lock ? " FOR UPDATE OF m" : ""}`, [id]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`case ${id} not found`, "case");
  return row;
}

function caseResource(m: MeasureRow, purpose: string | null) {
  return {
    jurisdictionPath: m.exec_path ?? `unknown:${m.exec_jurisdiction_code}`,
    caseId: m.id,
    sealed: m.sealed,
    purpose,
  };
}

async function userIdsOf(db: SqlClient, usernames: readonly string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const res = await db.query<{ id: string; username: string }>(
    "SELECT id, username FROM app_user WHERE username = ANY($1::text[])",
    [[...usernames]],
  );
  const missing = usernames.filter((u) => !res.rows.some((r) => r.username === u));
  if (missing.length) throw new InvalidInputError(`assignTo: unknown staff ${missing.join(", ")}`);
  return res.rows.map((r) => r.id);
}

/**
 * Opens a case from a police decision (state `ordered`, core `createMeasure`), assigns it (to the caller when
 * the caller is a field worker, and to `assignTo`), and generates its tasks. One transaction; audited.
 * @throws InvalidInputError (bad input, core rule such as a 社区戒毒 term ≠ 36 months), NotFoundError (person),
 *   PermissionDeniedError
 */
export async function createCase(
  ctx: AppContext,
  caller: CareCaller,
  input: CareCaseCreate & { decisionDate?: string },
  opts: {
    synthetic?: boolean;
    /** run inside this transaction; the file is not read back (returns null; the new id goes to `out.id`) */
    tx?: SqlClient;
    out?: { id: string };
    recordedAt?: Date;
    /** system seeding: no policy check (still audited) */
    system?: boolean;
    skipTasks?: boolean;
    /** seed of the unannounced tests (default: derived from the new case id) */
    scheduleSeed?: number;
  } = {},
): Promise<CareCaseFile | null> {
  const parsed = CareCaseCreateSchema.safeParse(input);
  if (!parsed.success)
    throw new InvalidInputError(
      `invalid case: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const c = parsed.data;
  let id = "";
  const run = async (tx: SqlClient) => {
    const person = await loadPersonRow(tx, c.personId);
    if (!person) throw new NotFoundError(`person ${c.personId} not found`, "person");
    const execPath = await requirePath(tx, c.execJurisdictionCode, "execJurisdictionCode");
    if (!opts.system)
      await authorise(
        ctx,
        caller,
        "case.write",
        { jurisdictionPath: execPath, assignedTo: caller.actor.id, sealed: person.sealed },
        { action: "care.case.create", object: `person:${person.id}` },
        true,
      );
    let state: MeasureState;
    try {
      state = createMeasure({
        type: c.type,
        decisionDate: input.decisionDate ?? c.servedOn,
        servedAt: c.servedOn,
        termMonths: c.termMonths,
        execJurisdiction: c.execJurisdictionCode,
      });
    } catch (e) {
      throw new InvalidInputError(`case: ${(e as Error).message}`);
    }
    id = uuidv7();
    const at = opts.recordedAt ?? ctx.now();
    await tx.query(
      `INSERT INTO care_measure (id, person_id, type, decision_no, decided_by, served_on, reported_on, term_months,
         exec_jurisdiction_code, centre_id, state, state_since, core_state, synthetic, created_at, created_by, schedule_seed)
       VALUES ($1,$2,$3,$4,$5,$6,NULL,$7,$8,$9,$10,$11,$12::jsonb,$13,$14,$15,$16)`,
      [
        id,
        person.id,
        c.type,
        c.decisionNo,
        c.decidedBy,
        c.servedOn,
        state.termMonths,
        c.execJurisdictionCode,
        c.centreId ?? null,
        state.status,
        startOfLocalDate(c.servedOn),
        JSON.stringify(state),
        opts.synthetic ?? false,
        at,
        caller.actor.username,
        opts.scheduleSeed ?? scheduleSeed(id),
      ],
    );
    await tx.query(
      `INSERT INTO care_transition (id, measure_id, event, from_state, to_state, occurred_at, recorded_at, actor, reason, details)
       VALUES ($1,$2,'order',NULL,$3,$4,$5,$6,$7,$8::jsonb)`,
      [
        uuidv7(),
        id,
        state.status,
        startOfLocalDate(c.servedOn),
        at,
        caller.actor.username,
        `decision ${c.decisionNo} served`,
        JSON.stringify({ reportDue: state.reportDue }),
      ],
    );
    const assignees = new Set(await userIdsOf(tx, c.assignTo));
    if (caller.actor.roles.includes("drug_control_officer")) assignees.add(caller.actor.id);
    for (const u of assignees)
      await tx.query(
        "INSERT INTO case_assignment (user_id, case_id, assigned_at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
        [u, id, at],
      );
    if (!opts.skipTasks) await regenerateTasks(ctx, tx, id);
    await auditCare(
      ctx,
      caller,
      {
        action: "care.case.create",
        object: `case:${id}`,
        outcome: "success",
        jurisdiction: execPath,
        details: { personId: person.id, type: c.type, assigned: assignees.size, synthetic: opts.synthetic ?? false },
      },
      tx,
    );
  };
  if (opts.tx) {
    await run(opts.tx);
    if (opts.out) opts.out.id = id;
    return null;
  }
  await careTransaction(ctx, run);
  // the caller's fresh rights (assignment) apply to the read-back
  return getCaseFileAfterWrite(ctx, caller, id);
}

async function getCaseFileAfterWrite(ctx: AppContext, caller: CareCaller, id: string): Promise<CareCaseFile> {
  const fresh = {
    ...caller,
    actor: { ...caller.actor, assignedCaseIds: new Set([...(caller.actor.assignedCaseIds ?? []), id]) },
  };
  return getCaseFile(ctx, fresh, id, `case:${id}`);
}

/** Builds the core event of a transition request (who/why from the caller and the request). */
function toCoreEvent(caller: CareCaller, req: CareTransitionRequest): MeasureEvent {
  const data = req.data ?? {};
  return {
    ...data,
    type: req.event,
    actor: { id: caller.actor.username, role: caller.actor.roles[0] ?? "unknown" },
    reason: req.reason,
  } as MeasureEvent;
}

/**
 * Applies a transition in one transaction: lock, core `transition`, persist state + history + tasks, audit.
 * @throws ConflictError (HTTP 409) when the core refuses (illegal transition, guard failed, time went backwards),
 *   InvalidInputError for malformed input, NotFoundError, PermissionDeniedError
 */
export async function transitionCase(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  req: CareTransitionRequest,
  opts: {
    tx?: SqlClient;
    recordedAt?: Date;
    extra?: (tx: SqlClient, record: TransitionRecord) => Promise<void>;
    /** system seeding: no policy check (still audited) */
    system?: boolean;
    /** seeding: tasks are regenerated once at the end */
    skipTasks?: boolean;
  } = {},
): Promise<TransitionRecord> {
  const run = async (tx: SqlClient): Promise<TransitionRecord> => {
    const m = await loadMeasure(tx, caseId, true);
    if (!opts.system)
      await authorise(
        ctx,
        caller,
        "case.write",
        caseResource(m, `case:${m.id}`),
        { action: "care.case.transition", object: `case:${m.id}` },
        true,
      );
    const at = req.occurredAt ? req.occurredAt.slice(0, 10) : localDate(ctx.now());
    const event = toCoreEvent(caller, req);
    if (event.type === "start_transfer")
      await requirePath(tx, String(event.toJurisdiction ?? ""), "data.toJurisdiction");
    const r = transition(m.core_state, event, at);
    if (!r.ok) {
      const e = r.error;
      if (e.code === "invalid_input" || e.code === "missing_reason" || e.code === "missing_actor")
        throw new InvalidInputError(`${e.code}: ${e.message}`);
      throw new ConflictError(`${e.code}: ${e.message}`);
    }
    const next = r.state;
    const recordedAt = opts.recordedAt ?? ctx.now();
    await tx.query(
      `UPDATE care_measure SET state = $2, state_since = $3, core_state = $4::jsonb, reported_on = $5,
         exec_jurisdiction_code = $6, end_reason = $7,
         centre_id = CASE WHEN exec_jurisdiction_code = $6 THEN centre_id
                          ELSE (SELECT c.id FROM care_centre c WHERE c.jurisdiction_code = $6 ORDER BY c.id LIMIT 1) END
       WHERE id = $1`,
      [
        m.id,
        next.status,
        startOfLocalDate(at),
        JSON.stringify(next),
        next.reportedAt,
        next.execJurisdiction,
        next.endReason,
      ],
    );
    await tx.query(
      `INSERT INTO care_transition (id, measure_id, event, from_state, to_state, occurred_at, recorded_at, actor, reason, details)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb)`,
      [
        uuidv7(),
        m.id,
        r.record.event,
        r.record.from,
        r.record.to,
        startOfLocalDate(at),
        recordedAt,
        caller.actor.username,
        r.record.reason,
        JSON.stringify(r.record.details),
      ],
    );
    if (r.record.event === "start_transfer") {
      await tx.query(
        `INSERT INTO care_residence_change (id, measure_id, from_jurisdiction_code, to_jurisdiction_code, file_sent_on, recorded_by, recorded_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [
          uuidv7(),
          m.id,
          m.exec_jurisdiction_code,
          next.execJurisdiction === m.exec_jurisdiction_code
            ? String(r.record.details.toJurisdiction)
            : next.execJurisdiction,
          at,
          caller.actor.username,
          recordedAt,
        ],
      );
    }
    if (r.record.event === "sign_agreement")
      // the agreement text is versioned with core's agreement version (a new township signs a new one, §22 ¶3)
      await tx.query(
        `INSERT INTO care_agreement (id, measure_id, version, signed_on, content_enc, recorded_by, recorded_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (measure_id, version) DO NOTHING`,
        [
          uuidv7(),
          m.id,
          next.agreementVersion,
          at,
          seal(ctx, "care_agreement", "content_enc", JSON.stringify(req.data?.agreement ?? { reason: req.reason })),
          caller.actor.username,
          recordedAt,
        ],
      );
    if (r.record.event === "report_at_new_township")
      await tx.query(
        "UPDATE care_residence_change SET reported_on = $2 WHERE measure_id = $1 AND reported_on IS NULL",
        [m.id, at],
      );
    await opts.extra?.(tx, r.record);
    if (!opts.skipTasks) await regenerateTasks(ctx, tx, m.id);
    await auditCare(
      ctx,
      caller,
      {
        action: "care.case.transition",
        object: `case:${m.id}`,
        outcome: "success",
        purpose: `case:${m.id}`,
        jurisdiction: m.exec_path,
        details: { event: r.record.event, from: r.record.from, to: r.record.to, at, details: r.record.details },
      },
      tx,
    );
    return r.record;
  };
  return opts.tx ? run(opts.tx) : careTransaction(ctx, run);
}

/**
 * The case file as the caller may see it (audited `care.case.read` with the purpose).
 * @throws NotFoundError, PermissionDeniedError, InvalidInputError (no purpose)
 */
export async function getCaseFile(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  purpose: string,
): Promise<CareCaseFile> {
  if (!purpose?.trim()) throw new InvalidInputError("a purpose code is required to read a case (SEC-06)");
  const db = ctx.database.raw;
  const m = await loadMeasure(db, caseId);
  await authorise(ctx, caller, "case.read", caseResource(m, purpose), {
    action: "care.case.read",
    object: `case:${m.id}`,
  });
  const roles = caller.actor.roles;
  const person = await loadPersonRow(db, m.person_id);
  if (!person) throw new NotFoundError(`person of case ${caseId} not found`, "person");
  const measures = await measuresOf(db, m.person_id);
  const today = localDate(ctx.now());
  const q = <T extends object>(sql: string) => db.query<T>(sql, [m.id]).then((r) => r.rows);
  const [transitions, agreements, group, entries, leaves, tests, violations, police, services, stages, risk] =
    await Promise.all([
      q<{
        event: string;
        from_state: string | null;
        to_state: string;
        occurred_at: Date;
        actor: string;
        reason: string;
      }>(
        "SELECT event, from_state, to_state, occurred_at, actor, reason FROM care_transition WHERE measure_id = $1 ORDER BY occurred_at, recorded_at",
      ),
      q<{ version: number; signed_on: string }>(
        "SELECT version, to_char(signed_on,'YYYY-MM-DD') AS signed_on FROM care_agreement WHERE measure_id = $1 ORDER BY version",
      ),
      q<{ role: string; name_enc: string | null; username: string | null }>(
        "SELECT g.role, g.name_enc, u.username FROM care_work_group_member g LEFT JOIN app_user u ON u.id::text = g.user_id WHERE g.measure_id = $1 ORDER BY g.role",
      ),
      q<{ kind: string; occurred_at: Date; title: string; summary_enc: string | null }>(
        "SELECT kind, occurred_at, title, summary_enc FROM care_case_entry WHERE measure_id = $1 ORDER BY occurred_at",
      ),
      q<{ leave_from: string; leave_to: string; destination_enc: string; submitted_on: string }>(
        "SELECT to_char(leave_from,'YYYY-MM-DD') AS leave_from, to_char(leave_to,'YYYY-MM-DD') AS leave_to, destination_enc, to_char(submitted_on,'YYYY-MM-DD') AS submitted_on FROM care_leave_report WHERE measure_id = $1 ORDER BY leave_from",
      ),
      q<{
        id: string;
        due_on: string | null;
        random: boolean;
        matrix: string | null;
        method: string | null;
        status: string;
        result: string | null;
        substances: string[];
        collected_at: Date | null;
        hair_result_ref: string | null;
      }>(
        "SELECT id, to_char(due_on,'YYYY-MM-DD') AS due_on, random, matrix, method, status, result, substances, collected_at, hair_result_ref FROM care_test WHERE measure_id = $1 ORDER BY coalesce(due_on, collected_at::date)",
      ),
      q<{ type: string; occurred_on: string; days: number | null }>(
        "SELECT type, to_char(occurred_on,'YYYY-MM-DD') AS occurred_on, days FROM care_violation WHERE measure_id = $1 ORDER BY occurred_on",
      ),
      q<{ trigger: string; confirmed_by: string; confirmed_at: Date }>(
        "SELECT trigger, confirmed_by, confirmed_at FROM care_police_report WHERE measure_id = $1 ORDER BY confirmed_at",
      ),
      q<{ kind: string; provider_dept: string; delivered_on: string; outcome: string; campaign: string | null }>(
        "SELECT kind, provider_dept, to_char(delivered_on,'YYYY-MM-DD') AS delivered_on, outcome, campaign FROM care_service WHERE measure_id = $1 ORDER BY delivered_on",
      ),
      q<{ stage: string; entered_on: string; evaluator: string; criteria: string[]; reason: string }>(
        "SELECT stage, to_char(entered_on,'YYYY-MM-DD') AS entered_on, evaluator, criteria, reason FROM care_stage WHERE measure_id = $1 ORDER BY entered_on, recorded_at",
      ),
      q<{ assessed_at: Date; model_version: string; score: number; grade: string; confirmed_by: string | null }>(
        "SELECT assessed_at, model_version, score, grade, confirmed_by FROM care_risk_assessment WHERE measure_id = $1 ORDER BY assessed_at",
      ),
    ]);
  const tasks = await db.query<Parameters<typeof taskView>[1]>(
    `SELECT t.id, t.kind, to_char(t.due_on,'YYYY-MM-DD') AS due_on, t.place, t.assigned_to, t.status, t.source_code,
            t.measure_id, m.person_id, j.path AS exec_path, t.title_zh, t.title_en, t.test_id
       FROM care_task t JOIN care_measure m ON m.id = t.measure_id LEFT JOIN jurisdiction j ON j.code = m.exec_jurisdiction_code
      WHERE t.measure_id = $1 AND t.status = 'open' ORDER BY t.due_on`,
    [m.id],
  );
  const clock = termClock(m.core_state, today);
  const canSeeTests = visibleFields(roles, "test_result").has("result");
  const personView = minimise(roles, "person", fullPersonRecord(ctx, person, measures));
  const caseView = minimise(roles, "case", {
    id: m.id,
    personId: m.person_id,
    measure: m.type,
    status: m.state,
    startDate: m.reported_on,
    endDate: clock.termEndDate,
    jurisdictionPath: m.exec_path ?? "",
  });
  const taskItems: CareTask[] = tasks.rows.map((t) => taskView(roles, t, today, personView.name));
  const open = taskItems;
  const file: CareCaseFile = {
    case: {
      ...caseView,
      personName: personView.name,
      synthetic: m.synthetic,
      decisionNo: m.decision_no,
      servedOn: m.served_on,
      reportDueOn: m.core_state.reportDue,
      termMonths: m.term_months,
      centre: m.centre_name,
      allowedEvents: allowedEvents(m.core_state.status),
      nextTask: open[0] ? { kind: open[0].kind, dueOn: open[0].dueOn } : null,
      overdueTasks: open.filter((t) => t.overdue).length,
    } as CareCaseFile["case"],
    person: personView as CareCaseFile["person"],
    transitions: transitions.map((t) => ({
      event: t.event,
      fromState: t.from_state,
      toState: t.to_state,
      // the legal date (local calendar day in 长治) of the event
      occurredAt: localDate(new Date(t.occurred_at)),
      actor: t.actor,
      reason: t.reason,
    })),
    agreements: agreements.map((a) => ({ version: a.version, signedOn: a.signed_on })),
    workGroup: group.map((g) => ({
      role: g.role as CareCaseFile["workGroup"][number]["role"],
      name: g.username ?? unseal(ctx, "care_work_group_member", "name_enc", g.name_enc),
    })),
    entries: entries.map((e) => ({
      kind: e.kind,
      occurredAt: new Date(e.occurred_at).toISOString(),
      title: e.title,
      summary: unseal(ctx, "care_case_entry", "summary_enc", e.summary_enc),
    })),
    leaveReports: leaves.map((l) => ({
      leaveFrom: l.leave_from,
      leaveTo: l.leave_to,
      destination: unseal(ctx, "care_leave_report", "destination_enc", l.destination_enc) ?? "",
      submittedOn: l.submitted_on,
    })),
    tests: canSeeTests
      ? tests.map((t) => ({
          id: t.id,
          dueOn: t.due_on,
          random: t.random,
          matrix: t.matrix as "urine" | null,
          method: t.method,
          status: t.status as "done",
          result: t.result as "negative" | null,
          substances: t.substances,
          collectedAt: t.collected_at ? new Date(t.collected_at).toISOString() : null,
          hairResultRef: t.hair_result_ref,
        }))
      : [],
    violations: violations.map((v) => ({ type: v.type as "other", occurredOn: v.occurred_on, days: v.days })),
    policeReports: police.map((p) => ({
      trigger: p.trigger,
      confirmedBy: p.confirmed_by,
      confirmedAt: new Date(p.confirmed_at).toISOString(),
    })),
    services: services.map((s) => ({
      kind: s.kind as "job",
      providerDept: s.provider_dept,
      deliveredOn: s.delivered_on,
      outcome: s.outcome,
      campaign: s.campaign,
    })),
    stages: stages.map((s) => ({
      stage: s.stage as "detoxification",
      enteredOn: s.entered_on,
      evaluator: s.evaluator,
      criteria: s.criteria,
      reason: s.reason,
    })),
    ...(visibleFields(roles, "person").has("riskScore")
      ? {
          risk: risk.map((r) => ({
            assessedAt: new Date(r.assessed_at).toISOString(),
            modelVersion: r.model_version,
            score: Number(r.score),
            grade: r.grade,
            confirmedBy: r.confirmed_by,
          })),
        }
      : {}),
    tasks: taskItems,
    policeReportProposal: await policeReportProposal(db, m.id, m.core_state, today),
    alerts: (await caseAlerts(db, m.id, m.core_state, today)).map((a) => ({
      kind: a.kind,
      dueDate: a.dueDate,
      overdue: a.overdue,
      daysOverdue: a.daysOverdue,
      basis: a.basis,
      message: a.message,
    })),
  };
  await auditCare(ctx, caller, {
    action: "care.case.read",
    object: `case:${m.id}`,
    outcome: "success",
    purpose,
    jurisdiction: m.exec_path,
    details: { personId: m.person_id },
  });
  return file;
}

/**
 * The caller's cases: assigned cases for field roles, cases in the jurisdiction scope for others; sealed
 * persons never listed. One audit event `care.case.list` with the count.
 */
export async function myCases(ctx: AppContext, caller: CareCaller): Promise<CareCaseSummary[]> {
  const db = ctx.database.raw;
  const res = await db.query<MeasureRow & { name_enc: string }>(
    `${MEASURE_SELECT.replace("p.sealed, m.synthetic", "p.sealed, m.synthetic, p.name_enc")} WHERE NOT p.sealed ORDER BY m.served_on DESC`,
  );
  const today = localDate(ctx.now());
  const roles = caller.actor.roles;
  const visible = res.rows.filter(
    (m) => decide(caller.actor, "case.read", { ...caseResource(m, "list"), purpose: "my-cases" }, ctx.now()).allow,
  );
  const ids = visible.map((m) => m.id);
  const taskRows = ids.length
    ? (
        await db.query<{ measure_id: string; kind: string; due_on: string }>(
          `SELECT measure_id, kind, to_char(due_on,'YYYY-MM-DD') AS due_on FROM care_task
            WHERE status = 'open' AND measure_id = ANY($1::text[]) ORDER BY due_on`,
          [ids],
        )
      ).rows
    : [];
  const out = visible.map((m) => {
    const mine = taskRows.filter((t) => t.measure_id === m.id);
    const clock = termClock(m.core_state, today);
    const view = minimise(roles, "case", {
      id: m.id,
      personId: m.person_id,
      measure: m.type,
      status: m.state,
      startDate: m.reported_on,
      endDate: clock.termEndDate,
      jurisdictionPath: m.exec_path ?? "",
    });
    const personName = visibleFields(roles, "person").has("name")
      ? (unseal(ctx, "care_person", "name_enc", m.name_enc) ?? undefined)
      : undefined;
    return {
      ...view,
      ...(personName ? { personName } : {}),
      synthetic: m.synthetic,
      nextTask: mine[0] ? { kind: mine[0].kind, dueOn: mine[0].due_on } : null,
      overdueTasks: mine.filter((t) => t.due_on < today).length,
    } as CareCaseSummary;
  });
  out.sort(
    (a, b) =>
      (b.overdueTasks ?? 0) - (a.overdueTasks ?? 0) ||
      (a.nextTask?.dueOn ?? "9").localeCompare(b.nextTask?.dueOn ?? "9"),
  );
  await auditCare(ctx, caller, {
    action: "care.case.list",
    object: "cases:mine",
    outcome: "success",
    details: { count: out.length },
  });
  return out;
}
