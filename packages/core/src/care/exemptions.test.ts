import { describe, expect, it } from "vitest";
import { ageInYears, compulsoryIsolationExemption, isMinor } from "./exemptions.js";

describe("age and minors (民法典 §17)", () => {
  it("full years, birthday inclusive", () => {
    expect(ageInYears("2008-12-01", "2026-11-30")).toBe(17);
    expect(ageInYears("2008-12-01", "2026-12-01")).toBe(18);
    expect(isMinor("2008-12-01", "2026-11-30")).toBe(true);
    expect(isMinor("2008-12-01", "2026-12-01")).toBe(false);
  });
  it("a 29 February birthday is reached on 28 February in a common year", () => {
    expect(ageInYears("2008-02-29", "2026-02-27")).toBe(17);
    expect(ageInYears("2008-02-29", "2026-02-28")).toBe(18);
    expect(ageInYears("2008-02-29", "2028-02-29")).toBe(20);
  });
  it("rejects a date before birth", () => {
    expect(() => ageInYears("2000-01-02", "2000-01-01")).toThrow(/birthDate/);
  });
});

describe("exemptions from 强制隔离戒毒 (禁毒法 §39)", () => {
  const woman = {
    birthDate: "1995-05-05",
    sex: "female" as const,
    pregnant: false,
    youngestOwnBabyBirthDate: null,
    on: "2026-11-30",
  };
  it("pregnancy excludes", () => {
    expect(compulsoryIsolationExemption({ ...woman, pregnant: true })).toMatchObject({
      excluded: true,
      reasons: ["pregnant"],
    });
  });
  it("nursing a baby under 1 year excludes until the first birthday", () => {
    expect(compulsoryIsolationExemption({ ...woman, youngestOwnBabyBirthDate: "2025-12-01" }).excluded).toBe(true);
    expect(compulsoryIsolationExemption({ ...woman, youngestOwnBabyBirthDate: "2025-11-30" }).excluded).toBe(false);
  });
  it("a minor under 16 may be exempted; 16–17 is a minor without exemption", () => {
    const boy = { birthDate: "2010-12-01", sex: "male" as const, pregnant: false, youngestOwnBabyBirthDate: null };
    expect(compulsoryIsolationExemption({ ...boy, on: "2026-11-30" })).toMatchObject({
      mayBeExempted: true,
      minor: true,
      excluded: false,
    });
    expect(compulsoryIsolationExemption({ ...boy, on: "2026-12-01" })).toMatchObject({
      mayBeExempted: false,
      minor: true,
    });
  });
});
