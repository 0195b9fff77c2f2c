export * from "./common.js";
export * from "./monitoring.js";
export * from "./imports.js";
export * from "./auth.js";
