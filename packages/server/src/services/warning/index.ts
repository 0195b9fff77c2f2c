/** Early warning, leads and source tracing (issue #4). */
export { CLI_CALLER, SYSTEM_CALLER, type WarningCaller } from "./access.js";
export { detectAfterImport } from "./after-import.js";
export { alertSeries } from "./alert-series.js";
export {
  ALERT_TRANSITIONS,
  createSuppression,
  getAlert,
  listAlerts,
  listSuppressions,
  revokeSuppression,
  transitionAlert,
} from "./alerts.js";
export { DEMO_SOURCE, seedDemoCity } from "./demo-seed.js";
export { DEFAULT_CURRENT_DAYS, runDetection } from "./detect.js";
export { evaluateDetectors } from "./evaluate.js";
export {
  listInbox,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationChannel,
  registerNotificationChannel,
} from "./inbox.js";
export {
  addLeadAttachment,
  createLead,
  getLead,
  LEAD_TRANSITIONS,
  listLeads,
  listSupervisionOrders,
  raiseSupervisionOrders,
  readLeadAttachment,
  submitLeadFeedback,
  transitionLead,
  updateLead,
} from "./leads.js";
export {
  attachSamplingResults,
  createSamplingTask,
  getSamplingTask,
  listSamplingTasks,
  transitionSamplingTask,
} from "./sampling-tasks.js";
export { startWarningSchedule, warningTick } from "./scheduler.js";
export { networkTree, tracePlan } from "./trace.js";
