/**
 * Access to care data: every read and write of a person or case asks the policy (`security/policy.ts`
 * `decide()`), and every outcome — allowed or denied — is written to the audit chain (`appendAuditEvent`,
 * SEC-02/SEC-03). Field roles (`assigned` scope) reach only cases in `case_assignment`; another township needs a
 * live grant; sealed records (治安管理处罚法 §136) only an investigator handling a case (purpose `case:<id>`).
 */
import { type Actor, decide, type Resource } from "../../security/policy.js";
import type { Action } from "../../security/roles.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { appendAuditEvent } from "../security/audit-log.js";
import { loadActor, PermissionDeniedError } from "../security/staff.js";

/** Who calls a care service: the policy actor plus the client address for the audit record. */
export interface CareCaller {
  actor: Actor & { username: string };
  clientAddress?: string | null;
}

/** The caller of a staff account by user name. @throws NotFoundError */
export async function careCallerOf(
  ctx: AppContext,
  username: string,
  clientAddress: string | null = null,
): Promise<CareCaller> {
  const res = await ctx.database.raw.query<{ id: string }>("SELECT id FROM app_user WHERE username = $1", [username]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError(`staff "${username}" not found`, "staff");
  return { actor: await loadActor(ctx, id), clientAddress };
}

/** One audit record of a care access (`care.<what>`), in `tx` when given. */
export async function auditCare(
  ctx: AppContext,
  caller: CareCaller,
  input: {
    action: string;
    object: string;
    outcome: "success" | "denied" | "failure";
    purpose?: string | null;
    jurisdiction?: string | null;
    details?: Record<string, unknown>;
  },
  tx?: SqlClient,
): Promise<void> {
  await appendAuditEvent(
    ctx,
    {
      actor: caller.actor.username,
      roles: caller.actor.roles,
      jurisdiction: input.jurisdiction ?? caller.actor.jurisdictionPath,
      purpose: input.purpose ?? null,
      action: input.action,
      object: input.object,
      outcome: input.outcome,
      clientAddress: caller.clientAddress ?? null,
      details: input.details ?? {},
    },
    tx,
  );
}

/**
 * A policy denial whose audit event could not be written inside the (about to be rolled back) transaction; the
 * outermost {@link careTransaction} writes it after the rollback. Named `PermissionDeniedError` (HTTP 403).
 */
export class DeferredDenial extends PermissionDeniedError {
  constructor(
    action: string,
    message: string,
    readonly audit: { caller: CareCaller; input: Parameters<typeof auditCare>[2] },
  ) {
    super(action, message);
  }
}

/**
 * Runs `fn` in one transaction; a {@link DeferredDenial} thrown inside is audited after the rollback (so the
 * denial is recorded even though the change is not).
 */
export async function careTransaction<T>(ctx: AppContext, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  try {
    return await ctx.database.transaction(fn);
  } catch (e) {
    if (e instanceof DeferredDenial) await auditCare(ctx, e.audit.caller, e.audit.input);
    throw e;
  }
}

/**
 * Asks `decide()`; on deny writes a `denied` audit event (after the rollback when `inTx` — see
 * {@link careTransaction}) and throws. Returns the allowing role.
 * @throws PermissionDeniedError (HTTP 403)
 */
export async function authorise(
  ctx: AppContext,
  caller: CareCaller,
  action: Action,
  resource: Resource,
  audit: { action: string; object: string },
  inTx = false,
): Promise<string> {
  const d = decide(caller.actor, action, resource, ctx.now());
  if (d.allow) return d.role;
  const input = {
    action: audit.action,
    object: audit.object,
    outcome: "denied" as const,
    purpose: resource.purpose ?? null,
    jurisdiction: resource.jurisdictionPath ?? null,
    details: { reason: d.reason, policyAction: action },
  };
  if (inTx) throw new DeferredDenial(action, d.message, { caller, input });
  await auditCare(ctx, caller, input);
  throw new PermissionDeniedError(action, d.message, d.reason);
}

/** True when `decide()` allows (no audit; for filtering lists the caller then audits as one event). */
export function allows(ctx: AppContext, caller: CareCaller, action: Action, resource: Resource): boolean {
  return decide(caller.actor, action, resource, ctx.now()).allow;
}
