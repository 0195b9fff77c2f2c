/**
 * Tasks of a case and "my tasks": the open tasks of a measure are regenerated, in the same transaction as every
 * change, from the core rules (`rules.ts`: deadlines of the legal state, test schedule, obligation templates).
 * Regeneration is idempotent: tasks are keyed by (measure, source code, due date); open tasks no longer wanted
 * are cancelled, done tasks are kept.
 *
 * Who gets a task: grid-visit tasks go to the case's grid worker (who sees only kind, time and place —
 * `FIELD_VIEWS.grid_worker.task`); everything else to the case's assigned field worker(s) (unassigned rows,
 * visible to every worker assigned to the case).
 */
import type { CareTask } from "@tracewater/contract";
import { DEFAULT_OBLIGATION_TEMPLATE, type ObligationTemplate, type RiskGrade } from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import { decide, minimise, visibleFields } from "../../security/policy.js";
import type { Role } from "../../security/roles.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { auditCare, type CareCaller } from "./access.js";
import { unseal } from "./cipher.js";
import { type DesiredTask, desiredTasks, localDate, type MeasureState, RULE_TASK_PREFIXES } from "./rules.js";

/** A task row as read for views. */
export interface TaskRow {
  id: string;
  kind: string;
  due_on: string;
  place: string;
  assigned_to: string | null;
  status: string;
  source_code: string;
  measure_id: string;
  person_id: string;
  exec_path: string | null;
  title_zh: string | null;
  title_en: string | null;
  test_id: string | null;
}

/** The caller's view of a task: minimised by `FIELD_VIEWS` (a grid worker: id, kind, due date and place). */
export function taskView(roles: readonly Role[], t: TaskRow, today: string, personName?: string): CareTask {
  const v = minimise(roles, "task", {
    id: t.id,
    kind: t.kind,
    dueAt: t.due_on,
    place: t.place,
    assignedTo: t.assigned_to,
    personId: t.person_id,
    caseId: t.measure_id,
    jurisdictionPath: t.exec_path ?? "",
  });
  const caseLevel = "caseId" in v;
  return {
    id: t.id,
    kind: String(v.kind ?? "task"),
    dueOn: String(v.dueAt ?? t.due_on),
    place: String(v.place ?? ""),
    overdue: t.status === "open" && t.due_on < today,
    ...(caseLevel
      ? {
          caseId: t.measure_id,
          status: t.status,
          sourceCode: t.source_code,
          ...(t.title_zh ? { titleZh: t.title_zh } : {}),
          ...(t.title_en ? { titleEn: t.title_en } : {}),
          ...(t.test_id ? { testId: t.test_id } : {}),
        }
      : {}),
    ...("personId" in v ? { personId: t.person_id } : {}),
    ...("personId" in v && personName && visibleFields(roles, "person").has("name") ? { personName } : {}),
  };
}

interface MeasureForTasks {
  id: string;
  core_state: MeasureState;
  exec_name: string | null;
  centre_name: string | null;
  test_policy_code: string | null;
  schedule_seed: number;
}

/** The obligation template in force: the stored one (`care_obligation_template`, newest), else core's default. */
export async function obligationTemplate(db: SqlClient): Promise<ObligationTemplate> {
  const row = (
    await db.query<{ definition: ObligationTemplate }>(
      "SELECT definition FROM care_obligation_template ORDER BY updated_at DESC LIMIT 1",
    )
  ).rows[0];
  return row?.definition ?? DEFAULT_OBLIGATION_TEMPLATE;
}

/**
 * Regenerates the rule-generated open tasks (and scheduled tests) of measure `measureId` inside `tx` from the
 * core rules (`rules.ts desiredTasks`). Returns the number of tasks opened and cancelled.
 */
export async function regenerateTasks(
  ctx: AppContext,
  tx: SqlClient,
  measureId: string,
): Promise<{ inserted: number; cancelled: number }> {
  const m = (
    await tx.query<MeasureForTasks>(
      `SELECT m.id, m.core_state, j.name_zh AS exec_name, c.name_zh AS centre_name, m.test_policy_code, m.schedule_seed
         FROM care_measure m LEFT JOIN jurisdiction j ON j.code = m.exec_jurisdiction_code
         LEFT JOIN care_centre c ON c.id = m.centre_id WHERE m.id = $1`,
      [measureId],
    )
  ).rows[0];
  if (!m) throw new InvalidInputError(`case ${measureId} not found`);
  const risk = (
    await tx.query<{ grade: RiskGrade }>(
      "SELECT grade FROM care_risk_assessment WHERE measure_id = $1 AND confirmed_at IS NOT NULL ORDER BY assessed_at DESC LIMIT 1",
      [measureId],
    )
  ).rows[0];
  const wanted: DesiredTask[] = desiredTasks({
    caseId: m.id,
    state: m.core_state,
    today: localDate(ctx.now()),
    template: await obligationTemplate(tx),
    testPolicyCode: m.test_policy_code,
    scheduleSeed: m.schedule_seed,
    confirmedRiskGrade: risk?.grade ?? null,
  });
  const place = m.centre_name ?? m.exec_name ?? m.core_state.execJurisdiction;
  const open = (
    await tx.query<{ id: string; source_code: string; due_on: string; test_id: string | null }>(
      "SELECT id, source_code, to_char(due_on,'YYYY-MM-DD') AS due_on, test_id FROM care_task WHERE measure_id = $1 AND status = 'open'",
      [measureId],
    )
  ).rows;
  const key = (s: string, d: string) => `${s}|${d}`;
  const wantedKeys = new Set(wanted.map((w) => key(w.sourceCode, w.dueOn)));
  let cancelled = 0;
  for (const o of open) {
    if (!RULE_TASK_PREFIXES.some((p) => o.source_code.startsWith(p))) continue;
    if (wantedKeys.has(key(o.source_code, o.due_on))) continue;
    await tx.query("UPDATE care_task SET status = 'cancelled' WHERE id = $1", [o.id]);
    if (o.test_id) await tx.query("DELETE FROM care_test WHERE id = $1 AND status = 'scheduled'", [o.test_id]);
    cancelled++;
  }
  const tests = (
    await tx.query<{ id: string; due_on: string }>(
      "SELECT id, to_char(due_on,'YYYY-MM-DD') AS due_on FROM care_test WHERE measure_id = $1 AND due_on IS NOT NULL",
      [measureId],
    )
  ).rows;
  const testByDue = new Map(tests.map((t) => [t.due_on, t.id]));
  let inserted = 0;
  for (const w of wanted) {
    let testId: string | null = null;
    if (w.kind === "test") {
      testId = testByDue.get(w.dueOn) ?? null;
      if (!testId) {
        testId = uuidv7();
        testByDue.set(w.dueOn, testId);
        await tx.query(
          "INSERT INTO care_test (id, measure_id, due_on, random, status) VALUES ($1,$2,$3,$4,'scheduled')",
          [testId, measureId, w.dueOn, w.random ?? false],
        );
      }
    }
    // a cancelled task wanted again (e.g. after a suspension ends) is reopened
    const res = await tx.query(
      `INSERT INTO care_task (id, measure_id, kind, source_code, due_on, place, assigned_to, status, test_id, title_zh, title_en)
       VALUES ($1,$2,$3,$4,$5,$6,NULL,'open',$7,$8,$9)
       ON CONFLICT (measure_id, source_code, due_on) DO UPDATE SET status = 'open', test_id = EXCLUDED.test_id
         WHERE care_task.status = 'cancelled' RETURNING id`,
      [uuidv7(), measureId, w.kind, w.sourceCode, w.dueOn, place, testId, w.titleZh ?? null, w.titleEn ?? null],
    );
    inserted += res.rows.length;
  }
  return { inserted, cancelled };
}

/** Marks the open task of a scheduled test done (same transaction as the test record). */
export async function completeTestTask(tx: SqlClient, testId: string, at: Date): Promise<void> {
  await tx.query("UPDATE care_task SET status = 'done', done_at = $2 WHERE test_id = $1 AND status = 'open'", [
    testId,
    at,
  ]);
}

/** An open task with the person's sealed name and residence (the rows {@link OPEN_TASKS_SQL} selects). */
type OpenTaskRow = TaskRow & { name_enc: string; residence_path: string | null };

/** Open tasks of unsealed persons with what {@link readableTaskViews} needs; callers append `AND …` conditions. */
const OPEN_TASKS_SQL = `SELECT t.id, t.kind, to_char(t.due_on,'YYYY-MM-DD') AS due_on, t.place, t.assigned_to, t.status,
            t.source_code, t.measure_id, m.person_id, j.path AS exec_path, t.title_zh, t.title_en, t.test_id, p.name_enc,
            rj.path AS residence_path
       FROM care_task t JOIN care_measure m ON m.id = t.measure_id JOIN care_person p ON p.id = m.person_id
       LEFT JOIN jurisdiction j ON j.code = m.exec_jurisdiction_code
       LEFT JOIN jurisdiction rj ON rj.code = p.residence_jurisdiction_code
      WHERE t.status = 'open' AND NOT p.sealed`;

/**
 * The rows the caller may read (`task.read` decided per task), as the caller's minimised views; the person's name
 * is unsealed only for roles that may see it. A campaign visit happens where the person lives (the grid worker's
 * grid); other tasks in the township that executes the measure.
 */
function readableTaskViews(
  ctx: AppContext,
  caller: CareCaller,
  rows: readonly OpenTaskRow[],
  today: string,
): CareTask[] {
  const roles = caller.actor.roles;
  const showName = visibleFields(roles, "person").has("name");
  return rows
    .filter(
      (t) =>
        decide(
          caller.actor,
          "task.read",
          {
            jurisdictionPath: (t.source_code.startsWith("campaign.") ? t.residence_path : t.exec_path) ?? "unknown",
            caseId: t.measure_id,
            assignedTo: t.assigned_to,
          },
          ctx.now(),
        ).allow,
    )
    .map((t) =>
      taskView(
        roles,
        t,
        today,
        showName ? (unseal(ctx, "care_person", "name_enc", t.name_enc) ?? undefined) : undefined,
      ),
    );
}

async function tasksOf(
  ctx: AppContext,
  caller: CareCaller,
  range: { from?: string; to?: string },
): Promise<CareTask[]> {
  const assigned = [...(caller.actor.assignedCaseIds ?? [])];
  const res = await ctx.database.raw.query<OpenTaskRow>(
    `${OPEN_TASKS_SQL}
        AND (t.assigned_to = $1 OR (t.assigned_to IS NULL AND t.measure_id = ANY($2::text[])))
        AND ($3::date IS NULL OR t.due_on >= $3::date) AND ($4::date IS NULL OR t.due_on <= $4::date)
      ORDER BY t.due_on, t.kind`,
    [caller.actor.id, assigned, range.from ?? null, range.to ?? null],
  );
  const today = localDate(ctx.now());
  const items = readableTaskViews(ctx, caller, res.rows, today);
  // overdue first, then by due date
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  return items;
}

/** The caller's open tasks, overdue first (audited `care.task.list`). */
export async function myTasks(ctx: AppContext, caller: CareCaller): Promise<CareTask[]> {
  const items = await tasksOf(ctx, caller, {});
  await auditCare(ctx, caller, {
    action: "care.task.list",
    object: "tasks:mine",
    outcome: "success",
    details: { count: items.length },
  });
  return items;
}

/** The caller's open tasks due between `from` and `to` inclusive (audited `care.task.calendar`). */
export async function calendar(ctx: AppContext, caller: CareCaller, from: string, to: string): Promise<CareTask[]> {
  if (to < from) throw new InvalidInputError(`to (${to}) is before from (${from})`);
  const items = await tasksOf(ctx, caller, { from, to });
  items.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  await auditCare(ctx, caller, {
    action: "care.task.calendar",
    object: `tasks:${from}..${to}`,
    outcome: "success",
    details: { count: items.length },
  });
  return items;
}

/**
 * Supervision of overdue items (督办 by the township/county lead): every open task past its due date in the
 * caller's jurisdiction scope (roles with `task.read` and a jurisdiction scope; field roles see only their own),
 * sealed persons excluded, most overdue first, each minimised for the caller. Audited `care.task.overdue`.
 */
export async function overdueTasks(ctx: AppContext, caller: CareCaller): Promise<CareTask[]> {
  const today = localDate(ctx.now());
  const res = await ctx.database.raw.query<OpenTaskRow>(
    `${OPEN_TASKS_SQL} AND t.due_on < $1::date
      ORDER BY t.due_on, t.kind`,
    [today],
  );
  const items = readableTaskViews(ctx, caller, res.rows, today);
  await auditCare(ctx, caller, {
    action: "care.task.overdue",
    object: "tasks:overdue",
    outcome: "success",
    details: { count: items.length },
  });
  return items;
}
