/**
 * Reference data seeded at start-up (idempotent): the analyte catalogue from `@tracewater/core` ANALYTES and
 * the back-calculation parameter set from `data/reference/wbe-backcalc-parameters.csv` (read with papaparse,
 * built and validated by core's `parameterSetFromRows`). A parameter-set version is stored once; when the CSV
 * content differs from the stored version's, a new version `<version>+<sha256 prefix>` is stored instead of
 * overwriting (derived values record the version they were computed with).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ANALYTES, defaultEntryFor, parameterSetFromRows, type ParameterSet } from "@tracewater/core";
import Papa from "papaparse";
import { uuidv7 } from "uuidv7";
import type { Database } from "../../storage/open-database.js";
import { PARAMETERS_CSV } from "../paths.js";

/** Version label of the bundled parameter table (DESIGN.md §5 `parameter_set`). */
export const BUNDLED_PARAMETER_SET_VERSION = "wbe-params-2026.1";

/** Upserts every analyte of the core catalogue. */
export async function seedAnalytes(database: Database): Promise<void> {
  await database.transaction(async (tx) => {
    for (const a of ANALYTES) {
      await tx.query(
        `INSERT INTO analyte (code, name_zh, name_en, parent_drug, details) VALUES ($1,$2,$3,$4,$5::jsonb)
         ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
           parent_drug = EXCLUDED.parent_drug, details = EXCLUDED.details`,
        [a.code, a.nameZh, a.nameEn, a.parentDrug, JSON.stringify(a)],
      );
    }
  });
}

/** Reads and validates a parameter CSV; throws core's ParameterSetError naming row/column on bad content. */
export function readParameterSet(file: string, version: string): { set: ParameterSet; sha256: string } {
  const text = readFileSync(file, "utf8");
  const sha256 = createHash("sha256").update(text).digest("hex");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`${file}: row ${(e.row ?? 0) + 2}: ${e.message}`);
  }
  return { set: parameterSetFromRows(parsed.data, version), sha256 };
}

/**
 * Stores the bundled parameter set once and returns it (with the version actually stored).
 */
export async function seedParameterSet(database: Database, now: Date, file = PARAMETERS_CSV): Promise<ParameterSet> {
  const { set: read, sha256 } = readParameterSet(file, BUNDLED_PARAMETER_SET_VERSION);
  return database.transaction(async (tx) => {
    const existing = await tx.query<{ version: string; sha256: string }>(
      "SELECT version, sha256 FROM parameter_set WHERE version = $1 OR sha256 = $2 ORDER BY created_at",
      [read.version, sha256],
    );
    const same = existing.rows.find((r) => r.sha256 === sha256);
    if (same) return same.version === read.version ? read : { ...read, version: same.version, name: same.version };
    const version = existing.rows.length > 0 ? `${read.version}+${sha256.slice(0, 8)}` : read.version;
    const set: ParameterSet = { ...read, version, name: version };
    const setId = uuidv7();
    await tx.query("INSERT INTO parameter_set (id, version, source_file, sha256, created_at) VALUES ($1,$2,$3,$4,$5)", [
      setId,
      version,
      "data/reference/wbe-backcalc-parameters.csv",
      sha256,
      now,
    ]);
    for (const e of set.entries) {
      const isDefault = defaultEntryFor(set, e.analyte) === e;
      await tx.query(
        `INSERT INTO parameter_entry (id, parameter_set_id, drug, analyte_code, is_default, excretion_fraction, correction_factor, typical_dose_mg, details)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb)`,
        [uuidv7(), setId, e.drug, e.analyte, isDefault, e.excretionFraction, e.correctionFactor, e.doseMg, JSON.stringify(e)],
      );
    }
    return set;
  });
}
