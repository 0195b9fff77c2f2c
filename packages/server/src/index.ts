/** @tracewater/server — storage, services, imports, HTTP API and CLI. */
export * from "./services/index.js";
export { openDatabase, defaultDataDir, pgliteSharedBuffersMb, pgliteWasmModule, type Database, type SqlClient, type TxClient, type OpenDatabaseOptions } from "./storage/open-database.js";
export { main } from "./cli/main.js";
export { limitHeapGrowth } from "./heap-growth.js";
