/**
 * The continuous-decline table (五个持续下降 and any configured set) for the viewer's jurisdictions: core
 * `declineRow` (YoY changes, improvement per period, Mann-Kendall) on the indicator series up to `asOf`.
 * The series fed to the trend test covers `asOf` and the 4 years before it (so monthly tables test 60 points).
 */

import type { DeclineResponse, DeclineRowOut } from "@tracewater/contract";
import { declineRow, FIVE_DECLINES, formatPeriod, parsePeriod, shiftPeriod } from "@tracewater/core";
import type { AppContext } from "../context.js";
import { InvalidInputError } from "../errors.js";
import {
  getIndicatorDefinition,
  indicatorCells,
  periodRange,
  scopedJurisdictions,
  suppressCount,
} from "./indicators.js";
import { suppressionK, type Viewer } from "./viewer.js";

export interface DeclineQuery {
  /** last period of the table: `2025`, `2025Q4`, `2025-12` */
  asOf: string;
  /** number of periods (default 3) */
  lastN?: number;
  /** indicator codes (default {@link FIVE_DECLINES}) */
  indicators?: readonly string[];
  /** one jurisdiction (default: the city and counties in the viewer's scope) */
  jurisdiction?: string;
}

const HISTORY_YEARS = 4;

/**
 * @throws InvalidInputError (period, lastN, jurisdiction), NotFoundError (indicator), PermissionDeniedError
 */
export async function declineTable(ctx: AppContext, viewer: Viewer, q: DeclineQuery): Promise<DeclineResponse> {
  let asOf: ReturnType<typeof parsePeriod>;
  try {
    asOf = parsePeriod(q.asOf);
  } catch (e) {
    throw new InvalidInputError((e as Error).message);
  }
  const lastN = q.lastN ?? 3;
  if (!Number.isInteger(lastN) || lastN < 1 || lastN > 24) throw new InvalidInputError("lastN must be an integer 1–24");
  const codes = q.indicators && q.indicators.length > 0 ? [...q.indicators] : [...FIVE_DECLINES];
  const { codes: jurisdictions, names } = await scopedJurisdictions(ctx, viewer, q.jurisdiction);
  const perYear = asOf.kind === "year" ? 1 : asOf.kind === "quarter" ? 4 : 12;
  const first = shiftPeriod(asOf, -(HISTORY_YEARS * perYear + lastN - 1));
  const periods = periodRange(formatPeriod(first), formatPeriod(asOf));
  const k = suppressionK(viewer);
  const rows: DeclineRowOut[] = [];
  for (const code of codes) {
    const def = await getIndicatorDefinition(ctx, code);
    const cells = await indicatorCells(ctx, def, jurisdictions, periods);
    for (const j of jurisdictions) {
      const points = periods.map((p) => ({ period: p, value: cells.get(`${j}|${p}`)?.value ?? null }));
      const r = declineRow(
        { indicatorCode: code, direction: def.direction, jurisdictionCode: j, points },
        { lastN, asOf: formatPeriod(asOf) },
      );
      let suppressed = false;
      const shown = r.periods.map((p) => {
        const v = suppressCount(def, p.value, k);
        const ly = suppressCount(def, p.lastYearValue, k);
        if (!v.suppressed && !ly.suppressed) return p;
        suppressed = true;
        return { ...p, value: v.value, lastYearValue: ly.value, yoyChange: null, yoyChangePct: null };
      });
      rows.push({
        indicator: code,
        indicatorNameZh: def.nameZh,
        indicatorNameEn: def.nameEn,
        unit: def.unit,
        jurisdiction: j,
        jurisdictionNameZh: names.get(j) ?? null,
        direction: def.direction,
        periods: shown,
        improvedCount: r.improvedCount,
        continuous: r.continuous,
        trend: r.trend,
        simulated: periods.some((p) => cells.get(`${j}|${p}`)?.simulated ?? false),
        suppressed,
      });
    }
  }
  return { asOf: formatPeriod(asOf), periodKind: asOf.kind, lastN, indicators: codes, rows };
}
