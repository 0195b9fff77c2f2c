/**
 * SIMULATED outcome-indicator series and anonymous hair surveys for the `changzhi-demo` scenario (issue #5):
 * the 12 county-level divisions of 长治市 and the city, monthly 2023-01 … 2025-12 (default). No value here is a
 * real statistic — every value is generated and flagged `simulated` when stored (docs/simulator.md §Assessment).
 *
 * Model (judgement, anchored on national magnitudes of domain.md §3.5, 《中国毒品形势报告》):
 * - existing users (stock, end of month): 6.4 per 10 000 inhabitants in 2023 (national 2023: 89.6万 = 6.4‱)
 *   × the county's `useLevel`, declining 10 %/year (national 2023: −20.3 %), ±2 % noise;
 * - newly found users: 0.8 per 10 000 per year × useLevel, Poisson per month, declining 12 %/year;
 * - relapse person-times: 1.5 × new users' rate (national 2017: 53.2万 relapse vs 34.4万 new), Poisson;
 * - drug cases: 0.3 per 10 000 per year (national 2023: 4.2万 cases / 14.1亿), Poisson; suspects 1.5 × cases;
 * - seizures (kg): months with a seizure with probability 0.35 × useLevel, lognormal median 0.15 kg
 *   (methamphetamine), 0.05 kg ketamine, 0.02 kg heroin;
 * - community treatment execution rate (%): 92 + 2/year, ±2 (capped at 100);
 * - abstinent three years: 4 × existing users in 2023 (national 2023: 407.8万 / 89.6万 ≈ 4.5), rising 6 %/year;
 * - hair surveys: one per county per quarter, alternately venue staff (娱乐场所从业人员) and freight drivers
 *   (货运司机), n uniform 40–150, positivity 3 % × useLevel declining 15 %/year, methamphetamine 80 % of
 *   positives, ketamine 25 % (some both).
 * City values: counts and stocks are the sum of the counties; the execution rate is the population-weighted
 * mean. Deterministic for a seed (xoroshiro128+, `wbe/rng.ts`).
 */
import { createRng, type SeededRng } from "../wbe/rng.js";
import { CHANGZHI_COUNTIES } from "./changzhi-demo.js";

export const CHANGZHI_CITY_CODE = "140400";
export const ASSESSMENT_DEMO_DEFAULT_SEED = 20_260_501;

export interface SimulatedIndicatorValue {
  indicator: string;
  jurisdiction: string;
  /** `YYYY-MM` */
  period: string;
  value: number;
}

export interface SimulatedHairSurvey {
  surveyCode: string;
  groupKind: "venue" | "occupation";
  groupLabel: string;
  jurisdiction: string;
  /** `YYYYQn` */
  period: string;
  nTested: number;
  positivesAny: number;
  analytes: Array<{ analyte: string; positives: number }>;
}

export interface AssessmentDemo {
  seed: number;
  values: SimulatedIndicatorValue[];
  surveys: SimulatedHairSurvey[];
}

/** Poisson variate (Knuth's product method for λ < 30, else a rounded normal approximation ≥ 0). */
export function poisson(rng: SeededRng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.uniform();
  } while (p > l);
  return k - 1;
}

function binomial(rng: SeededRng, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) x++;
  return x;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Generates the demo series for `fromYear`…`toYear` (monthly) with `seed`. */
export function simulateAssessmentDemo(
  options: { seed?: number; fromYear?: number; toYear?: number } = {},
): AssessmentDemo {
  const seed = options.seed ?? ASSESSMENT_DEMO_DEFAULT_SEED;
  const fromYear = options.fromYear ?? 2023;
  const toYear = options.toYear ?? 2025;
  const rng = createRng(seed);
  const values: SimulatedIndicatorValue[] = [];
  const surveys: SimulatedHairSurvey[] = [];
  const city = new Map<string, { sum: number; weighted: number; weight: number }>();
  const add = (indicator: string, jurisdiction: string, period: string, value: number, pop: number) => {
    values.push({ indicator, jurisdiction, period, value });
    const key = `${indicator}|${period}`;
    const c = city.get(key) ?? { sum: 0, weighted: 0, weight: 0 };
    c.sum += value;
    c.weighted += value * pop;
    c.weight += pop;
    city.set(key, c);
  };
  for (const county of CHANGZHI_COUNTIES) {
    const pop = county.population;
    const lvl = county.useLevel;
    for (let year = fromYear; year <= toYear; year++) {
      const t0 = year - fromYear;
      for (let month = 1; month <= 12; month++) {
        const t = t0 + (month - 0.5) / 12;
        const period = `${year}-${String(month).padStart(2, "0")}`;
        const existing = (pop / 10_000) * 6.4 * lvl * 0.9 ** t * (1 + 0.02 * rng.normal());
        add("users.existing", county.code, period, Math.round(existing), pop);
        const newRate = ((pop / 10_000) * 0.8 * lvl * 0.88 ** t) / 12;
        add("users.new", county.code, period, poisson(rng, newRate), pop);
        add("users.relapse", county.code, period, poisson(rng, 1.5 * newRate), pop);
        const cases = poisson(rng, ((pop / 10_000) * 0.3 * lvl * 0.9 ** t) / 12);
        add("cases.drug", county.code, period, cases, pop);
        add("cases.suspects", county.code, period, cases === 0 ? 0 : cases + poisson(rng, 0.5 * cases), pop);
        for (const [code, median] of [
          ["seizure.methamphetamine", 0.15],
          ["seizure.ketamine", 0.05],
          ["seizure.heroin", 0.02],
        ] as const) {
          const seized = rng.uniform() < Math.min(0.95, 0.35 * lvl) ? rng.lognormal(median * lvl, 0.8) : 0;
          add(code, county.code, period, round(seized, 3), pop);
        }
        const exec = Math.min(100, 92 + 2 * t + 2 * rng.normal());
        add("community.execution_rate", county.code, period, round(exec, 1), pop);
        const abst = (pop / 10_000) * 6.4 * lvl * 4 * 1.06 ** t * (1 + 0.01 * rng.normal());
        add("abstinence.3y", county.code, period, Math.round(abst), pop);
      }
      for (let q = 1; q <= 4; q++) {
        const venue = (q + Number(county.code.slice(-1))) % 2 === 0;
        const n = 40 + Math.floor(rng.uniform() * 111);
        const p = 0.03 * lvl * 0.85 ** (t0 + (q - 0.5) / 4);
        const any = binomial(rng, n, p);
        const meth = binomial(rng, any, 0.8);
        const ket = binomial(rng, any, 0.25);
        surveys.push({
          surveyCode: `SIM-${county.code}-${year}Q${q}`,
          groupKind: venue ? "venue" : "occupation",
          groupLabel: venue ? "娱乐场所从业人员" : "货运司机",
          jurisdiction: county.code,
          period: `${year}Q${q}`,
          nTested: n,
          positivesAny: Math.max(any, meth, ket),
          analytes: [
            { analyte: "methamphetamine", positives: meth },
            { analyte: "ketamine", positives: ket },
          ],
        });
      }
    }
  }
  for (const [key, c] of city) {
    const [indicator, period] = key.split("|") as [string, string];
    const value = indicator === "community.execution_rate" ? round(c.weighted / c.weight, 1) : round(c.sum, 3);
    values.push({ indicator, jurisdiction: CHANGZHI_CITY_CODE, period, value });
  }
  return { seed, values, surveys };
}
