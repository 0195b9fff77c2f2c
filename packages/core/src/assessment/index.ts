export * from "./periods.js";
export * from "./indicators.js";
export * from "./decline.js";
export * from "./composite-index.js";
