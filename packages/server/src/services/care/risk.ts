/**
 * Advisory risk assessment of a case (core `assessRisk` through `rules.ts assessCaseRisk`; grades 高/中/低 of
 * 禁毒办通〔2016〕37号) and its confirmation by an authorised person. domain.md §8 names the county police
 * (公安禁毒大队) for "risk confirmation": the `risk.confirm` capability (`security/roles.ts`). Only a CONFIRMED
 * grade changes anything — the test schedule's risk override (`tasks.ts regenerateTasks` reads the latest confirmed
 * grade); a rejected or pending score never does. Each write is one transaction with `decide()` and an audit event.
 */
import {
  type CareRiskAssessment,
  CareRiskAssessRequest,
  CareRiskDecisionRequest,
  type CareRiskDecisionRequest as DecisionInput,
  type CareRiskAssessRequest as RiskRequest,
} from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { z } from "zod";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { auditCare, authorise, type CareCaller, careTransaction } from "./access.js";
import { loadMeasure } from "./cases.js";
import { testOutcomes } from "./proposals.js";
import { assessCaseRisk, localDate } from "./rules.js";
import { regenerateTasks } from "./tasks.js";

interface RiskRow {
  id: string;
  measure_id: string;
  assessed_at: Date | string;
  assessed_by: string | null;
  model_version: string;
  score: number;
  grade: "high" | "medium" | "low";
  factors: CareRiskAssessment["contributions"];
  inputs: { gradeOverridden?: boolean } | null;
  confirmed_by: string | null;
  confirmed_at: Date | string | null;
  rejected_by: string | null;
  rejected_at: Date | string | null;
  decision_reason: string | null;
}

const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());

function toAssessment(r: RiskRow): CareRiskAssessment {
  const status = r.confirmed_at ? "confirmed" : r.rejected_at ? "rejected" : "pending";
  return {
    id: r.id,
    caseId: r.measure_id,
    assessedAt: iso(r.assessed_at) as string,
    assessedBy: r.assessed_by,
    modelVersion: r.model_version,
    score: Number(r.score),
    grade: r.grade,
    gradeOverridden: r.inputs?.gradeOverridden === true,
    contributions: r.factors,
    status,
    decidedBy: r.confirmed_by ?? r.rejected_by,
    decidedAt: iso(r.confirmed_at ?? r.rejected_at),
    decisionReason: r.decision_reason,
  };
}

function parse<S extends z.ZodTypeAny>(schema: S, x: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(x);
  if (!r.success)
    throw new InvalidInputError(
      `invalid ${what}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return r.data;
}

async function loadRisk(db: SqlClient, id: string, lock: boolean): Promise<RiskRow> {
  const r = (
    await db.query<RiskRow>(`SELECT * FROM care_risk_assessment WHERE id = $1${lock ? " FOR UPDATE" : ""}`, [id])
  ).rows[0];
  if (!r) throw new NotFoundError(`risk assessment ${id} not found`, "risk_assessment");
  return r;
}

/**
 * Computes and stores an advisory score for case `caseId` (status `pending`). Needs `case.write` on the case (the
 * case worker's 逐人分析, 37号). Changes no schedule.
 * @throws InvalidInputError, NotFoundError, PermissionDeniedError (403)
 */
export async function assessRiskOfCase(
  ctx: AppContext,
  caller: CareCaller,
  caseId: string,
  input: RiskRequest,
): Promise<CareRiskAssessment> {
  const judged = parse(CareRiskAssessRequest, input, "risk assessment");
  return careTransaction(ctx, async (tx) => {
    const m = await loadMeasure(tx, caseId, true);
    const object = `case:${m.id}`;
    await authorise(
      ctx,
      caller,
      "case.write",
      { jurisdictionPath: m.exec_path ?? "unknown", caseId: m.id, sealed: m.sealed, purpose: object },
      { action: "care.risk.assess", object },
      true,
    );
    const today = localDate(ctx.now());
    const violations = (
      await tx.query<{ type: string; occurred_on: string; days: number | null }>(
        "SELECT type, to_char(occurred_on,'YYYY-MM-DD') AS occurred_on, days FROM care_violation WHERE measure_id = $1",
        [m.id],
      )
    ).rows;
    const { inputs, result } = assessCaseRisk({
      today,
      violations,
      tests: await testOutcomes(tx, m.id),
      reported: [],
      status: m.core_state.status,
      judged,
    });
    const id = uuidv7();
    await tx.query(
      `INSERT INTO care_risk_assessment (id, measure_id, assessed_at, model_version, score, grade, factors, assessed_by, inputs)
       VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8,$9::jsonb)`,
      [
        id,
        m.id,
        ctx.now(),
        result.modelVersion,
        result.score,
        result.grade,
        JSON.stringify(result.contributions),
        caller.actor.username,
        JSON.stringify({ ...inputs, gradeOverridden: result.gradeOverridden }),
      ],
    );
    await auditCare(
      ctx,
      caller,
      {
        action: "care.risk.assess",
        object,
        outcome: "success",
        purpose: object,
        jurisdiction: m.exec_path,
        details: { assessmentId: id, modelVersion: result.modelVersion, score: result.score, grade: result.grade },
      },
      tx,
    );
    return toAssessment(await loadRisk(tx, id, false));
  });
}

/**
 * Confirms or rejects a pending advisory score. Needs `risk.confirm` on the case (domain.md §8: 公安禁毒大队). A
 * confirmation regenerates the case's tasks in the same transaction (the schedule's risk override applies).
 * @throws ConflictError (already decided), NotFoundError, InvalidInputError, PermissionDeniedError (403)
 */
export async function decideRiskAssessment(
  ctx: AppContext,
  caller: CareCaller,
  assessmentId: string,
  input: DecisionInput,
): Promise<CareRiskAssessment> {
  const d = parse(CareRiskDecisionRequest, input, "risk decision");
  return careTransaction(ctx, async (tx) => {
    const r0 = await loadRisk(tx, assessmentId, false);
    const m = await loadMeasure(tx, r0.measure_id, true);
    const r = await loadRisk(tx, assessmentId, true);
    const object = `case:${m.id}`;
    const action = d.decision === "confirm" ? "care.risk.confirm" : "care.risk.reject";
    await authorise(
      ctx,
      caller,
      "risk.confirm",
      { jurisdictionPath: m.exec_path ?? "unknown", caseId: m.id, sealed: m.sealed, purpose: object },
      { action, object },
      true,
    );
    if (r.confirmed_at || r.rejected_at)
      throw new ConflictError(`risk assessment ${r.id} was already ${r.confirmed_at ? "confirmed" : "rejected"}`);
    const column = d.decision === "confirm" ? "confirmed" : "rejected";
    await tx.query(
      `UPDATE care_risk_assessment SET ${column}_by = $2, ${column}_at = $3, decision_reason = $4 WHERE id = $1`,
      [r.id, caller.actor.username, ctx.now(), d.reason],
    );
    if (d.decision === "confirm") await regenerateTasks(ctx, tx, m.id);
    await auditCare(
      ctx,
      caller,
      {
        action,
        object,
        outcome: "success",
        purpose: object,
        jurisdiction: m.exec_path,
        details: { assessmentId: r.id, grade: r.grade, score: Number(r.score), reason: d.reason },
      },
      tx,
    );
    return toAssessment(await loadRisk(tx, r.id, false));
  });
}
