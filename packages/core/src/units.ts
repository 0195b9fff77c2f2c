/**
 * Unit conversion to the canonical units of Tracewater (DESIGN.md §6):
 *   concentration → ng/L, flow → m³/day, population → persons, PNL → mg/day/1000 inhabitants.
 *
 * Unit strings are normalised first (see {@link normaliseUnit}): Unicode NFKC (full-width → ASCII,
 * `³` → `3`, `⁻¹` → `-1`), micro sign variants `µ`/`μ`/`u`/`mcg`, case, spacing, `per`/`每`/`·x⁻¹` → `/`,
 * day/hour/second words in English and Chinese, and `10⁴`/`10^4`/`万` multipliers.
 * A unit that is not in the tables throws {@link UnknownUnitError}; nothing is guessed.
 *
 * All factors are exact SI definitions except `MGD` (US million gallons/day = 3 785.411784 m³/day,
 * 1 US gallon = 3.785411784 L by definition, NIST SP 811) and `t/d` / `万吨/日` (1 t of wastewater taken
 * as 1 m³, the convention of Chinese WWTP reporting where 万吨/日 is used as a synonym of 万立方米/日).
 */
import { ScienceInputError, type UnitQuantity, UnknownUnitError } from "./errors.js";

export { UnknownUnitError } from "./errors.js";

/**
 * Normalise a unit string to the compact lowercase key form used by the lookup tables
 * (e.g. `"µg / L"` → `"ug/l"`, `"立方米/日"` → `"m3/d"`, `"10⁴ m³/d"` → `"1e4m3/d"`, `"ML/d"` → `"megal/d"`).
 * Exported for diagnostics and tests; callers normally use the `to…` converters.
 */
export function normaliseUnit(raw: string): string {
  let s = String(raw).trim();
  // Powers of ten must be rewritten before NFKC (which turns "10⁴" into "104").
  s = s.replace(/[×xX*]?\s*10\s*(?:⁴|\^\s*4|\*\*\s*4|e4|E4)/g, "1e4");
  s = s.replace(/[×xX*]?\s*10\s*(?:³|\^\s*3|\*\*\s*3|e3|E3)/g, "1e3");
  s = s.replace(/[×xX*]?\s*10\s*(?:⁶|\^\s*6|\*\*\s*6|e6|E6)/g, "1e6");
  s = s.normalize("NFKC").replace(/[\u2212\u2010-\u2015]/g, "-");
  // Megalitre: upper-case M followed by l/L and a division ("ML/d", "Ml per day"); mL/d is not a flow unit.
  s = s.replace(/(^|[^A-Za-z])M[Ll](?=\s*(?:\/|per\b|每))/g, "$1megal");
  s = s.replace(/megalitres?|megaliters?/gi, "megal");
  s = s.toLowerCase();
  s = s.replace(/[μµ]/g, "u").replace(/mcg/g, "ug");
  s = s.replace(/m\s*(?:\^|\*\*)\s*3/g, "m3");
  // Chinese unit words → symbols (longest first).
  const zh: Array<[RegExp, string]> = [
    [/立方米/g, "m3"],
    [/毫升/g, "ml"],
    [/升/g, "l"],
    [/纳克/g, "ng"],
    [/微克/g, "ug"],
    [/毫克/g, "mg"],
    [/皮克/g, "pg"],
    [/克/g, "g"],
    [/吨/g, "t"],
    [/居民|人口/g, "人"],
  ];
  for (const [re, rep] of zh) s = s.replace(re, rep);
  s = s.replace(/litres?|liters?/g, "l");
  // x⁻¹ exponent notation: "ng L-1", "m3·d-1" → "/l", "/d".
  s = s.replace(/[\s·⋅•*.]*([a-z\u4e00-\u9fff]+)\s*-1\b/g, "/$1");
  s = s.replace(/\s*\bper\b\s*/g, "/").replace(/每/g, "/");
  s = s.replace(/\s+/g, "");
  s = s.replace(/\/{2,}/g, "/");
  // Time words after a slash.
  s = s.replace(/\/(?:days?|日|天|24h)(?=$|\/)/g, "/d");
  s = s.replace(/\/(?:hours?|hrs?|小时|时)(?=$|\/)/g, "/h");
  s = s.replace(/\/(?:seconds?|secs?|秒)(?=$|\/)/g, "/s");
  return s;
}

/** Concentration factors to ng/L, keyed by normalised unit. */
const CONCENTRATION_TO_NG_PER_L: Readonly<Record<string, number>> = {
  "ng/l": 1,
  "pg/ml": 1, // 1 pg/mL = 1000 pg/L = 1 ng/L
  "ug/m3": 1, // 1 µg/m³ = 1 µg/1000 L = 1 ng/L
  "pg/l": 1e-3,
  "ng/m3": 1e-3,
  "ug/l": 1e3,
  "ng/ml": 1e3, // = µg/L
  "mg/m3": 1e3, // = µg/L
  "mg/l": 1e6,
  "ug/ml": 1e6, // = mg/L
};

/** Flow factors to m³/day, keyed by normalised unit. */
const FLOW_TO_M3_PER_DAY: Readonly<Record<string, number>> = {
  "m3/d": 1,
  "t/d": 1, // Chinese WWTP convention: 1 t wastewater ≡ 1 m³
  "1e3m3/d": 1e3,
  "千m3/d": 1e3,
  "1e4m3/d": 1e4,
  "万m3/d": 1e4,
  "万t/d": 1e4,
  "1e4t/d": 1e4,
  "megal/d": 1e3, // 1 ML = 1000 m³
  "l/d": 1e-3,
  "l/s": 86.4, // 86 400 s/day ÷ 1000 L/m³
  "m3/h": 24,
  "m3/s": 86_400,
  mgd: 3785.411784, // US million gallons/day; 1 US gal = 3.785411784 L (exact, NIST SP 811)
};

/** Population factors to persons, keyed by normalised unit. */
const POPULATION_TO_PERSONS: Readonly<Record<string, number>> = {
  persons: 1,
  person: 1,
  people: 1,
  人: 1,
  inh: 1,
  inhabitants: 1,
  capita: 1,
  万人: 1e4,
  万: 1e4,
  "1e4persons": 1e4,
  "1e4人": 1e4,
  "1e4inh": 1e4,
  "1e4": 1e4,
  千人: 1e3,
  thousand: 1e3,
  thousands: 1e3,
  "1000persons": 1e3,
  "1000inh": 1e3,
  "1000人": 1e3,
  "1e3": 1e3,
  "1e3persons": 1e3,
  "1e3inh": 1e3,
  百万人: 1e6,
  million: 1e6,
  "1e6": 1e6,
};

function lookup(table: Readonly<Record<string, number>>, unit: string, quantity: UnitQuantity): number {
  if (typeof unit !== "string" || unit.trim() === "") throw new UnknownUnitError(String(unit), quantity);
  const key = normaliseUnit(unit);
  const f = Object.hasOwn(table, key) ? table[key] : undefined;
  if (f === undefined) throw new UnknownUnitError(unit, quantity, Object.keys(table).join(", "));
  return f;
}

function checkValue(field: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ScienceInputError(field, value, "a finite number ≥ 0");
  }
}

/**
 * Factor that converts a concentration in `unit` to ng/L.
 * @throws UnknownUnitError (quantity `concentration`) for an unrecognised unit.
 */
export function concentrationFactorToNgPerL(unit: string): number {
  return lookup(CONCENTRATION_TO_NG_PER_L, unit, "concentration");
}

/**
 * Convert a concentration to ng/L. Accepted: ng/L, µg/L (×1000), ng/mL (×1000), mg/L (×10⁶),
 * pg/mL (×1), pg/L (×0.001), µg/m³ (×1), ng/m³ (×0.001), mg/m³ (×1000), µg/mL (×10⁶), and the Chinese
 * forms 纳克/升, 微克/升, 毫克/升, 纳克/毫升, 皮克/毫升.
 * @param value concentration ≥ 0 in `unit`
 * @returns concentration in ng/L
 * @throws UnknownUnitError for an unknown unit; ScienceInputError for a negative/non-finite value.
 */
export function toNgPerL(value: number, unit: string): number {
  const f = concentrationFactorToNgPerL(unit);
  checkValue("concentration", value);
  return value * f;
}

/**
 * Factor that converts a flow in `unit` to m³/day.
 * @throws UnknownUnitError (quantity `flow`) for an unrecognised unit.
 */
export function flowFactorToM3PerDay(unit: string): number {
  return lookup(FLOW_TO_M3_PER_DAY, unit, "flow");
}

/**
 * Convert a daily flow to m³/day. Accepted: m³/d, m³/day, 立方米/日, 10⁴ m³/d, 万立方米/日, 万吨/日 (×10 000),
 * t/d, ML/d (megalitres, ×1000; lower-case `mL/d` is rejected), L/s (×86.4), L/d (×0.001), m³/h (×24),
 * m³/s (×86 400), MGD (US million gallons/day, ×3785.411784).
 * @param value flow ≥ 0 in `unit`
 * @returns flow in m³/day
 * @throws UnknownUnitError for an unknown unit; ScienceInputError for a negative/non-finite value.
 */
export function toM3PerDay(value: number, unit: string): number {
  const f = flowFactorToM3PerDay(unit);
  checkValue("flow", value);
  return value * f;
}

/**
 * Factor that converts a population count in `unit` to persons.
 * @throws UnknownUnitError (quantity `population`) for an unrecognised unit.
 */
export function personsFactor(unit: string): number {
  return lookup(POPULATION_TO_PERSONS, unit, "population");
}

/**
 * Convert a population count to persons. Accepted: persons/person/people/人/inh/inhabitants (×1),
 * 万人/万/10⁴ persons (×10 000), thousand/千人/1000 inh (×1000), million/百万人 (×10⁶).
 * Population equivalents (p.e., BOD-based) are deliberately NOT accepted: they are not persons.
 * @returns persons (not rounded)
 * @throws UnknownUnitError for an unknown unit; ScienceInputError for a negative/non-finite value.
 */
export function toPersons(value: number, unit: string): number {
  const f = personsFactor(unit);
  checkValue("population", value);
  return value * f;
}

const PNL_MASS_TO_MG: Readonly<Record<string, number>> = { g: 1e3, mg: 1, ug: 1e-3, ng: 1e-6 };
const PNL_POPULATION_RE = /^(1000|1e3|千|1e4|万|thousand)?(inh|inhabitants|persons?|people|人|capita|p)$/;

/**
 * Factor that converts a population-normalised load (mass / day / N persons, parts in any order
 * after the mass, e.g. `mg/day/1000 inh`, `mg/1000人/日`, `µg/d/person`, `g/d/1000inh`)
 * to mg/day/1000 inhabitants.
 * @throws UnknownUnitError (quantity `pnl`) for an unrecognised unit.
 */
export function pnlFactorToMgPerDayPer1000(unit: string): number {
  if (typeof unit !== "string" || unit.trim() === "") throw new UnknownUnitError(String(unit), "pnl");
  const key = normaliseUnit(unit).replace(/[()（）]/g, "");
  const parts = key.split("/");
  const mass = parts[0] !== undefined && Object.hasOwn(PNL_MASS_TO_MG, parts[0]) ? PNL_MASS_TO_MG[parts[0]] : undefined;
  if (mass === undefined || parts.length !== 3) {
    throw new UnknownUnitError(unit, "pnl", "mass/day/N persons, e.g. mg/day/1000 inh");
  }
  let perDay = false;
  let persons: number | undefined;
  for (const p of parts.slice(1)) {
    if (p === "d") perDay = true;
    else {
      const m = PNL_POPULATION_RE.exec(p);
      if (m) {
        const pre = m[1];
        persons = pre === undefined ? 1 : pre === "1e4" || pre === "万" ? 1e4 : 1e3;
      }
    }
  }
  if (!perDay || persons === undefined) {
    throw new UnknownUnitError(unit, "pnl", "mass/day/N persons, e.g. mg/day/1000 inh");
  }
  return (mass * 1000) / persons;
}

/**
 * Convert a population-normalised load to mg/day/1000 inhabitants (see {@link pnlFactorToMgPerDayPer1000}).
 * @throws UnknownUnitError for an unknown unit; ScienceInputError for a negative/non-finite value.
 */
export function toPnlMgPerDayPer1000(value: number, unit: string): number {
  const f = pnlFactorToMgPerDayPer1000(unit);
  checkValue("pnl", value);
  return value * f;
}

/** Which quantity a unit string denotes, or null if it is not a known unit of any quantity. */
export function unitQuantityOf(unit: string): UnitQuantity | null {
  const tries: Array<[UnitQuantity, (u: string) => number]> = [
    ["concentration", concentrationFactorToNgPerL],
    ["flow", flowFactorToM3PerDay],
    ["population", personsFactor],
    ["pnl", pnlFactorToMgPerDayPer1000],
  ];
  for (const [q, f] of tries) {
    try {
      f(unit);
      return q;
    } catch {
      // not this quantity
    }
  }
  return null;
}

/**
 * Extract the unit written in a column header, or null when there is none.
 *
 * Rules, in order:
 * 1. the text inside the last pair of brackets `()`, `（）`, `[]`, `【】` — returned when it is a known unit
 *    or contains `/` or `每` (so an unknown unit surfaces later as an UnknownUnitError rather than being lost):
 *    `流量(万立方米/日)` → `万立方米/日`, `Flow [ML/d]` → `ML/d`, `服务人口(万人)` → `万人`;
 * 2. snake/space-separated trailing tokens forming a known unit, with `per` read as `/`:
 *    `flow_m3_per_day` → `m3/day`, `conc_ng_per_l` → `ng/l`, `Flow m3/d` → `m3/d`.
 * Returns the unit string as written (rule 1) or as rebuilt from tokens (rule 2).
 */
export function parseUnitFromHeader(header: string): string | null {
  if (typeof header !== "string") return null;
  const h = header.trim();
  const bracketRe = /[(（[【]([^()（）[\]【】]+)[)）\]】]/g;
  let last: string | undefined;
  for (const m of h.matchAll(bracketRe)) last = m[1];
  if (last !== undefined) {
    const inner = last.trim();
    if (inner !== "" && (unitQuantityOf(inner) !== null || /[/每]/.test(inner))) return inner;
  }
  const tokens = h.split(/[_\s]+/).filter((t) => t !== "");
  for (let k = Math.min(6, tokens.length); k >= 1; k--) {
    const tail = tokens.slice(tokens.length - k);
    let cand: string;
    if (tail.some((t) => t.toLowerCase() === "per")) {
      cand = tail.map((t) => (t.toLowerCase() === "per" ? "/" : t)).join("");
    } else if (k === 2) {
      cand = tail.join("/");
    } else if (k === 1) {
      cand = tail[0] ?? "";
    } else continue;
    if (unitQuantityOf(cand) !== null) {
      // a bare word like "people" only counts when the header has more than that word
      if (k === 1 && tokens.length === 1 && !/[/]/.test(cand)) return null;
      return cand;
    }
  }
  return null;
}
