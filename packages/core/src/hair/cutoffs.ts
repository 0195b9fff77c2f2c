/**
 * Hair cut-off sets as versioned reference data (docs/domain.md §2.1; `CutoffSet{authority, version, analyte,
 * initial, confirm}`). A result is POSITIVE when its concentration is AT OR ABOVE the confirmation cut-off
 * (938号 Art. 9: "达到或超过"; SoHT 2012 §6 likewise).
 *
 * Sources
 * - `cn-mps-2018-938` (DEFAULT for decisions): 公安部《涉毒人员毛发样本检测规范》, 公禁毒〔2018〕938号, issued
 *   2018-10-31, Art. 9: 0.2 ng/mg for 6-MAM, morphine, methamphetamine, amphetamine, MDA, MDMA, ketamine,
 *   norketamine and methcathinone; 0.5 ng/mg cocaine; 0.05 ng/mg benzoylecgonine and THC (domain.md [P-H2]).
 *   The rule sets one cut-off per analyte (no separate screening value), stored as `confirmNgPerMg`.
 * - `soht-2012` (for comparison only): G.A.A. Cooper, R. Kronstrand, P. Kintz, "Society of Hair Testing
 *   guidelines for drug testing in hair", Forensic Sci. Int. 218 (2012) 20–24, Table 1 (screening =
 *   `initialNgPerMg` per drug class, confirmation per analyte; soht.org page of 2024-03-13) [P-H6, P-H7].
 *   THC: the secondary transcription [P-H7] reads 0.005 ng/mg; 0.05 ng/mg is stored here as in the original
 *   (domain.md asks to check it against the original; `note` says so). Ketamine/norketamine are not in the
 *   2012 table (the 0.5/0.1 ng/mg values in domain.md are research proposals [P-H8], not SoHT guideline values),
 *   so the SoHT set has no cut-off for them and comparison reports `no-cutoff`.
 */

export interface CutoffEntry {
  analyte: string;
  /** immunoassay / screening cut-off of the analyte's drug class, ng/mg; null when the set gives none */
  initialNgPerMg: number | null;
  /** confirmation cut-off, ng/mg (positive at or above) */
  confirmNgPerMg: number;
  note?: string;
}

export interface CutoffSet {
  /** stable id stored with every classified result, e.g. `cn-mps-2018-938` */
  id: string;
  authority: string;
  version: string;
  titleZh: string;
  titleEn: string;
  /** full citation */
  source: string;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  /** true for the set applied to decisions (exactly one) */
  isDefault: boolean;
  entries: readonly CutoffEntry[];
}

const CN_02 = [
  "6-mam",
  "morphine",
  "methamphetamine",
  "amphetamine",
  "mda",
  "mdma",
  "ketamine",
  "norketamine",
  "methcathinone",
];

export const CN_MPS_2018_938: CutoffSet = Object.freeze({
  id: "cn-mps-2018-938",
  authority: "公安部 (Ministry of Public Security of China)",
  version: "公禁毒〔2018〕938号",
  titleZh: "涉毒人员毛发样本检测规范",
  titleEn: "Specification for hair sample testing of drug-involved persons",
  source: "公安部《涉毒人员毛发样本检测规范》(公禁毒〔2018〕938号), 2018-10-31, 第九条",
  effectiveFrom: "2018-10-31",
  isDefault: true,
  entries: Object.freeze([
    ...CN_02.map((analyte) => ({ analyte, initialNgPerMg: null, confirmNgPerMg: 0.2 })),
    { analyte: "cocaine", initialNgPerMg: null, confirmNgPerMg: 0.5 },
    { analyte: "benzoylecgonine", initialNgPerMg: null, confirmNgPerMg: 0.05 },
    { analyte: "thc", initialNgPerMg: null, confirmNgPerMg: 0.05 },
  ]),
});

export const SOHT_2012: CutoffSet = Object.freeze({
  id: "soht-2012",
  authority: "Society of Hair Testing (SoHT)",
  version: "2012",
  titleZh: "毛发检测学会(SoHT)毛发药物检测指南",
  titleEn: "Society of Hair Testing guidelines for drug testing in hair",
  source:
    "Cooper GAA, Kronstrand R, Kintz P. Society of Hair Testing guidelines for drug testing in hair. Forensic Sci Int 2012;218:20–24, Table 1",
  effectiveFrom: "2012-05-10",
  isDefault: false,
  entries: Object.freeze([
    { analyte: "amphetamine", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "methamphetamine", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "mdma", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "mda", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "cocaine", initialNgPerMg: 0.5, confirmNgPerMg: 0.5 },
    { analyte: "benzoylecgonine", initialNgPerMg: 0.5, confirmNgPerMg: 0.05 },
    { analyte: "morphine", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "codeine", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "6-mam", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "methadone", initialNgPerMg: 0.2, confirmNgPerMg: 0.2 },
    { analyte: "eddp", initialNgPerMg: 0.2, confirmNgPerMg: 0.05 },
    { analyte: "buprenorphine", initialNgPerMg: 0.01, confirmNgPerMg: 0.01 },
    { analyte: "norbuprenorphine", initialNgPerMg: 0.01, confirmNgPerMg: 0.01 },
    {
      analyte: "thc",
      initialNgPerMg: 0.1,
      confirmNgPerMg: 0.05,
      note: "a secondary transcription (drugpolicyfacts.org) reads 0.005 ng/mg; check against the FSI 2012 original",
    },
    { analyte: "thc-cooh", initialNgPerMg: 0.1, confirmNgPerMg: 0.0002 },
  ]),
});

/** All bundled cut-off sets; the first is the default for decisions. */
export const CUTOFF_SETS: readonly CutoffSet[] = Object.freeze([CN_MPS_2018_938, SOHT_2012]);

export const DEFAULT_CUTOFF_SET_ID = CN_MPS_2018_938.id;

export function getCutoffSet(id: string): CutoffSet | undefined {
  return CUTOFF_SETS.find((s) => s.id === id);
}

/** The confirmation cut-off (ng/mg) of `analyte` in `set`, or null when the set has none. */
export function cutoffFor(set: CutoffSet, analyte: string): number | null {
  return set.entries.find((e) => e.analyte === analyte)?.confirmNgPerMg ?? null;
}
