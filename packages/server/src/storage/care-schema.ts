/**
 * Tables of closed-loop care (issue #6; docs/domain.md §1, §7.2, §7.4): the person register, measures (cases,
 * 一人一档) with their transition history, and everything in a case file. The rules (state machine, clocks,
 * deadlines, templates, schedules, severe breach, stages, risk) live in `@tracewater/core` (`care/`); these
 * tables only store their inputs and results.
 *
 * Identifiers and free text about a person are field-encrypted (AES-256-GCM envelope `v1:<keyId>:…`, AAD
 * `<table>.<column>`; `security/field-crypto.ts`) and listed in `services/security/key-rotation.ts`
 * `ENCRYPTED_COLUMNS` so `tracewater keys rotate` re-encrypts them. The ID number is found by its HMAC blind
 * index (`id_number_bidx`). Columns ending in `_enc` hold ciphertext only.
 */
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Community service centre (社戒社康工作站; the city has 45). */
export const careCentre = pgTable(
  "care_centre",
  {
    id: text("id").primaryKey(),
    nameZh: text("name_zh").notNull(),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    /** configured people per full-time worker (1:20 … 1:30; domain.md §1.5) */
    workerRatio: integer("worker_ratio").notNull().default(25),
    synthetic: boolean("synthetic").notNull().default(false),
  },
  (t) => [index("care_centre_jur_idx").on(t.jurisdictionCode)],
);

/** Person register (domain.md §7.2 `Person`). */
export const carePerson = pgTable(
  "care_person",
  {
    id: text("id").primaryKey(),
    idNumberEnc: text("id_number_enc").notNull(),
    /** HMAC-SHA-256 blind index of the normalised ID number (exact look-up) */
    idNumberBidx: text("id_number_bidx").notNull(),
    nameEnc: text("name_enc").notNull(),
    phoneEnc: text("phone_enc"),
    addressEnc: text("address_enc"),
    /** precise location ("lat,lon"), encrypted */
    locationEnc: text("location_enc"),
    notesEnc: text("notes_enc"),
    /** 'male' | 'female' */
    sex: text("sex").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    /** under 18 at registration; stricter rules (禁毒法 §39) */
    minor: boolean("minor").notNull().default(false),
    pregnantOrNursing: boolean("pregnant_or_nursing").notNull().default(false),
    /** 户籍地 jurisdiction code */
    hukouJurisdictionCode: text("hukou_jurisdiction_code").notNull(),
    /** 居住地 jurisdiction code (access scope of the register entry) */
    residenceJurisdictionCode: text("residence_jurisdiction_code").notNull(),
    /** registered_user | community_treatment | community_rehabilitation | compulsory_isolation | methadone_maintenance | abstinent_three_years */
    category: text("category").notNull(),
    /** drug types used (e.g. ["methamphetamine"]); never shown to grid workers */
    drugTypes: jsonb("drug_types").notNull().default([]),
    /** sealed record (治安管理处罚法 §136): hidden from every non-case query and export */
    sealed: boolean("sealed").notNull().default(false),
    /** source: seized (查获) | voluntary (自愿) | transferred (转入) */
    source: text("source").notNull(),
    registeredOn: date("registered_on", { mode: "string" }).notNull(),
    /** generated demo person (never a real identity) */
    synthetic: boolean("synthetic").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    uniqueIndex("care_person_bidx_uq").on(t.idNumberBidx),
    index("care_person_residence_idx").on(t.residenceJurisdictionCode),
  ],
);

/** A measure = one case (一人一档) of a person: 社区戒毒 / 社区康复 / … with its legal state (domain.md §7.4). */
export const careMeasure = pgTable(
  "care_measure",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => carePerson.id),
    /** community_treatment | community_rehabilitation */
    type: text("type").notNull(),
    decisionNo: text("decision_no").notNull(),
    decidedBy: text("decided_by").notNull(),
    /** date the decision was served (责令…决定书 送达) */
    servedOn: date("served_on", { mode: "string" }).notNull(),
    /** date the person reported to the township (term starts) */
    reportedOn: date("reported_on", { mode: "string" }),
    /** ordered term in months (36 for 社区戒毒; ≤36 for 社区康复) */
    termMonths: integer("term_months").notNull(),
    /** execution township (access scope of the case) */
    execJurisdictionCode: text("exec_jurisdiction_code").notNull(),
    centreId: text("centre_id").references(() => careCentre.id),
    /** current legal state (core care state machine) */
    state: text("state").notNull(),
    stateSince: timestamp("state_since", { withTimezone: true }).notNull(),
    /** the full legal state of core care `MeasureState` (suspensions, transfers, police reports, agreement version) */
    coreState: jsonb("core_state").notNull(),
    endReason: text("end_reason"),
    /** test-schedule policy code (core default unless overridden) */
    testPolicyCode: text("test_policy_code"),
    /** seed of the unannounced test dates (core `generateTestSchedule`), fixed when the case is opened */
    scheduleSeed: integer("schedule_seed").notNull().default(0),
    synthetic: boolean("synthetic").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("care_measure_person_idx").on(t.personId), index("care_measure_jur_idx").on(t.execJurisdictionCode)],
);

/** Every transition of a measure: who, when, why (append-only by use). */
export const careTransition = pgTable(
  "care_transition",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    event: text("event").notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    /** when the event happened (legal date) */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
    actor: text("actor").notNull(),
    reason: text("reason").notNull(),
    /** event-specific facts of core `TransitionRecord.details` */
    details: jsonb("details").notNull().default({}),
  },
  (t) => [index("care_transition_measure_idx").on(t.measureId, t.occurredAt)],
);

/** Agreement (社区戒毒/康复协议), versioned per measure. */
export const careAgreement = pgTable(
  "care_agreement",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    version: integer("version").notNull(),
    signedOn: date("signed_on", { mode: "string" }).notNull(),
    /** {measures[], rules[], liabilities[], signatories[]} — encrypted JSON */
    contentEnc: text("content_enc").notNull(),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("care_agreement_version_uq").on(t.measureId, t.version)],
);

/** Working-group member (戒毒条例 §17): officer, social worker, community police, medical, family, volunteer, grid worker. */
export const careWorkGroupMember = pgTable(
  "care_work_group_member",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** officer | social_worker | community_police | medical | family | volunteer | grid_worker */
    role: text("role").notNull(),
    /** staff account (app_user.id) when the member has one */
    userId: text("user_id"),
    /** display name of a member without an account (family, volunteer), encrypted */
    nameEnc: text("name_enc"),
    since: date("since", { mode: "string" }).notNull(),
    until: date("until", { mode: "string" }),
  },
  (t) => [index("care_wgm_measure_idx").on(t.measureId), index("care_wgm_user_idx").on(t.userId)],
);

/** Case-file entries that are mostly text: documents, interviews, visits, periodic reports (summary encrypted). */
export const careCaseEntry = pgTable(
  "care_case_entry",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** document | interview | visit | periodic_report */
    kind: text("kind").notNull(),
    /** face | video | phone (interviews/visits) */
    mode: text("mode"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    title: text("title").notNull(),
    summaryEnc: text("summary_enc"),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("care_entry_measure_idx").on(t.measureId, t.occurredAt)],
);

/** Leave report (外出报告; 戒毒条例 §19(3): written report before leaving the county for ≥ 3 days). */
export const careLeaveReport = pgTable(
  "care_leave_report",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    leaveFrom: date("leave_from", { mode: "string" }).notNull(),
    leaveTo: date("leave_to", { mode: "string" }).notNull(),
    destinationEnc: text("destination_enc").notNull(),
    submittedOn: date("submitted_on", { mode: "string" }).notNull(),
    approvedBy: text("approved_by"),
    returnedOn: date("returned_on", { mode: "string" }),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("care_leave_measure_idx").on(t.measureId)],
);

/** Change of residence / execution place (戒毒条例 §22). */
export const careResidenceChange = pgTable("care_residence_change", {
  id: text("id").primaryKey(),
  measureId: text("measure_id")
    .notNull()
    .references(() => careMeasure.id),
  fromJurisdictionCode: text("from_jurisdiction_code").notNull(),
  toJurisdictionCode: text("to_jurisdiction_code").notNull(),
  fileSentOn: date("file_sent_on", { mode: "string" }),
  reportedOn: date("reported_on", { mode: "string" }),
  recordedBy: text("recorded_by").notNull(),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
});

/** Drug test of a person under a measure (scheduled, random, or ad hoc) and its outcome. */
export const careTest = pgTable(
  "care_test",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** date the test is due (scheduled) */
    dueOn: date("due_on", { mode: "string" }),
    random: boolean("random").notNull().default(false),
    /** urine | saliva | blood | hair */
    matrix: text("matrix"),
    /** field | lab | lab_retest */
    method: text("method"),
    /** scheduled | done | missed | refused | evaded */
    status: text("status").notNull(),
    /** negative | positive (when done) */
    result: text("result"),
    /** substances found positive */
    substances: jsonb("substances").notNull().default([]),
    collectedAt: timestamp("collected_at", { withTimezone: true }),
    /** staff who collected (≥ 2; 吸毒检测程序规定) */
    collectors: jsonb("collectors").notNull().default([]),
    /** opaque reference to a hair-analysis result of the assessment module */
    hairResultRef: text("hair_result_ref"),
    recordedBy: text("recorded_by"),
    recordedAt: timestamp("recorded_at", { withTimezone: true }),
  },
  (t) => [index("care_test_measure_idx").on(t.measureId, t.dueOn)],
);

/** Violation of the agreement (戒毒条例 §20 types). */
export const careViolation = pgTable(
  "care_violation",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** evade_test | refuse_test | unauthorized_leave | drug_use | other */
    type: text("type").notNull(),
    occurredOn: date("occurred_on", { mode: "string" }).notNull(),
    /** days away (unauthorized leave) */
    days: integer("days"),
    noteEnc: text("note_enc"),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("care_violation_measure_idx").on(t.measureId)],
);

/** Report to the police (戒毒条例 §21): proposed by the rules, confirmed by a person. */
export const carePoliceReport = pgTable("care_police_report", {
  id: text("id").primaryKey(),
  measureId: text("measure_id")
    .notNull()
    .references(() => careMeasure.id),
  /** refusal | relapse | severe_breach */
  trigger: text("trigger").notNull(),
  /** the rule output that proposed it (advisory) */
  proposal: jsonb("proposal").notNull(),
  confirmedBy: text("confirmed_by").notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
  policeAck: text("police_ack"),
});

/** Service / 平安关爱 care action (domain.md §1.10). */
export const careService = pgTable(
  "care_service",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** e.g. 平安关爱 */
    campaign: text("campaign"),
    /** allowance | training | job | insurance | medical | counselling | schooling */
    kind: text("kind").notNull(),
    providerDept: text("provider_dept").notNull(),
    deliveredOn: date("delivered_on", { mode: "string" }).notNull(),
    outcome: text("outcome").notNull(),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("care_service_measure_idx").on(t.measureId)],
);

/** Stage progress (生理脱毒 → 身心康复 → 融入社会), separate from the legal state. */
export const careStage = pgTable(
  "care_stage",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** detoxification | rehabilitation | reintegration */
    stage: text("stage").notNull(),
    enteredOn: date("entered_on", { mode: "string" }).notNull(),
    criteria: jsonb("criteria").notNull().default([]),
    evaluator: text("evaluator").notNull(),
    /** the evaluator's reason (core `advanceStage`) */
    reason: text("reason").notNull().default(""),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("care_stage_measure_idx").on(t.measureId, t.enteredOn)],
);

/** Risk assessment: advisory score with factors and model version; a person confirms it. */
export const careRiskAssessment = pgTable("care_risk_assessment", {
  id: text("id").primaryKey(),
  measureId: text("measure_id")
    .notNull()
    .references(() => careMeasure.id),
  assessedAt: timestamp("assessed_at", { withTimezone: true }).notNull(),
  modelVersion: text("model_version").notNull(),
  score: doublePrecision("score").notNull(),
  grade: text("grade").notNull(),
  factors: jsonb("factors").notNull(),
  confirmedBy: text("confirmed_by"),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  /** who computed the score (null for the synthetic demo) */
  assessedBy: text("assessed_by"),
  /** the model's input facts (core `RiskInput`) */
  inputs: jsonb("inputs"),
  /** a person rejected the advisory score: it never changes anything */
  rejectedBy: text("rejected_by"),
  rejectedAt: timestamp("rejected_at", { withTimezone: true }),
  /** the confirming or rejecting person's reason */
  decisionReason: text("decision_reason"),
});

/** A task of a case (from an obligation template, a test schedule, or a deadline rule). */
export const careTask = pgTable(
  "care_task",
  {
    id: text("id").primaryKey(),
    measureId: text("measure_id")
      .notNull()
      .references(() => careMeasure.id),
    /** e.g. test | interview | visit | report_due | agreement_due | periodic_report | expiry_notice */
    kind: text("kind").notNull(),
    /** the template/rule that generated it (e.g. `four-fixed.interview`, `schedule.default`) */
    sourceCode: text("source_code").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    /** title of an obligation-template task (the template is data; zh / en) */
    titleZh: text("title_zh"),
    titleEn: text("title_en"),
    /** where (a jurisdiction or centre name — never an address of the person) */
    place: text("place").notNull(),
    /** staff account (app_user.id) the task is assigned to */
    assignedTo: text("assigned_to"),
    /** open | done | cancelled */
    status: text("status").notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
    /** care_test.id when the task is a scheduled test */
    testId: text("test_id"),
  },
  (t) => [
    index("care_task_assignee_idx").on(t.assignedTo, t.status, t.dueOn),
    index("care_task_measure_idx").on(t.measureId),
    uniqueIndex("care_task_natural_uq").on(t.measureId, t.sourceCode, t.dueOn),
  ],
);

/** Obligation templates as data (四定 / 三报告; wording to be confirmed by the city). */
export const careObligationTemplate = pgTable("care_obligation_template", {
  code: text("code").primaryKey(),
  /** the template as data (core care `ObligationTemplate`) */
  definition: jsonb("definition").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  updatedBy: text("updated_by").notNull(),
});
