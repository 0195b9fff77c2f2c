/** The drug-situation assessment report (毒情形势评估报告, issue #5): data snapshot → document → .docx / PDF, and its workflow. */
export { buildDocument } from "./document.js";
export { CONTENT_TYPES, type GeneratedReport, generateReport, renderReport } from "./generate.js";
export { parsePeriod, previousYearPeriod, type ReportPeriodRange } from "./period.js";
export { type ReportScope, resolveScope } from "./scope.js";
export { collectSnapshot, type ReportSnapshot, sha256OfJson, TEMPLATE_VERSION } from "./snapshot.js";
export { countTable, kOf } from "./suppression.js";
export {
  createReport,
  getReport,
  listReports,
  regenerateReport,
  reportAccessInfo,
  reportSnapshot,
  transitionReport,
  updateAnalystText,
} from "./workflow.js";
