/**
 * EUDA/SCORE public CSV layout (data/euda-esdm-2025/PROVENANCE.md).
 *
 * All-data table (`ww2025-all-data.csv`): Year, Metabolite, Site ID, Country, City, Wednesday … Tuesday,
 * Weekday mean, Weekend mean, Daily mean. Each non-empty day cell → one measurement with quantity `pnl`
 * (mg/day/1000 inh of the residue, NOT excretion-corrected). 0 = below LOQ in EUDA files → detection
 * `below_loq`, valueCanonical 0 (kept as reported; the LOQ is unknown). Empty = no sample that day (skipped).
 * The three mean columns are ignored (the statistics reproduce them).
 *
 * Nominal dates: EUDA gives the year and the weekday only, for one sampling week in March. Rule: the Wednesday of
 * ISO-8601 week 11 of that year and the six following days (Wednesday → Tuesday), `datePrecision: nominal-week`.
 * E.g. 2024 → 2024-03-13 (Wed) … 2024-03-19 (Tue).
 *
 * Sites table (`ww2025-site-info-table.csv`): SiteID, Country, City, Location (plant), Latitude, Longitude,
 * Population → sites of kind `wwtp_influent`; name = Location (City when Location is empty).
 */
import { importIssue } from "@tracewater/contract";
import { resolveEudaMetabolite, EUDA_METABOLITES } from "@tracewater/core";
import { addDays, isoWeekMonday } from "../dates.js";
import { mapFixedHeaders, type MappedColumn } from "../headers.js";
import { scaled } from "../measure-value.js";
import { DuplicateTracker, duplicateMessage, makeError, type Sink, type TableHead, type TableProcessor } from "../sink.js";
import type { Cell } from "../types.js";
import { cellText, parseNumber } from "../values.js";
import { readCoordinate } from "./sites.js";

/** Weekday columns in file order and their offset from the nominal Wednesday. */
export const EUDA_DAYS = ["Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday"] as const;

/** ISO week whose Wednesday starts the nominal EUDA sampling week (a week in March). */
export const EUDA_NOMINAL_ISO_WEEK = 11;

/** Unit of EUDA values as written on the EMCDDA source-data page. */
export const EUDA_PNL_UNIT = "mg/day/1000 inh";

/** Nominal date of `day` (0 = Wednesday … 6 = Tuesday) of the EUDA week of `year`. */
export function eudaNominalDate(year: number, day: number): string {
  return addDays(isoWeekMonday(year, EUDA_NOMINAL_ISO_WEEK), 2 + day);
}

const ALL_DATA_COLUMNS = {
  year: ["Year"],
  metabolite: ["Metabolite"],
  site: ["Site ID", "SiteID"],
  country: ["Country"],
  city: ["City"],
  ...Object.fromEntries(EUDA_DAYS.map((d) => [d, [d]])),
} as Record<"year" | "metabolite" | "site" | "country" | "city" | (typeof EUDA_DAYS)[number], string[]>;

const SITE_COLUMNS = {
  site: ["SiteID", "Site ID"],
  country: ["Country"],
  city: ["City"],
  location: ["Location"],
  latitude: ["Latitude"],
  longitude: ["Longitude"],
  population: ["Population"],
};

function requireFixed<K extends string>(head: TableHead, cols: Partial<Record<K, MappedColumn>>, required: readonly K[], names: Record<K, readonly string[]>, sink: Sink): boolean {
  let ok = true;
  for (const k of required) {
    if (!cols[k]) {
      sink.error(makeError(head, head.headerRow, null, null, `missing required column "${names[k][0]}" of the EUDA layout`, importIssue("missing-euda-column", { column: names[k][0] as string })));
      ok = false;
    }
  }
  return ok;
}

const METABOLITE_LIST = Object.keys(EUDA_METABOLITES).filter((k) => k !== "benzoylecgonine").join(", ");
const METABOLITES_EXPECTED = `expected one of ${METABOLITE_LIST}`;

export function eudaAllDataProcessor(head: TableHead, sink: Sink, dups = new DuplicateTracker()): TableProcessor {
  const cols = mapFixedHeaders(head.headers, ALL_DATA_COLUMNS);
  const ok = requireFixed(head, cols, ["year", "metabolite", "site", ...EUDA_DAYS], ALL_DATA_COLUMNS, sink);
  if (!ok) return { processRow() {}, finish() {} };
  return {
    processRow(row: number, cells: readonly Cell[]) {
      let bad = false;
      const yearText = cellText(cells[cols.year!.index]);
      const year = parseNumber(yearText, false);
      if (year === null || !Number.isInteger(year) || year < 1990 || year > 2099) {
        sink.error(makeError(head, row, cols.year!.header, yearText, "expected a year such as 2024", importIssue("bad-year", {})));
        bad = true;
      }
      const metText = cellText(cells[cols.metabolite!.index]);
      const analyte = resolveEudaMetabolite(metText);
      if (!analyte) {
        sink.error(makeError(head, row, cols.metabolite!.header, metText, `unknown EUDA metabolite "${metText}"; ${METABOLITES_EXPECTED}`, importIssue("unknown-euda-metabolite", { metabolite: metText, expected: METABOLITE_LIST })));
        bad = true;
      }
      const site = cellText(cells[cols.site!.index]);
      if (site === "") {
        sink.error(makeError(head, row, cols.site!.header, null, "expected a site code such as AT001", importIssue("missing-euda-site-code", {})));
        bad = true;
      }
      let rejected = bad;
      let written = false;
      EUDA_DAYS.forEach((day, i) => {
        const col = cols[day]!;
        const cell = cells[col.index];
        const text = cellText(cell);
        if (text === "") return;
        const v = parseNumber(cell ?? null, head.decimalComma);
        if (v === null || v < 0) {
          sink.error(makeError(head, row, col.header, text, `expected a number ≥ 0 in ${EUDA_PNL_UNIT} or empty`, importIssue("bad-pnl", {})));
          rejected = true;
          return;
        }
        if (bad || year === null || !analyte) return;
        const sampleDate = eudaNominalDate(year, i);
        const first = dups.check(site, sampleDate, analyte, "pnl", row, head.sheet);
        if (first) {
          sink.error(makeError(head, row, col.header, `${site} ${year} ${metText}`, ...duplicateMessage(first, head.sheet)));
          return;
        }
        sink.measurement({
          siteCode: site,
          sampleDate,
          datePrecision: "nominal-week",
          analyte,
          quantity: "pnl",
          valueReported: text,
          unitReported: EUDA_PNL_UNIT,
          valueCanonical: scaled(v, 1),
          detection: v === 0 ? "below_loq" : "detected",
          lodNgPerL: null,
          loqNgPerL: null,
          flowM3PerDay: null,
          populationServed: null,
          file: head.file,
          sheet: head.sheet,
          row,
          column: col.header,
        });
        written = true;
      });
      // no measurement of this row reaches the storage side: its site code is checked there anyway
      if (rejected && !written && site !== "") sink.rejectedRowSite({ siteCode: site, file: head.file, sheet: head.sheet, row, column: cols.site!.header });
    },
    finish() {},
  };
}

export function eudaSitesProcessor(head: TableHead, sink: Sink, source: string, codes = new Map<string, number>()): TableProcessor {
  const cols = mapFixedHeaders(head.headers, SITE_COLUMNS);
  const ok = requireFixed(head, cols, ["site", "city", "latitude", "longitude", "population"], SITE_COLUMNS, sink);
  if (!ok) return { processRow() {}, finish() {} };
  return {
    processRow(row: number, cells: readonly Cell[]) {
      let bad = false;
      const code = cellText(cells[cols.site!.index]);
      if (code === "") {
        sink.error(makeError(head, row, cols.site!.header, null, "expected a site code such as AT001", importIssue("missing-euda-site-code", {})));
        bad = true;
      } else {
        const first = codes.get(code);
        if (first !== undefined) {
          sink.error(makeError(head, row, cols.site!.header, code, `duplicate site code: same code as row ${first}`, importIssue("duplicate-site-code", { row: first })));
          bad = true;
        } else codes.set(code, row);
      }
      const city = cellText(cells[cols.city!.index]);
      const location = cols.location ? cellText(cells[cols.location.index]) : "";
      const country = cols.country ? cellText(cells[cols.country.index]) : "";
      const lat = readCoordinate(head, sink, row, cols.latitude!.header, cells[cols.latitude!.index], 90);
      const lon = readCoordinate(head, sink, row, cols.longitude!.header, cells[cols.longitude!.index], 180);
      const popCell = cells[cols.population!.index];
      let population: number | null = null;
      if (cellText(popCell) !== "") {
        population = parseNumber(popCell ?? null, head.decimalComma);
        if (population === null || population < 0) {
          sink.error(makeError(head, row, cols.population!.header, popCell ?? null, "expected a number ≥ 0 of persons", importIssue("bad-persons", {})));
          bad = true;
        }
      }
      if (lat === "error" || lon === "error") bad = true;
      if (bad) return;
      sink.site({
        code,
        name: location !== "" ? location : city,
        kind: "wwtp_influent",
        jurisdictionCode: null,
        lon: lon as number | null,
        lat: lat as number | null,
        populationServed: population,
        downstreamSite: null,
        country: country === "" ? null : country,
        city: city === "" ? null : city,
        source,
        file: head.file,
        sheet: head.sheet,
        row,
      });
    },
    finish() {},
  };
}
