/**
 * Segment-to-period arithmetic for segmental hair analysis (docs/domain.md §2.2).
 *
 * A segment cut from `fromCm` to `toCm` (distance from the scalp, `fromCm < toCm`) grew out of the scalp
 * between `collectedAt − toCm / g` and `collectedAt − fromCm / g` months, for a growth rate `g` in cm/month.
 * Default g = 1.0 cm/month — scalp hair grows 0.27–0.4 mm/day, i.e. about 0.8–1.2 cm/month [P-H3, P-H5 in
 * domain.md §9; SoHT 2012 §3: "approximately 1 cm per month"]. The period is an ESTIMATE: the result carries the
 * assumption and the bounds for the slow and fast growth rates (0.8 and 1.2 cm/month). The ~2-week delay before
 * a drug appears above the scalp [P-H3] and the hair below the skin surface are not modelled; 938号 Art. 10 reads
 * a positive in the proximal 3 cm as use within 6 months.
 *
 * One month = 365.25/12 = 30.4375 days (mean Gregorian month). Dates are calendar dates `YYYY-MM-DD` (UTC
 * arithmetic, no clock).
 */
import { ScienceInputError } from "../errors.js";

export const DEFAULT_HAIR_GROWTH_CM_PER_MONTH = 1.0;
export const HAIR_GROWTH_RANGE_CM_PER_MONTH = { slow: 0.8, fast: 1.2 } as const;
export const DAYS_PER_MONTH = 365.25 / 12;

export interface SegmentInput {
  fromCm: number;
  toCm: number;
  /** collection date `YYYY-MM-DD` */
  collectedAt: string;
  growthCmPerMonth?: number;
}

export interface SegmentPeriod {
  fromCm: number;
  toCm: number;
  growthCmPerMonth: number;
  /** estimated first day of the period, `YYYY-MM-DD` */
  estimatedStart: string;
  /** estimated last day, `YYYY-MM-DD` */
  estimatedEnd: string;
  /** months covered = (toCm − fromCm) / growth */
  months: number;
  /** widest bounds with 0.8–1.2 cm/month: start with slow growth, end with fast growth */
  range: { earliestStart: string; latestEnd: string };
  estimate: true;
  assumption: string;
}

function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new ScienceInputError("collectedAt", s, "a date YYYY-MM-DD");
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== s)
    throw new ScienceInputError("collectedAt", s, "a valid calendar date");
  return t;
}

function minusMonths(t: number, months: number): string {
  return new Date(t - Math.round(months * DAYS_PER_MONTH) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Estimated period of a segment.
 * @throws ScienceInputError when fromCm < 0, toCm ≤ fromCm, growth ≤ 0 or the date is invalid
 */
export function segmentPeriod(input: SegmentInput): SegmentPeriod {
  const g = input.growthCmPerMonth ?? DEFAULT_HAIR_GROWTH_CM_PER_MONTH;
  if (!(Number.isFinite(g) && g > 0)) throw new ScienceInputError("growthCmPerMonth", g, "a number > 0 (cm/month)");
  if (!(Number.isFinite(input.fromCm) && input.fromCm >= 0))
    throw new ScienceInputError("fromCm", input.fromCm, "a distance ≥ 0 cm from the scalp");
  if (!(Number.isFinite(input.toCm) && input.toCm > input.fromCm))
    throw new ScienceInputError("toCm", input.toCm, `a distance > fromCm (${input.fromCm} cm)`);
  const t = parseDate(input.collectedAt);
  const { slow, fast } = HAIR_GROWTH_RANGE_CM_PER_MONTH;
  return {
    fromCm: input.fromCm,
    toCm: input.toCm,
    growthCmPerMonth: g,
    estimatedStart: minusMonths(t, input.toCm / g),
    estimatedEnd: minusMonths(t, input.fromCm / g),
    months: (input.toCm - input.fromCm) / g,
    range: { earliestStart: minusMonths(t, input.toCm / slow), latestEnd: minusMonths(t, input.fromCm / fast) },
    estimate: true,
    assumption: `estimate: scalp hair growth ${g} cm/month (range ${slow}–${fast}); 1 month = ${DAYS_PER_MONTH} days; incorporation delay (~2 weeks) not modelled`,
  };
}
