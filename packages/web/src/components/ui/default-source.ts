/**
 * The data source the overview, map and trends open on when the user has not chosen one (pure; SourceContext).
 *
 * Rule: a user with a jurisdiction opens on the source that holds the most sites inside that jurisdiction — real
 * (non-simulated) sources before simulated ones — so a 长治市 analyst (140400) opens on the 长治 sites (in the
 * bundled installation the simulated `changzhi-demo`, in a real one the laboratory source of the city) instead of
 * the European EUDA data. Everyone else, and a user whose jurisdiction holds no site, keeps the general default:
 * the first non-simulated source with sites, else the first source.
 */
import type { DataSource, Site } from "../../api/types.js";

/**
 * The code prefix shared by everything inside an administrative division (GB/T 2260 six-digit codes: 2 digits
 * province, 2 city, 2 county): trailing "00" pairs are dropped, so 140000 → "14", 140400 → "1404",
 * 140406 → "140406". Codes of another length (townships, grids) are their own prefix.
 */
export function jurisdictionPrefix(code: string): string {
  if (!/^\d{6}$/.test(code)) return code;
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/** Whether `siteCode` (a site's jurisdiction code) lies inside the division `userCode` (same code or below it). */
export function inJurisdiction(siteCode: string, userCode: string): boolean {
  return siteCode.startsWith(jurisdictionPrefix(userCode));
}

/**
 * The default source code for a user, or undefined when there is no source.
 * @param sources `GET /sources` (code, simulated flag, site count)
 * @param jurisdictionCode `Me.jurisdictionCode` (null for administrators)
 * @param sites the sites the user may list (`GET /sites`, all pages; only `source` and `jurisdictionCode` are read);
 *   undefined when unknown — then the general default is returned
 */
export function defaultSourceFor(
  sources: readonly DataSource[],
  jurisdictionCode: string | null | undefined,
  sites: readonly Pick<Site, "source" | "jurisdictionCode">[] | undefined,
): string | undefined {
  const general = (sources.find((s) => !s.simulated && s.sites > 0) ?? sources[0])?.code;
  if (!jurisdictionCode || !sites) return general;
  const local = new Map<string, number>();
  for (const site of sites) {
    if (site.jurisdictionCode && inJurisdiction(site.jurisdictionCode, jurisdictionCode))
      local.set(site.source, (local.get(site.source) ?? 0) + 1);
  }
  const ranked = sources
    .filter((s) => (local.get(s.code) ?? 0) > 0)
    .sort(
      (a, b) =>
        Number(a.simulated) - Number(b.simulated) ||
        (local.get(b.code) ?? 0) - (local.get(a.code) ?? 0) ||
        a.code.localeCompare(b.code),
    );
  return ranked[0]?.code ?? general;
}
