/**
 * Machine-readable codes of import validation errors and plausibility warnings (`ImportError.code`), each with the
 * names of the `params` its message interpolates. The English `message` stays the authoritative text for the CLI
 * and API; the web UI translates `code` + `params` (packages/web/src/i18n/import-messages.*.json) and falls back to
 * `message` for a code it does not know. Codes are stable kebab-case strings: a new meaning gets a new code, an
 * existing code is never reused for another message. The table with every code is in docs/import-formats.md.
 *
 * A param may be null where the message has a default wording for it (`unit` → "the reported unit", `flowUnit` →
 * "the flow unit", `personsUnit` → "persons", `travelUnit` → "hours", `guess` → "unknown", `previous` → "empty",
 * `min`/`max` → no bound); the translations carry that default under `importMessages.fallback.<param>`.
 */
export const IMPORT_ERROR_PARAMS = {
  // whole file: reading, encoding, format
  "file-empty": [],
  "invalid-bytes": ["encoding"],
  "undecodable-file": ["guess"],
  "unreadable-workbook": [],
  "sheet-not-found": ["sheet", "sheets"],
  "unknown-format": [],
  "unknown-odm-table": [],
  "mixed-formats": ["formats"],
  "format-not-detected": [],
  // header row: columns and units
  "missing-column": ["column", "example"],
  "missing-euda-column": ["column"],
  "missing-odm-column": ["column", "table"],
  "missing-odm-date-column": [],
  "missing-unit-column": [],
  "odm-samples-missing": [],
  "flow-unit-missing": ["column"],
  "unknown-flow-unit-header": ["unit"],
  "unknown-population-unit-header": ["unit"],
  "unknown-travel-time-unit": ["unit"],
  "unknown-analyte-column": ["analyte"],
  "no-analyte-columns": [],
  "duplicate-analyte-column": ["column", "other", "analyte"],
  "analyte-unit-missing": ["column"],
  // data rows: cells
  "missing-site-code": [],
  "missing-euda-site-code": [],
  "missing-odm-site-id": [],
  "missing-odm-sample-id": [],
  "missing-site-name": [],
  "missing-site-kind": [],
  "unknown-site-kind": ["kind"],
  "missing-analyte": [],
  "unknown-analyte": ["analyte"],
  "unknown-euda-metabolite": ["metabolite", "expected"],
  "unknown-odm-measure": ["measure"],
  "unknown-odm-site-type": ["type"],
  "unknown-sample-id": ["sampleId"],
  "unknown-odm-flow-unit": ["unit"],
  "bad-date": [],
  "bad-odm-date": [],
  "bad-year": [],
  "bad-number": ["unit"],
  "bad-population": ["personsUnit"],
  "bad-persons": [],
  "bad-odm-flow": ["flowUnit"],
  "bad-pnl": [],
  "bad-concentration": ["unit"],
  "bad-limit": ["unit"],
  "missing-unit": [],
  "unknown-unit": ["unit"],
  "unknown-odm-unit": ["unit"],
  "bad-latitude": [],
  "bad-longitude": [],
  "bad-epsg": [],
  "bad-travel-time": ["travelUnit"],
  "downstream-self": [],
  "travel-time-without-downstream": [],
  // duplicates within the import
  "duplicate-row": ["row"],
  "duplicate-row-other-sheet": ["row", "sheet"],
  "duplicate-site-code": ["row"],
  "duplicate-odm-site-id": ["row"],
  "duplicate-odm-sample-id": ["row"],
  // against the database (writers)
  "unknown-site": [],
  "unknown-analyte-code": [],
  "flow-differs": ["row", "flow"],
  "population-differs": ["row", "population"],
  "unknown-downstream-site": [],
  "downstream-self-registered": [],
  "more-errors": ["count"],
  // jurisdiction scope of the importer
  "unknown-jurisdiction-tree": [],
  "scope-registered-site": ["site", "jurisdiction"],
  "scope-registered-reference-site": ["site"],
  "scope-jurisdiction": ["jurisdiction"],
  "scope-reference-site": [],
  "scope-row-site": ["site", "jurisdiction"],
  "scope-row-reference-site": ["site"],
  "more-scope-errors": ["count"],
  // plausibility warnings (values in ng/L)
  "implausible-drug-residue": ["analyte", "value", "limit"],
  "implausible-population-marker": ["analyte", "value", "limit"],
  "more-warnings": ["count"],
  // assessment files (hair results, hair surveys, indicator values: imports/assessment/)
  "missing-assessment-column": ["column", "expected"],
  "empty-cell": ["column", "expected"],
  "empty-number": [],
  "bad-number-range": ["expected", "min", "max"],
  "bad-integer-range": ["expected", "min", "max"],
  "empty-date": [],
  "bad-assessment-date": [],
  "bad-hair-part": [],
  "unknown-jurisdiction": [],
  "unknown-jurisdiction-expected": [],
  "bad-collected-at": [],
  "bad-retest-of": [],
  "segment-order": ["from"],
  "unknown-hair-analyte": [],
  "unknown-hair-unit": [],
  "unknown-cutoff-set": ["expected"],
  "negative-concentration": [],
  "bad-hair-concentration": [],
  "sample-field-differs": ["row", "previous"],
  "duplicate-hair-result": ["row"],
  "hair-write-denied": ["jurisdiction", "detail"],
  "retest-original-missing": [],
  "stored-sample-differs": ["sample", "column", "stored"],
  "person-column-not-allowed": [],
  "unknown-survey-column": [],
  "bad-group-kind": ["expected"],
  "bad-period": [],
  "positives-exceed-tested": ["tested"],
  "positives-exceed-any": ["any"],
  "bad-positives": [],
  "bad-flag": [],
  "duplicate-survey": ["row"],
  "unknown-indicator": ["expected"],
  "computed-indicator-hair": ["indicator"],
  "computed-indicator-wastewater": ["indicator"],
  "indicator-unit-mismatch": ["indicator", "unit"],
  "duplicate-indicator-value": ["row"],
} as const satisfies Record<string, readonly string[]>;

export type ImportErrorCode = keyof typeof IMPORT_ERROR_PARAMS;

/** Every import error/warning code, in the order of {@link IMPORT_ERROR_PARAMS}. */
export const IMPORT_ERROR_CODES = Object.keys(IMPORT_ERROR_PARAMS) as [ImportErrorCode, ...ImportErrorCode[]];

export type ImportErrorParamValue = string | number | null;

/** The params object of one code (exactly the names listed in {@link IMPORT_ERROR_PARAMS}). */
export type ImportErrorParamsOf<C extends ImportErrorCode> = {
  [K in (typeof IMPORT_ERROR_PARAMS)[C][number]]: ImportErrorParamValue;
};

/** A code with its params, as set on an `ImportError`. */
export type ImportIssue = { [C in ImportErrorCode]: { code: C; params: ImportErrorParamsOf<C> } }[ImportErrorCode];

/** `{ code, params }` for an `ImportError`, checked at compile time against {@link IMPORT_ERROR_PARAMS}. */
export function importIssue<C extends ImportErrorCode>(
  code: C,
  params: ImportErrorParamsOf<C>,
): { code: C; params: ImportErrorParamsOf<C> } {
  return { code, params };
}
