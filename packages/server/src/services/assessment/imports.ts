/**
 * One entry point for the assessment imports (CLI `tracewater import --format …`/`tracewater indicators import`,
 * API `POST /api/v1/assessment/imports?kind=`): indicator values, anonymous hair surveys, person-linked hair
 * results (the latter needs a staff viewer: decide + audit per sample).
 */
import type { AssessmentImportReport } from "@tracewater/contract";
import { importHairResults } from "../../imports/assessment/hair-results.js";
import { importHairSurveys } from "../../imports/assessment/hair-survey.js";
import { importIndicatorValues } from "../../imports/assessment/indicator-values.js";
import type { FileInput } from "../../imports/parse/types.js";
import { type Actor, decide } from "../../security/policy.js";
import { scopeFor } from "../../security/scope.js";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import { jurisdictionCodesIn } from "../security/access.js";
import { appendAuditEvent } from "../security/audit-log.js";
import { PermissionDeniedError } from "../security/staff.js";
import { LOCAL_OPERATOR, type Viewer } from "./viewer.js";

export type AssessmentImportKind = AssessmentImportReport["kind"];

/** Jurisdiction codes inside `actor`'s `monitoring.import` scope (subtrees of its path and live grants). */
async function importJurisdictionCodes(ctx: AppContext, actor: Actor): Promise<Set<string>> {
  const scope = scopeFor(actor, "monitoring.import", ctx.now());
  return new Set(scope ? await jurisdictionCodesIn(ctx, scope.paths) : []);
}

/**
 * Imports one file of `kind`. Rows for jurisdictions outside a staff importer's scope are errors. Aggregate files (indicator values, anonymous surveys) need `monitoring.import` for
 * a staff viewer; hair results need a staff viewer with `test_result.write` (checked per sample).
 * @throws PermissionDeniedError, InvalidInputError (hair results from the local operator)
 */
export async function importAssessmentFile(
  ctx: AppContext,
  kind: AssessmentImportKind,
  input: FileInput,
  viewer: Viewer,
  opts: { sheet?: string; source?: string } = {},
): Promise<AssessmentImportReport> {
  if (kind === "hair-results") {
    if (viewer === LOCAL_OPERATOR)
      throw new InvalidInputError(
        "person-linked hair results are imported by a named staff account (--as <username>), for the audit log",
      );
    return importHairResults(ctx, input, viewer, opts);
  }
  if (viewer !== LOCAL_OPERATOR) {
    const d = decide(viewer.actor, "monitoring.import", {}, ctx.now());
    if (!d.allow) {
      await appendAuditEvent(ctx, {
        actor: viewer.actor.username,
        roles: viewer.actor.roles,
        action: "monitoring.import",
        object: `assessment:${kind}`,
        outcome: "denied",
        clientAddress: viewer.clientAddress ?? null,
        details: { reason: d.reason },
      });
      throw new PermissionDeniedError("monitoring.import", d.message);
    }
  }
  const actor = viewer === LOCAL_OPERATOR ? "cli" : viewer.actor.username;
  // rows for jurisdictions outside the importer's monitoring.import scope are errors (issue #3, SEC-05)
  const scoped =
    viewer === LOCAL_OPERATOR ? {} : { jurisdictionCodes: await importJurisdictionCodes(ctx, viewer.actor) };
  return kind === "indicator-values"
    ? importIndicatorValues(ctx, input, { actor, ...opts, ...scoped })
    : importHairSurveys(ctx, input, { actor, ...opts, ...scoped });
}
