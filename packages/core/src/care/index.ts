/** Closed-loop care of people (issue #6): pure rules of community treatment and rehabilitation. See README.md. */
export * from "./dates.js";
export * from "./measure-state-machine.js";
export * from "./measure-types.js";
export * from "./term-clock.js";
