/**
 * Assessment services (issue #5): hair results and anonymous surveys, indicators, the continuous-decline table
 * and the composite situation index. Each takes the AppContext and a {@link Viewer} (a staff member from
 * `staffViewer`, or `LOCAL_OPERATOR` for the CLI).
 */
export { declineTable, type DeclineQuery } from "./decline.js";
export { listHairResults, type HairResultsQuery } from "./hair-results.js";
export { importAssessmentFile, type AssessmentImportKind } from "./imports.js";
export {
  getIndicatorDefinition,
  indicatorValues,
  listIndicatorDefinitions,
  seedIndicatorDefinitions,
  type IndicatorValuesQuery,
} from "./indicators.js";
export { countyPopulations, situationIndex, type IndexQuery } from "./situation-index.js";
export { listHairSurveys, summariseHairSurveys, type HairSurveysQuery } from "./surveys.js";
export { hasPersonAccess, LOCAL_OPERATOR, staffViewer, type StaffViewer, type Viewer } from "./viewer.js";
