export * from "./composite-index.js";
export * from "./decline.js";
export * from "./indicators.js";
export * from "./periods.js";
