export * from "./errors.js";
export * from "./units.js";
export * from "./substances.js";
