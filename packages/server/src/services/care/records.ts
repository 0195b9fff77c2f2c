/**
 * Case-file records written by field staff: tests, violations (with the advisory police-report proposal),
 * confirmed police reports, leave reports, services (平安关爱), stage progress. Each write is ONE transaction
 * (authorise → insert → regenerate tasks → audit).
 */

import type {
  CareLeaveReportCreate,
  CarePoliceReportConfirm,
  CareServiceCreate,
  CareStageCreate,
  CareTestRecord,
  CareViolationCreate,
} from "@tracewater/contract";
import {
  CareLeaveReportCreate as LeaveSchema,
  CarePoliceReportConfirm as PoliceSchema,
  CareServiceCreate as ServiceSchema,
  CareStageCreate as StageSchema,
  CareTestRecord as TestSchema,
  CareViolationCreate as ViolationSchema,
} from "@tracewater/contract";
import { advanceStage, type RecoveryStage, type StageProgress, startStageProgress } from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import type { z } from "zod";
import type { Action } from "../../security/roles.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { auditCare, authorise, type CareCaller, careTransaction } from "./access.js";
import { loadMeasure, type MeasureRow, transitionCase } from "./cases.js";
import { seal } from "./cipher.js";
import { policeReportProposal } from "./proposals.js";
import { localDate, startOfLocalDate } from "./rules.js";
import { completeTestTask, regenerateTasks } from "./tasks.js";

function parse<S extends z.ZodTypeAny>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new InvalidInputError(
      `invalid ${what}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return r.data;
}

/** Runs `write` in one transaction after authorising `action` on the case; regenerates tasks; audits `care.<what>`. */
async function writeRecord<T>(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  action: Action,
  what: string,
  write: (tx: SqlClient, m: MeasureRow) => Promise<{ result: T; details: Record<string, unknown> }>,
  tx0?: SqlClient,
): Promise<T> {
  const run = async (tx: SqlClient) => {
    const m = await loadMeasure(tx, caseId, true);
    await authorise(
      ctx,
      caller,
      action,
      { jurisdictionPath: m.exec_path ?? "unknown", caseId: m.id, sealed: m.sealed, purpose: `case:${m.id}` },
      { action: `care.${what}`, object: `case:${m.id}` },
      true,
    );
    const { result, details } = await write(tx, m);
    await regenerateTasks(ctx, tx, m.id);
    await auditCare(
      ctx,
      caller,
      {
        action: `care.${what}`,
        object: `case:${m.id}`,
        outcome: "success",
        purpose: `case:${m.id}`,
        jurisdiction: m.exec_path,
        details,
      },
      tx,
    );
    return result;
  };
  return tx0 ? run(tx0) : careTransaction(ctx, run);
}

/**
 * Records a test outcome: completes a scheduled test (`testId`) or adds an ad-hoc one. A done test needs a
 * matrix and a result; a positive result needs at least one substance.
 * @throws InvalidInputError, NotFoundError (testId), ConflictError (test already recorded), PermissionDeniedError
 */
export async function recordTest(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: CareTestRecord,
  opts: { tx?: SqlClient } = {},
): Promise<string> {
  const t = parse(TestSchema, input, "test");
  if (t.status === "done" && (!t.matrix || !t.result))
    throw new InvalidInputError("a done test needs matrix and result");
  if (t.result === "positive" && t.substances.length === 0)
    throw new InvalidInputError("a positive result needs the substances found");
  if (t.matrix === "hair" && t.status === "done" && !t.hairResultRef)
    throw new InvalidInputError("a hair test attaches the assessment module's result (hairResultRef)");
  return writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "test.record",
    async (tx, m) => {
      const collectedAt = t.collectedAt ? new Date(t.collectedAt) : ctx.now();
      let id = t.testId;
      if (id) {
        const res = await tx.query<{ status: string }>(
          "SELECT status FROM care_test WHERE id = $1 AND measure_id = $2",
          [id, m.id],
        );
        if (!res.rows[0]) throw new NotFoundError(`test ${id} not found in case ${m.id}`, "test");
        if (res.rows[0].status !== "scheduled")
          throw new ConflictError(`test ${id} is already recorded (${res.rows[0].status})`);
        await tx.query(
          `UPDATE care_test SET status = $2, matrix = $3, method = $4, result = $5, substances = $6::jsonb, collected_at = $7,
           collectors = $8::jsonb, hair_result_ref = $9, recorded_by = $10, recorded_at = $11 WHERE id = $1`,
          [
            id,
            t.status,
            t.matrix ?? null,
            t.method ?? null,
            t.result ?? null,
            JSON.stringify(t.substances),
            collectedAt,
            JSON.stringify(t.collectors),
            t.hairResultRef ?? null,
            caller.actor.username,
            ctx.now(),
          ],
        );
        await completeTestTask(tx, id, ctx.now());
      } else {
        id = uuidv7();
        await tx.query(
          `INSERT INTO care_test (id, measure_id, due_on, random, matrix, method, status, result, substances, collected_at, collectors, hair_result_ref, recorded_by, recorded_at)
         VALUES ($1,$2,NULL,true,$3,$4,$5,$6,$7::jsonb,$8,$9::jsonb,$10,$11,$12)`,
          [
            id,
            m.id,
            t.matrix ?? null,
            t.method ?? null,
            t.status,
            t.result ?? null,
            JSON.stringify(t.substances),
            collectedAt,
            JSON.stringify(t.collectors),
            t.hairResultRef ?? null,
            caller.actor.username,
            ctx.now(),
          ],
        );
      }
      return { result: id, details: { testId: id, status: t.status, matrix: t.matrix ?? null } };
    },
    opts.tx,
  );
}

/**
 * Records a violation and returns the severe-breach rule's proposal (advisory — a person confirms any police
 * report with {@link confirmPoliceReport}).
 */
export async function recordViolation(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: z.input<typeof CareViolationCreate>,
  opts: { tx?: SqlClient } = {},
): Promise<{ proposed: boolean; trigger: string | null; reasons: string[] }> {
  const v = parse(ViolationSchema, input, "violation");
  if (v.type === "unauthorized_leave" && v.days == null)
    throw new InvalidInputError("an unauthorized leave needs days");
  return writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "violation.record",
    async (tx, m) => {
      await tx.query(
        "INSERT INTO care_violation (id, measure_id, type, occurred_on, days, note_enc, recorded_by, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
        [
          uuidv7(),
          m.id,
          v.type,
          v.occurredOn,
          v.days ?? null,
          seal(ctx, "care_violation", "note_enc", v.note),
          caller.actor.username,
          ctx.now(),
        ],
      );
      const proposal = await policeReportProposal(tx, m.id, m.core_state, localDate(ctx.now()));
      return { result: proposal, details: { type: v.type, occurredOn: v.occurredOn, proposal } };
    },
    opts.tx,
  );
}

/**
 * A person confirms the report to the police (戒毒条例 §21): stores the rule's proposal with the confirmer and
 * moves the measure to `reported_to_police` through the core state machine, in one transaction.
 * @throws ConflictError when the state machine refuses, InvalidInputError, PermissionDeniedError
 */
export async function confirmPoliceReport(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: z.input<typeof CarePoliceReportConfirm>,
): Promise<void> {
  const p = parse(PoliceSchema, input, "police report");
  await careTransaction(ctx, async (tx) => {
    const m = await loadMeasure(tx, caseId, true);
    const proposal = await policeReportProposal(tx, m.id, m.core_state, localDate(ctx.now()));
    await transitionCase(
      ctx,
      caller,
      caseId,
      { event: "report_to_police", reason: p.reason, data: { trigger: p.trigger } },
      {
        tx,
        extra: async (t) => {
          await t.query(
            "INSERT INTO care_police_report (id, measure_id, trigger, proposal, confirmed_by, confirmed_at) VALUES ($1,$2,$3,$4::jsonb,$5,$6)",
            [uuidv7(), caseId, p.trigger, JSON.stringify(proposal), caller.actor.username, ctx.now()],
          );
        },
      },
    );
  });
}

/** Records a leave report (外出报告; 戒毒条例 §19(3)). @throws InvalidInputError when leaveTo < leaveFrom */
export async function recordLeaveReport(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: z.input<typeof CareLeaveReportCreate>,
  opts: { tx?: SqlClient } = {},
): Promise<void> {
  const l = parse(LeaveSchema, input, "leave report");
  if (l.leaveTo < l.leaveFrom) throw new InvalidInputError("leaveTo is before leaveFrom");
  await writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "leave.record",
    async (tx, m) => {
      await tx.query(
        `INSERT INTO care_leave_report (id, measure_id, leave_from, leave_to, destination_enc, submitted_on, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [
          uuidv7(),
          m.id,
          l.leaveFrom,
          l.leaveTo,
          seal(ctx, "care_leave_report", "destination_enc", l.destination),
          l.submittedOn,
          caller.actor.username,
          ctx.now(),
        ],
      );
      return { result: undefined, details: { leaveFrom: l.leaveFrom, leaveTo: l.leaveTo, submittedOn: l.submittedOn } };
    },
    opts.tx,
  );
}

/** Records a service / 平安关爱 care action. */
export async function recordService(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: z.input<typeof CareServiceCreate>,
  opts: { tx?: SqlClient } = {},
): Promise<void> {
  const s = parse(ServiceSchema, input, "service");
  await writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "service.record",
    async (tx, m) => {
      await tx.query(
        `INSERT INTO care_service (id, measure_id, campaign, kind, provider_dept, delivered_on, outcome, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [
          uuidv7(),
          m.id,
          s.campaign ?? null,
          s.kind,
          s.providerDept,
          s.deliveredOn,
          s.outcome,
          caller.actor.username,
          ctx.now(),
        ],
      );
      return { result: undefined, details: { kind: s.kind, campaign: s.campaign ?? null } };
    },
    opts.tx,
  );
}

/**
 * Records a stage decision (生理脱毒 → 身心康复 → 融入社会) by the caller as evaluator: the stored history is
 * replayed through core `startStageProgress`/`advanceStage`, which refuses a skipped stage, the same stage or a
 * date before the current entry (→ InvalidInputError). The first record must be `detoxification`.
 */
export async function recordStage(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: z.input<typeof CareStageCreate>,
  opts: { tx?: SqlClient } = {},
): Promise<void> {
  const s = parse(StageSchema, input, "stage");
  await writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "stage.record",
    async (tx, m) => {
      const rows = (
        await tx.query<{
          stage: RecoveryStage;
          entered_on: string;
          evaluator: string;
          reason: string;
          criteria: string[];
        }>(
          "SELECT stage, to_char(entered_on,'YYYY-MM-DD') AS entered_on, evaluator, reason, criteria FROM care_stage WHERE measure_id = $1 ORDER BY entered_on, recorded_at",
          [m.id],
        )
      ).rows;
      const evaluator = { id: caller.actor.username, role: caller.actor.roles[0] ?? "unknown" };
      try {
        let progress: StageProgress | null = null;
        for (const r of [
          ...rows,
          { stage: s.stage, entered_on: s.enteredOn, evaluator: evaluator.id, reason: s.reason, criteria: s.criteria },
        ]) {
          const who = { id: r.evaluator, role: "evaluator" };
          if (!progress) {
            if (r.stage !== "detoxification")
              throw new InvalidInputError(`stage: the first stage is detoxification (生理脱毒), not ${r.stage}`);
            progress = startStageProgress(r.entered_on, who, r.reason || "start");
          } else
            progress = advanceStage(progress, {
              to: r.stage,
              at: r.entered_on,
              evaluator: who,
              reason: r.reason || "-",
              criteriaMet: r.criteria,
            });
        }
      } catch (e) {
        if (e instanceof InvalidInputError) throw e;
        throw new InvalidInputError(`stage: ${(e as Error).message}`);
      }
      await tx.query(
        "INSERT INTO care_stage (id, measure_id, stage, entered_on, criteria, evaluator, reason, recorded_at) VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7,$8)",
        [uuidv7(), m.id, s.stage, s.enteredOn, JSON.stringify(s.criteria), caller.actor.username, s.reason, ctx.now()],
      );
      return { result: undefined, details: { stage: s.stage, enteredOn: s.enteredOn } };
    },
    opts.tx,
  );
}

/**
 * Adds a grid-visit task of a care campaign (e.g. 平安关爱) for the case's grid worker: kind `visit`, a date and
 * the place (the person's residence jurisdiction name) — nothing else reaches the grid worker (FIELD_VIEWS).
 * Needs `task.assign` on the case's jurisdiction. Idempotent per (case, campaign, date).
 */
export async function addCampaignVisit(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: { campaign: string; dueOn: string; gridWorker: string },
  opts: { tx?: SqlClient } = {},
): Promise<string> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn)) throw new InvalidInputError("dueOn: a date YYYY-MM-DD");
  if (!input.campaign.trim()) throw new InvalidInputError("campaign: a campaign name");
  return writeRecord(
    ctx,
    caller,
    caseId,
    "task.assign",
    "visit.plan",
    async (tx, m) => {
      const worker = (
        await tx.query<{ id: string; roles: string[] }>("SELECT id, roles FROM app_user WHERE username = $1", [
          input.gridWorker,
        ])
      ).rows[0];
      if (!worker?.roles.includes("grid_worker"))
        throw new InvalidInputError(`gridWorker: "${input.gridWorker}" is not a grid worker account`);
      const place =
        (
          await tx.query<{ name_zh: string }>(
            "SELECT j.name_zh FROM care_person p JOIN jurisdiction j ON j.code = p.residence_jurisdiction_code WHERE p.id = $1",
            [m.person_id],
          )
        ).rows[0]?.name_zh ?? "";
      const id = uuidv7();
      await tx.query(
        `INSERT INTO care_task (id, measure_id, kind, source_code, due_on, place, assigned_to, status)
       VALUES ($1,$2,'visit',$3,$4,$5,$6,'open') ON CONFLICT (measure_id, source_code, due_on) DO NOTHING`,
        [id, m.id, `campaign.${input.campaign}`, input.dueOn, place, worker.id],
      );
      await tx.query(
        `INSERT INTO care_work_group_member (id, measure_id, role, user_id, since)
       SELECT $1, $2, 'grid_worker', $3, $4 WHERE NOT EXISTS
         (SELECT 1 FROM care_work_group_member WHERE measure_id = $2 AND user_id = $3 AND until IS NULL)`,
        [uuidv7(), m.id, worker.id, localDate(ctx.now())],
      );
      return { result: id, details: { campaign: input.campaign, dueOn: input.dueOn, gridWorker: input.gridWorker } };
    },
    opts.tx,
  );
}

/** Obligation task completed by a case-file entry of each kind (template codes of core's default template). */
export const ENTRY_COMPLETES: Readonly<Record<string, string>> = {
  interview: "obligation:fix.interview",
  visit: "obligation:fix.interview",
  periodic_report: "obligation:report.periodic",
};

/**
 * Records an interview, visit, periodic report or document in the case file (summary encrypted) and marks the
 * earliest open obligation task it fulfils (`ENTRY_COMPLETES`, due on or before the entry date + 7 days) done.
 */
export async function recordEntry(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: {
    kind: "document" | "interview" | "visit" | "periodic_report";
    mode?: "face" | "video" | "phone";
    occurredOn: string;
    title: string;
    summary?: string;
  },
  opts: { tx?: SqlClient } = {},
): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.occurredOn)) throw new InvalidInputError("occurredOn: a date YYYY-MM-DD");
  if (!input.title?.trim()) throw new InvalidInputError("title: required");
  await writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "entry.record",
    async (tx, m) => {
      await tx.query(
        `INSERT INTO care_case_entry (id, measure_id, kind, mode, occurred_at, title, summary_enc, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [
          uuidv7(),
          m.id,
          input.kind,
          input.mode ?? null,
          startOfLocalDate(input.occurredOn),
          input.title,
          seal(ctx, "care_case_entry", "summary_enc", input.summary),
          caller.actor.username,
          ctx.now(),
        ],
      );
      const source = ENTRY_COMPLETES[input.kind];
      let completed: string | null = null;
      if (source) {
        const t = (
          await tx.query<{ id: string }>(
            `UPDATE care_task SET status = 'done', done_at = $4 WHERE id = (
             SELECT id FROM care_task WHERE measure_id = $1 AND source_code = $2 AND status = 'open' AND due_on <= ($3::date + 7)
              ORDER BY due_on LIMIT 1) RETURNING id`,
            [m.id, source, input.occurredOn, ctx.now()],
          )
        ).rows[0];
        completed = t?.id ?? null;
      }
      return {
        result: undefined,
        details: { kind: input.kind, occurredOn: input.occurredOn, completedTask: completed },
      };
    },
    opts.tx,
  );
}

/**
 * Marks an open task of a case done (the worker fulfilled it: a document filed, the working group set up…).
 * Test tasks are completed by recording the test; a grid worker cannot complete tasks here (no `case.write`).
 * @throws NotFoundError, ConflictError (not open, or a test task), PermissionDeniedError
 */
export async function completeTask(ctx: AppContext, caller: CareCaller, taskId: string, note?: string): Promise<void> {
  const task = (
    await ctx.database.raw.query<{ measure_id: string; status: string; kind: string }>(
      "SELECT measure_id, status, kind FROM care_task WHERE id = $1",
      [taskId],
    )
  ).rows[0];
  if (!task) throw new NotFoundError(`task ${taskId} not found`, "task");
  await writeRecord(ctx, caller, task.measure_id, "case.write", "task.complete", async (tx) => {
    if (task.kind === "test") throw new ConflictError("a test task is completed by recording the test");
    const res = await tx.query(
      "UPDATE care_task SET status = 'done', done_at = $2 WHERE id = $1 AND status = 'open' RETURNING id",
      [taskId, ctx.now()],
    );
    if (res.rows.length === 0) throw new ConflictError(`task ${taskId} is not open (${task.status})`);
    return { result: undefined, details: { taskId, kind: task.kind, note: note ?? null } };
  });
}

/**
 * Adds a member to the case's working group (戒毒条例 §17: officer, social worker, community police, medical
 * staff, family, volunteer; 网格员 in grid management): a staff account by user name, or a person without an
 * account by name (encrypted). Membership is not access: access stays with `case_assignment`.
 */
export async function addWorkGroupMember(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: { role: string; username?: string; name?: string; since: string },
  opts: { tx?: SqlClient } = {},
): Promise<void> {
  const ROLES = ["officer", "social_worker", "community_police", "medical", "family", "volunteer", "grid_worker"];
  if (!ROLES.includes(input.role)) throw new InvalidInputError(`role: one of ${ROLES.join(", ")}`);
  if (!input.username && !input.name?.trim()) throw new InvalidInputError("a member needs a username or a name");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.since)) throw new InvalidInputError("since: a date YYYY-MM-DD");
  await writeRecord(
    ctx,
    caller,
    caseId,
    "case.write",
    "workgroup.add",
    async (tx, m) => {
      let userId: string | null = null;
      if (input.username) {
        userId =
          (await tx.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [input.username])).rows[0]
            ?.id ?? null;
        if (!userId) throw new InvalidInputError(`username: unknown staff "${input.username}"`);
      }
      await tx.query(
        "INSERT INTO care_work_group_member (id, measure_id, role, user_id, name_enc, since) VALUES ($1,$2,$3,$4,$5,$6)",
        [
          uuidv7(),
          m.id,
          input.role,
          userId,
          userId ? null : seal(ctx, "care_work_group_member", "name_enc", input.name),
          input.since,
        ],
      );
      return { result: undefined, details: { role: input.role, username: input.username ?? null } };
    },
    opts.tx,
  );
}

export type { CareLeaveReportCreate, CarePoliceReportConfirm, CareServiceCreate, CareStageCreate, CareViolationCreate };
