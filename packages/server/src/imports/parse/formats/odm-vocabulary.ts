/**
 * Tracewater's drug extension of the PHES-ODM v2 vocabulary (ODM v2 has no drug parts; ecosystem.md §4).
 * Documented in docs/import-formats.md §PHES-ODM. Measure codes follow ODM's lower-camel style with a `drug`
 * prefix; the unit codes follow ODM's compact style (`ngL` like ODM's `gcL`, `m3d`, `mld`).
 */
import type { SiteKind } from "../types.js";

/** ODM `measure` code → Tracewater analyte code (`@tracewater/core` ANALYTES). */
export const ODM_DRUG_MEASURES: Readonly<Record<string, string>> = {
  drugMeth: "methamphetamine",
  drugAmph: "amphetamine",
  drugMdma: "mdma",
  drugMda: "mda",
  drugKet: "ketamine",
  drugNorket: "norketamine",
  drugBe: "benzoylecgonine",
  drugCoc: "cocaine",
  drugMorph: "morphine",
  drugCod: "codeine",
  drug6mam: "6-mam",
  drugThcCooh: "thc-cooh",
  drugMtd: "methadone",
  drugEddp: "eddp",
  drugCot: "cotinine",
  drugEto: "etomidate",
};

/** ODM measure codes read as the sample's daily flow (ODM `flow`-type parts). */
export const ODM_FLOW_MEASURES: readonly string[] = ["wwFlow", "flow", "flowRate"];

/** ODM concentration unit codes → unit strings understood by core. Other strings go to core as written. */
export const ODM_CONCENTRATION_UNITS: Readonly<Record<string, string>> = {
  ngL: "ng/L",
  pgmL: "pg/mL",
  ugL: "µg/L",
  ngmL: "ng/mL",
  mgL: "mg/L",
};

/** ODM flow unit codes → unit strings understood by core. */
export const ODM_FLOW_UNITS: Readonly<Record<string, string>> = {
  m3d: "m3/d",
  mld: "ML/d",
  MLd: "ML/d",
  Ld: "L/d",
  Ls: "L/s",
  m3h: "m3/h",
};

/** ODM `sites.type` codes → site kind (case-insensitive). Our own kind words are accepted too. */
export const ODM_SITE_TYPES: Readonly<Record<string, SiteKind>> = {
  wwtpmuc: "wwtp_influent",
  wwtpmus: "wwtp_influent",
  wwtpind: "wwtp_influent",
  wwtp: "wwtp_influent",
  lagoon: "wwtp_influent",
  pstat: "pumping_station",
  pumpstation: "pumping_station",
  swrmh: "manhole",
  manhole: "manhole",
  sewer: "manhole",
  swrpipe: "manhole",
  bldg: "venue_outfall",
  facility: "venue_outfall",
  venue: "venue_outfall",
  hosp: "venue_outfall",
};

/** `qualityFlag` values that mean a censored result (ODM quality indicators). */
export const ODM_CENSOR_FLAGS: Readonly<Record<string, "below_lod" | "below_loq">> = {
  belod: "below_lod",
  belowlod: "below_lod",
  belowloq: "below_loq",
  beloq: "below_loq",
};

/** `aggregation` values that give the sample's value; rows with other aggregations (sd, min, max…) are skipped. */
export const ODM_VALUE_AGGREGATIONS: readonly string[] = ["", "single", "mean", "arithmean"];
