/**
 * Layout detection from a table's headers (and, for workbooks, sheet names).
 *
 * Order of the checks (first match wins):
 *  1. EUDA all-data: `Metabolite`, `Site ID`, `Wednesday` … `Tuesday`;
 *  2. EUDA sites: `SiteID`, `Location`, `Latitude`, `Longitude`, `Population`;
 *  3. ODM measures: `sampleID`, `measure` (or `type`), `value`, `unit`;
 *     ODM samples: `sampleID`, `siteID` and a date (`dateTimeStart`/`dateTimeEnd`/`dateTime`);
 *     ODM sites: `siteID` and one of `popServ`, `geoLat`, `geoLong`;
 *  4. lab long: site code, sample date, analyte and concentration columns (headers.ts synonyms);
 *  5. lab wide: site code, sample date and at least one column named after an analyte;
 *  6. site registry: site code and kind (or name + longitude/latitude), no sample date.
 */
import { headerKey, mapLabHeaders } from "./headers.js";
import { wideAnalyteColumns } from "./formats/lab-wide.js";
import type { ResolvedFormat, TableKind } from "./types.js";

export const TABLE_FORMAT: Readonly<Record<TableKind, ResolvedFormat>> = {
  "euda-all-data": "euda",
  "euda-sites": "euda",
  "lab-long": "lab-long",
  "lab-wide": "lab-wide",
  sites: "sites",
  "odm-sites": "odm",
  "odm-samples": "odm",
  "odm-measures": "odm",
};

/** Sheet names of an ODM workbook (case-insensitive) → table. */
export const ODM_SHEET_NAMES: Readonly<Record<string, TableKind>> = {
  sites: "odm-sites",
  samples: "odm-samples",
  measures: "odm-measures",
};

export const UNKNOWN_FORMAT_MESSAGE =
  "unknown format: the headers match none of the supported layouts; expected EUDA all-data (Year, Metabolite, Site ID, Wednesday…Tuesday), " +
  "EUDA sites (SiteID, Location, Latitude, Longitude, Population), PHES-ODM sites/samples/measures (siteID, sampleID, measure, value, unit…), " +
  "lab long (site_code, sample_date, analyte, concentration, unit), lab wide (site_code, sample_date, one column per analyte) " +
  "or site registry (site_code, name, kind…) — see docs/import-formats.md, or pass --format";

/** Which table a header row belongs to, or null when none matches. */
export function detectTableKind(headers: readonly string[]): TableKind | null {
  const keys = new Set(headers.map(headerKey));
  const has = (...names: string[]) => names.every((n) => keys.has(headerKey(n)));
  const any = (...names: string[]) => names.some((n) => keys.has(headerKey(n)));
  if (has("Metabolite", "Site ID", "Wednesday", "Tuesday")) return "euda-all-data";
  if (has("SiteID", "Location", "Latitude", "Longitude", "Population")) return "euda-sites";
  // ODM names are matched case-sensitively enough via camelCase keys: sampleid, siteid, popserv, geolat
  if (has("sampleID", "value", "unit") && any("measure", "type")) return "odm-measures";
  if (has("sampleID", "siteID") && any("dateTimeStart", "dateTimeEnd", "dateTime", "collDTStart")) return "odm-samples";
  if (has("siteID") && any("popServ", "geoLat", "geoLong")) return "odm-sites";
  const { fields } = mapLabHeaders(headers);
  if (fields.site_code && fields.sample_date && fields.analyte && fields.concentration) return "lab-long";
  if (fields.site_code && fields.sample_date && wideAnalyteColumns(headers).columns.length > 0) return "lab-wide";
  if (fields.site_code && !fields.sample_date && (fields.kind || (fields.name && (fields.longitude || fields.latitude)))) return "sites";
  return null;
}

/** The table kind to use for a table when the user forces a format (null: the headers fit no table of it). */
export function tableKindForFormat(format: ResolvedFormat, headers: readonly string[], sheet: string | null): TableKind | null {
  const detected = detectTableKind(headers);
  switch (format) {
    case "lab-long":
    case "lab-wide":
    case "sites":
      return format;
    case "euda":
      return detected === "euda-sites" ? "euda-sites" : "euda-all-data";
    case "odm": {
      if (detected && TABLE_FORMAT[detected] === "odm") return detected;
      const bySheet = sheet ? ODM_SHEET_NAMES[sheet.trim().toLowerCase()] : undefined;
      return bySheet ?? null;
    }
  }
}
