/**
 * What a report's jurisdiction code covers: the sampling sites whose loads are aggregated and the units the
 * district comparison ranks.
 *
 * - a jurisdiction of the tree (长治市 `140400`, a county such as `140403`): the sites whose jurisdiction lies in
 *   its subtree; comparison units = its child jurisdictions that have sites (or the sites themselves for a leaf);
 * - an EUDA site code (`AT001`): that city's plant; comparison units = the EUDA sites of the same country;
 * - an EUDA country code (`BE`): the country's EUDA sites; comparison units = those sites.
 *
 * Only treatment-plant influent sites (`wwtp_influent`) are aggregated: sub-catchment sites drain into a plant
 * and would count the same people twice.
 */
import type { Site } from "@tracewater/contract";
import type { AppContext } from "../services/context.js";
import { NotFoundError } from "../services/errors.js";
import { allSites } from "../services/monitoring/sites.js";
import { listJurisdictions } from "../services/security/jurisdictions.js";

export type ScopeKind = "jurisdiction" | "euda-site" | "euda-country";

export interface ComparisonUnit {
  code: string;
  name: string;
  siteCodes: string[];
}

export interface ReportScope {
  code: string;
  name: string;
  kind: ScopeKind;
  /** the jurisdiction path (`140400/140403`) for policy checks; null for EUDA scopes */
  jurisdictionPath: string | null;
  /** plant sites aggregated for the scope, ordered by code */
  sites: Site[];
  /** plant sites of the comparison units (a superset of `sites` for an EUDA site scope) */
  comparisonSites: Site[];
  units: ComparisonUnit[];
  /** the child jurisdictions (districts) of a jurisdiction scope, with or without sites; [] for EUDA scopes */
  districts: { code: string; name: string }[];
  /** bundled boundary file (`data/geo/<geo>.geojson`) whose region names are the unit names, when there is one */
  geo: string | null;
}

const GEO_BY_JURISDICTION: Readonly<Record<string, string>> = { "140400": "changzhi-140400" };

function isPlant(s: Site): boolean {
  return s.kind === "wwtp_influent";
}

function isEuda(s: Site): boolean {
  return s.source.startsWith("euda");
}

function eudaName(s: Site): string {
  return `${s.city ?? s.name}（${s.code}）`;
}

/** @throws NotFoundError when the code is neither a jurisdiction, an EUDA site nor an EUDA country with sites */
export async function resolveScope(ctx: AppContext, code: string): Promise<ReportScope> {
  const sites = await allSites(ctx);
  const jurisdictions = await listJurisdictions(ctx);
  const j = jurisdictions.find((x) => x.code === code);
  if (j) {
    const pathOf = new Map(jurisdictions.map((x) => [x.code, x.path]));
    const inSubtree = (p: string | undefined, root: string) =>
      p !== undefined && (p === root || p.startsWith(`${root}/`));
    const scoped = sites.filter(
      (s) => isPlant(s) && s.jurisdictionCode !== null && inSubtree(pathOf.get(s.jurisdictionCode), j.path),
    );
    const children = jurisdictions.filter((x) => x.parentCode === j.code);
    let units: ComparisonUnit[] = children
      .map((c) => ({
        code: c.code,
        name: c.nameZh,
        siteCodes: scoped.filter((s) => inSubtree(pathOf.get(s.jurisdictionCode as string), c.path)).map((s) => s.code),
      }))
      .filter((u) => u.siteCodes.length > 0);
    if (units.length === 0) units = scoped.map((s) => ({ code: s.code, name: s.name, siteCodes: [s.code] }));
    return {
      code,
      name: j.nameZh,
      kind: "jurisdiction",
      jurisdictionPath: j.path,
      sites: scoped,
      comparisonSites: scoped,
      units,
      districts: children.map((c) => ({ code: c.code, name: c.nameZh })),
      geo: GEO_BY_JURISDICTION[code] && children.length > 0 ? (GEO_BY_JURISDICTION[code] as string) : null,
    };
  }
  const site = sites.find((s) => s.code === code && isEuda(s));
  if (site) {
    const peers = sites.filter((s) => isEuda(s) && isPlant(s) && s.country === site.country);
    return {
      code,
      name: eudaName(site),
      kind: "euda-site",
      jurisdictionPath: null,
      sites: [site],
      comparisonSites: peers,
      units: peers.map((s) => ({ code: s.code, name: eudaName(s), siteCodes: [s.code] })),
      districts: [],
      geo: null,
    };
  }
  const country = sites.filter((s) => isEuda(s) && isPlant(s) && s.country === code);
  if (country.length > 0) {
    return {
      code,
      name: `EUDA ${code}`,
      kind: "euda-country",
      jurisdictionPath: null,
      sites: country,
      comparisonSites: country,
      units: country.map((s) => ({ code: s.code, name: eudaName(s), siteCodes: [s.code] })),
      districts: [],
      geo: null,
    };
  }
  throw new NotFoundError(
    `unknown report jurisdiction "${code}": expected a jurisdiction code (e.g. 140400), an EUDA site code (e.g. AT001) or an EUDA country code (e.g. BE)`,
    "jurisdiction",
  );
}
