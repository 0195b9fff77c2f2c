/** Closed-loop care of people (issue #6): pure rules of community treatment and rehabilitation. See README.md. */

export * from "../simulate/care-demo.js";
export * from "./alerts.js";
export * from "./dates.js";
export * from "./deadlines.js";
export * from "./drug-tests.js";
export * from "./dynamic-control.js";
export * from "./exemptions.js";
export * from "./measure-state-machine.js";
export * from "./measure-types.js";
export * from "./obligations.js";
export * from "./risk.js";
export * from "./severe-breach.js";
export * from "./stages.js";
export * from "./term-clock.js";
export * from "./test-schedule.js";
