/** Domain services (each a plain async function taking an AppContext first). See /tmp/service-api.md / docs. */
export { createAppContext, type AppContext, type CreateAppContextOptions } from "./context.js";
export { AuthError, ConflictError, InvalidInputError, NotFoundError, type AuthErrorCode } from "./errors.js";
export { listSites, getSite, allSites } from "./monitoring/sites.js";
export { listAnalytes } from "./monitoring/analytes.js";
export { listSamples, listMeasurements, measurementRevisions } from "./monitoring/samples.js";
export { computeLoads, DEFAULT_SEED, DEFAULT_DRAWS, DEFAULT_CENSORING_POLICY, type LoadsOptions, type LoadsResult } from "./monitoring/loads.js";
export { weekly, trend, changes, siteSeries, overview } from "./monitoring/stats.js";
export { listSources, type SourceInfo } from "./monitoring/sources.js";
export { importFile, type ImportFileOptions, type ImportProgress } from "./imports/import-file.js";
export { listImportBatches } from "./imports/batches.js";
export { seedBundledData } from "./imports/seed-bundled.js";
export { ensureInitialAccounts, type InitialAccount, login, getSessionUser, logout, changePassword } from "./auth/auth.js";
