/**
 * Sealing of a person's record (治安违法记录封存; 治安管理处罚法 §136 as revised 2025-06-27, in force 2026-01-01;
 * SEC-09 of domain.md). The police hold the 治安违法 record, so sealing and unsealing need `person.seal`
 * (`security/roles.ts`: the investigator role, 公安禁毒大队 of domain.md §8). Sealing is not deletion: the row stays,
 * `care_person.sealed` is set, and `decide()` then hides the person and their cases from every non-case query,
 * list and aggregate — only an investigator handling a case (purpose `case:<id>`) reaches it, audited. Unsealing
 * therefore needs such a purpose too. One transaction with the audit event, which records the reason.
 */
import { CareSealRequest, type CareSealResult } from "@tracewater/contract";
import type { z } from "zod";
import { decide } from "../../security/policy.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import type { AppContext } from "../context.js";
import { auditCare, authorise, type CareCaller, careTransaction } from "./access.js";
import { loadPersonRow, measuresOf, personResources } from "./persons.js";

/**
 * Seals (`sealed: true`) or unseals a person's record, with the reason and purpose in the audit event
 * (`care.person.seal` / `care.person.unseal`).
 * @throws InvalidInputError, NotFoundError, ConflictError (already in that state), PermissionDeniedError (403)
 */
export async function setPersonSealed(
  ctx: AppContext,
  caller: CareCaller,
  personId: string,
  input: z.input<typeof CareSealRequest>,
): Promise<CareSealResult> {
  const parsed = CareSealRequest.safeParse(input);
  if (!parsed.success)
    throw new InvalidInputError(
      `invalid seal request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const req = parsed.data;
  const action = req.sealed ? "care.person.seal" : "care.person.unseal";
  return careTransaction(ctx, async (tx) => {
    await tx.query("SELECT id FROM care_person WHERE id = $1 FOR UPDATE", [personId]);
    const row = await loadPersonRow(tx, personId);
    if (!row) throw new NotFoundError(`person ${personId} not found`, "person");
    const resources = personResources(row, await measuresOf(tx, row.id), req.purpose);
    const allowed = resources.find((r) => decide(caller.actor, "person.seal", r, ctx.now()).allow);
    // no reach allows: the last one produces the (deferred, audited) denial
    await authorise(
      ctx,
      caller,
      "person.seal",
      allowed ?? (resources.at(-1) as (typeof resources)[number]),
      { action, object: `person:${row.id}` },
      true,
    );
    if (row.sealed === req.sealed)
      throw new ConflictError(`person ${row.id} is already ${row.sealed ? "sealed" : "not sealed"}`);
    await tx.query("UPDATE care_person SET sealed = $2 WHERE id = $1", [row.id, req.sealed]);
    await auditCare(
      ctx,
      caller,
      {
        action,
        object: `person:${row.id}`,
        outcome: "success",
        purpose: req.purpose,
        jurisdiction: allowed?.jurisdictionPath ?? null,
        details: { reason: req.reason, sealed: req.sealed, basis: "治安管理处罚法 §136" },
      },
      tx,
    );
    return { personId: row.id, sealed: req.sealed };
  });
}
