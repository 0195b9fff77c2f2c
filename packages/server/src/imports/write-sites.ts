/**
 * Site part of the import write side: inserts the sites a file defines and updates changed attributes
 * of known ones (sites are registry data; measurements are the data that are never overwritten).
 */
import { importIssue, type ImportError } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { ParsedSite } from "./parse/types.js";
import type { SqlClient } from "../storage/open-database.js";

export interface SiteRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  jurisdiction_code: string | null;
  lon: number | null;
  lat: number | null;
  population_served: number | null;
  downstream_site_id: string | null;
  travel_time_to_downstream_hours: number | null;
  source: string;
  country: string | null;
  city: string | null;
}

export interface WriteSitesResult {
  /** sites inserted or with changed attributes */
  written: number;
  /** site ids whose population changed (their cached statistics must be refreshed) */
  populationChanged: string[];
  errors: ImportError[];
}

const SITE_COLUMNS = [
  "name",
  "kind",
  "jurisdiction_code",
  "lon",
  "lat",
  "population_served",
  "source",
  "country",
  "city",
] as const;

function desired(p: ParsedSite): Record<(typeof SITE_COLUMNS)[number], unknown> {
  return {
    name: p.name,
    kind: p.kind,
    jurisdiction_code: p.jurisdictionCode,
    lon: p.lon,
    lat: p.lat,
    population_served: p.populationServed,
    source: p.source,
    country: p.country,
    city: p.city,
  };
}

/**
 * Upserts the file's sites (last definition of a code wins inside a file — duplicates are a parser error).
 * Downstream codes are resolved against the registry and the file; unknown ones are errors. The link's travel
 * time (hours) is written with the downstream link (column `travel_time_to_downstream_hours`).
 */
export async function writeSites(
  tx: SqlClient,
  sites: ParsedSite[],
  batchId: string | null,
  now: Date,
): Promise<WriteSitesResult> {
  const errors: ImportError[] = [];
  if (sites.length === 0) return { written: 0, populationChanged: [], errors };
  const codes = [...new Set(sites.map((s) => s.code))];
  const existing = await tx.query<SiteRow>("SELECT * FROM site WHERE code = ANY($1::text[])", [codes]);
  const byCode = new Map(existing.rows.map((r) => [r.code, r]));
  const writtenCodes = new Set<string>();
  const populationChanged: string[] = [];
  const ids = new Map<string, string>();
  for (const p of sites) {
    const want = desired(p);
    const cur = byCode.get(p.code);
    if (!cur) {
      const id = uuidv7();
      await tx.query(
        `INSERT INTO site (id, code, name, kind, jurisdiction_code, lon, lat, population_served, source, country, city, import_batch_id, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
        [id, p.code, p.name, p.kind, p.jurisdictionCode, p.lon, p.lat, p.populationServed, p.source, p.country, p.city, batchId, now],
      );
      byCode.set(p.code, { ...(want as unknown as SiteRow), id, code: p.code, downstream_site_id: null, travel_time_to_downstream_hours: null });
      ids.set(p.code, id);
      writtenCodes.add(p.code);
      continue;
    }
    ids.set(p.code, cur.id);
    const changed = SITE_COLUMNS.filter((c) => (want[c] ?? null) !== ((cur as unknown as Record<string, unknown>)[c] ?? null));
    if (changed.length > 0) {
      const sets = changed.map((c, i) => `${c} = $${i + 2}`).join(", ");
      await tx.query(`UPDATE site SET ${sets} WHERE id = $1`, [cur.id, ...changed.map((c) => want[c])]);
      if (changed.includes("population_served")) populationChanged.push(cur.id);
      writtenCodes.add(p.code);
    }
  }
  // downstream links (second pass: a file may define the downstream site after the upstream one)
  const downstreamCodes = [...new Set(sites.map((s) => s.downstreamSite).filter((c): c is string => !!c))];
  if (downstreamCodes.length > 0) {
    const known = await tx.query<{ id: string; code: string }>("SELECT id, code FROM site WHERE code = ANY($1::text[])", [downstreamCodes]);
    for (const r of known.rows) ids.set(r.code, r.id);
  }
  for (const p of sites) {
    const cur = byCode.get(p.code);
    const wantId = p.downstreamSite ? ids.get(p.downstreamSite) : null;
    if (p.downstreamSite && !wantId) {
      errors.push({
        file: p.file,
        sheet: p.sheet,
        row: p.row,
        column: "downstream_site",
        value: p.downstreamSite,
        message: "unknown downstream site code; define it in a site registry file or in the same file",
        ...importIssue("unknown-downstream-site", {}),
      });
      continue;
    }
    if (p.downstreamSite === p.code) {
      errors.push({ file: p.file, sheet: p.sheet, row: p.row, column: "downstream_site", value: p.downstreamSite, message: "a site cannot be downstream of itself", ...importIssue("downstream-self-registered", {}) });
      continue;
    }
    const wantHours = wantId ? (p.travelTimeHours ?? null) : null;
    if (
      (cur?.downstream_site_id ?? null) !== (wantId ?? null) ||
      (cur?.travel_time_to_downstream_hours ?? null) !== wantHours
    ) {
      await tx.query("UPDATE site SET downstream_site_id = $2, travel_time_to_downstream_hours = $3 WHERE code = $1", [
        p.code,
        wantId ?? null,
        wantHours,
      ]);
      writtenCodes.add(p.code);
    }
  }
  return { written: writtenCodes.size, populationChanged, errors };
}
