/**
 * Censored values (< LOD, < LOQ) — science.md §3.3.
 *
 * Measurements keep the value as reported, a detection flag and the LOD/LOQ; substitution happens only
 * when computing, under an explicit policy, and every output says whether it was substituted.
 * Practices: 0 (EUDA/EMCDDA public data), LOQ/2 (Korean 5-city study), LOD/2 (Covid19Wastewater R package,
 * "considered best practice"). A 0 must never enter a log-scale statistic: use {@link positiveOrNull}.
 */
import { ScienceInputError } from "../errors.js";

/** Detection condition (WQX-style; contract `Detection`). */
export type Detection = "detected" | "below_lod" | "below_loq" | "not_analysed";

/** Substitution policy for censored values (contract `CensoringPolicy`). */
export type CensoringPolicy = "zero" | "lod_half" | "loq_half" | "loq";

/** Input of {@link substituteCensored}; all concentrations in the same canonical unit (ng/L). */
export interface CensoredInput {
  /** Reported value in canonical units, or null (censored values often have none). */
  valueCanonical: number | null;
  detection: Detection;
  lod: number | null;
  loq: number | null;
}

/** Result of a substitution. `value` null = cannot be used in computation; `reason` explains why or what. */
export interface Substitution {
  value: number | null;
  substituted: boolean;
  reason?: string;
}

function limitOk(x: number | null | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x) && x > 0;
}

/**
 * Value to use in a computation for one measurement.
 *
 * - `detected` → the reported value (null with a reason when the value is missing or invalid);
 * - `not_analysed` → null;
 * - `below_loq` → `zero`: 0; `lod_half`: LOD/2; `loq_half`: LOQ/2; `loq`: LOQ;
 * - `below_lod` → `zero`: 0; `lod_half`: LOD/2; `loq_half`: **LOD/2** (the true value is < LOD, and LOQ/2
 *   exceeds LOD whenever LOQ > 2·LOD, the usual case with LOQ ≈ 3.3·LOD); `loq`: **LOD** (the upper bound
 *   of the censoring interval — the policy means "substitute the censoring limit").
 * When the limit a rule needs is unknown (null, ≤ 0 or not finite) → `{value: null, substituted: false, reason}`:
 * nothing is guessed.
 * @throws ScienceInputError for a negative or non-finite reported value of a detected measurement
 */
export function substituteCensored(input: CensoredInput, policy: CensoringPolicy): Substitution {
  const { valueCanonical, detection, lod, loq } = input;
  switch (detection) {
    case "detected": {
      if (valueCanonical === null || valueCanonical === undefined) {
        return { value: null, substituted: false, reason: "detected but no value reported" };
      }
      if (!Number.isFinite(valueCanonical) || valueCanonical < 0) {
        throw new ScienceInputError("valueCanonical", valueCanonical, "a finite number ≥ 0 for a detected measurement");
      }
      return { value: valueCanonical, substituted: false };
    }
    case "not_analysed":
      return { value: null, substituted: false, reason: "not analysed" };
    case "below_lod":
    case "below_loq": {
      const tag = detection === "below_lod" ? "<LOD" : "<LOQ";
      if (policy === "zero") return { value: 0, substituted: true, reason: `${tag} → 0` };
      const useLod = policy === "lod_half" || detection === "below_lod";
      const limit = useLod ? lod : loq;
      const limitName = useLod ? "LOD" : "LOQ";
      if (!limitOk(limit)) {
        return {
          value: null,
          substituted: false,
          reason: `${tag} with ${limitName} unknown; policy ${policy} cannot be applied`,
        };
      }
      const half = policy !== "loq";
      return {
        value: half ? limit / 2 : limit,
        substituted: true,
        reason: `${tag} → ${limitName}${half ? "/2" : ""}`,
      };
    }
    default:
      throw new ScienceInputError("detection", detection, "detected | below_lod | below_loq | not_analysed");
  }
}

/**
 * Censoring interval of the true value (science.md §3.3: compute loads as an interval):
 * detected → [v, v]; below_lod → [0, LOD]; below_loq → [LOD or 0, LOQ]; null when not analysed or a
 * needed upper limit is unknown.
 */
export function censoredInterval(input: CensoredInput): { lower: number; upper: number } | null {
  const { valueCanonical, detection, lod, loq } = input;
  if (detection === "detected") {
    return typeof valueCanonical === "number" && Number.isFinite(valueCanonical)
      ? { lower: valueCanonical, upper: valueCanonical }
      : null;
  }
  if (detection === "below_lod") return limitOk(lod) ? { lower: 0, upper: lod } : null;
  if (detection === "below_loq") return limitOk(loq) ? { lower: limitOk(lod) ? lod : 0, upper: loq } : null;
  return null;
}

/** True when `value` may enter a log-scale statistic: a finite number > 0. */
export function isLogSafe(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/** `value` when {@link isLogSafe}, else null — use before any log transform so a 0 never reaches `Math.log`. */
export function positiveOrNull(value: number | null | undefined): number | null {
  return isLogSafe(value) ? value : null;
}
