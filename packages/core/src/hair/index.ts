export * from "./analytes.js";
export * from "./classify.js";
export * from "./cutoffs.js";
export * from "./segments.js";
export * from "./units.js";
