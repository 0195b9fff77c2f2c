/**
 * Leaders' aggregates of care by jurisdiction (issue #6): caseloads, execution rate (社戒社康执行率), test
 * compliance, three-year abstinence and services delivered — one row per child of the requested jurisdiction,
 * sealed persons excluded, small counts suppressed with core `suppressLabelledTable` (k = `K_INTERNAL` = 5,
 * docs/domain.md SEC-12; each count column is suppressed as a one-column table with its total, so a hidden cell
 * cannot be recovered from the total), and rates hidden when their denominator is below k.
 *
 * Definitions (to be confirmed with the city's 禁毒办, see docs/care.md):
 * - active cases: measures in `reported`, `active`, `suspended`, `transfer_pending`, `reported_to_police`;
 * - execution rate = measures whose person reported to the township ÷ measures whose report is due (report
 *   deadline `reportDue` from core passed, or reported), in %;
 * - test compliance = tests done ÷ tests due up to today (done + missed/refused/evaded + still scheduled with a
 *   past due date), in %;
 * - three-year abstinence = persons in category `abstinent_three_years`;
 * - services delivered = service records (平安关爱 and others).
 */
import type { CareAggregates } from "@tracewater/contract";
import { K_INTERNAL, suppressLabelledTable } from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { auditCare, authorise, type CareCaller } from "./access.js";
import { CASELOAD_RATIO, centreCaseload, localDate } from "./rules.js";

const ACTIVE = ["reported", "active", "suspended", "transfer_pending", "reported_to_police"];

/** A centre's caseload columns; the per-worker figures are hidden with a suppressed caseload (they would reveal it). */
function centreColumns(caseload: number | null, workers: { workerId: string; cases: number }[]) {
  const c = centreCaseload(workers);
  return {
    caseload,
    workers: c.workers,
    casesPerWorker: caseload === null ? null : c.casesPerWorker,
    caseloadStatus: caseload === null ? null : c.status,
    workersOver: caseload === null ? null : c.workersOver,
  };
}

/**
 * Suppresses one column of counts (with its total) → values or null. Rows are keyed by a stable code (jurisdiction
 * code, centre id), so the hidden rows do not depend on the row order (issue #3, SEC-12).
 */
export function suppressColumn(keys: readonly string[], values: number[], k: number): (number | null)[] {
  if (values.length === 0) return [];
  const t = suppressLabelledTable(
    { rowKeys: keys, columnKeys: ["count"], counts: values.map((v) => [v]) },
    k,
  );
  return t.cells.map((row) => row[0] ?? null);
}

/**
 * Aggregates for the children of `jurisdictionCode` (default: the caller's own jurisdiction).
 * @throws PermissionDeniedError (no `aggregate.read` there), InvalidInputError (unknown jurisdiction)
 */
export async function aggregates(
  ctx: AppContext,
  caller: CareCaller,
  jurisdictionCode?: string,
  k: number = K_INTERNAL,
): Promise<CareAggregates> {
  const db = ctx.database.raw;
  const base = jurisdictionCode
    ? (
        await db.query<{ code: string; path: string }>("SELECT code, path FROM jurisdiction WHERE code = $1", [
          jurisdictionCode,
        ])
      ).rows[0]
    : caller.actor.jurisdictionPath
      ? (
          await db.query<{ code: string; path: string }>("SELECT code, path FROM jurisdiction WHERE path = $1", [
            caller.actor.jurisdictionPath,
          ])
        ).rows[0]
      : undefined;
  if (!base)
    throw new InvalidInputError(
      `unknown jurisdiction ${jurisdictionCode ?? "(none: the account has no jurisdiction)"}`,
    );
  await authorise(
    ctx,
    caller,
    "aggregate.read",
    { jurisdictionPath: base.path },
    { action: "care.aggregates", object: `jurisdiction:${base.code}` },
  );
  const today = localDate(ctx.now());
  const children = (
    await db.query<{ code: string; name_zh: string; path: string }>(
      "SELECT code, name_zh, path FROM jurisdiction WHERE parent_code = $1 ORDER BY code",
      [base.code],
    )
  ).rows;
  const units = children.length > 0 ? children : [{ code: base.code, name_zh: "", path: base.path }];
  const stats = await Promise.all(
    units.map(async (u) => {
      const inUnit = `(j.path = $1 OR starts_with(j.path, $1 || '/'))`;
      const r = (
        await db.query<{
          active: string;
          workers: string;
          executed: string;
          due: string;
          tests_done: string;
          tests_due: string;
          services: string;
        }>(
          `WITH m AS (
             SELECT m.* FROM care_measure m JOIN care_person p ON p.id = m.person_id
               JOIN jurisdiction j ON j.code = m.exec_jurisdiction_code WHERE ${inUnit} AND NOT p.sealed)
           SELECT
             (SELECT count(*) FROM m WHERE m.state = ANY($2::text[])) AS active,
             (SELECT count(DISTINCT a.user_id) FROM case_assignment a JOIN m ON m.id = a.case_id WHERE m.state = ANY($2::text[])) AS workers,
             (SELECT count(*) FROM m WHERE m.reported_on IS NOT NULL) AS executed,
             (SELECT count(*) FROM m WHERE m.reported_on IS NOT NULL OR (m.core_state->>'reportDue') < $3) AS due,
             (SELECT count(*) FROM care_test t JOIN m ON m.id = t.measure_id WHERE t.status = 'done' AND (t.due_on IS NULL OR t.due_on <= $3::date)) AS tests_done,
             (SELECT count(*) FROM care_test t JOIN m ON m.id = t.measure_id WHERE (t.due_on IS NOT NULL AND t.due_on <= $3::date) OR (t.due_on IS NULL AND t.status <> 'scheduled')) AS tests_due,
             (SELECT count(*) FROM care_service s JOIN m ON m.id = s.measure_id) AS services`,
          [u.path, ACTIVE, today],
        )
      ).rows[0];
      const abstinent = (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM care_person p JOIN jurisdiction j ON j.code = p.residence_jurisdiction_code
            WHERE ${inUnit} AND NOT p.sealed AND p.category = 'abstinent_three_years'`,
          [u.path],
        )
      ).rows[0];
      return {
        active: Number(r?.active ?? 0),
        workers: Number(r?.workers ?? 0),
        executed: Number(r?.executed ?? 0),
        due: Number(r?.due ?? 0),
        testsDone: Number(r?.tests_done ?? 0),
        testsDue: Number(r?.tests_due ?? 0),
        services: Number(r?.services ?? 0),
        abstinent: Number(abstinent?.n ?? 0),
      };
    }),
  );
  const active = suppressColumn(
    units.map((u) => u.code),
    stats.map((s) => s.active),
    k,
  );
  const workers = suppressColumn(
    units.map((u) => u.code),
    stats.map((s) => s.workers),
    k,
  );
  const abstinent = suppressColumn(
    units.map((u) => u.code),
    stats.map((s) => s.abstinent),
    k,
  );
  const services = suppressColumn(
    units.map((u) => u.code),
    stats.map((s) => s.services),
    k,
  );
  const pct = (num: number, den: number) => (den >= k ? Math.round((1000 * num) / den) / 10 : null);
  const centres = (
    await db.query<{ id: string; name_zh: string; worker_ratio: number; caseload: string }>(
      `SELECT c.id, c.name_zh, c.worker_ratio,
              (SELECT count(*) FROM care_measure m JOIN care_person p ON p.id = m.person_id
                WHERE m.centre_id = c.id AND NOT p.sealed AND m.state = ANY($2::text[])) AS caseload
         FROM care_centre c JOIN jurisdiction j ON j.code = c.jurisdiction_code
        WHERE j.path = $1 OR starts_with(j.path, $1 || '/') ORDER BY c.id`,
      [base.path, ACTIVE],
    )
  ).rows;
  const caseloads = suppressColumn(
    centres.map((c) => c.id),
    centres.map((c) => Number(c.caseload)),
    k,
  );
  // per worker: active, unsealed cases of each centre by assigned staff member (case_assignment)
  const perWorker = (
    await db.query<{ centre_id: string; user_id: string; n: string }>(
      `SELECT m.centre_id, a.user_id, count(*) AS n FROM care_measure m JOIN care_person p ON p.id = m.person_id
         JOIN case_assignment a ON a.case_id = m.id
        WHERE m.centre_id = ANY($1::text[]) AND NOT p.sealed AND m.state = ANY($2::text[])
        GROUP BY m.centre_id, a.user_id`,
      [centres.map((c) => c.id), ACTIVE],
    )
  ).rows;
  const out: CareAggregates = {
    k,
    asOf: today,
    rows: units.map((u, i) => ({
      jurisdictionCode: u.code,
      name: u.name_zh,
      activeCases: active[i] ?? null,
      workers: workers[i] ?? null,
      executionRatePct: pct(stats[i]?.executed ?? 0, stats[i]?.due ?? 0),
      testCompliancePct: pct(stats[i]?.testsDone ?? 0, stats[i]?.testsDue ?? 0),
      abstinentThreeYears: abstinent[i] ?? null,
      servicesDelivered: services[i] ?? null,
    })),
    centres: centres.map((c, i) => ({
      id: c.id,
      name: c.name_zh,
      workerRatio: c.worker_ratio,
      ...centreColumns(
        caseloads[i] ?? null,
        perWorker.filter((w) => w.centre_id === c.id).map((w) => ({ workerId: w.user_id, cases: Number(w.n) })),
      ),
    })),
    caseloadRatio: CASELOAD_RATIO,
  };
  await auditCare(ctx, caller, {
    action: "care.aggregates",
    object: `jurisdiction:${base.code}`,
    outcome: "success",
    jurisdiction: base.path,
  });
  return out;
}
