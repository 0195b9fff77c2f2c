/**
 * Early warning, leads and source tracing (监测 → 预警 → 线索 → 溯源, issue #4): shapes shared by `/api/v1`, the
 * `tracewater detect|alerts|leads|trace|evaluate-detectors` CLI commands and the web UI.
 *
 * Routes (all under `/api/v1`, cursor pages `{items, nextCursor}` where marked "page"):
 * - `GET  /alerts?status=&level=&site=&analyte=&detector=&source=&cursor=&limit=` → page of {@link Alert}
 * - `GET  /alerts/{id}` → {@link AlertDetail} (alert + evidence + history)
 * - `POST /alerts/{id}/transition` body {@link AlertTransitionRequest} → {@link AlertDetail}
 * - `GET  /alerts/{id}/series` → {@link AlertSeries} (the values and baseline of the explanation chart)
 * - `GET  /alert-suppressions` → `{items: AlertSuppression[]}`; `POST /alert-suppressions` body
 *   {@link AlertSuppressionCreate} → {@link AlertSuppression}; `DELETE /alert-suppressions/{id}` → 204
 * - `POST /detect` → {@link DetectRunResult} (run detection now over stored data)
 * - `GET  /leads?status=&orgUnit=&overdue=&cursor=&limit=` → page of {@link Lead}
 * - `POST /leads` body {@link LeadCreate} → {@link LeadDetail} (201)
 * - `GET  /leads/{id}` → {@link LeadDetail}
 * - `PATCH /leads/{id}` body {@link LeadUpdate} → {@link LeadDetail}
 * - `POST /leads/{id}/transition` body {@link LeadTransitionRequest} → {@link LeadDetail}
 * - `POST /leads/{id}/feedback` body {@link LeadFeedbackInput} → {@link LeadDetail}
 * - `POST /leads/{id}/attachments` multipart/form-data, field `file` → {@link LeadAttachment} (201)
 * - `GET  /leads/{id}/attachments/{attachmentId}` → the stored bytes (Content-Type = mediaType)
 * - `GET  /supervision-orders?status=` → `{items: SupervisionOrder[]}`
 * - `GET  /inbox?unread=true` → {@link InboxResponse}; `POST /inbox/{id}/read` → {@link Notification};
 *   `POST /inbox/read-all` → `{updated: number}`
 * - `GET  /sampling-tasks?alertId=&leadId=&status=` → `{items: SamplingTask[]}`; `POST /sampling-tasks` body
 *   {@link SamplingTaskCreate} → {@link SamplingTask} (201); `GET /sampling-tasks/{id}` → {@link SamplingTask};
 *   `POST /sampling-tasks/{id}/transition` body `{to}` → {@link SamplingTask}
 * - `GET  /alerts/{id}/trace?k=` → {@link TracePlan} (candidates and the next sampling round)
 * - `GET  /network/{site}` → {@link NetworkTree} (the sewer tree containing the site, with open alerts per node)
 */
import { z } from "zod";
import { AnalyteCode, IsoDate } from "./common.js";
import { WarningMessageParams } from "./warning-message-codes.js";

/** Warning levels in ascending severity (蓝/黄/橙/红). */
export const WarningLevel = z.enum(["blue", "yellow", "orange", "red"]);
export type WarningLevel = z.infer<typeof WarningLevel>;

/** Detectors (core `DetectorName`). */
export const DetectorName = z.enum([
  "robust-z",
  "ewma",
  "cusum",
  "step-cusum",
  "ears-c1",
  "ears-c2",
  "ears-c3",
  "subcatchment",
  "mass-balance",
  "new-substance-site",
  "new-substance-network",
]);
export type DetectorName = z.infer<typeof DetectorName>;

/** Alert lifecycle: new → acknowledged → lead | dismissed → closed (dismissal needs a reason). */
export const AlertStatus = z.enum(["new", "acknowledged", "lead", "dismissed", "closed"]);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** Why a point was graded (core `AlertExplanation`; shown with the chart). */
export const AlertExplanation = z.object({
  detector: DetectorName,
  /** the score's meaning, e.g. "robust z", "S/h", "C2" */
  scoreLabel: z.string(),
  date: IsoDate,
  score: z.number(),
  /** observed value (unit in `valueUnit`) */
  value: z.number().nullable(),
  /** baseline/expected value in the same unit */
  baseline: z.number().nullable(),
  detectorThreshold: z.number().nullable(),
  condition: z.object({ level: WarningLevel, minScore: z.number(), persistenceDays: z.number().int() }),
  runStartDate: IsoDate,
  runDays: z.number().int(),
  /** unit of value/baseline, e.g. "mg/day/1000 inh", "ln(mg/day/1000 inh)", "ng/L" */
  valueUnit: z.string().optional(),
  /** free-form detector-specific details (upstream sites of a mass balance, the parent plant, …) */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AlertExplanation = z.infer<typeof AlertExplanation>;

/** One alert (`tracewater alerts --json` → `{alerts: Alert[]}`). */
export const Alert = z.object({
  id: z.string(),
  site: z.string(),
  siteName: z.string(),
  /** data source of the site (e.g. `changzhi-demo`, simulated) */
  source: z.string(),
  simulated: z.boolean(),
  jurisdictionCode: z.string().nullable(),
  analyte: AnalyteCode,
  detector: DetectorName,
  /** the highest level reached over the alert's evidence */
  level: WarningLevel,
  /** the sample date that raised the alert */
  date: IsoDate,
  /** sample date of the latest evidence appended */
  lastDate: IsoDate,
  /** score of the raising point */
  score: z.number(),
  explanation: AlertExplanation,
  /** number of graded points (the raising one included) */
  evidenceCount: z.number().int(),
  status: AlertStatus,
  /** the reason of the last state change (required for a dismissal) */
  statusReason: z.string().nullable(),
  leadId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Alert = z.infer<typeof Alert>;
export const AlertsResponse = z.object({ alerts: z.array(Alert) });

/** A graded point appended to an open alert. */
export const AlertEvidence = z.object({
  date: IsoDate,
  level: WarningLevel,
  score: z.number(),
  explanation: AlertExplanation,
  addedAt: z.string(),
});
export type AlertEvidence = z.infer<typeof AlertEvidence>;

/** A state change of an alert or lead (who / when / why). */
export const StateChange = z.object({
  at: z.string(),
  /** staff username, or `system` (detector, scheduler) */
  by: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  /** the stored text (a staff member's own words, or the server's wording of `reasonCode`) */
  reason: z.string().nullable(),
  /** code of a reason written by the server (WARNING_REASON_PARAMS); null for a person's reason and older rows */
  reasonCode: z.string().nullable(),
  /** the params of `reasonCode` (null without a code) */
  reasonParams: WarningMessageParams.nullable(),
});
export type StateChange = z.infer<typeof StateChange>;

export const AlertDetail = Alert.extend({
  evidence: z.array(AlertEvidence),
  history: z.array(StateChange),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

/**
 * `POST /alerts/{id}/transition`. `reason` is required for `dismissed`; `to: "lead"` needs `leadId` (an existing
 * lead) — or create the lead with `POST /leads {alertIds}`, which moves the alerts to `lead` itself.
 */
export const AlertTransitionRequest = z.object({
  to: z.enum(["acknowledged", "lead", "dismissed", "closed"]),
  reason: z.string().trim().min(1).max(2000).optional(),
  leadId: z.string().optional(),
});
export type AlertTransitionRequest = z.infer<typeof AlertTransitionRequest>;

/** The series behind an alert's chart: observed values and the detector's baseline/threshold per sample date. */
export const AlertSeries = z.object({
  alertId: z.string(),
  site: z.string(),
  analyte: AnalyteCode,
  detector: DetectorName,
  valueUnit: z.string(),
  points: z.array(
    z.object({
      date: IsoDate,
      value: z.number().nullable(),
      baseline: z.number().nullable(),
      score: z.number().nullable(),
      threshold: z.number().nullable(),
      /** true when the measurement was censored (< LOQ): shown, never used as zero */
      censored: z.boolean(),
    }),
  ),
});
export type AlertSeries = z.infer<typeof AlertSeries>;

/** A suppression window: no new alert (and no evidence) for matching points whose date lies in [from, to]. */
export const AlertSuppression = z.object({
  id: z.string(),
  site: z.string(),
  /** null = every analyte / detector */
  analyte: AnalyteCode.nullable(),
  detector: DetectorName.nullable(),
  from: IsoDate,
  to: IsoDate,
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type AlertSuppression = z.infer<typeof AlertSuppression>;
export const AlertSuppressionCreate = z.object({
  site: z.string().min(1),
  analyte: AnalyteCode.nullable().optional(),
  detector: DetectorName.nullable().optional(),
  from: IsoDate,
  to: IsoDate,
  reason: z.string().trim().min(1).max(2000),
});
export type AlertSuppressionCreate = z.infer<typeof AlertSuppressionCreate>;

/** `tracewater detect --json` / `POST /detect`. */
export const DetectRunResult = z.object({
  ranAt: z.string(),
  /** site × analyte series examined */
  series: z.number().int(),
  /** stored measurements read */
  points: z.number().int(),
  /** graded points found (before suppression and de-duplication) */
  graded: z.number().int(),
  alertsCreated: z.number().int(),
  /** graded points appended as evidence to an already open alert */
  evidenceAppended: z.number().int(),
  /** graded points dropped by a suppression window */
  suppressed: z.number().int(),
  durationMs: z.number(),
});
export type DetectRunResult = z.infer<typeof DetectRunResult>;

// ── leads (线索) ────────────────────────────────────────────────────────────────────────────────────────────

/** Lead lifecycle: open → in_progress → reported → closed. */
export const LeadStatus = z.enum(["open", "in_progress", "reported", "closed"]);
export type LeadStatus = z.infer<typeof LeadStatus>;

/** Outcome of a lead's investigation (feedback). */
export const LeadOutcome = z.enum(["case_filed", "persons_found", "dumping", "sampling_error", "no_finding"]);
export type LeadOutcome = z.infer<typeof LeadOutcome>;

export const LeadFeedback = z.object({
  findings: z.string(),
  outcome: LeadOutcome,
  submittedBy: z.string(),
  submittedAt: z.string(),
});
export type LeadFeedback = z.infer<typeof LeadFeedback>;

export const LeadAttachment = z.object({
  id: z.string(),
  leadId: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  /** SHA-256 of the stored bytes, hex */
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
export type LeadAttachment = z.infer<typeof LeadAttachment>;

/** 督办: raised when a lead passes its deadline before being reported; addressed to the assigning unit's supervisor. */
export const SupervisionOrder = z.object({
  id: z.string(),
  leadId: z.string(),
  leadTitle: z.string(),
  /** the org unit that must act (the lead's assigned unit) */
  orgUnit: z.string(),
  /** the supervising unit (parent of the assigning unit in the jurisdiction tree) */
  supervisorUnit: z.string().nullable(),
  /** the stored English sentence (non-web channels; the web's fallback when `reasonCode` is null or unknown) */
  reason: z.string(),
  /** code of the reason (WARNING_SUPERVISION_REASON_PARAMS) the web renders in the UI language; null for older rows */
  reasonCode: z.string().nullable(),
  /** the params of `reasonCode` (null without a code) */
  reasonParams: WarningMessageParams.nullable(),
  deadline: IsoDate,
  issuedAt: z.string(),
  status: z.enum(["open", "resolved"]),
  resolvedAt: z.string().nullable(),
});
export type SupervisionOrder = z.infer<typeof SupervisionOrder>;

/** One lead (`tracewater leads --json` → `{leads: Lead[]}`). */
export const Lead = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: LeadStatus,
  /** assigned org unit: a jurisdiction code (GB/T 2260 for city/county) */
  orgUnit: z.string(),
  orgUnitName: z.string().nullable(),
  /** the unit that created/assigned the lead */
  assignedBy: z.string(),
  assigningUnit: z.string().nullable(),
  deadline: IsoDate,
  /** deadline passed and not yet reported/closed */
  overdue: z.boolean(),
  site: z.string().nullable(),
  analyte: AnalyteCode.nullable(),
  alertIds: z.array(z.string()),
  /** highest level of the linked alerts (null for a lead made by hand without alerts) */
  level: WarningLevel.nullable(),
  feedback: LeadFeedback.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Lead = z.infer<typeof Lead>;
export const LeadsResponse = z.object({ leads: z.array(Lead) });

export const LeadDetail = Lead.extend({
  history: z.array(StateChange),
  attachments: z.array(LeadAttachment),
  supervisionOrders: z.array(SupervisionOrder),
});
export type LeadDetail = z.infer<typeof LeadDetail>;

/** `POST /leads`: from alerts (`alertIds`, they move to `lead`) or by hand (`site`/`analyte` optional). */
export const LeadCreate = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(""),
  orgUnit: z.string().min(1),
  deadline: IsoDate,
  alertIds: z.array(z.string()).default([]),
  site: z.string().nullable().optional(),
  analyte: AnalyteCode.nullable().optional(),
});
export type LeadCreate = z.input<typeof LeadCreate>;

/** `PATCH /leads/{id}`: reassign or move the deadline (open / in_progress leads only). */
export const LeadUpdate = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  orgUnit: z.string().min(1).optional(),
  deadline: IsoDate.optional(),
});
export type LeadUpdate = z.infer<typeof LeadUpdate>;

export const LeadTransitionRequest = z.object({
  to: z.enum(["in_progress", "reported", "closed"]),
  reason: z.string().trim().min(1).max(2000).optional(),
});
export type LeadTransitionRequest = z.infer<typeof LeadTransitionRequest>;

/** `POST /leads/{id}/feedback`: findings and outcome; an open/in-progress lead moves to `reported`. */
export const LeadFeedbackInput = z.object({
  findings: z.string().trim().min(1).max(20_000),
  outcome: LeadOutcome,
});
export type LeadFeedbackInput = z.infer<typeof LeadFeedbackInput>;

// ── inbox ──────────────────────────────────────────────────────────────────────────────────────────────────

export const NotificationKind = z.enum([
  "alert",
  "lead_assigned",
  "lead_reported",
  "lead_overdue",
  "supervision_order",
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  /** the stored zh-CN title and body (non-web channels; the web's fallback when `code` is null or unknown) */
  title: z.string(),
  body: z.string(),
  /** message code (WARNING_NOTIFICATION_PARAMS) the web renders in the UI language; null for older rows */
  code: z.string().nullable(),
  /** the params of `code` (null without a code) */
  params: WarningMessageParams.nullable(),
  /** what the notification is about, for a link in the UI */
  subject: z.object({ type: z.enum(["alert", "lead", "supervision_order", "sampling_task"]), id: z.string() }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;
export const InboxResponse = z.object({ items: z.array(Notification), unread: z.number().int() });
export type InboxResponse = z.infer<typeof InboxResponse>;

// ── sampling tasks ─────────────────────────────────────────────────────────────────────────────────────────

export const SamplingTaskStatus = z.enum(["planned", "in_progress", "completed", "cancelled"]);
export type SamplingTaskStatus = z.infer<typeof SamplingTaskStatus>;

export const SamplingPoint = z.object({
  site: z.string(),
  siteName: z.string().nullable(),
  date: IsoDate,
  /** chain-of-custody code printed on the bottle (unique) */
  custodyCode: z.string(),
  /** set when an imported sample of this site and date attached to the point */
  sampleId: z.string().nullable(),
  /** at least one analyte of the alert detected above LOQ in the attached sample (null = no result yet) */
  positive: z.boolean().nullable(),
});
export type SamplingPoint = z.infer<typeof SamplingPoint>;

export const SamplingTask = z.object({
  id: z.string(),
  alertId: z.string().nullable(),
  leadId: z.string().nullable(),
  /** round number of the tracing (1, 2, …) */
  round: z.number().int(),
  analyte: AnalyteCode.nullable(),
  status: SamplingTaskStatus,
  points: z.array(SamplingPoint),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type SamplingTask = z.infer<typeof SamplingTask>;

export const SamplingTaskCreate = z.object({
  alertId: z.string().nullable().optional(),
  leadId: z.string().nullable().optional(),
  analyte: AnalyteCode.nullable().optional(),
  points: z.array(z.object({ site: z.string().min(1), date: IsoDate })).min(1),
});
export type SamplingTaskCreate = z.infer<typeof SamplingTaskCreate>;

export const SamplingTaskTransitionRequest = z.object({ to: SamplingTaskStatus });

// ── tracing and network ────────────────────────────────────────────────────────────────────────────────────

/** `tracewater trace --alert ID --json` / `GET /alerts/{id}/trace`. */
export const TracePlan = z.object({
  alertId: z.string(),
  /** the alerting node */
  site: z.string(),
  analyte: AnalyteCode,
  /** candidate sources still possible after the results of earlier rounds, prior normalised to 1 */
  candidates: z.array(z.object({ site: z.string(), siteName: z.string().nullable(), prior: z.number() })),
  /** what the priors are made of, e.g. "population + 50 000 × venues + past alerts" */
  priorBasis: z.string(),
  /** code of `priorBasis` (WARNING_PRIOR_BASIS_PARAMS) and its params, rendered by the web in the UI language */
  priorBasisCode: z.string(),
  priorBasisParams: WarningMessageParams,
  /** completed sampling rounds whose results were applied */
  roundsDone: z.number().int(),
  /** the single remaining candidate, when the source is localised */
  localised: z.string().nullable(),
  /** the proposed next round (null when localised or nothing splits the candidates) */
  plan: z
    .object({
      k: z.number().int(),
      points: z.array(z.string()),
      expectedInformationBits: z.number(),
      classes: z.array(z.object({ point: z.string().nullable(), mass: z.number(), candidates: z.array(z.string()) })),
      /** hours from each point to the alert node (only when every link on every point's path has a stored time) */
      travelTimeToAlertHours: z.record(z.string(), z.number()).optional(),
      /**
       * the round's duration in hours, D = 24 + max lag − min lag over its points (its windows follow one parcel of
       * sewage; null when a point's lag is unknown) — see docs/METHODS.md §11 "Tracing"
       */
      roundHours: z.number().nullable().optional(),
      /** the round budget the points were chosen under, hours (null = none) */
      budgetHours: z.number().nullable().optional(),
      /**
       * per proposed point (plan order): sewer travel time to the alert node, hours (sum of the registry's link
       * times; null when a link on the path has none), and the suggested sampling window in hours relative to the
       * start of the alert node's 24-h composite: [−lag, 24 − lag] — water passing the point then reaches the
       * alert node during its composite.
       */
      windows: z
        .array(
          z.object({
            site: z.string(),
            travelTimeToAlertHours: z.number().nullable(),
            windowStartOffsetHours: z.number().nullable(),
            windowEndOffsetHours: z.number().nullable(),
          }),
        )
        .optional(),
    })
    .nullable(),
});
export type TracePlan = z.infer<typeof TracePlan>;

export const NetworkNode = z.object({
  site: z.string(),
  name: z.string(),
  kind: z.string(),
  downstreamSite: z.string().nullable(),
  populationServed: z.number().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  jurisdictionCode: z.string().nullable(),
  /** open alerts (new/acknowledged/lead) at this node and their highest level */
  openAlerts: z.number().int(),
  maxLevel: WarningLevel.nullable(),
});
export type NetworkNode = z.infer<typeof NetworkNode>;

/** `GET /network/{site}`: the sewer tree (rooted at the plant) containing the site. */
export const NetworkTree = z.object({ root: z.string(), site: z.string(), nodes: z.array(NetworkNode) });
export type NetworkTree = z.infer<typeof NetworkTree>;

// ── evaluation ─────────────────────────────────────────────────────────────────────────────────────────────

/** Score of one detector on one event type (core `evaluateDetector`). */
const EventTypeScore = z.object({
  type: z.string(),
  events: z.number().int(),
  detected: z.number().int(),
  sensitivity: z.number(),
  /** CONDITIONAL median delay, days, over detected events only (null: none detected) */
  medianDelayDays: z.number().nullable(),
  /** unconditional median delay, days, over all events with a missed event = ∞; null = ∞ */
  unconditionalMedianDelayDays: z.number().nullable().optional(),
  /** fraction of all events detected within 1, 3 and 7 days */
  timeliness: z.array(z.object({ days: z.number().int(), fraction: z.number() })).optional(),
});

/** `tracewater evaluate-detectors --scenario <name|file> --json`. */
export const DetectorEvaluationResult = z.object({
  scenario: z.string(),
  seed: z.number().int(),
  from: IsoDate,
  to: IsoDate,
  /** days after an event's end during which an alarm still counts */
  graceDays: z.number().int(),
  series: z.number().int(),
  siteYears: z.number(),
  detectors: z.array(
    z.object({
      detector: DetectorName,
      falseAlarms: z.number().int(),
      falseAlarmsPerSiteYear: z.number(),
      byType: z.array(EventTypeScore),
    }),
  ),
  /** the false-alarm budget of the calibrated table */
  maxFalseAlarmsPerSiteYear: z.number().optional(),
  /**
   * Per detector at the smallest alarm threshold (score ≥ threshold, one day) whose false alarms stay within the
   * budget — the comparison of the goal (shorter delay than EARS C2 at ≤ 1 false alarm per site-year).
   */
  calibrated: z
    .array(
      z.object({
        detector: DetectorName,
        threshold: z.number(),
        scoreLabel: z.string(),
        falseAlarms: z.number().int(),
        falseAlarmsPerSiteYear: z.number(),
        byType: z.array(EventTypeScore),
      }),
    )
    .optional(),
  /** seed of the simulation the thresholds were calibrated on (= seed: calibrated and evaluated on the same data) */
  calibrationSeed: z.number().int().optional(),
  /** candidate detectors evaluated only (not run by `detect`), calibrated like the others */
  candidates: z
    .array(
      z.object({
        detector: z.string(),
        /** calibrated parameters, e.g. h, zThreshold, stepFactor, headstart */
        parameters: z.record(z.string(), z.number()),
        falseAlarms: z.number().int(),
        falseAlarmsPerSiteYear: z.number(),
        byType: z.array(EventTypeScore),
      }),
    )
    .optional(),
  /**
   * The goal per event type: some calibrated detector or candidate with ≤ the budget of false alarms per
   * site-year detects with a shorter delay than the reference (EARS C2) by the unconditional median or by a dominating
   * timeliness curve (the conditional median alone does not count).
   */
  goal: z
    .array(
      z.object({
        type: z.string(),
        referenceDetector: DetectorName,
        met: z.boolean(),
        metBy: z.array(
          z.object({ detector: z.string(), metrics: z.array(z.enum(["unconditional-median", "timeliness"])) }),
        ),
      }),
    )
    .optional(),
  tracing: z
    .array(
      z.object({
        strategy: z.enum(["greedy-entropy", "bisection", "all-at-once"]),
        alertNodes: z.number().int(),
        meanRounds: z.number(),
        meanSamples: z.number(),
        unresolvedMass: z.number(),
      }),
    )
    .optional(),
});
export type DetectorEvaluationResult = z.infer<typeof DetectorEvaluationResult>;
