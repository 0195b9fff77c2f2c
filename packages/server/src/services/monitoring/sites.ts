/** Sites: list (cursor by code), get by code. */
import type { Site } from "@tracewater/contract";
import type { AppContext } from "../context.js";
import { NotFoundError } from "../errors.js";
import { clampLimit, decodeCursor, encodeCursor } from "../pagination.js";

export interface SiteDbRow {
  code: string;
  name: string;
  kind: string;
  population_served: number | null;
  lon: number | null;
  lat: number | null;
  jurisdiction_code: string | null;
  downstream_code: string | null;
  source: string;
  country: string | null;
  city: string | null;
}

export const SITE_SELECT = `SELECT s.code, s.name, s.kind, s.population_served, s.lon, s.lat, s.jurisdiction_code,
  d.code AS downstream_code, s.source, s.country, s.city
  FROM site s LEFT JOIN site d ON d.id = s.downstream_site_id`;

/**
 * The sites a caller may see (issue #3, SEC-05): sites whose `jurisdiction_code` is one of `jurisdictionCodes`
 * (the caller's jurisdiction subtrees, resolved by the access policy), plus every site without a jurisdiction
 * (public reference data such as the EUDA sites). `undefined` = no restriction (CLI at the server console).
 */
export interface SiteScope {
  jurisdictionCodes: readonly string[];
}

/** The SQL parameter of a {@link SiteScope} (null = unrestricted). */
export function siteScopeParam(scope: SiteScope | undefined): string[] | null {
  return scope ? [...scope.jurisdictionCodes] : null;
}

/** SQL predicate: site alias `alias` is within the scope passed as parameter `$n` (see {@link siteScopeParam}). */
export function siteInScopeSql(alias: string, n: number): string {
  return `($${n}::text[] IS NULL OR ${alias}.jurisdiction_code IS NULL OR ${alias}.jurisdiction_code = ANY($${n}::text[]))`;
}

export function toSite(r: SiteDbRow): Site {
  return {
    code: r.code,
    name: r.name,
    kind: r.kind as Site["kind"],
    populationServed: r.population_served,
    lon: r.lon,
    lat: r.lat,
    jurisdictionCode: r.jurisdiction_code,
    downstreamSite: r.downstream_code,
    source: r.source,
    country: r.country,
    city: r.city,
  };
}

/** Sites ordered by code; `source` filters by data source (e.g. `euda-2025`). */
export async function listSites(
  ctx: AppContext,
  options: { source?: string; cursor?: string; limit?: number; scope?: SiteScope } = {},
): Promise<{ items: Site[]; nextCursor: string | null }> {
  const limit = clampLimit(options.limit);
  const after = decodeCursor(options.cursor, 1);
  const res = await ctx.database.raw.query<SiteDbRow>(
    `${SITE_SELECT} WHERE ($1::text IS NULL OR s.source = $1) AND ($2::text IS NULL OR s.code > $2) AND ${siteInScopeSql("s", 4)}
     ORDER BY s.code LIMIT $3`,
    [options.source ?? null, after?.[0] ?? null, limit + 1, siteScopeParam(options.scope)],
  );
  const rows = res.rows.slice(0, limit);
  const last = rows.at(-1);
  return { items: rows.map(toSite), nextCursor: res.rows.length > limit && last ? encodeCursor([last.code]) : null };
}

/** All sites (no paging), ordered by code. */
export async function allSites(ctx: AppContext, source?: string): Promise<Site[]> {
  const res = await ctx.database.raw.query<SiteDbRow>(`${SITE_SELECT} WHERE ($1::text IS NULL OR s.source = $1) ORDER BY s.code`, [
    source ?? null,
  ]);
  return res.rows.map(toSite);
}

/** @throws NotFoundError when no site has this code */
export async function getSite(ctx: AppContext, code: string): Promise<Site> {
  const res = await ctx.database.raw.query<SiteDbRow>(`${SITE_SELECT} WHERE s.code = $1`, [code]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`unknown site code: ${code}`, "site");
  return toSite(row);
}

/** Internal: id of a site by code. @throws NotFoundError */
export async function siteIdOf(ctx: AppContext, code: string): Promise<string> {
  const res = await ctx.database.raw.query<{ id: string }>("SELECT id FROM site WHERE code = $1", [code]);
  const row = res.rows[0];
  if (!row) throw new NotFoundError(`unknown site code: ${code}`, "site");
  return row.id;
}
