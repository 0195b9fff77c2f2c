/**
 * Seeds the SYNTHETIC care demo of 长治 (core `generateCareDemo`: names prefixed 「[模拟]」, ID numbers with the
 * impossible area code 99xxxx and a wrong check character — never real identities) so the care module can be
 * seen working after `tracewater serve`. Everything is marked `synthetic = true` and every write is audited as
 * actor `seed`.
 *
 * What is stored: the synthetic townships (jurisdiction level `township`, source `care-demo (synthetic)`),
 * {@link CARE_DEMO_CENTRES} SIMULATED community service centres (one per township, a second one in the first
 * townships until the city's count is reached; cases of a township alternate between its centres), the persons (encrypted like real ones), each case replayed event by
 * event through the core state machine (`transitionCase`), its tests, leave reports, unauthorised leaves (core
 * `deriveViolations`), stage history and the (unconfirmed, advisory) risk assessment; then the tasks.
 * Synthetic history: rule tasks due more than {@link DEMO_DONE_BEFORE_DAYS} days before the demo date are
 * marked done (the demo does not pretend years of undone work), so the open and overdue tasks are recent.
 *
 * Idempotent: nothing is done when a synthetic person already exists. One transaction.
 */
import {
  addDays,
  deriveViolations,
  generateCareDemo,
  type MeasureEvent,
  SIMULATED_NAME_PREFIX,
} from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import type { CareCaller } from "./access.js";
import { createCase, transitionCase } from "./cases.js";
import { seal } from "./cipher.js";
import { createPerson } from "./persons.js";
import { localDate } from "./rules.js";
import { regenerateTasks } from "./tasks.js";

/** Seed of the bundled demo (any fixed integer; the same seed and date give the same people). */
export const CARE_DEMO_SEED = 2026;
/**
 * Community service centres of the demo: the city has 45 (issue #6); their real names and places are not in the
 * repository, so the demo's centres are simulated (names from the synthetic townships, `synthetic = true`).
 */
export const CARE_DEMO_CENTRES = 45;

/** The simulated centres: one per township, then a second in townships 1, 2, … until `total`. */
export function demoCentres(
  townships: readonly { code: string; nameZh: string }[],
  total = CARE_DEMO_CENTRES,
): { id: string; nameZh: string; townshipCode: string }[] {
  const out = townships.map((t) => ({
    id: `centre-${t.code}`,
    nameZh: `${t.nameZh}社戒社康工作站`,
    townshipCode: t.code,
  }));
  for (let i = 0; out.length < total && townships.length > 0; i++) {
    const t = townships[i % townships.length] as { code: string; nameZh: string };
    const n = 2 + Math.floor(i / townships.length);
    out.push({ id: `centre-${t.code}-${n}`, nameZh: `${t.nameZh}第${n}社戒社康工作站`, townshipCode: t.code });
  }
  return out;
}

/** Rule tasks due more than this many days before the demo date count as done in the synthetic history. */
export const DEMO_DONE_BEFORE_DAYS = 14;

const SEED_CALLER: CareCaller = {
  actor: { id: "seed", username: "seed", roles: [], jurisdictionPath: null },
  clientAddress: null,
};

export interface CareDemoReport {
  skipped: boolean;
  townships: number;
  persons: number;
  cases: number;
  tasks: number;
}

/** Seeds the synthetic care demo once (see the module comment). */
export async function seedCareDemo(
  ctx: AppContext,
  options: { seed?: number; persons?: number; asOf?: string } = {},
): Promise<CareDemoReport> {
  const db = ctx.database.raw;
  const existing = await db.query("SELECT 1 FROM care_person WHERE synthetic LIMIT 1");
  if (existing.rows.length > 0) return { skipped: true, townships: 0, persons: 0, cases: 0, tasks: 0 };
  const asOf = options.asOf ?? localDate(ctx.now());
  // the generator's per-case schedule seed (seed × 10 007 + index) is stored as a 32-bit integer
  const seed = options.seed ?? CARE_DEMO_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed * 10_007 + (options.persons ?? 120) > 2_147_483_647)
    throw new InvalidInputError(
      `seed must be an integer 0–${Math.floor((2_147_483_647 - (options.persons ?? 120)) / 10_007)}`,
    );
  const demo = generateCareDemo({ seed, asOf, persons: options.persons ?? 120 });
  let tasks = 0;
  await ctx.database.transaction(async (tx) => {
    for (const t of demo.townships) {
      const county = (await tx.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [t.countyCode]))
        .rows[0];
      if (!county) continue;
      await tx.query(
        `INSERT INTO jurisdiction (code, name_zh, level, parent_code, path, source) VALUES ($1,$2,'township',$3,$4,'care-demo (synthetic)')
         ON CONFLICT (code) DO NOTHING`,
        [t.code, t.nameZh, t.countyCode, `${county.path}/${t.code}`],
      );
    }
    const centres = demoCentres(demo.townships);
    const known = new Set(
      (
        await tx.query<{ code: string }>("SELECT code FROM jurisdiction WHERE source = 'care-demo (synthetic)'")
      ).rows.map((r) => r.code),
    );
    for (const c of centres.filter((x) => known.has(x.townshipCode)))
      await tx.query(
        "INSERT INTO care_centre (id, name_zh, jurisdiction_code, worker_ratio, synthetic) VALUES ($1,$2,$3,25,true) ON CONFLICT (id) DO NOTHING",
        [c.id, c.nameZh, c.townshipCode],
      );
    const centresOf = (township: string) => centres.filter((c) => c.townshipCode === township);
    let caseIndex = 0;
    const personIds = new Map<string, string>();
    for (const p of demo.persons) {
      const created = await createPerson(
        ctx,
        SEED_CALLER,
        {
          idNumber: p.idNumber,
          name: p.name,
          sex: p.sex,
          birthDate: p.birthDate,
          phone: p.phone,
          notes: `${SIMULATED_NAME_PREFIX} synthetic demo person ${p.key}`,
          hukouJurisdictionCode: p.hukouJurisdictionCode,
          residenceJurisdictionCode: p.residenceJurisdictionCode,
          category: p.category,
          drugTypes: p.drugTypes,
          pregnantOrNursing: p.pregnantOrNursing,
          sealed: p.sealed,
          source: p.source,
          registeredOn: p.registeredOn,
          purpose: "seed:care-demo",
        },
        { synthetic: true, tx, system: true },
      );
      personIds.set(p.key, created.id);
    }
    for (const c of demo.cases) {
      const out = { id: "" };
      await createCase(
        ctx,
        SEED_CALLER,
        {
          personId: personIds.get(c.personKey) ?? "",
          type: c.type,
          decisionNo: c.decisionNo,
          decidedBy: c.decidedBy,
          servedOn: c.state.servedAt,
          decisionDate: c.state.decisionDate,
          termMonths: c.termMonths,
          // the initial execution township (a later transfer is one of the replayed events)
          execJurisdictionCode: c.execJurisdictionCode,
          centreId: (() => {
            const own = centresOf(c.execJurisdictionCode);
            return own[caseIndex++ % own.length]?.id ?? `centre-${c.execJurisdictionCode}`;
          })(),
        },
        { tx, out, synthetic: true, system: true, skipTasks: true, scheduleSeed: c.scheduleSeed },
      );
      const caseId = out.id;
      await tx.query("UPDATE care_measure SET test_policy_code = $2 WHERE id = $1", [caseId, c.schedulePolicyId]);
      for (const { event, at } of c.events) {
        const { type, actor: _actor, reason, ...data } = event as MeasureEvent & Record<string, unknown>;
        await transitionCase(
          ctx,
          SEED_CALLER,
          caseId,
          { event: type, reason, occurredAt: at, data },
          { tx, system: true, skipTasks: true },
        );
      }
      for (const t of c.tests) {
        const done = t.outcome === "negative" || t.outcome === "positive";
        await tx.query(
          `INSERT INTO care_test (id, measure_id, due_on, random, matrix, method, status, result, substances, collected_at, recorded_by, recorded_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb,$10,'seed',$11)`,
          [
            uuidv7(),
            caseId,
            t.date,
            t.scheduleKind === "random",
            t.outcome === "scheduled" ? null : (t.matrix ?? "urine"),
            t.outcome === "scheduled" ? null : "field",
            done ? "done" : t.outcome,
            done ? t.outcome : null,
            JSON.stringify(
              t.outcome === "positive"
                ? [demo.persons.find((p) => p.key === c.personKey)?.drugTypes[0] ?? "methamphetamine"]
                : [],
            ),
            done ? new Date(`${t.date}T02:00:00Z`) : null,
            ctx.now(),
          ],
        );
      }
      for (const l of c.leaves) {
        if (l.reportSubmittedAt)
          await tx.query(
            `INSERT INTO care_leave_report (id, measure_id, leave_from, leave_to, destination_enc, submitted_on, approved_by, returned_on, recorded_by, recorded_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'seed',$9)`,
            [
              uuidv7(),
              caseId,
              l.departedAt,
              l.plannedReturnAt ?? l.returnedAt ?? l.departedAt,
              seal(
                ctx,
                "care_leave_report",
                "destination_enc",
                `${SIMULATED_NAME_PREFIX}${l.outOfCounty ? "县外" : "县内"}`,
              ),
              l.reportSubmittedAt,
              l.approved ? "seed" : null,
              l.returnedAt,
              ctx.now(),
            ],
          );
      }
      for (const v of deriveViolations({ leaves: c.leaves, asOf }))
        await tx.query(
          "INSERT INTO care_violation (id, measure_id, type, occurred_on, days, recorded_by, recorded_at) VALUES ($1,$2,$3,$4,$5,'seed',$6)",
          [uuidv7(), caseId, v.kind, v.at, v.days ?? null, ctx.now()],
        );
      for (const h of c.stage.history)
        await tx.query(
          "INSERT INTO care_stage (id, measure_id, stage, entered_on, criteria, evaluator, reason, recorded_at) VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7,$8)",
          [uuidv7(), caseId, h.to, h.at, JSON.stringify(h.criteriaMet), h.evaluatorId, h.reason, ctx.now()],
        );
      await tx.query(
        `INSERT INTO care_risk_assessment (id, measure_id, assessed_at, model_version, score, grade, factors)
         VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb)`,
        [
          uuidv7(),
          caseId,
          new Date(`${asOf}T00:00:00Z`),
          c.risk.modelVersion,
          c.risk.score,
          c.risk.grade,
          JSON.stringify(c.risk.contributions),
        ],
      );
      const r = await regenerateTasks(ctx, tx, caseId);
      tasks += r.inserted;
      // synthetic history: earlier rule tasks count as done; test tasks are done when their test has an outcome
      await tx.query(
        `UPDATE care_task t SET status = 'done', done_at = t.due_on::timestamptz
          WHERE t.measure_id = $1 AND t.status = 'open' AND (
            (t.test_id IS NULL AND t.source_code NOT LIKE 'deadline.%' AND t.due_on < $2::date)
            OR EXISTS (SELECT 1 FROM care_test x WHERE x.id = t.test_id AND x.status <> 'scheduled'))`,
        [caseId, addDays(asOf, -DEMO_DONE_BEFORE_DAYS)],
      );
    }
  });
  return {
    skipped: false,
    townships: demo.townships.length,
    persons: demo.persons.length,
    cases: demo.cases.length,
    tasks,
  };
}
