/**
 * Shapes produced by the import parser (see `index.ts` for the API overview).
 * The parser never touches storage: it turns file bytes into records plus a list of every error.
 */
import type { Detection, ImportError, ImportFormat, SiteKind } from "@tracewater/contract";

export type { Detection, ImportError, ImportFormat, SiteKind };

/** A concrete layout (never `auto`). */
export type ResolvedFormat = Exclude<ImportFormat, "auto">;

/** Which table of a layout a sheet/file holds (several formats have more than one table). */
export type TableKind =
  | "euda-all-data"
  | "euda-sites"
  | "lab-long"
  | "lab-wide"
  | "sites"
  | "odm-sites"
  | "odm-samples"
  | "odm-measures";

/** `day`: a real collection day. `nominal-week`: a date assigned by rule (EUDA gives only year + weekday). */
export type DatePrecision = "day" | "nominal-week";

/** One site (sampling point) read from a site registry, an EUDA site table or an ODM `sites` table. */
export interface ParsedSite {
  code: string;
  name: string;
  kind: SiteKind;
  jurisdictionCode: string | null;
  /** WGS-84 degrees, −180..180 */
  lon: number | null;
  /** WGS-84 degrees, −90..90 */
  lat: number | null;
  /** persons (converted from 万人 etc.) */
  populationServed: number | null;
  /** code of the next site downstream in the sewer tree (checked against the registry by the storage side) */
  downstreamSite: string | null;
  /** sewer travel time from this site to `downstreamSite`, hours (> 0); absent/null when not given */
  travelTimeHours?: number | null;
  country: string | null;
  city: string | null;
  /** data source label, e.g. `euda-2025`, `lab`, `registry`, `odm` */
  source: string;
  file: string;
  sheet: string | null;
  /** 1-based row as the user sees it (header = 1) */
  row: number;
}

/** One measured (or censored, or not-analysed) value for site × date × analyte. */
export interface ParsedMeasurement {
  siteCode: string;
  /** local calendar date `YYYY-MM-DD` */
  sampleDate: string;
  datePrecision: DatePrecision;
  /** analyte code from `@tracewater/core` (`methamphetamine`, `benzoylecgonine`, `thc-cooh`…) */
  analyte: string;
  /** `concentration` → valueCanonical in ng/L; `pnl` → mg/day/1000 inh (EUDA, not excretion-corrected) */
  quantity: "concentration" | "pnl";
  /** the cell text as written in the file (e.g. `12.5`, `<0.5`, `未检出`) */
  valueReported: string | null;
  /** the unit as written (unit column or the unit in the header); EUDA: `mg/day/1000 inh` */
  unitReported: string | null;
  /** ng/L (concentration) or mg/day/1000 inh (pnl); null when censored without a number or not analysed */
  valueCanonical: number | null;
  detection: Detection;
  lodNgPerL: number | null;
  loqNgPerL: number | null;
  flowM3PerDay: number | null;
  /** persons */
  populationServed: number | null;
  file: string;
  sheet: string | null;
  row: number;
  /** header of the column the value came from (wide/EUDA layouts: the analyte/day column) */
  column: string | null;
}

/**
 * A data row the parser rejected (bad value, date, unit…) that names a site code. The storage side checks the code
 * against the site registry, so an unknown site is reported together with the row's other errors.
 */
export interface RejectedRowSite {
  siteCode: string;
  file: string;
  sheet: string | null;
  row: number;
  /** header of the site-code column as written */
  column: string;
}

/** One table read from a file (a CSV, or one sheet of a workbook). */
export interface TableInfo {
  file: string;
  sheet: string | null;
  table: TableKind;
  /** data rows read (non-empty rows below the header) */
  rows: number;
}

export interface ParseResult {
  /** file name (several joined by `, ` for multi-file ODM imports) */
  file: string;
  /** null only when the layout could not be determined (the errors say why) */
  format: ResolvedFormat | null;
  /** `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be` or `xlsx` */
  encoding: string;
  /** data rows read over all tables */
  rows: number;
  sites: ParsedSite[];
  measurements: ParsedMeasurement[];
  /** every error found; a non-empty list means the storage side must import nothing */
  errors: ImportError[];
  /** site codes of the rows rejected by the parser (checked against the registry by the storage side) */
  rejectedRowSites: RejectedRowSite[];
  tables: TableInfo[];
}

/** A file given by path or by name + bytes (HTTP upload). */
export type FileInput = string | { name: string; bytes: Uint8Array };

export interface ParseOptions {
  /** layout; default `auto` (detected from the headers) */
  format?: ImportFormat;
  /** XLSX: read this sheet (case-insensitive) instead of the first one (ignored for ODM workbooks) */
  sheet?: string;
  /** override the `source` label of parsed sites */
  source?: string;
  /** IANA zone used to turn ODM timestamps with an offset into local dates; default `Asia/Shanghai` */
  timeZone?: string;
}

/** A cell as read from CSV (string) or XLSX (number/Date/boolean/string). */
export type Cell = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based row number as the user sees it */
  row: number;
  cells: Cell[];
}
