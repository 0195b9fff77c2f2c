/**
 * Outcome indicators as DATA (docs/domain.md §3.4–§3.5, §7.3 `Indicator`): code, zh/en name, unit, direction,
 * source, baseline year, target, and how the value is obtained — `imported` (typed in / imported per
 * jurisdiction and period) or `computed` from stored results (wastewater loads, hair surveys), which must never
 * be imported.
 *
 * The seeded set is the one demonstration-city (全国禁毒示范城市) work uses: domain.md §3.4 (安居区 "五个下降",
 * 雷州 "三降两升", 宁波 "一升两降"; the proposed 长治 set) and the national indicators of 《中国毒品形势报告》
 * (§3.5). Targets and baselines are placeholders for the city to set (null = not set): the brief to confirm with
 * the client is domain.md §9 "Gaps" item 3.
 */

export type IndicatorDirection = "lower-is-better" | "higher-is-better";
export type IndicatorOrigin = "imported" | "computed-wastewater" | "computed-hair";

export interface IndicatorDefinition {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  direction: IndicatorDirection;
  origin: IndicatorOrigin;
  /** analyte code for per-drug indicators (wastewater loads, seizures by drug) */
  analyte: string | null;
  source: string;
  baselineYear: number | null;
  /** target value in `unit`; null = not set */
  target: number | null;
  /** how values of sub-periods add up into a longer period: `sum` (counts, kg), `mean` (rates, loads), `last` (stocks) */
  aggregation: "sum" | "mean" | "last";
}

const DOC_34 = "docs/domain.md §3.4 (安居区 五个下降; 雷州 三降两升; 宁波 一升两降; proposed 长治 set)";
const NATIONAL = "国家禁毒办《中国毒品形势报告》 indicator definitions (domain.md §3.5)";

const wastewater = (analyte: string, nameZh: string, nameEn: string): IndicatorDefinition[] => [
  {
    code: `ww.pnl.${analyte}`,
    nameZh: `污水${nameZh}人均负荷(人口加权)`,
    nameEn: `Wastewater ${nameEn} load, population-weighted`,
    unit: "mg/day/1000 inh",
    direction: "lower-is-better",
    origin: "computed-wastewater",
    analyte,
    source: `${DOC_34}; load = conc × flow ÷ population (domain.md §2.5 P-W6); city value = Σ loads ÷ Σ population of the plants`,
    baselineYear: null,
    target: null,
    aggregation: "mean",
  },
  {
    code: `ww.total.${analyte}`,
    nameZh: `污水${nameZh}总负荷`,
    nameEn: `Wastewater ${nameEn} total load`,
    unit: "g/day",
    direction: "lower-is-better",
    origin: "computed-wastewater",
    analyte,
    source: `${DOC_34}; total mass load of the monitored plants (Σ conc × flow), mean of the sampled days`,
    baselineYear: null,
    target: null,
    aggregation: "mean",
  },
];

const imported = (
  code: string,
  nameZh: string,
  nameEn: string,
  unit: string,
  direction: IndicatorDirection,
  aggregation: IndicatorDefinition["aggregation"],
  source: string,
  analyte: string | null = null,
): IndicatorDefinition => ({
  code,
  nameZh,
  nameEn,
  unit,
  direction,
  origin: "imported",
  analyte,
  source,
  baselineYear: null,
  target: null,
  aggregation,
});

/** The seeded indicator set (version {@link INDICATOR_SET_VERSION}). */
export const SEEDED_INDICATORS: readonly IndicatorDefinition[] = Object.freeze([
  ...wastewater("methamphetamine", "甲基苯丙胺", "methamphetamine"),
  ...wastewater("ketamine", "氯胺酮", "ketamine"),
  ...wastewater("morphine", "吗啡", "morphine"),
  ...wastewater("mdma", "MDMA", "MDMA"),
  ...wastewater("benzoylecgonine", "苯甲酰爱康宁(可卡因)", "benzoylecgonine (cocaine)"),
  imported(
    "users.existing",
    "现有吸毒人员",
    "Existing drug users",
    "persons",
    "lower-is-better",
    "last",
    `${NATIONAL}: excludes those abstinent 3 years, dead or emigrated`,
  ),
  imported(
    "users.new",
    "新发现吸毒人员",
    "Newly found drug users",
    "persons",
    "lower-is-better",
    "sum",
    `${NATIONAL}; ${DOC_34}`,
  ),
  imported(
    "users.relapse",
    "复吸人员",
    "Relapse (person-times)",
    "person-times",
    "lower-is-better",
    "sum",
    `${NATIONAL}; 安居区 relapse rate (domain.md §3.4)`,
  ),
  imported(
    "cases.drug",
    "毒品刑事案件",
    "Drug criminal cases",
    "cases",
    "lower-is-better",
    "sum",
    `${NATIONAL}; ${DOC_34}`,
  ),
  imported(
    "cases.suspects",
    "毒品犯罪嫌疑人",
    "Drug-crime suspects",
    "persons",
    "lower-is-better",
    "sum",
    `${NATIONAL}; ${DOC_34}`,
  ),
  imported(
    "seizure.methamphetamine",
    "缴获甲基苯丙胺",
    "Methamphetamine seized",
    "kg",
    "lower-is-better",
    "sum",
    `${NATIONAL} (缴毒量); ${DOC_34}`,
    "methamphetamine",
  ),
  imported(
    "seizure.ketamine",
    "缴获氯胺酮",
    "Ketamine seized",
    "kg",
    "lower-is-better",
    "sum",
    `${NATIONAL} (缴毒量)`,
    "ketamine",
  ),
  imported(
    "seizure.heroin",
    "缴获海洛因",
    "Heroin seized",
    "kg",
    "lower-is-better",
    "sum",
    `${NATIONAL} (缴毒量)`,
    "6-mam",
  ),
  imported(
    "community.execution_rate",
    "社戒社康执行率",
    "Community treatment/rehabilitation execution rate",
    "%",
    "higher-is-better",
    "mean",
    "domain.md §3.3 (浙江 平安考核 有效执行率), §3.4 (安居区 83%→100%)",
  ),
  imported(
    "abstinence.3y",
    "戒断三年未复吸人员",
    "Abstinent three years without relapse",
    "persons",
    "higher-is-better",
    "last",
    `${NATIONAL}; 雷州, 宁波 (domain.md §3.4)`,
  ),
  {
    code: "hair.positivity",
    nameZh: "毛发检测阳性率(匿名抽检)",
    nameEn: "Hair-test positivity (anonymous surveys)",
    unit: "%",
    direction: "lower-is-better",
    origin: "computed-hair",
    analyte: null,
    source:
      "domain.md §2.4 (population-level hair monitoring): Σ persons positive for any analyte ÷ Σ persons tested in the anonymous surveys of the jurisdiction and period (docs/METHODS.md)",
    baselineYear: null,
    target: null,
    aggregation: "mean",
  },
]);

export const INDICATOR_SET_VERSION = "indicators-2026.1";

/** The "五个持续下降" set proposed for 长治 (domain.md §3.4, last paragraph; ⚠ to confirm with the client). */
export const FIVE_DECLINES: readonly string[] = Object.freeze([
  "ww.pnl.methamphetamine",
  "users.existing",
  "users.new",
  "cases.drug",
  "seizure.methamphetamine",
]);
