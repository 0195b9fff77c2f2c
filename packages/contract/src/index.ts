export * from "./common.js";
export * from "./monitoring.js";
export * from "./imports.js";
export * from "./auth.js";
export * from "./queries.js";
export * from "./records.js";
export * from "./security.js";
export * from "./simulate.js";
