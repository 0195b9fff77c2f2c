/**
 * The report parts fed by sources other than wastewater, each from its service:
 * - hair testing: anonymous population surveys of the period (services/assessment `listHairSurveys`) and the
 *   `hair.positivity` indicator;
 * - drug users, cases and seizures: the outcome indicators (services/assessment `indicatorValues`) of the
 *   jurisdiction and its districts, this period and the same period a year earlier;
 * - the composite situation index of the districts (`situationIndex`) and the continuous-decline table
 *   (`declineTable`, 五个持续下降, last 3 periods);
 * - warnings of the period (services/warning `listAlerts`: alerts whose sample date lies in the period at the
 *   scope's sites) and leads created in the period (`listLeads`, org unit in the scope).
 * The services are called as the local operator (full view); the reader's access was checked by the caller
 * (route policy), and counts of persons, person-times and cases are k-suppressed HERE for audiences without person
 * access (core `suppressLabelledTable` per indicator over the districts keyed by GB/T 2260 code, so a hidden
 * district cannot be recovered from the total and every district order hides the same districts), so the archived
 * snapshot never holds a hidden count.
 * EUDA scopes have none of these sources (wastewater sections only): each part is `not-applicable`.
 */
import type { Alert, DeclineRowOut, DistrictIndexOut, HairSurveyOut, Lead, ReportAudience } from "@tracewater/contract";
import { INDICATOR_SET_VERSION, suppressLabelledTable } from "@tracewater/core";
import {
  declineTable,
  indicatorValues,
  LOCAL_OPERATOR,
  listHairSurveys,
  listIndicatorDefinitions,
  situationIndex,
} from "../../services/assessment/index.js";
import type { AppContext } from "../../services/context.js";
import { listAlerts } from "../../services/warning/alerts.js";
import { listLeads } from "../../services/warning/leads.js";
import { previousYearPeriod, type ReportPeriodRange } from "../period.js";
import type { ReportScope } from "../scope.js";
import { kOf } from "../suppression.js";

/** A part that does not apply to the scope (EUDA data: wastewater only). */
export interface NotApplicable {
  status: "not-applicable";
  source: string;
}

export interface IndicatorRow {
  code: string;
  nameZh: string;
  unit: string;
  /** value per jurisdiction code (scope first, then districts); null = no value or suppressed */
  current: Record<string, number | null>;
  previous: Record<string, number | null>;
  suppressed: string[];
  simulated: boolean;
}

export interface IndicatorPart {
  status: "available" | "no-data";
  source: string;
  /** jurisdiction codes in display order (scope, then districts) and their names */
  jurisdictions: { code: string; name: string }[];
  rows: IndicatorRow[];
  k: number | null;
}

export interface HairPart {
  status: "available" | "no-data";
  source: string;
  surveys: Pick<
    HairSurveyOut,
    "surveyCode" | "groupLabel" | "jurisdiction" | "period" | "nTested" | "positivesAny" | "positivityAny" | "simulated"
  >[];
  positivity: IndicatorPart;
}

export interface IndexPart {
  status: "available" | "no-data";
  source: string;
  methodVersion: string | null;
  normalisation: string | null;
  simulated: boolean;
  districts: Pick<DistrictIndexOut, "jurisdiction" | "jurisdictionNameZh" | "score" | "rank" | "grade">[];
  decline: (Pick<DeclineRowOut, "indicatorNameZh" | "jurisdiction" | "improvedCount" | "continuous" | "simulated"> & {
    verdict: DeclineRowOut["trend"]["verdict"];
  })[];
  lastN: number;
}

export interface WarningsPart {
  status: "available" | "no-data";
  source: string;
  alerts: Pick<Alert, "date" | "site" | "siteName" | "analyte" | "level" | "status" | "simulated">[];
  leads: {
    status: Lead["status"];
    level: Lead["level"];
    orgUnit: string;
    orgUnitName: string | null;
    title: string | null;
  }[];
  /** lead titles are shown only to person-access readers */
  leadTitlesShown: boolean;
}

export interface OtherSources {
  hair: HairPart | NotApplicable;
  users: IndicatorPart | NotApplicable;
  cases: IndicatorPart | NotApplicable;
  index: IndexPart | NotApplicable;
  warnings: WarningsPart | NotApplicable;
  /** versions of the parameter sets these parts used */
  versions: Record<string, string>;
}

/** What each part needs, in the words the report uses. */
export const SOURCE_NAMES = {
  hair: "毛发检测结果（人群筛查）",
  users: "吸毒人员指标（现有、新发现、复吸）",
  cases: "案件、嫌疑人与毒品缴获指标",
  index: "毒情综合指数与持续下降指标",
  warnings: "预警与线索记录",
} as const;

const USER_INDICATORS = ["users.existing", "users.new", "users.relapse"];
const CASE_INDICATORS = [
  "cases.drug",
  "cases.suspects",
  "seizure.methamphetamine",
  "seizure.ketamine",
  "seizure.heroin",
];
const COUNT_UNITS = new Set(["persons", "person-times", "cases"]);

async function indicatorPart(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriodRange,
  codes: readonly string[],
  source: string,
  k: number | null,
): Promise<IndicatorPart> {
  const defs = new Map((await listIndicatorDefinitions(ctx)).map((d) => [d.code, d]));
  const prev = previousYearPeriod(period);
  const jurisdictions = [{ code: scope.code, name: scope.name }, ...scope.districts];
  const rows: IndicatorRow[] = [];
  for (const code of codes) {
    const def = defs.get(code);
    if (!def) continue;
    const values = await indicatorValues(ctx, LOCAL_OPERATOR, {
      indicator: code,
      periodKind: period.kind,
      from: prev.code,
      to: period.code,
    });
    const pick = (p: string) =>
      Object.fromEntries(
        jurisdictions.map((j) => [
          j.code,
          values.find((v) => v.jurisdiction === j.code && v.period === p)?.value ?? null,
        ]),
      );
    const row: IndicatorRow = {
      code,
      nameZh: def.nameZh,
      unit: def.unit,
      current: pick(period.code),
      previous: pick(prev.code),
      suppressed: [],
      simulated: values.some((v) => v.simulated && (v.period === period.code || v.period === prev.code)),
    };
    if (k !== null && COUNT_UNITS.has(def.unit))
      for (const which of ["current", "previous"] as const) suppressColumn(row, which, jurisdictions, k);
    rows.push(row);
  }
  const any = rows.some((r) => Object.values(r.current).some((v) => v !== null) || r.suppressed.length > 0);
  return { status: any ? "available" : "no-data", source, jurisdictions, rows, k };
}

/**
 * Suppresses the districts' counts of one column (complementary suppression against their sum), and the scope's
 * own value when it is small or equals that sum while the sum is hidden. The districts are keyed by code, so the
 * hidden districts do not depend on their display order (issue #3, SEC-12).
 */
export function suppressColumn(
  row: IndicatorRow,
  which: "current" | "previous",
  jurisdictions: readonly { code: string }[],
  k: number,
): void {
  const values = row[which];
  const [scopeJ, ...districts] = jurisdictions;
  const present = districts.filter((d) => values[d.code] !== null && values[d.code] !== undefined);
  const hide = (code: string) => {
    values[code] = null;
    if (!row.suppressed.includes(`${which}:${code}`)) row.suppressed.push(`${which}:${code}`);
  };
  if (present.length > 0) {
    const t = suppressLabelledTable(
      {
        rowKeys: present.map((d) => d.code),
        columnKeys: [row.code],
        counts: present.map((d) => [Math.round(values[d.code] as number)]),
      },
      k,
    );
    const sum = present.reduce((a, d) => a + (values[d.code] as number), 0);
    present.forEach((d, i) => {
      if (t.cells[i]?.[0] === null) hide(d.code);
    });
    if (scopeJ && t.grandTotal === null && values[scopeJ.code] === sum) hide(scopeJ.code);
  }
  const own = scopeJ ? values[scopeJ.code] : null;
  if (scopeJ && own !== null && own !== undefined && own > 0 && own < k) hide(scopeJ.code);
}

async function hairPart(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriodRange,
  k: number | null,
): Promise<HairPart> {
  const surveys = await listHairSurveys(ctx, LOCAL_OPERATOR, { jurisdiction: scope.code, period: period.code });
  const positivity = await indicatorPart(ctx, scope, period, ["hair.positivity"], SOURCE_NAMES.hair, k);
  const items = surveys.items
    .map((s) => ({
      surveyCode: s.surveyCode,
      groupLabel: s.groupLabel,
      jurisdiction: s.jurisdiction,
      period: s.period,
      nTested: s.nTested,
      // positives of an anonymous group are counts of persons: hidden below k for readers without person access
      positivesAny:
        k !== null && s.positivesAny !== null && s.positivesAny > 0 && s.positivesAny < k ? null : s.positivesAny,
      positivityAny:
        k !== null && s.positivesAny !== null && s.positivesAny > 0 && s.positivesAny < k
          ? { proportion: null, lower: null, upper: null }
          : s.positivityAny,
      simulated: s.simulated,
    }))
    .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || a.surveyCode.localeCompare(b.surveyCode));
  return {
    status: items.length > 0 || positivity.status === "available" ? "available" : "no-data",
    source: SOURCE_NAMES.hair,
    surveys: items,
    positivity,
  };
}

async function indexPart(ctx: AppContext, scope: ReportScope, period: ReportPeriodRange): Promise<IndexPart> {
  const unitCodes = new Set(scope.districts.map((u) => u.code));
  const index = await situationIndex(ctx, LOCAL_OPERATOR, { period: period.code });
  const districts = index.districts
    .filter((d) => unitCodes.has(d.jurisdiction) && d.score !== null)
    .map((d) => ({
      jurisdiction: d.jurisdiction,
      jurisdictionNameZh: d.jurisdictionNameZh,
      score: d.score,
      rank: d.rank,
      grade: index.method.grades.find((g) => g.code === d.grade)?.nameZh ?? d.grade,
    }))
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.jurisdiction.localeCompare(b.jurisdiction));
  const lastN = 3;
  const decline = await declineTable(ctx, LOCAL_OPERATOR, { asOf: period.code, lastN, jurisdiction: scope.code });
  const rows = decline.rows.filter((r) => r.jurisdiction === scope.code);
  return {
    status: districts.some((d) => d.score !== null) || rows.length > 0 ? "available" : "no-data",
    source: SOURCE_NAMES.index,
    methodVersion: index.method.version,
    normalisation: index.method.normalisation,
    simulated: index.simulated || rows.some((r) => r.simulated),
    districts,
    decline: rows.map((r) => ({
      indicatorNameZh: r.indicatorNameZh,
      jurisdiction: r.jurisdiction,
      improvedCount: r.improvedCount,
      continuous: r.continuous,
      simulated: r.simulated,
      verdict: r.trend.verdict,
    })),
    lastN,
  };
}

async function warningsPart(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriodRange,
  audience: ReportAudience,
): Promise<WarningsPart> {
  const caller = { username: "report", actor: null };
  const siteCodes = new Set(scope.sites.map((s) => s.code));
  const alerts = (await listAlerts(ctx, caller, { from: period.from }, { limit: 100_000 })).items
    .filter((a) => siteCodes.has(a.site) && a.date <= period.to)
    .sort((a, b) => a.date.localeCompare(b.date) || a.site.localeCompare(b.site) || a.analyte.localeCompare(b.analyte))
    .map((a) => ({
      date: a.date,
      site: a.site,
      siteName: a.siteName,
      analyte: a.analyte,
      level: a.level,
      status: a.status,
      simulated: a.simulated,
    }));
  const unitCodes = new Set([scope.code, ...scope.districts.map((u) => u.code)]);
  const showTitles = audience === "person-access";
  const leads = (await listLeads(ctx, caller, {}, { limit: 100_000 })).items
    .filter(
      (l) =>
        unitCodes.has(l.orgUnit) && l.createdAt.slice(0, 10) >= period.from && l.createdAt.slice(0, 10) <= period.to,
    )
    .map((l) => ({
      status: l.status,
      level: l.level,
      orgUnit: l.orgUnit,
      orgUnitName: l.orgUnitName,
      title: showTitles ? l.title : null,
    }))
    .sort(
      (a, b) =>
        a.orgUnit.localeCompare(b.orgUnit) ||
        a.status.localeCompare(b.status) ||
        (a.title ?? "").localeCompare(b.title ?? ""),
    );
  return {
    status: alerts.length + leads.length > 0 ? "available" : "no-data",
    source: SOURCE_NAMES.warnings,
    alerts,
    leads,
    leadTitlesShown: showTitles,
  };
}

export async function collectOtherSources(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriodRange,
  audience: ReportAudience,
): Promise<OtherSources> {
  if (scope.kind !== "jurisdiction") {
    const na = (source: string): NotApplicable => ({ status: "not-applicable", source });
    return {
      hair: na(SOURCE_NAMES.hair),
      users: na(SOURCE_NAMES.users),
      cases: na(SOURCE_NAMES.cases),
      index: na(SOURCE_NAMES.index),
      warnings: na(SOURCE_NAMES.warnings),
      versions: {},
    };
  }
  const k = kOf(audience);
  const index = await indexPart(ctx, scope, period);
  return {
    hair: await hairPart(ctx, scope, period, k),
    users: await indicatorPart(ctx, scope, period, USER_INDICATORS, SOURCE_NAMES.users, k),
    cases: await indicatorPart(ctx, scope, period, CASE_INDICATORS, SOURCE_NAMES.cases, k),
    index,
    warnings: await warningsPart(ctx, scope, period, audience),
    versions: {
      indicators: INDICATOR_SET_VERSION,
      ...(index.methodVersion ? { situationIndex: index.methodVersion } : {}),
    },
  };
}
