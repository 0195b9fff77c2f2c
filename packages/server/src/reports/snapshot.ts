/**
 * The data snapshot of a report: every number the document shows, as JSON, with its SHA-256 over the canonical
 * JSON (RFC 8785, `canonicalize`). An issued report is archived with it; the document is a pure function of the
 * snapshot, the template version and the analyst's text (`buildDocument`).
 */
import { createHash } from "node:crypto";
import type { ReportAudience } from "@tracewater/contract";
import canonicalize from "canonicalize";
import type { AppContext } from "../services/context.js";
import { collectOtherSources, type OtherSources } from "./data/other-sources.js";
import { collectWastewater, type WastewaterData } from "./data/wastewater.js";
import { parsePeriod, previousYearPeriod, type ReportPeriodRange } from "./period.js";
import { type ReportScope, resolveScope } from "./scope.js";

/** Version of the report template (section layout and sentences); bump when the text a snapshot gives changes. */
export const TEMPLATE_VERSION = "report-template/1";

export interface ReportSnapshot {
  templateVersion: string;
  scope: {
    code: string;
    name: string;
    kind: ReportScope["kind"];
    jurisdictionPath: string | null;
    geo: string | null;
    sites: { code: string; name: string; populationServed: number | null; city: string | null }[];
    units: { code: string; name: string; sites: number }[];
    /** child jurisdictions (districts) of a jurisdiction scope */
    districts: { code: string; name: string }[];
  };
  period: ReportPeriodRange;
  previousPeriod: ReportPeriodRange;
  audience: ReportAudience;
  parameterSetVersion: string;
  wastewater: WastewaterData;
  other: OtherSources;
}

export interface SnapshotRequest {
  jurisdiction: string;
  period: string;
  audience: ReportAudience;
}

/**
 * Collects the snapshot by calling the services.
 * @throws InvalidInputError (period), NotFoundError (jurisdiction)
 */
export async function collectSnapshot(ctx: AppContext, request: SnapshotRequest): Promise<ReportSnapshot> {
  const period = parsePeriod(request.period);
  const scope = await resolveScope(ctx, request.jurisdiction);
  const wastewater = await collectWastewater(ctx, scope, period);
  const other = await collectOtherSources(ctx, scope, period, request.audience);
  return {
    templateVersion: TEMPLATE_VERSION,
    scope: {
      code: scope.code,
      name: scope.name,
      kind: scope.kind,
      jurisdictionPath: scope.jurisdictionPath,
      geo: scope.geo,
      sites: scope.sites.map((s) => ({
        code: s.code,
        name: s.name,
        populationServed: s.populationServed,
        city: s.city,
      })),
      units: scope.units.map((u) => ({ code: u.code, name: u.name, sites: u.siteCodes.length })),
      districts: scope.districts,
    },
    period,
    previousPeriod: previousYearPeriod(period),
    audience: request.audience,
    parameterSetVersion: ctx.parameterSet.version,
    wastewater,
    other,
  };
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export function sha256OfJson(value: unknown): string {
  return createHash("sha256")
    .update(canonicalize(value) ?? "null", "utf8")
    .digest("hex");
}

/** The versions a report depends on (stored with it). */
export function parameterVersionsOf(snapshot: ReportSnapshot): Record<string, string> {
  return {
    template: snapshot.templateVersion,
    wbeParameterSet: snapshot.parameterSetVersion,
    ...snapshot.other.versions,
  };
}
