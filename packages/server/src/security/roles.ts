/**
 * Roles as DATA (docs/domain.md §8; SEC-05, SEC-07, SEC-08): each role's capabilities, its scope kind, and the
 * fields of each record kind it may see (data minimisation). The policy engine (`policy.ts`) reads only these
 * tables; changing who may do what is a change here, reviewed like code.
 */
import { ROLES, type Role } from "@tracewater/contract";

/** Every action a service may ask the policy about. */
export const ACTIONS = [
  // administration (三权分立)
  "system.configure", // system settings, imports of reference data, backups
  "staff.manage", // create / disable accounts, reset passwords (not roles)
  "role.assign", // assign roles and jurisdiction scopes to staff
  "grant.manage", // cross-jurisdiction grants with expiry
  "security.policy", // password/lockout/session policy
  "keys.rotate", // field-encryption key rotation
  "audit.read",
  "audit.verify",
  "audit.export",
  // monitoring (wastewater; no person data)
  "monitoring.read",
  "monitoring.import",
  // person-derived aggregates (k-suppressed for roles without person access)
  "aggregate.read",
  "report.publish",
  "notice.issue", // 通报 / 督办 / 约谈
  // person-level
  "person.read",
  "person.write",
  "case.read",
  "case.write",
  "task.read",
  "task.assign",
  "test_result.read",
  "test_result.write",
  "sample.read", // by sample code only (labs)
  "lead.read",
  "lead.write",
  "alert.write", // acknowledge / dismiss / suppress wastewater alerts, run detection (reading alerts = monitoring.read)
  "export.bulk", // person-level export: purpose code + approval
  "risk.confirm", // confirm or reject an advisory risk grade (domain.md §8: 公安禁毒大队 "risk confirmation")
  "person.seal", // seal / unseal a 治安违法 record (治安管理处罚法 §136; SEC-09) — the police hold the record
] as const;
export type Action = (typeof ACTIONS)[number];

/** The roles of domain.md §8 used by Tracewater (defined in the contract, shared with the web UI). */
export { ROLES, type Role };

/** The three administrator roles: exclusive (no account holds two, nor one plus any other role). SEC-07. */
export const ADMIN_ROLES: ReadonlySet<Role> = new Set(["system_admin", "security_admin", "audit_admin"]);

/**
 * How a role's reach is limited:
 * - `system`: system-wide objects only (settings, accounts, audit log) — no jurisdiction data.
 * - `jurisdiction`: the subtree of the staff member's jurisdiction (code path).
 * - `assigned`: the subtree AND only cases / tasks assigned to the staff member (field roles).
 */
export type ScopeKind = "system" | "jurisdiction" | "assigned";

export interface RoleDefinition {
  nameZh: string;
  nameEn: string;
  scope: ScopeKind;
  capabilities: readonly Action[];
}

/** The capability matrix (domain.md §8). */
export const ROLE_MATRIX: Readonly<Record<Role, RoleDefinition>> = {
  system_admin: {
    nameZh: "系统管理员",
    nameEn: "System administrator",
    scope: "system",
    capabilities: ["system.configure", "staff.manage"],
  },
  security_admin: {
    nameZh: "安全管理员",
    nameEn: "Security administrator",
    scope: "system",
    capabilities: ["role.assign", "grant.manage", "security.policy", "keys.rotate"],
  },
  audit_admin: {
    nameZh: "审计管理员",
    nameEn: "Audit administrator",
    scope: "system",
    capabilities: ["audit.read", "audit.verify", "audit.export"],
  },
  city_analyst: {
    nameZh: "市禁毒办分析员",
    nameEn: "City analyst",
    scope: "jurisdiction",
    capabilities: [
      "monitoring.read",
      "monitoring.import",
      "aggregate.read",
      "report.publish",
      "notice.issue",
      "person.read",
      "case.read",
      "lead.read",
      "lead.write",
      "alert.write",
      "export.bulk",
    ],
  },
  county_analyst: {
    nameZh: "县(区)禁毒办",
    nameEn: "County analyst",
    scope: "jurisdiction",
    capabilities: [
      "monitoring.read",
      "monitoring.import",
      "aggregate.read",
      "person.read",
      "case.read",
      "task.read",
      "task.assign",
      "lead.read",
      "lead.write",
      "alert.write",
      "export.bulk",
    ],
  },
  lab_technician: {
    nameZh: "检测实验室",
    nameEn: "Lab technician",
    scope: "jurisdiction",
    capabilities: ["monitoring.import", "sample.read", "test_result.write"],
  },
  investigator: {
    nameZh: "公安禁毒侦查员",
    nameEn: "Investigator",
    scope: "jurisdiction",
    capabilities: [
      "monitoring.read",
      "aggregate.read",
      "lead.read",
      "lead.write",
      "person.read",
      "case.read",
      "test_result.read",
      "risk.confirm",
      "person.seal",
    ],
  },
  drug_control_officer: {
    nameZh: "禁毒专干/禁毒社工",
    nameEn: "Drug-control officer / social worker",
    scope: "assigned",
    capabilities: ["person.read", "person.write", "case.read", "case.write", "task.read", "test_result.read"],
  },
  grid_worker: {
    nameZh: "网格员",
    nameEn: "Grid worker",
    scope: "assigned",
    capabilities: ["task.read"],
  },
  leader: {
    nameZh: "领导/督导",
    nameEn: "Leader / inspector",
    scope: "jurisdiction",
    capabilities: ["monitoring.read", "aggregate.read"],
  },
};

/** Actions that need a purpose code (SEC-06: person-level look-ups and bulk exports). */
export const PURPOSE_REQUIRED: ReadonlySet<Action> = new Set(["person.read", "export.bulk"]);

/** Actions on person-level data: never allowed to a role without person access, whatever the grants. */
export const PERSON_ACTIONS: ReadonlySet<Action> = new Set([
  "person.read",
  "person.write",
  "case.read",
  "case.write",
  "test_result.read",
  "export.bulk",
  "risk.confirm",
  "person.seal",
]);

/** Record kinds with a data-minimisation view. */
export type RecordKind = "person" | "case" | "task" | "test_result" | "sample";

/** All fields of each record kind (the full view). */
export const RECORD_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  person: [
    "id",
    "name",
    "idNumber",
    "phone",
    "address",
    "location",
    "birthDate",
    "drugTypes",
    "legalStatus",
    "riskScore",
    "notes",
    "jurisdictionPath",
    "sealed",
    "sex",
    "minor",
    "synthetic",
  ],
  case: ["id", "personId", "measure", "status", "startDate", "endDate", "officerId", "notes", "jurisdictionPath"],
  task: ["id", "kind", "dueAt", "place", "assignedTo", "personId", "caseId", "notes", "jurisdictionPath"],
  test_result: ["id", "sampleCode", "personId", "method", "substance", "result", "valueNgPerMg", "testedAt", "lab"],
  sample: ["code", "siteCode", "collectedAt", "analyte", "valueNgPerL", "lab"],
};

/**
 * Fields each role may see per record kind (SEC-08). A role absent for a kind sees nothing of it. A grid
 * worker sees a task's kind, time and place only; a lab sees sample codes and results, never a person id.
 */
export const FIELD_VIEWS: Readonly<Partial<Record<Role, Partial<Record<RecordKind, readonly string[]>>>>> = {
  city_analyst: {
    person: RECORD_FIELDS.person,
    case: RECORD_FIELDS.case,
    task: RECORD_FIELDS.task,
    test_result: RECORD_FIELDS.test_result,
    sample: RECORD_FIELDS.sample,
  },
  county_analyst: {
    person: RECORD_FIELDS.person,
    case: RECORD_FIELDS.case,
    task: RECORD_FIELDS.task,
    test_result: RECORD_FIELDS.test_result,
    sample: RECORD_FIELDS.sample,
  },
  investigator: {
    person: RECORD_FIELDS.person,
    case: RECORD_FIELDS.case,
    test_result: RECORD_FIELDS.test_result,
    sample: RECORD_FIELDS.sample,
  },
  drug_control_officer: {
    person: RECORD_FIELDS.person.filter((f) => f !== "riskScore"),
    case: RECORD_FIELDS.case,
    task: RECORD_FIELDS.task,
    test_result: RECORD_FIELDS.test_result,
  },
  grid_worker: { task: ["id", "kind", "dueAt", "place"] },
  lab_technician: {
    sample: RECORD_FIELDS.sample,
    test_result: ["id", "sampleCode", "method", "substance", "result", "valueNgPerMg", "testedAt", "lab"],
  },
};
