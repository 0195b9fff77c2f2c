/**
 * Person register (domain.md §7.2 `Person`): identifiers and free text field-encrypted, the ID number also as
 * an HMAC blind index for exact look-up; every read and write authorised by `decide()` and audited.
 *
 * Reach of a person: a jurisdiction role reaches a person whose residence — or the execution township of one of
 * their measures — is in its scope (or a live grant); an `assigned` role (禁毒专干/社工) reaches a person only
 * through an assigned case. Registering a new person is checked as the registering worker's own record
 * (`assignedTo` = the worker), so the jurisdiction rule still applies.
 */
import type { CarePerson, CarePersonCategory, CarePersonCreate } from "@tracewater/contract";
import { CarePersonCreate as CarePersonCreateSchema } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import { decide, minimise, type Resource } from "../../security/policy.js";
import type { SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.js";
import { PermissionDeniedError } from "../security/staff.js";
import { auditCare, authorise, type CareCaller, careTransaction } from "./access.js";
import { idNumberIndex, seal, unseal } from "./cipher.js";
import { isMinor } from "./rules.js";

export interface PersonRow {
  id: string;
  id_number_enc: string;
  name_enc: string;
  phone_enc: string | null;
  address_enc: string | null;
  location_enc: string | null;
  notes_enc: string | null;
  sex: string;
  birth_date: string;
  minor: boolean;
  hukou_jurisdiction_code: string;
  residence_jurisdiction_code: string;
  residence_path: string | null;
  category: CarePersonCategory;
  drug_types: string[];
  sealed: boolean;
  synthetic: boolean;
}

interface MeasureRef {
  id: string;
  type: "community_treatment" | "community_rehabilitation";
  state: string;
  exec_path: string | null;
}

const PERSON_SELECT = `SELECT p.*, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, j.path AS residence_path
  FROM care_person p LEFT JOIN jurisdiction j ON j.code = p.residence_jurisdiction_code`;

async function measuresOf(db: SqlClient, personId: string): Promise<MeasureRef[]> {
  const res = await db.query<MeasureRef>(
    `SELECT m.id, m.type, m.state, j.path AS exec_path FROM care_measure m
       LEFT JOIN jurisdiction j ON j.code = m.exec_jurisdiction_code WHERE m.person_id = $1 ORDER BY m.served_on`,
    [personId],
  );
  return res.rows;
}

/** The path of a jurisdiction code. @throws InvalidInputError naming `field` when unknown */
export async function requirePath(db: SqlClient, code: string, field: string): Promise<string> {
  const res = await db.query<{ path: string }>("SELECT path FROM jurisdiction WHERE code = $1", [code]);
  const p = res.rows[0]?.path;
  if (!p) throw new InvalidInputError(`${field}: unknown jurisdiction code "${code}"`);
  return p;
}

/**
 * The resources under which a person may be reached: the residence, and each measure (with its case id).
 * `decide()` must allow at least one.
 */
function personResources(row: PersonRow, measures: MeasureRef[], purpose: string | null): Resource[] {
  const base = { sealed: row.sealed, purpose };
  return [
    { ...base, jurisdictionPath: row.residence_path ?? `unknown:${row.residence_jurisdiction_code}` },
    ...measures.map((m) => ({ ...base, jurisdictionPath: m.exec_path ?? "unknown", caseId: m.id })),
  ];
}

/** Decrypts a person row into the full record (before minimisation). */
export function fullPersonRecord(ctx: AppContext, row: PersonRow, measures: MeasureRef[]): Required<CarePerson> {
  return {
    id: row.id,
    name: unseal(ctx, "care_person", "name_enc", row.name_enc) ?? "",
    idNumber: unseal(ctx, "care_person", "id_number_enc", row.id_number_enc) ?? "",
    phone: unseal(ctx, "care_person", "phone_enc", row.phone_enc),
    address: unseal(ctx, "care_person", "address_enc", row.address_enc),
    location: unseal(ctx, "care_person", "location_enc", row.location_enc),
    notes: unseal(ctx, "care_person", "notes_enc", row.notes_enc),
    birthDate: row.birth_date,
    sex: row.sex,
    minor: row.minor,
    drugTypes: row.drug_types,
    legalStatus: {
      category: row.category,
      measures: measures.map((m) => ({ caseId: m.id, type: m.type, state: m.state })),
    },
    jurisdictionPath: row.residence_path ?? "",
    sealed: row.sealed,
    synthetic: row.synthetic,
  };
}

/**
 * Checks `action` on a person for the caller (allowed when any reach of the person allows); audits a denial.
 * @throws PermissionDeniedError
 */
async function authorisePerson(
  ctx: AppContext,
  caller: CareCaller,
  row: PersonRow,
  measures: MeasureRef[],
  action: "person.read" | "person.write",
  purpose: string | null,
  auditAction: string,
): Promise<void> {
  const resources = personResources(row, measures, purpose);
  let last: string | undefined;
  for (const r of resources) {
    const d = decide(caller.actor, action, r, ctx.now());
    if (d.allow) return;
    last = d.message;
  }
  await auditCare(ctx, caller, {
    action: auditAction,
    object: `person:${row.id}`,
    outcome: "denied",
    purpose,
    details: { policyAction: action },
  });
  throw new PermissionDeniedError(action, last ?? "no reach");
}

async function loadPersonRow(db: SqlClient, id: string): Promise<PersonRow | undefined> {
  const res = await db.query<PersonRow>(`${PERSON_SELECT} WHERE p.id = $1`, [id]);
  return res.rows[0];
}

/**
 * Registers a person (one transaction, audited `care.person.create`). The ID number must be new (blind index).
 * @throws InvalidInputError (bad field, unknown jurisdiction), ConflictError (ID number already registered),
 *   PermissionDeniedError
 */
export async function createPerson(
  ctx: AppContext,
  caller: CareCaller,
  input: CarePersonCreate,
  opts: { synthetic?: boolean; tx?: SqlClient; system?: boolean } = {},
): Promise<CarePerson> {
  const parsed = CarePersonCreateSchema.safeParse(input);
  if (!parsed.success)
    throw new InvalidInputError(
      `invalid person: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const p = parsed.data;
  const run = async (tx: SqlClient) => {
    const residencePath = await requirePath(tx, p.residenceJurisdictionCode, "residenceJurisdictionCode");
    await requirePath(tx, p.hukouJurisdictionCode, "hukouJurisdictionCode");
    if (!opts.system)
      await authorise(
        ctx,
        caller,
        "person.write",
        { jurisdictionPath: residencePath, assignedTo: caller.actor.id, purpose: p.purpose },
        { action: "care.person.create", object: "person:new" },
        true,
      );
    const bidx = idNumberIndex(ctx, p.idNumber);
    const dup = await tx.query("SELECT 1 FROM care_person WHERE id_number_bidx = $1", [bidx]);
    if (dup.rows.length > 0) throw new ConflictError("a person with this ID number is already registered");
    const id = uuidv7();
    await tx.query(
      `INSERT INTO care_person (id, id_number_enc, id_number_bidx, name_enc, phone_enc, address_enc, location_enc, notes_enc,
         sex, birth_date, minor, pregnant_or_nursing, hukou_jurisdiction_code, residence_jurisdiction_code, category,
         drug_types, sealed, source, registered_on, synthetic, created_at, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16::jsonb,$17,$18,$19,$20,$21,$22)`,
      [
        id,
        seal(ctx, "care_person", "id_number_enc", p.idNumber),
        bidx,
        seal(ctx, "care_person", "name_enc", p.name),
        seal(ctx, "care_person", "phone_enc", p.phone),
        seal(ctx, "care_person", "address_enc", p.address),
        seal(ctx, "care_person", "location_enc", p.location),
        seal(ctx, "care_person", "notes_enc", p.notes),
        p.sex,
        p.birthDate,
        isMinor(p.birthDate, p.registeredOn),
        p.pregnantOrNursing,
        p.hukouJurisdictionCode,
        p.residenceJurisdictionCode,
        p.category,
        JSON.stringify(p.drugTypes),
        p.sealed,
        p.source,
        p.registeredOn,
        opts.synthetic ?? false,
        ctx.now(),
        caller.actor.username,
      ],
    );
    await auditCare(
      ctx,
      caller,
      {
        action: "care.person.create",
        object: `person:${id}`,
        outcome: "success",
        purpose: p.purpose,
        jurisdiction: residencePath,
        details: { category: p.category, synthetic: opts.synthetic ?? false },
      },
      tx,
    );
    const row = await loadPersonRow(tx, id);
    if (!row) throw new Error("inserted person not found");
    return { ...minimise(caller.actor.roles, "person", fullPersonRecord(ctx, row, [])), id } as CarePerson;
  };
  return opts.tx ? run(opts.tx) : careTransaction(ctx, run);
}

/**
 * Reads a person (audited `care.person.read` with the purpose code), minimised for the caller's roles.
 * @throws NotFoundError, PermissionDeniedError, InvalidInputError (no purpose)
 */
export async function getPerson(ctx: AppContext, caller: CareCaller, id: string, purpose: string): Promise<CarePerson> {
  if (!purpose?.trim()) throw new InvalidInputError("a purpose code is required to read a person (SEC-06)");
  const row = await loadPersonRow(ctx.database.raw, id);
  if (!row) throw new NotFoundError(`person ${id} not found`, "person");
  const measures = await measuresOf(ctx.database.raw, id);
  await authorisePerson(ctx, caller, row, measures, "person.read", purpose, "care.person.read");
  await auditCare(ctx, caller, {
    action: "care.person.read",
    object: `person:${id}`,
    outcome: "success",
    purpose,
    jurisdiction: row.residence_path,
  });
  return minimise(caller.actor.roles, "person", fullPersonRecord(ctx, row, measures)) as CarePerson;
}

/**
 * Finds a person by ID number through the blind index (no decryption of other rows). Audited
 * `care.person.lookup` whatever the outcome; a person outside the caller's reach is reported as not found (so
 * the look-up does not reveal who is registered) but audited as denied.
 * @throws NotFoundError, InvalidInputError (no purpose)
 */
export async function lookupPersonByIdNumber(
  ctx: AppContext,
  caller: CareCaller,
  idNumber: string,
  purpose: string,
): Promise<CarePerson> {
  if (!purpose?.trim()) throw new InvalidInputError("a purpose code is required to look up a person (SEC-06)");
  const bidx = idNumberIndex(ctx, idNumber);
  const res = await ctx.database.raw.query<PersonRow>(`${PERSON_SELECT} WHERE p.id_number_bidx = $1`, [bidx]);
  const row = res.rows[0];
  if (!row) {
    await auditCare(ctx, caller, {
      action: "care.person.lookup",
      object: "person:?",
      outcome: "failure",
      purpose,
      details: { found: false },
    });
    throw new NotFoundError("no person with this ID number in your scope", "person");
  }
  const measures = await measuresOf(ctx.database.raw, row.id);
  try {
    await authorisePerson(ctx, caller, row, measures, "person.read", purpose, "care.person.lookup");
  } catch (e) {
    if (e instanceof PermissionDeniedError)
      throw new NotFoundError("no person with this ID number in your scope", "person");
    throw e;
  }
  await auditCare(ctx, caller, {
    action: "care.person.lookup",
    object: `person:${row.id}`,
    outcome: "success",
    purpose,
    jurisdiction: row.residence_path,
  });
  return minimise(caller.actor.roles, "person", fullPersonRecord(ctx, row, measures)) as CarePerson;
}

export { loadPersonRow, measuresOf, personResources };
