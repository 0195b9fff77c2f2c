/**
 * Analyte (measured residue) catalogue and name resolution.
 *
 * Codes are lowercase English residue names (contract `AnalyteCode`). Molar masses are free-base values
 * from the molecular formulae (IUPAC standard atomic weights), matching
 * `data/reference/wbe-backcalc-parameters.csv`. CAS numbers are the registry numbers of the free base
 * (racemate where the drug is used as a racemate; d-methamphetamine for methamphetamine, the form in
 * illicit crystal METH). Chinese names follow the 《麻醉药品品种目录》/《精神药品品种目录》 and the
 * Ministry of Public Security method JD/YJY02.10-2021 analyte list (science.md §6).
 */

/** One analyte of the catalogue. */
export interface Analyte {
  /** Lowercase residue code, e.g. `methamphetamine`, `benzoylecgonine`, `thc-cooh`. */
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly casNumber: string;
  /** Parent drug whose use the residue indicates (lowercase English), or null for a population marker. */
  readonly parentDrug: string | null;
  /** Free-base molar mass, g/mol. */
  readonly molarMassGPerMol: number;
  /** Formula of the free base. */
  readonly formula: string;
  /** Alternative names (Chinese, English, abbreviations, street names); resolved by {@link resolveAnalyte}. */
  readonly synonyms: readonly string[];
}

/** The catalogue, in display order. */
export const ANALYTES: readonly Analyte[] = Object.freeze([
  {
    code: "methamphetamine",
    nameZh: "甲基苯丙胺",
    nameEn: "Methamphetamine",
    casNumber: "537-46-2",
    parentDrug: "methamphetamine",
    molarMassGPerMol: 149.24,
    formula: "C10H15N",
    synonyms: [
      "甲基苯丙胺",
      "冰毒",
      "去氧麻黄碱",
      "METH",
      "MA",
      "MAMP",
      "methylamphetamine",
      "metamfetamine",
      "methamfetamine",
      "d-methamphetamine",
    ],
  },
  {
    code: "amphetamine",
    nameZh: "苯丙胺",
    nameEn: "Amphetamine",
    casNumber: "300-62-9",
    parentDrug: "amphetamine",
    molarMassGPerMol: 135.21,
    formula: "C9H13N",
    synonyms: ["苯丙胺", "安非他明", "AMP", "AMPH", "amfetamine"],
  },
  {
    code: "mdma",
    nameZh: "3,4-亚甲二氧基甲基苯丙胺",
    nameEn: "MDMA",
    casNumber: "42542-10-9",
    parentDrug: "mdma",
    molarMassGPerMol: 193.25,
    formula: "C11H15NO2",
    synonyms: [
      "3,4-亚甲二氧基甲基苯丙胺",
      "亚甲二氧基甲基苯丙胺",
      "摇头丸",
      "MDMA",
      "ecstasy",
      "3,4-methylenedioxymethamphetamine",
    ],
  },
  {
    code: "mda",
    nameZh: "3,4-亚甲二氧基苯丙胺",
    nameEn: "MDA",
    casNumber: "4764-17-4",
    parentDrug: "mda",
    molarMassGPerMol: 179.22,
    formula: "C10H13NO2",
    synonyms: ["3,4-亚甲二氧基苯丙胺", "亚甲二氧基苯丙胺", "MDA", "3,4-methylenedioxyamphetamine", "tenamfetamine"],
  },
  {
    code: "ketamine",
    nameZh: "氯胺酮",
    nameEn: "Ketamine",
    casNumber: "6740-88-1",
    parentDrug: "ketamine",
    molarMassGPerMol: 237.73,
    formula: "C13H16ClNO",
    synonyms: ["氯胺酮", "K粉", "KET"],
  },
  {
    code: "norketamine",
    nameZh: "去甲氯胺酮",
    nameEn: "Norketamine",
    casNumber: "35211-10-0",
    parentDrug: "ketamine",
    molarMassGPerMol: 223.7,
    formula: "C12H14ClNO",
    synonyms: ["去甲氯胺酮", "NK", "NKET", "norketamine"],
  },
  {
    code: "benzoylecgonine",
    nameZh: "苯甲酰爱康宁",
    nameEn: "Benzoylecgonine",
    casNumber: "519-09-5",
    parentDrug: "cocaine",
    molarMassGPerMol: 289.33,
    formula: "C16H19NO4",
    synonyms: ["苯甲酰爱康宁", "苯甲酰芽子碱", "苯甲酰牙子碱", "BE", "BZE", "benzoylecgonine"],
  },
  {
    code: "cocaine",
    nameZh: "可卡因",
    nameEn: "Cocaine",
    casNumber: "50-36-2",
    parentDrug: "cocaine",
    molarMassGPerMol: 303.35,
    formula: "C17H21NO4",
    synonyms: ["可卡因", "古柯碱", "COC", "cocaine"],
  },
  {
    code: "morphine",
    nameZh: "吗啡",
    nameEn: "Morphine",
    casNumber: "57-27-2",
    parentDrug: "heroin",
    molarMassGPerMol: 285.34,
    formula: "C17H19NO3",
    synonyms: ["吗啡", "MOR", "morphine"],
  },
  {
    code: "codeine",
    nameZh: "可待因",
    nameEn: "Codeine",
    casNumber: "76-57-3",
    parentDrug: "codeine",
    molarMassGPerMol: 299.36,
    formula: "C18H21NO3",
    // "COD" is also chemical oxygen demand in WWTP files; it resolves to codeine here, so importers should
    // only apply this resolver to analyte columns/rows, never to plant water-quality columns.
    synonyms: ["可待因", "COD", "codeine", "methylmorphine"],
  },
  {
    code: "6-mam",
    nameZh: "6-单乙酰吗啡",
    nameEn: "6-Monoacetylmorphine",
    casNumber: "2784-73-8",
    parentDrug: "heroin",
    molarMassGPerMol: 327.37,
    formula: "C19H21NO4",
    synonyms: [
      "6-单乙酰吗啡",
      "6-乙酰吗啡",
      "单乙酰吗啡",
      "6-MAM",
      "6-AM",
      "6-acetylmorphine",
      "6-monoacetylmorphine",
      "MAM",
    ],
  },
  {
    code: "thc-cooh",
    nameZh: "11-去甲-9-羧基-四氢大麻酚",
    nameEn: "THC-COOH",
    casNumber: "56354-06-4",
    parentDrug: "thc",
    molarMassGPerMol: 344.45,
    formula: "C21H28O4",
    synonyms: [
      "11-去甲-9-羧基-四氢大麻酚",
      "11-去甲-9-羧基-Δ9-四氢大麻酚",
      "四氢大麻酸",
      "THC-COOH",
      "THCCOOH",
      "carboxy-THC",
      "11-nor-9-carboxy-THC",
      "11-nor-9-carboxy-Δ9-tetrahydrocannabinol",
      "11-nor-9-carboxy-delta-9-THC",
    ],
  },
  {
    code: "methadone",
    nameZh: "美沙酮",
    nameEn: "Methadone",
    casNumber: "76-99-3",
    parentDrug: "methadone",
    molarMassGPerMol: 309.45,
    formula: "C21H27NO",
    synonyms: ["美沙酮", "MTD", "methadone"],
  },
  {
    code: "eddp",
    nameZh: "2-亚乙基-1,5-二甲基-3,3-二苯基吡咯烷",
    nameEn: "EDDP",
    casNumber: "30223-73-5",
    parentDrug: "methadone",
    molarMassGPerMol: 277.4,
    formula: "C20H23N",
    synonyms: ["EDDP", "2-ethylidene-1,5-dimethyl-3,3-diphenylpyrrolidine", "2-亚乙基-1,5-二甲基-3,3-二苯基吡咯烷"],
  },
  {
    code: "cotinine",
    nameZh: "可替宁",
    nameEn: "Cotinine",
    casNumber: "486-56-6",
    parentDrug: null,
    molarMassGPerMol: 176.22,
    formula: "C10H12N2O",
    synonyms: ["可替宁", "可铁宁", "COT", "cotinine"],
  },
  {
    code: "etomidate",
    nameZh: "依托咪酯",
    nameEn: "Etomidate",
    casNumber: "33125-97-2",
    parentDrug: "etomidate",
    molarMassGPerMol: 244.29,
    formula: "C14H16N2O2",
    synonyms: ["依托咪酯", "ETO", "etomidate", "R-etomidate"],
  },
] satisfies Analyte[]);

/** All analyte codes in catalogue order. */
export const ANALYTE_CODES: readonly string[] = Object.freeze(ANALYTES.map((a) => a.code));

/**
 * Normalise a name for matching: NFKC (full-width letters/digits/punctuation → ASCII), lowercase,
 * Greek Δ/δ → "delta", and every whitespace, hyphen/dash, underscore, dot, comma, apostrophe and
 * bracket removed. E.g. `"ＭＤＭＡ"` → `"mdma"`, `"THC-COOH"` → `"thccooh"`, `"6 MAM"` → `"6mam"`.
 */
export function normaliseAnalyteName(name: string): string {
  return String(name)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[δΔ]/g, "delta")
    .replace(/[\s\-‐‑‒–—―_.,，、'’"“”()（）[\]【】]/g, "");
}

const BY_CODE = new Map<string, Analyte>(ANALYTES.map((a) => [a.code, a]));

const BY_KEY: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const a of ANALYTES) {
    for (const n of [a.code, a.nameEn, a.nameZh, ...a.synonyms]) {
      const k = normaliseAnalyteName(n);
      const prev = m.get(k);
      if (prev !== undefined && prev !== a.code) {
        throw new Error(`analyte synonym collision: "${n}" → ${prev} and ${a.code}`);
      }
      m.set(k, a.code);
    }
  }
  return m;
})();

/**
 * Resolve any analyte name (code, English/Chinese name, abbreviation, street name) to its code.
 * Case-, space-, hyphen- and width-insensitive (see {@link normaliseAnalyteName}).
 * Returns undefined for an unknown name — never a guess. Note: this is the general resolver where
 * "cocaine" means cocaine itself; for EUDA metabolite labels use {@link resolveEudaMetabolite}.
 */
export function resolveAnalyte(name: string): string | undefined {
  if (typeof name !== "string") return undefined;
  const k = normaliseAnalyteName(name);
  if (k === "") return undefined;
  return BY_KEY.get(k);
}

/**
 * EUDA/EMCDDA "Metabolite" labels (ww2025-all-data.csv) → residue code. In those files the label names the
 * drug, and the value is the PNL of the residue: `cocaine` = benzoylecgonine, `cannabis` = THC-COOH,
 * the others = the parent compound (EMCDDA source-data page, data/euda-esdm-2025/PROVENANCE.md).
 */
export const EUDA_METABOLITES: Readonly<Record<string, string>> = Object.freeze({
  amphetamine: "amphetamine",
  cannabis: "thc-cooh",
  cocaine: "benzoylecgonine",
  ketamine: "ketamine",
  mdma: "mdma",
  methamphetamine: "methamphetamine",
  // label used by ww2025-aggregated-trends.csv
  benzoylecgonine: "benzoylecgonine",
});

/**
 * Resolve an EUDA metabolite label (case/space-insensitive) to a residue code; undefined otherwise.
 * `resolveEudaMetabolite("cocaine") === "benzoylecgonine"`, unlike {@link resolveAnalyte}.
 */
export function resolveEudaMetabolite(name: string): string | undefined {
  if (typeof name !== "string") return undefined;
  const k = normaliseAnalyteName(name);
  return Object.hasOwn(EUDA_METABOLITES, k) ? EUDA_METABOLITES[k] : undefined;
}

/** The catalogue entry for a code, or undefined. */
export function getAnalyte(code: string): Analyte | undefined {
  return BY_CODE.get(code);
}
