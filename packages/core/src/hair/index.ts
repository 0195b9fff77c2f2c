export * from "./analytes.js";
export * from "./cutoffs.js";
export * from "./units.js";
export * from "./classify.js";
export * from "./segments.js";
