/**
 * Sampling tasks: planned sampling rounds (points = site + date, each with a chain-of-custody code) for tracing an
 * alert or working a lead. Results imported later attach to the points by site and sample date
 * ({@link attachSamplingResults}, run after every import); when every point has a sample the task is completed.
 *
 * A point is POSITIVE (the source drains through it — core tracing model) when its sample detected the task's
 * analyte above LOQ and, when the alert's explanation carries a PNL baseline, the point's PNL exceeds that baseline
 * (a sub-catchment running above the level its plant normally shows). Lifecycle: planned → in_progress → completed;
 * planned | in_progress → cancelled.
 */
import { randomBytes } from "node:crypto";
import type { SamplingTask, SamplingTaskCreate, SamplingTaskStatus } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { may, requireMay, SITE_PATH_SQL, type WarningCaller } from "./access.js";
import { alertRow } from "./alerts.js";

export const SAMPLING_TASK_TRANSITIONS: Readonly<Record<SamplingTaskStatus, readonly SamplingTaskStatus[]>> = {
  planned: ["in_progress", "cancelled", "completed"],
  in_progress: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | string) => new Date(d).toISOString();

interface TaskRow {
  id: string;
  alert_id: string | null;
  lead_id: string | null;
  round: number;
  analyte_code: string | null;
  status: SamplingTaskStatus;
  created_by: string;
  created_at: Date;
}

async function tasksOf(
  sqlc: SqlClient,
  where: string,
  params: unknown[],
): Promise<(SamplingTask & { paths: (string | null)[] })[]> {
  const tasks = await sqlc.query<TaskRow>(`SELECT * FROM sampling_task t ${where} ORDER BY t.created_at, t.id`, params);
  if (tasks.rows.length === 0) return [];
  const pts = await sqlc.query<{
    task_id: string;
    site: string;
    name: string;
    sample_date: string;
    custody_code: string;
    sample_id: string | null;
    positive: boolean | null;
    jpath: string | null;
  }>(
    `SELECT p.task_id, s.code AS site, s.name, p.sample_date, p.custody_code, p.sample_id, p.positive, ${SITE_PATH_SQL} AS jpath
       FROM sampling_point p JOIN site s ON s.id = p.site_id LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code
      WHERE p.task_id = ANY($1::uuid[]) ORDER BY p.sample_date, s.code`,
    [tasks.rows.map((t) => t.id)],
  );
  return tasks.rows.map((t) => {
    const mine = pts.rows.filter((p) => p.task_id === t.id);
    return {
      id: t.id,
      alertId: t.alert_id,
      leadId: t.lead_id,
      round: t.round,
      analyte: t.analyte_code,
      status: t.status,
      points: mine.map((p) => ({
        site: p.site,
        siteName: p.name,
        date: p.sample_date,
        custodyCode: p.custody_code,
        sampleId: p.sample_id,
        positive: p.positive,
      })),
      createdBy: t.created_by,
      createdAt: iso(t.created_at),
      paths: mine.map((p) => p.jpath),
    };
  });
}

const strip = ({ paths: _p, ...t }: SamplingTask & { paths: unknown }): SamplingTask => t;
/** A task is visible when the caller may read monitoring data at every one of its points. */
const visible = (ctx: AppContext, by: WarningCaller, t: { paths: (string | null)[] }) =>
  t.paths.every((p) => may(ctx, by, "monitoring.read", p));

/**
 * Plans a sampling round. `round` = 1 + the rounds already planned for the same alert (or lead). Each point gets a
 * unique chain-of-custody code `TW-<YYYYMMDD>-<site>-<6 hex>`.
 * @throws InvalidInputError (unknown site, duplicate point), NotFoundError (alert/lead), PermissionDeniedError
 *   (`alert.write` on every point's site)
 */
export async function createSamplingTask(
  ctx: AppContext,
  by: WarningCaller,
  input: SamplingTaskCreate,
): Promise<SamplingTask> {
  return ctx.database.transaction(async (tx) => {
    let analyte = input.analyte ?? null;
    if (input.alertId) {
      const a = await alertRow(tx, input.alertId);
      if (!may(ctx, by, "monitoring.read", a.jpath))
        throw new NotFoundError(`alert ${input.alertId} not found`, "alert");
      analyte ??= a.analyte_code;
    }
    if (input.leadId) {
      const l = await tx.query<{ analyte_code: string | null }>("SELECT analyte_code FROM lead WHERE id::text = $1", [
        input.leadId,
      ]);
      if (!l.rows[0]) throw new NotFoundError(`lead ${input.leadId} not found`, "lead");
      analyte ??= l.rows[0].analyte_code;
    }
    const seen = new Set<string>();
    const sites: { id: string; code: string; date: string }[] = [];
    for (const [i, p] of input.points.entries()) {
      const key = `${p.site}|${p.date}`;
      if (seen.has(key)) throw new InvalidInputError(`points[${i}]: ${p.site} on ${p.date} is listed twice`);
      seen.add(key);
      const s = await tx.query<{ id: string; jpath: string | null }>(
        `SELECT s.id, ${SITE_PATH_SQL} AS jpath FROM site s LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code WHERE s.code = $1`,
        [p.site],
      );
      const row = s.rows[0];
      if (!row) throw new InvalidInputError(`points[${i}].site: unknown site "${p.site}"`);
      requireMay(ctx, by, "alert.write", row.jpath, `site ${p.site}`);
      sites.push({ id: row.id, code: p.site, date: p.date });
    }
    const prev = await tx.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sampling_task WHERE (alert_id::text = $1 OR lead_id::text = $2) AND status <> 'cancelled'",
      [input.alertId ?? "", input.leadId ?? ""],
    );
    const id = uuidv7();
    await tx.query(
      `INSERT INTO sampling_task (id, alert_id, lead_id, round, analyte_code, status, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,'planned',$6,$7)`,
      [id, input.alertId ?? null, input.leadId ?? null, (prev.rows[0]?.n ?? 0) + 1, analyte, by.username, ctx.now()],
    );
    for (const s of sites) {
      const custody = `TW-${s.date.replaceAll("-", "")}-${s.code}-${randomBytes(3).toString("hex").toUpperCase()}`;
      await tx.query(
        "INSERT INTO sampling_point (id, task_id, site_id, sample_date, custody_code) VALUES ($1,$2,$3,$4,$5)",
        [uuidv7(), id, s.id, s.date, custody],
      );
    }
    await attachSamplingResults(ctx, tx);
    return strip((await tasksOf(tx, "WHERE t.id = $1", [id]))[0] as SamplingTask & { paths: [] });
  });
}

/** Sampling tasks the caller may read. */
export async function listSamplingTasks(
  ctx: AppContext,
  by: WarningCaller,
  filter: { alertId?: string; leadId?: string; status?: SamplingTaskStatus } = {},
): Promise<SamplingTask[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.alertId) where.push(`t.alert_id::text = $${params.push(filter.alertId)}`);
  if (filter.leadId) where.push(`t.lead_id::text = $${params.push(filter.leadId)}`);
  if (filter.status) where.push(`t.status = $${params.push(filter.status)}`);
  const tasks = await tasksOf(ctx.database.raw, where.length ? `WHERE ${where.join(" AND ")}` : "", params);
  return tasks.filter((t) => visible(ctx, by, t)).map(strip);
}

/** One sampling task. @throws NotFoundError */
export async function getSamplingTask(ctx: AppContext, by: WarningCaller, id: string): Promise<SamplingTask> {
  if (!UUID.test(id)) throw new NotFoundError(`sampling task ${id} not found`, "sampling_task");
  const t = (await tasksOf(ctx.database.raw, "WHERE t.id = $1", [id]))[0];
  if (!t || !visible(ctx, by, t)) throw new NotFoundError(`sampling task ${id} not found`, "sampling_task");
  return strip(t);
}

/** Moves a task to its next state. @throws NotFoundError, PermissionDeniedError, ConflictError (illegal) */
export async function transitionSamplingTask(
  ctx: AppContext,
  by: WarningCaller,
  id: string,
  to: SamplingTaskStatus,
): Promise<SamplingTask> {
  return ctx.database.transaction(async (tx) => {
    if (!UUID.test(id)) throw new NotFoundError(`sampling task ${id} not found`, "sampling_task");
    await tx.query("SELECT id FROM sampling_task WHERE id = $1 FOR UPDATE", [id]);
    const t = (await tasksOf(tx, "WHERE t.id = $1", [id]))[0];
    if (!t || !visible(ctx, by, t)) throw new NotFoundError(`sampling task ${id} not found`, "sampling_task");
    for (const p of t.paths) requireMay(ctx, by, "alert.write", p, `sampling task ${id}`);
    const allowed = SAMPLING_TASK_TRANSITIONS[t.status];
    if (!allowed.includes(to))
      throw new ConflictError(
        `sampling task ${id} is ${t.status}; it cannot become ${to} (allowed next: ${allowed.join(", ") || "none"})`,
      );
    await tx.query("UPDATE sampling_task SET status = $2 WHERE id = $1", [id, to]);
    return strip({ ...t, status: to });
  });
}

/**
 * Attaches imported samples to planned points (same site and sample date), sets `positive` (see the module
 * comment), and completes tasks whose points all have a sample. Runs inside the caller's transaction (or its own).
 * @returns the number of points attached now
 */
export async function attachSamplingResults(ctx: AppContext, tx?: SqlClient): Promise<number> {
  const run = async (sqlc: SqlClient) => {
    const open = await sqlc.query<{
      id: string;
      sample_id: string;
      analyte_code: string | null;
      explanation: { valueUnit?: string; baseline?: number | null } | null;
    }>(
      `SELECT p.id, sa.id AS sample_id, t.analyte_code, a.explanation
         FROM sampling_point p JOIN sampling_task t ON t.id = p.task_id
         JOIN sample sa ON sa.site_id = p.site_id AND sa.sample_date = p.sample_date
         LEFT JOIN alert a ON a.id = t.alert_id
        WHERE p.sample_id IS NULL AND t.status IN ('planned', 'in_progress')`,
    );
    for (const p of open.rows) {
      const m = await sqlc.query<{
        detection: string;
        value_canonical: number | null;
        quantity: string;
        flow: number | null;
        pop: number | null;
      }>(
        `SELECT m.detection, m.value_canonical, m.quantity, sa.flow_m3_per_day AS flow, COALESCE(sa.population_served, s.population_served) AS pop
           FROM measurement m JOIN sample sa ON sa.id = m.sample_id JOIN site s ON s.id = m.site_id
          WHERE m.sample_id = $1 AND m.superseded_by IS NULL AND ($2::text IS NULL OR m.analyte_code = $2)`,
        [p.sample_id, p.analyte_code],
      );
      const baseline = p.explanation?.valueUnit === "mg/day/1000 inh" ? (p.explanation.baseline ?? null) : null;
      const positive = m.rows.some((r) => {
        if (r.detection !== "detected" || r.value_canonical === null) return false;
        if (baseline === null) return true;
        const pnl =
          r.quantity === "pnl" ? r.value_canonical : r.flow && r.pop ? (r.value_canonical * r.flow) / r.pop : null;
        return pnl === null ? true : pnl > baseline;
      });
      await sqlc.query("UPDATE sampling_point SET sample_id = $2, positive = $3 WHERE id = $1", [
        p.id,
        p.sample_id,
        m.rows.length ? positive : null,
      ]);
    }
    await sqlc.query(
      `UPDATE sampling_task t SET status = 'completed' WHERE t.status IN ('planned', 'in_progress')
         AND NOT EXISTS (SELECT 1 FROM sampling_point p WHERE p.task_id = t.id AND p.sample_id IS NULL)`,
    );
    return open.rows.length;
  };
  return tx ? run(tx) : ctx.database.transaction(run);
}
