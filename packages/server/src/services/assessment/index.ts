/**
 * Assessment services (issue #5): hair results and anonymous surveys, indicators, the continuous-decline table
 * and the composite situation index. Each takes the AppContext and a {@link Viewer} (a staff member from
 * `staffViewer`, or `LOCAL_OPERATOR` for the CLI).
 */
export { type DeclineQuery, declineTable } from "./decline.js";
export { type HairResultsQuery, listHairResults } from "./hair-results.js";
export { type AssessmentImportKind, importAssessmentFile } from "./imports.js";
export {
  getIndicatorDefinition,
  type IndicatorValuesQuery,
  indicatorValues,
  listIndicatorDefinitions,
  seedIndicatorDefinitions,
} from "./indicators.js";
export { countyPopulations, type IndexQuery, situationIndex } from "./situation-index.js";
export { type HairSurveysQuery, listHairSurveys, summariseHairSurveys } from "./surveys.js";
export { hasPersonAccess, LOCAL_OPERATOR, type StaffViewer, staffViewer, type Viewer } from "./viewer.js";
