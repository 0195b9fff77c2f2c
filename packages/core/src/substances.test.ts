import { describe, expect, it } from "vitest";
import { ANALYTE_CODES, ANALYTES, getAnalyte, resolveAnalyte, resolveEudaMetabolite } from "./substances.js";

describe("ANALYTES catalogue", () => {
  it("contains the required analytes with unique codes matching the contract regex", () => {
    for (const c of [
      "benzoylecgonine",
      "methamphetamine",
      "amphetamine",
      "mdma",
      "mda",
      "ketamine",
      "norketamine",
      "morphine",
      "codeine",
      "6-mam",
      "cocaine",
      "thc-cooh",
      "methadone",
      "eddp",
      "cotinine",
      "etomidate",
    ]) {
      expect(ANALYTE_CODES).toContain(c);
    }
    expect(new Set(ANALYTE_CODES).size).toBe(ANALYTE_CODES.length);
    for (const a of ANALYTES) {
      expect(a.code).toMatch(/^[a-z0-9-]+$/);
      expect(a.casNumber).toMatch(/^\d{2,7}-\d{2}-\d$/);
    }
  });

  it("CAS check digits are valid (CAS registry checksum rule)", () => {
    for (const a of ANALYTES) {
      const digits = a.casNumber.replace(/-/g, "");
      const check = Number(digits.at(-1));
      const body = digits.slice(0, -1).split("").reverse();
      const sum = body.reduce((s, d, i) => s + Number(d) * (i + 1), 0);
      expect(sum % 10, `${a.code} ${a.casNumber}`).toBe(check);
    }
  });

  it("molar masses agree with the formulae (IUPAC atomic weights, ±0.02 g/mol)", () => {
    const w: Record<string, number> = { C: 12.011, H: 1.008, N: 14.007, O: 15.999, Cl: 35.45 };
    for (const a of ANALYTES) {
      let m = 0;
      for (const [, el, n] of a.formula.matchAll(/([A-Z][a-z]?)(\d*)/g))
        m += (w[el as string] ?? Number.NaN) * (n ? Number(n) : 1);
      expect(Math.abs(m - a.molarMassGPerMol), a.code).toBeLessThan(0.02);
    }
  });

  it("molar masses match data/reference/wbe-backcalc-parameters.csv (hand-copied values)", () => {
    // From the CSV: mw_residue_g_mol of benzoylecgonine 289.33, EDDP 277.4, THC-COOH 344.45, norketamine 223.7
    expect(getAnalyte("benzoylecgonine")?.molarMassGPerMol).toBe(289.33);
    expect(getAnalyte("eddp")?.molarMassGPerMol).toBe(277.4);
    expect(getAnalyte("thc-cooh")?.molarMassGPerMol).toBe(344.45);
    expect(getAnalyte("norketamine")?.molarMassGPerMol).toBe(223.7);
  });
});

describe("resolveAnalyte", () => {
  it.each([
    ["甲基苯丙胺", "methamphetamine"],
    ["冰毒", "methamphetamine"],
    ["METH", "methamphetamine"],
    ["MA", "methamphetamine"],
    ["meth", "methamphetamine"],
    ["苯丙胺", "amphetamine"],
    ["AMP", "amphetamine"],
    ["氯胺酮", "ketamine"],
    ["K粉", "ketamine"],
    ["Ｋ粉", "ketamine"],
    ["KET", "ketamine"],
    ["去甲氯胺酮", "norketamine"],
    ["NK", "norketamine"],
    ["苯甲酰爱康宁", "benzoylecgonine"],
    ["苯甲酰芽子碱", "benzoylecgonine"],
    ["BE", "benzoylecgonine"],
    ["BZE", "benzoylecgonine"],
    ["可卡因", "cocaine"],
    ["COC", "cocaine"],
    ["cocaine", "cocaine"],
    ["吗啡", "morphine"],
    ["MOR", "morphine"],
    ["可待因", "codeine"],
    ["COD", "codeine"],
    ["6-单乙酰吗啡", "6-mam"],
    ["6-MAM", "6-mam"],
    ["6 mam", "6-mam"],
    ["６－ＭＡＭ", "6-mam"],
    ["3,4-亚甲二氧基甲基苯丙胺", "mdma"],
    ["MDMA", "mdma"],
    ["摇头丸", "mdma"],
    ["MDA", "mda"],
    ["11-去甲-9-羧基-四氢大麻酚", "thc-cooh"],
    ["THC-COOH", "thc-cooh"],
    ["thc cooh", "thc-cooh"],
    ["THC_COOH", "thc-cooh"],
    ["美沙酮", "methadone"],
    ["MTD", "methadone"],
    ["EDDP", "eddp"],
    ["可替宁", "cotinine"],
    ["cotinine", "cotinine"],
    ["依托咪酯", "etomidate"],
    ["Etomidate", "etomidate"],
    ["  Methamphetamine ", "methamphetamine"],
  ])("%s → %s", (name, code) => {
    expect(resolveAnalyte(name)).toBe(code);
  });

  it("returns undefined for unknown names rather than guessing", () => {
    for (const n of ["heroin", "", "  ", "cannabis", "MD", "methamphetamin", "K"])
      expect(resolveAnalyte(n)).toBeUndefined();
  });
});

describe("resolveEudaMetabolite", () => {
  it.each([
    ["cocaine", "benzoylecgonine"],
    ["cannabis", "thc-cooh"],
    ["MDMA", "mdma"],
    ["amphetamine", "amphetamine"],
    ["methamphetamine", "methamphetamine"],
    ["ketamine", "ketamine"],
    ["Benzoylecgonine", "benzoylecgonine"],
  ])("%s → %s", (label, code) => {
    expect(resolveEudaMetabolite(label)).toBe(code);
  });
  it("differs from the general resolver for cocaine", () => {
    expect(resolveAnalyte("cocaine")).toBe("cocaine");
    expect(resolveEudaMetabolite("cocaine")).toBe("benzoylecgonine");
    expect(resolveEudaMetabolite("冰毒")).toBeUndefined();
  });
});
