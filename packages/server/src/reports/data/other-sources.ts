/**
 * The report sections fed by sources other than wastewater: hair testing, drug users, cases and seizures, the
 * composite district index, warnings and leads. Each part is `{ status: "missing" }` while the platform has no
 * service for it — the document then says the section has no data source yet and shows no numbers.
 * EUDA scopes never have these sources (wastewater sections only).
 */
import type { ReportAudience } from "@tracewater/contract";
import type { AppContext } from "../../services/context.js";
import type { ReportPeriodRange } from "../period.js";
import type { ReportScope } from "../scope.js";

/** A part without a data source in the platform (yet), or one that does not apply to the scope (EUDA). */
export interface MissingSource {
  status: "missing" | "not-applicable";
  /** what would feed the part (shown in the note) */
  source: string;
}

export interface OtherSources {
  hair: MissingSource;
  users: MissingSource;
  cases: MissingSource;
  index: MissingSource;
  warnings: MissingSource;
  /** versions of the parameter sets these parts used (cut-off sets, index method…) */
  versions: Record<string, string>;
}

/** What each part needs, in the words the report uses. */
export const SOURCE_NAMES = {
  hair: "毛发检测结果（人员检测与人群筛查）",
  users: "吸毒人员指标（现有、新发现、复吸、戒断三年未复吸）",
  cases: "案件、嫌疑人与毒品缴获指标",
  index: "毒情综合指数（指标标准化与权重）",
  warnings: "预警与线索记录",
} as const;

export async function collectOtherSources(
  _ctx: AppContext,
  scope: ReportScope,
  _period: ReportPeriodRange,
  _audience: ReportAudience,
): Promise<OtherSources> {
  const status: MissingSource["status"] = scope.kind === "jurisdiction" ? "missing" : "not-applicable";
  return {
    hair: { status, source: SOURCE_NAMES.hair },
    users: { status, source: SOURCE_NAMES.users },
    cases: { status, source: SOURCE_NAMES.cases },
    index: { status, source: SOURCE_NAMES.index },
    warnings: { status, source: SOURCE_NAMES.warnings },
    versions: {},
  };
}
