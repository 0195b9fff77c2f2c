/**
 * Closed-loop care of people (查处 → 戒断 → 管控 → 服务, issue #6): shapes shared by `/api/v1`, the CLI and the
 * web UI. The rules (state machine, clocks, deadlines, schedules, severe breach) are core `care/`; these are
 * only the wire shapes. Every person-level response is minimised by role (server `minimise()`): fields a role
 * may not see are ABSENT, hence most record fields are optional.
 *
 * Routes (all under `/api/v1`; person reads need `?purpose=` or body `purpose` — a purpose code such as
 * `case:<id>`, `review`, `visit`):
 * - `POST /care/persons` body {@link CarePersonCreate} → {@link CarePerson} (201)
 * - `POST /care/persons/lookup` body {@link CarePersonLookup} → {@link CarePerson} (blind-index look-up by ID number)
 * - `GET  /care/persons/{id}?purpose=` → {@link CarePerson}
 * - `POST /care/cases` body {@link CareCaseCreate} → {@link CareCaseFile} (201)
 * - `GET  /care/cases/mine` → `{items: CareCaseSummary[]}`
 * - `GET  /care/cases/{id}?purpose=` → {@link CareCaseFile}
 * - `POST /care/cases/{id}/transitions` body {@link CareTransitionRequest} → {@link CareCaseFile} (illegal → 409)
 * - `POST /care/cases/{id}/tests` body {@link CareTestRecord} → {@link CareCaseFile}
 * - `POST /care/cases/{id}/violations` body {@link CareViolationCreate} → {@link CareViolationResult}
 * - `POST /care/cases/{id}/police-reports` body {@link CarePoliceReportConfirm} → {@link CareCaseFile}
 * - `POST /care/cases/{id}/leave-reports` body {@link CareLeaveReportCreate} → {@link CareCaseFile}
 * - `POST /care/cases/{id}/services` body {@link CareServiceCreate} → {@link CareCaseFile}
 * - `POST /care/cases/{id}/stages` body {@link CareStageCreate} → {@link CareCaseFile}
 * - `POST /care/cases/{id}/visits` body {@link CareVisitCreate} → {@link CareCaseFile} (grid visit of a campaign)
 * - `POST /care/cases/{id}/entries` body {@link CareEntryCreate} → {@link CareCaseFile} (completes the matching obligation task)
 * - `POST /care/tasks/{id}/complete` body {@link CareTaskComplete} → 204
 * - `POST /care/cases/{id}/work-group` body {@link CareWorkGroupMemberCreate} → {@link CareCaseFile}
 * - `GET  /care/tasks/overdue` → `{items: CareTask[]}` (supervision of overdue items in the caller's scope)
 * - `GET  /care/tasks/mine` → `{items: CareTask[]}` (overdue first)
 * - `GET  /care/calendar?from=&to=` → `{items: CareTask[]}`
 * - `GET  /care/aggregates?jurisdiction=` → {@link CareAggregates} (k-suppressed)
 * - `POST /care/cases/{id}/risk-assessments` body {@link CareRiskAssessRequest} → {@link CareRiskAssessment} (advisory)
 * - `POST /care/risk-assessments/{id}/decision` body {@link CareRiskDecisionRequest} → {@link CareRiskAssessment}
 * - `POST /care/persons/{id}/seal` body {@link CareSealRequest} → {@link CareSealResult} (治安管理处罚法 §136)
 */
import { z } from "zod";
import { IsoDate } from "./common.js";

/** Person categories (domain.md §7.2 `Person.category`). */
export const CarePersonCategory = z.enum([
  "registered_user",
  "community_treatment",
  "community_rehabilitation",
  "compulsory_isolation",
  "methadone_maintenance",
  "abstinent_three_years",
]);
export type CarePersonCategory = z.infer<typeof CarePersonCategory>;

/** Measure types run by the township (社区戒毒 / 社区康复). */
export const CareMeasureType = z.enum(["community_treatment", "community_rehabilitation"]);
export type CareMeasureType = z.infer<typeof CareMeasureType>;

/** Test matrices (上海市禁毒条例 §28: saliva, urine, blood, hair). */
export const CareTestMatrix = z.enum(["urine", "saliva", "blood", "hair"]);
/** Outcome of a test appointment (domain.md §7.4 DrugTest). */
export const CareTestStatus = z.enum(["scheduled", "done", "missed", "refused", "evaded"]);
export const CareViolationType = z.enum(["evade_test", "refuse_test", "unauthorized_leave", "drug_use", "other"]);
export const CareServiceKind = z.enum([
  "allowance",
  "training",
  "job",
  "insurance",
  "medical",
  "counselling",
  "schooling",
]);
export const CareStage = z.enum(["detoxification", "rehabilitation", "reintegration"]);
export const CareWorkGroupRole = z.enum([
  "officer",
  "social_worker",
  "community_police",
  "medical",
  "family",
  "volunteer",
  "grid_worker",
]);

/** A purpose code (SEC-06), e.g. `case:<id>`, `review`, `visit`. */
export const PurposeCode = z.string().trim().min(1).max(120);

export const CarePersonCreate = z.object({
  idNumber: z.string().min(6).max(32),
  name: z.string().min(1).max(100),
  sex: z.enum(["male", "female"]),
  birthDate: IsoDate,
  phone: z.string().max(40).optional(),
  address: z.string().max(300).optional(),
  /** precise location "lat,lon" */
  location: z.string().max(60).optional(),
  notes: z.string().max(4000).optional(),
  hukouJurisdictionCode: z.string().min(1),
  residenceJurisdictionCode: z.string().min(1),
  category: CarePersonCategory,
  drugTypes: z.array(z.string()).default([]),
  pregnantOrNursing: z.boolean().default(false),
  sealed: z.boolean().default(false),
  source: z.enum(["seized", "voluntary", "transferred"]),
  registeredOn: IsoDate,
  purpose: PurposeCode,
});
export type CarePersonCreate = z.input<typeof CarePersonCreate>;

export const CarePersonLookup = z.object({ idNumber: z.string().min(6).max(32), purpose: PurposeCode });

/** A person as a role may see it (absent = not visible to the caller's roles). */
export const CarePerson = z.object({
  id: z.string(),
  name: z.string().optional(),
  idNumber: z.string().optional(),
  phone: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
  birthDate: IsoDate.optional(),
  sex: z.string().optional(),
  minor: z.boolean().optional(),
  drugTypes: z.array(z.string()).optional(),
  /** category and the state of each measure */
  legalStatus: z
    .object({
      category: CarePersonCategory,
      measures: z.array(z.object({ caseId: z.string(), type: CareMeasureType, state: z.string() })),
    })
    .optional(),
  jurisdictionPath: z.string().optional(),
  sealed: z.boolean().optional(),
  synthetic: z.boolean().optional(),
});
export type CarePerson = z.infer<typeof CarePerson>;

export const CareCaseCreate = z.object({
  personId: z.string(),
  type: CareMeasureType,
  decisionNo: z.string().min(1),
  decidedBy: z.string().min(1),
  servedOn: IsoDate,
  /** 36 for 社区戒毒 (禁毒法 §33); ≤ 36 for 社区康复 (§48) */
  termMonths: z.number().int().min(1).max(36),
  execJurisdictionCode: z.string(),
  centreId: z.string().optional(),
  /** staff usernames to assign the case to */
  assignTo: z.array(z.string()).default([]),
});
export type CareCaseCreate = z.input<typeof CareCaseCreate>;

export const CareCaseSummary = z.object({
  id: z.string(),
  personId: z.string().optional(),
  personName: z.string().optional(),
  measure: CareMeasureType.optional(),
  status: z.string().optional(),
  startDate: IsoDate.nullable().optional(),
  endDate: IsoDate.nullable().optional(),
  jurisdictionPath: z.string().optional(),
  nextTask: z.object({ kind: z.string(), dueOn: IsoDate }).nullable().optional(),
  overdueTasks: z.number().int().optional(),
  synthetic: z.boolean().optional(),
});
export type CareCaseSummary = z.infer<typeof CareCaseSummary>;

export const CareTransition = z.object({
  event: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  /** legal date of the event (local calendar day, YYYY-MM-DD) */
  occurredAt: IsoDate,
  actor: z.string(),
  reason: z.string(),
});

export const CareTest = z.object({
  id: z.string(),
  dueOn: IsoDate.nullable().optional(),
  random: z.boolean().optional(),
  matrix: CareTestMatrix.nullable().optional(),
  method: z.string().nullable().optional(),
  status: CareTestStatus.optional(),
  result: z.enum(["negative", "positive"]).nullable().optional(),
  substances: z.array(z.string()).optional(),
  collectedAt: z.string().nullable().optional(),
  hairResultRef: z.string().nullable().optional(),
});
export type CareTest = z.infer<typeof CareTest>;

/** A task; a grid worker sees only id, kind, dueOn and place. */
export const CareTask = z.object({
  id: z.string(),
  kind: z.string(),
  dueOn: IsoDate,
  place: z.string(),
  overdue: z.boolean(),
  caseId: z.string().optional(),
  personId: z.string().optional(),
  personName: z.string().optional(),
  status: z.string().optional(),
  sourceCode: z.string().optional(),
  /** title of an obligation-template task (zh / en) */
  titleZh: z.string().optional(),
  titleEn: z.string().optional(),
  /** the scheduled test a `test` task is for */
  testId: z.string().optional(),
});
export type CareTask = z.infer<typeof CareTask>;

/** The case file (一人一档) as the caller may see it. */
export const CareCaseFile = z.object({
  case: CareCaseSummary.extend({
    decisionNo: z.string().optional(),
    servedOn: IsoDate.optional(),
    reportDueOn: IsoDate.nullable().optional(),
    termMonths: z.number().int().optional(),
    centre: z.string().nullable().optional(),
    allowedEvents: z.array(z.string()).optional(),
  }),
  person: CarePerson,
  transitions: z.array(CareTransition),
  agreements: z.array(z.object({ version: z.number().int(), signedOn: IsoDate })),
  workGroup: z.array(z.object({ role: CareWorkGroupRole, name: z.string().nullable() })),
  entries: z.array(
    z.object({ kind: z.string(), occurredAt: z.string(), title: z.string(), summary: z.string().nullable() }),
  ),
  leaveReports: z.array(
    z.object({ leaveFrom: IsoDate, leaveTo: IsoDate, destination: z.string(), submittedOn: IsoDate }),
  ),
  tests: z.array(CareTest),
  violations: z.array(z.object({ type: CareViolationType, occurredOn: IsoDate, days: z.number().nullable() })),
  policeReports: z.array(z.object({ trigger: z.string(), confirmedBy: z.string(), confirmedAt: z.string() })),
  services: z.array(
    z.object({
      kind: CareServiceKind,
      providerDept: z.string(),
      deliveredOn: IsoDate,
      outcome: z.string(),
      campaign: z.string().nullable(),
    }),
  ),
  stages: z.array(
    z.object({
      stage: CareStage,
      enteredOn: IsoDate,
      evaluator: z.string(),
      criteria: z.array(z.string()),
      reason: z.string(),
    }),
  ),
  risk: z
    .array(
      z.object({
        assessedAt: z.string(),
        modelVersion: z.string(),
        score: z.number(),
        grade: z.string(),
        confirmedBy: z.string().nullable(),
      }),
    )
    .optional(),
  tasks: z.array(CareTask),
  /** deadline alerts of core `deadlineAlerts` (overdue first) */
  alerts: z
    .array(
      z.object({
        kind: z.string(),
        dueDate: IsoDate,
        overdue: z.boolean(),
        daysOverdue: z.number().int(),
        basis: z.string(),
        message: z.string(),
      }),
    )
    .optional(),
  /** the severe-breach rule's current proposal (advisory; a person confirms a police report) */
  policeReportProposal: z
    .object({ proposed: z.boolean(), trigger: z.string().nullable(), reasons: z.array(z.string()) })
    .optional(),
});
export type CareCaseFile = z.infer<typeof CareCaseFile>;

export const CareTransitionRequest = z.object({
  event: z.string().min(1),
  /** when it happened (ISO date or date-time); default now */
  occurredAt: z.string().optional(),
  reason: z.string().trim().min(1).max(2000),
  /** event-specific data, e.g. `{toJurisdictionCode}` for a transfer */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type CareTransitionRequest = z.infer<typeof CareTransitionRequest>;

export const CareTestRecord = z.object({
  /** the scheduled test to complete; omit for an ad-hoc (random) test */
  testId: z.string().optional(),
  status: CareTestStatus.exclude(["scheduled"]),
  matrix: CareTestMatrix.optional(),
  method: z.enum(["field", "lab", "lab_retest"]).optional(),
  result: z.enum(["negative", "positive"]).optional(),
  substances: z.array(z.string()).default([]),
  collectedAt: z.string().optional(),
  collectors: z.array(z.string()).default([]),
  hairResultRef: z.string().optional(),
});
export type CareTestRecord = z.input<typeof CareTestRecord>;

export const CareViolationCreate = z.object({
  type: CareViolationType,
  occurredOn: IsoDate,
  days: z.number().int().min(0).optional(),
  note: z.string().max(2000).optional(),
});
export const CareViolationResult = z.object({
  file: CareCaseFile,
  proposal: z.object({ proposed: z.boolean(), trigger: z.string().nullable(), reasons: z.array(z.string()) }),
});

export const CarePoliceReportConfirm = z.object({
  trigger: z.enum(["refusal", "relapse", "severe_breach"]),
  reason: z.string().trim().min(1),
});

export const CareLeaveReportCreate = z.object({
  leaveFrom: IsoDate,
  leaveTo: IsoDate,
  destination: z.string().min(1).max(300),
  submittedOn: IsoDate,
});

export const CareServiceCreate = z.object({
  kind: CareServiceKind,
  providerDept: z.string().min(1),
  deliveredOn: IsoDate,
  outcome: z.string().min(1),
  campaign: z.string().optional(),
});

export const CareStageCreate = z.object({
  stage: CareStage,
  enteredOn: IsoDate,
  /** criterion codes met (core DEFAULT_STAGE_CRITERIA) */
  criteria: z.array(z.string()).default([]),
  reason: z.string().trim().min(1).max(2000),
});
export type CareStageCreate = z.input<typeof CareStageCreate>;

/** A grid visit of a care campaign (平安关爱) for a grid worker (who sees only kind, date and place). */
export const CareVisitCreate = z.object({
  campaign: z.string().trim().min(1).max(60),
  dueOn: IsoDate,
  gridWorker: z.string().min(1),
});

/** A case-file entry: interview, visit, periodic report or document (summary encrypted at rest). */
export const CareEntryCreate = z.object({
  kind: z.enum(["document", "interview", "visit", "periodic_report"]),
  mode: z.enum(["face", "video", "phone"]).optional(),
  occurredOn: IsoDate,
  title: z.string().trim().min(1).max(200),
  summary: z.string().max(4000).optional(),
});
export const CareWorkGroupMemberCreate = z.object({
  role: CareWorkGroupRole,
  /** a staff account; or `name` for a member without one (family, volunteer) */
  username: z.string().optional(),
  name: z.string().max(100).optional(),
  since: IsoDate,
});
export const CareTaskComplete = z.object({ note: z.string().max(500).optional() });

export const CareCalendarQuery = z.object({ from: IsoDate, to: IsoDate });
export const CareAggregatesQuery = z.object({ jurisdiction: z.string().optional() });

/** One row of the leaders' aggregates (null = suppressed small count, k-suppression). */
export const CareAggregateRow = z.object({
  jurisdictionCode: z.string(),
  name: z.string(),
  activeCases: z.number().int().nullable(),
  workers: z.number().int().nullable(),
  /** 社戒社康执行率 = measures reported and executing / measures ordered, % */
  executionRatePct: z.number().nullable(),
  /** tests done / tests due in the period, % */
  testCompliancePct: z.number().nullable(),
  abstinentThreeYears: z.number().int().nullable(),
  servicesDelivered: z.number().int().nullable(),
});
export const CareAggregates = z.object({
  k: z.number().int(),
  asOf: IsoDate,
  rows: z.array(CareAggregateRow),
  centres: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      caseload: z.number().int().nullable(),
      workerRatio: z.number().int(),
      /** staff assigned to the centre's active cases (staff, not person data: not suppressed) */
      workers: z.number().int(),
      /** active cases per worker; null when the caseload is suppressed (or no worker) */
      casesPerWorker: z.number().nullable(),
      /** against the ratio 1:min–1:max (core checkCaseload); null when the caseload is suppressed */
      caseloadStatus: z.enum(["under", "within", "over"]).nullable(),
      /** workers above the upper ratio; null when the caseload is suppressed */
      workersOver: z.number().int().nullable(),
    }),
  ),
  /** the configured caseload ratio, one worker per `min`–`max` cases (default 1:20–1:30) */
  caseloadRatio: z.object({ min: z.number(), max: z.number() }),
});
export type CareAggregates = z.infer<typeof CareAggregates>;

/**
 * Facts for the advisory risk model (core `assessRisk`, model `tracewater-care-risk-1.0`) that only a person can
 * judge. The counts (positive tests, evasions/refusals, unauthorised leaves in the last 12 months) and "refused or
 * severe breach" are derived by the server from the case records.
 */
export const CareRiskAssessRequest = z.object({
  /** suicide or self-harm tendency (37号 high-risk criterion) */
  selfHarmRisk: z.boolean(),
  /** mental abnormality or loss of behavioural control (37号 high-risk criterion) */
  mentalHealthConcern: z.boolean(),
  /** earlier treatment episodes (社区戒毒/康复, 强戒, MMT) */
  previousTreatmentEpisodes: z.number().int().min(0).max(100),
  /** months since the last known use; null when unknown */
  monthsSinceLastUse: z.number().min(0).max(1200).nullable(),
  employed: z.boolean(),
  familySupport: z.boolean(),
});
export type CareRiskAssessRequest = z.infer<typeof CareRiskAssessRequest>;

export const CareRiskStatus = z.enum(["pending", "confirmed", "rejected"]);

export const CareRiskAssessment = z.object({
  id: z.string(),
  caseId: z.string(),
  assessedAt: z.string(),
  assessedBy: z.string().nullable(),
  modelVersion: z.string(),
  /** 0–100 points */
  score: z.number(),
  grade: z.enum(["high", "medium", "low"]),
  /** a 37号 high-risk criterion forced `high` */
  gradeOverridden: z.boolean(),
  contributions: z.array(
    z.object({ factor: z.string(), points: z.number(), value: z.union([z.number(), z.boolean(), z.null()]) }),
  ),
  /** only `confirmed` changes anything (e.g. the test schedule's risk override) */
  status: CareRiskStatus,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type CareRiskAssessment = z.infer<typeof CareRiskAssessment>;

export const CareRiskDecisionRequest = z.object({
  decision: z.enum(["confirm", "reject"]),
  reason: z.string().trim().min(1).max(2000),
});
export type CareRiskDecisionRequest = z.infer<typeof CareRiskDecisionRequest>;

/** Seal or unseal a person's record (治安管理处罚法 §136, SEC-09). Unsealing needs a purpose `case:<id>`. */
export const CareSealRequest = z.object({
  sealed: z.boolean(),
  reason: z.string().trim().min(1).max(2000),
  purpose: PurposeCode,
});
export type CareSealRequest = z.infer<typeof CareSealRequest>;

export const CareSealResult = z.object({ personId: z.string(), sealed: z.boolean() });
export type CareSealResult = z.infer<typeof CareSealResult>;
