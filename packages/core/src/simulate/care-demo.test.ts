import { describe, expect, it } from "vitest";
import { compareDates } from "../care/dates.js";
import { createMeasure, replay } from "../care/measure-state-machine.js";
import { careDemoSummary, generateCareDemo, idNumberCheckCharacter, isSyntheticIdNumber } from "./care-demo.js";

describe("synthetic care demo (changzhi-demo)", () => {
  const data = generateCareDemo({ seed: 2026, asOf: "2026-11-30", persons: 150 });

  it("is deterministic by seed", () => {
    expect(generateCareDemo({ seed: 2026, asOf: "2026-11-30", persons: 150 })).toEqual(data);
    expect(generateCareDemo({ seed: 2027, asOf: "2026-11-30", persons: 150 }).persons[0]?.name).not.toBe(undefined);
  });

  it("marks every person as synthetic: [模拟] names, impossible ID numbers, 0000- phones", () => {
    expect(data.persons).toHaveLength(150);
    for (const p of data.persons) {
      expect(p.name.startsWith("[模拟]")).toBe(true);
      expect(p.synthetic).toBe(true);
      expect(p.idNumber).toMatch(/^99\d{15}[\dX]$/);
      expect(isSyntheticIdNumber(p.idNumber)).toBe(true);
      expect(idNumberCheckCharacter(p.idNumber.slice(0, 17))).not.toBe(p.idNumber[17]);
      expect(p.phone).toMatch(/^0000-\d{7}$/);
    }
    // a well-formed number with a correct check digit is not synthetic (GB 11643-1999 example 11010519491231002X)
    expect(idNumberCheckCharacter("11010519491231002")).toBe("X");
    expect(isSyntheticIdNumber("11010519491231002X")).toBe(false);
  });

  it("cases replay through the real state machine to the stored state; histories respect the deadlines", () => {
    expect(data.cases.length).toBeGreaterThan(80);
    for (const c of data.cases) {
      const initial = createMeasure({
        type: c.type,
        decisionDate: c.state.decisionDate,
        servedAt: c.servedOn,
        termMonths: c.termMonths,
        execJurisdiction: c.execJurisdictionCode,
      });
      const r = replay(initial, c.events);
      expect(r.error).toBeNull();
      expect(r.state).toEqual(c.state);
      const person = data.persons.find((p) => p.key === c.personKey);
      expect(compareDates(person?.registeredOn as string, c.state.decisionDate)).toBeLessThanOrEqual(0);
      expect(compareDates(c.state.lastEventAt, data.asOf)).toBeLessThanOrEqual(0);
      for (const t of c.tests)
        if (t.outcome !== "scheduled") expect(compareDates(t.date, data.asOf)).toBeLessThanOrEqual(0);
      expect(c.risk.contributions.reduce((s, x) => s + x.points, 0)).toBe(c.risk.score);
    }
  });

  it("covers the interesting states (seed 2026, 150 people)", () => {
    const s = careDemoSummary(data);
    for (const status of ["active", "completed", "escalated", "ordered"])
      expect(s.byStatus[status] ?? 0).toBeGreaterThan(0);
    expect(s.tests).toBeGreaterThan(1000);
  });
});
