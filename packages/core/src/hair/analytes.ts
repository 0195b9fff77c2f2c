/**
 * Analytes reported by hair laboratories (docs/domain.md §2.1): the nine 0.2 ng/mg analytes, cocaine,
 * benzoylecgonine and THC of 公禁毒〔2018〕938号 Art. 9, plus the further analytes of the Society of Hair Testing
 * 2012 table (codeine, methadone/EDDP, buprenorphine/norbuprenorphine, THC-COOH). Codes equal the wastewater
 * catalogue codes (`substances.ts`) where the substance is the same; `thc` and `methcathinone`,
 * `buprenorphine`, `norbuprenorphine` exist only here.
 */
import { normaliseAnalyteName, resolveAnalyte } from "../substances.js";

export interface HairAnalyte {
  code: string;
  nameZh: string;
  nameEn: string;
  /** further names labs write (compared after `normaliseAnalyteName`) */
  synonyms: readonly string[];
}

export const HAIR_ANALYTES: readonly HairAnalyte[] = Object.freeze([
  { code: "methamphetamine", nameZh: "甲基苯丙胺", nameEn: "Methamphetamine", synonyms: ["ma", "meth", "冰毒"] },
  { code: "amphetamine", nameZh: "苯丙胺", nameEn: "Amphetamine", synonyms: ["amp"] },
  {
    code: "mdma",
    nameZh: "MDMA(亚甲二氧基甲基苯丙胺)",
    nameEn: "MDMA",
    synonyms: ["3,4-亚甲二氧基甲基苯丙胺", "摇头丸"],
  },
  { code: "mda", nameZh: "MDA(亚甲二氧基苯丙胺)", nameEn: "MDA", synonyms: ["3,4-亚甲二氧基苯丙胺"] },
  { code: "ketamine", nameZh: "氯胺酮", nameEn: "Ketamine", synonyms: ["k粉"] },
  { code: "norketamine", nameZh: "去甲氯胺酮", nameEn: "Norketamine", synonyms: ["nk"] },
  { code: "morphine", nameZh: "吗啡", nameEn: "Morphine", synonyms: [] },
  {
    code: "6-mam",
    nameZh: "6-单乙酰吗啡",
    nameEn: "6-Monoacetylmorphine",
    synonyms: ["o6-单乙酰吗啡", "6-am", "6-acetylmorphine", "6mam"],
  },
  { code: "methcathinone", nameZh: "甲卡西酮", nameEn: "Methcathinone", synonyms: ["ephedrone", "麻黄酮"] },
  { code: "cocaine", nameZh: "可卡因", nameEn: "Cocaine", synonyms: [] },
  { code: "benzoylecgonine", nameZh: "苯甲酰爱康宁", nameEn: "Benzoylecgonine", synonyms: ["bze", "be"] },
  {
    code: "thc",
    nameZh: "四氢大麻酚",
    nameEn: "Δ9-Tetrahydrocannabinol (THC)",
    synonyms: ["δ9-thc", "delta-9-thc", "thc", "四氢大麻酚(thc)"],
  },
  { code: "thc-cooh", nameZh: "四氢大麻酸", nameEn: "THC-COOH", synonyms: ["11-nor-9-carboxy-thc", "thccooh"] },
  { code: "codeine", nameZh: "可待因", nameEn: "Codeine", synonyms: [] },
  { code: "methadone", nameZh: "美沙酮", nameEn: "Methadone", synonyms: [] },
  { code: "eddp", nameZh: "EDDP(美沙酮代谢物)", nameEn: "EDDP", synonyms: [] },
  { code: "buprenorphine", nameZh: "丁丙诺啡", nameEn: "Buprenorphine", synonyms: [] },
  { code: "norbuprenorphine", nameZh: "去甲丁丙诺啡", nameEn: "Norbuprenorphine", synonyms: [] },
]);

const BY_NAME: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const a of HAIR_ANALYTES) {
    for (const n of [a.code, a.nameZh, a.nameEn, ...a.synonyms]) m.set(normaliseAnalyteName(n), a.code);
  }
  return m;
})();

/**
 * The hair analyte code for a name as written by a lab (Chinese or English, code, common abbreviation), or
 * undefined. Hair-specific names win; otherwise the wastewater catalogue (`resolveAnalyte`) is asked, and its
 * answer is kept only when it is a hair analyte.
 */
export function resolveHairAnalyte(name: string): string | undefined {
  const own = BY_NAME.get(normaliseAnalyteName(name));
  if (own) return own;
  const ww = resolveAnalyte(name);
  return ww && HAIR_ANALYTES.some((a) => a.code === ww) ? ww : undefined;
}

export function getHairAnalyte(code: string): HairAnalyte | undefined {
  return HAIR_ANALYTES.find((a) => a.code === code);
}
