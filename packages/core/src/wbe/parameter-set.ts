/**
 * Versioned back-calculation parameter sets (science.md §2; DESIGN.md §5 `parameter_set`).
 *
 * A set is built from the rows of `data/reference/wbe-backcalc-parameters.csv` (the caller reads and
 * parses the CSV; this module does no I/O). Every derived value stores the set's `version`, so history can
 * be recomputed when a factor changes (science.md §8.1: ketamine factors changed ~9×, MDMA ~3×).
 */
import { ParameterSetError } from "../errors.js";
import { resolveAnalyte } from "../substances.js";

/** How far the excretion figure was checked against its source (CSV column `excretion_verified`). */
export type ExcretionVerified = "yes" | "partly" | "no";

/** One (drug, residue, excretion source) row of a parameter set. */
export interface ParameterEntry {
  /** Parent drug, lowercase English (`cocaine`, `heroin`, `thc`, `mdma`, …). */
  readonly drug: string;
  /** Residue analyte code (see `ANALYTES`), e.g. `benzoylecgonine`. */
  readonly analyte: string;
  readonly mwDrugGPerMol: number;
  readonly mwResidueGPerMol: number;
  /** M(drug) / M(residue). */
  readonly mwRatio: number;
  /** Fraction of a dose excreted in urine as the residue (0–1]. */
  readonly excretionFraction: number;
  /** CF = mwRatio / excretionFraction; consumption = residue load × CF. */
  readonly correctionFactor: number;
  /** Typical dose in mg, or null when no dose is given. */
  readonly doseMg: number | null;
  readonly excretionSource: string;
  readonly excretionVerified: ExcretionVerified;
  readonly doseSource: string;
  /** Free-text note of the row. */
  readonly note: string;
  /** 1-based row number in the source table (header = 1). */
  readonly sourceRow: number;
}

/** A versioned set of parameter entries. */
export interface ParameterSet {
  readonly version: string;
  readonly name: string;
  readonly entries: readonly ParameterEntry[];
}

/** Columns required in the CSV rows (header of `wbe-backcalc-parameters.csv`). */
export const PARAMETER_COLUMNS = [
  "drug",
  "target_residue",
  "mw_drug_g_mol",
  "mw_residue_g_mol",
  "mw_ratio",
  "excretion_fraction",
  "correction_factor",
  "excretion_source",
  "excretion_verified",
  "typical_dose_mg",
  "dose_source",
  "note",
] as const;

/** Relative tolerance for CF ≈ mwRatio / excretionFraction and mwRatio ≈ mwDrug / mwResidue (1 %). */
export const CONSISTENCY_TOLERANCE = 0.01;

function num(
  row: Record<string, string>,
  col: string,
  rowNo: number,
  opts: { optional?: boolean; positive?: boolean; max?: number } = {},
): number | null {
  const raw = (row[col] ?? "").trim();
  if (raw === "") {
    if (opts.optional) return null;
    throw new ParameterSetError(`row ${rowNo}, column ${col}: value is empty, expected a number`, {
      row: rowNo,
      column: col,
      value: raw,
    });
  }
  const v = Number(raw);
  if (!Number.isFinite(v) || (opts.positive && v <= 0) || (opts.max !== undefined && v > opts.max)) {
    const exp = `a ${opts.positive ? "positive " : ""}number${opts.max !== undefined ? ` ≤ ${opts.max}` : ""}`;
    throw new ParameterSetError(`row ${rowNo}, column ${col}: "${raw}" is not ${exp}`, {
      row: rowNo,
      column: col,
      value: raw,
    });
  }
  return v;
}

function verified(raw: string, rowNo: number): ExcretionVerified {
  const v = raw.trim().toLowerCase();
  if (v === "yes") return "yes";
  if (v === "no") return "no";
  if (v.startsWith("partly")) return "partly";
  throw new ParameterSetError(`row ${rowNo}, column excretion_verified: "${raw}" is not yes, no or partly…`, {
    row: rowNo,
    column: "excretion_verified",
    value: raw,
  });
}

/**
 * Build a parameter set from CSV rows (objects keyed by the header of `wbe-backcalc-parameters.csv`).
 * Validates every row: numeric columns, residue resolvable to an analyte code, excretion fraction in (0, 1],
 * `mw_ratio ≈ mw_drug / mw_residue` and `correction_factor ≈ mw_ratio / excretion_fraction` within ±1 %.
 * @param rows parsed CSV rows; row numbers in errors assume the header is row 1
 * @param version version label stored with every derived value, e.g. `"2025.1"`
 * @param name display name (defaults to the version)
 * @throws ParameterSetError naming row, column, value and what was expected
 */
export function parameterSetFromRows(
  rows: ReadonlyArray<Record<string, string>>,
  version: string,
  name?: string,
): ParameterSet {
  if (typeof version !== "string" || version.trim() === "") {
    throw new ParameterSetError(`parameter set version is empty`, { value: version });
  }
  if (rows.length === 0) throw new ParameterSetError("parameter set has no rows");
  const first = rows[0] as Record<string, string>;
  for (const c of PARAMETER_COLUMNS) {
    if (!(c in first))
      throw new ParameterSetError(`missing column ${c} (expected columns: ${PARAMETER_COLUMNS.join(", ")})`, {
        column: c,
      });
  }
  const entries: ParameterEntry[] = rows.map((row, i) => {
    const rowNo = i + 2;
    const drug = (row.drug ?? "").trim().toLowerCase();
    if (drug === "")
      throw new ParameterSetError(`row ${rowNo}, column drug: value is empty, expected a drug name`, {
        row: rowNo,
        column: "drug",
        value: row.drug,
      });
    const residueRaw = (row.target_residue ?? "").trim();
    const analyte = resolveAnalyte(residueRaw);
    if (analyte === undefined) {
      throw new ParameterSetError(`row ${rowNo}, column target_residue: "${residueRaw}" is not a known analyte`, {
        row: rowNo,
        column: "target_residue",
        value: residueRaw,
      });
    }
    const mwDrug = num(row, "mw_drug_g_mol", rowNo, { positive: true }) as number;
    const mwResidue = num(row, "mw_residue_g_mol", rowNo, { positive: true }) as number;
    const mwRatio = num(row, "mw_ratio", rowNo, { positive: true }) as number;
    const f = num(row, "excretion_fraction", rowNo, { positive: true, max: 1 }) as number;
    const cf = num(row, "correction_factor", rowNo, { positive: true }) as number;
    const dose = num(row, "typical_dose_mg", rowNo, { optional: true, positive: true });
    const ratioCalc = mwDrug / mwResidue;
    if (Math.abs(mwRatio - ratioCalc) > CONSISTENCY_TOLERANCE * ratioCalc) {
      throw new ParameterSetError(
        `row ${rowNo}, column mw_ratio: ${mwRatio} differs from mw_drug_g_mol / mw_residue_g_mol = ${ratioCalc.toFixed(4)} by more than 1 %`,
        { row: rowNo, column: "mw_ratio", value: mwRatio },
      );
    }
    const cfCalc = mwRatio / f;
    if (Math.abs(cf - cfCalc) > CONSISTENCY_TOLERANCE * cfCalc) {
      throw new ParameterSetError(
        `row ${rowNo}, column correction_factor: ${cf} differs from mw_ratio / excretion_fraction = ${cfCalc.toFixed(4)} by more than 1 %`,
        { row: rowNo, column: "correction_factor", value: cf },
      );
    }
    return {
      drug,
      analyte,
      mwDrugGPerMol: mwDrug,
      mwResidueGPerMol: mwResidue,
      mwRatio,
      excretionFraction: f,
      correctionFactor: cf,
      doseMg: dose,
      excretionSource: (row.excretion_source ?? "").trim(),
      excretionVerified: verified(row.excretion_verified ?? "", rowNo),
      doseSource: (row.dose_source ?? "").trim(),
      note: (row.note ?? "").trim(),
      sourceRow: rowNo,
    };
  });
  return { version: version.trim(), name: name ?? version.trim(), entries };
}

/** All entries of a set for one residue analyte, in table order. */
export function entriesFor(set: ParameterSet, analyte: string): ParameterEntry[] {
  return set.entries.filter((e) => e.analyte === analyte);
}

/**
 * The excretion fraction chosen by default when a residue has several rows, with the reason.
 * Rule: a verified factor first; among equally verified rows, the refined (newer) factor.
 */
export const DEFAULT_PREFERENCE: Readonly<Record<string, { excretionFraction: number; reason: string }>> =
  Object.freeze({
    methamphetamine: {
      excretionFraction: 0.43,
      reason:
        "43 % (Baselt & Cravey 2011, as used in the Korean 5-city study) is verified; Gracia-Lor 2016's 39 % is not yet verified [M]",
    },
    ketamine: {
      excretionFraction: 0.2,
      reason:
        "Du et al. 2020 Environ Int 138:105645 revised factor 20 % (verified); they call the older 2.3 % probably not appropriate",
    },
    benzoylecgonine: {
      excretionFraction: 0.292,
      reason:
        "Castiglioni et al. 2013 refined factor (CF 3.59), used by later SCORE papers and partly verified; Zuccato 2008's 45 % is unverified",
    },
    amphetamine: {
      excretionFraction: 0.36,
      reason: "neither factor verified; the refined Gracia-Lor 2016 value (CF 2.77) over Zuccato 2008",
    },
    mdma: {
      excretionFraction: 0.225,
      reason: "neither factor verified; the refined Gracia-Lor 2016 value (CF 4.44) over Zuccato 2008",
    },
    codeine: {
      excretionFraction: 0.3,
      reason: "both verified; Thai et al. 2016 refined ~30 % over the older 63.8 % (Baker 2014)",
    },
  });

const VERIFIED_RANK: Record<ExcretionVerified, number> = { yes: 2, partly: 1, no: 0 };

function isRefined(e: ParameterEntry): boolean {
  return /refined/i.test(e.excretionSource) || /^refined/i.test(e.note);
}

/**
 * The default entry for a residue analyte, or undefined when the set has none.
 * One row → that row. Several rows → the row matching {@link DEFAULT_PREFERENCE} (excretion fraction within
 * 1e-9); if none matches (a custom set), the general rule: highest `excretionVerified` (yes > partly > no),
 * then a row marked refined (its excretion source mentions "refined" or its note starts with "refined"),
 * then the later row in the table.
 */
export function defaultEntryFor(set: ParameterSet, analyte: string): ParameterEntry | undefined {
  const rows = entriesFor(set, analyte);
  if (rows.length <= 1) return rows[0];
  const pref = Object.hasOwn(DEFAULT_PREFERENCE, analyte) ? DEFAULT_PREFERENCE[analyte] : undefined;
  if (pref) {
    const hit = rows.find((e) => Math.abs(e.excretionFraction - pref.excretionFraction) < 1e-9);
    if (hit) return hit;
  }
  let best = rows[0] as ParameterEntry;
  for (const e of rows.slice(1)) {
    const dv = VERIFIED_RANK[e.excretionVerified] - VERIFIED_RANK[best.excretionVerified];
    if (dv > 0) best = e;
    else if (dv === 0) {
      const dr = Number(isRefined(e)) - Number(isRefined(best));
      if (dr >= 0) best = e;
    }
  }
  return best;
}
