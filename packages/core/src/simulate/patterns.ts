/**
 * Calendar patterns of the simulator: weekend factor and a seasonal cosine (docs/simulator.md §2).
 * Weekly pattern after science.md §3.4 (MDMA/cocaine/ketamine up at weekends, METH flat — van Nuijs 2011,
 * Tscharke 2016, Chiaia-Hernandez 2011); seasonality after the same section (Adelaide MDMA December peak, Busan
 * METH summer peak). The exact shapes (Saturday+Sunday samples, one cosine a year) are modelling choices.
 */
import { dateOfDayNumber, isoWeekday } from "../detect/day-number.js";

/**
 * True for a Saturday or Sunday sample day. A 24-h composite started on Saturday/Sunday morning holds the
 * Friday/Saturday night use (the EUDA "weekend" is Fri–Mon, science.md §0; two days is the modelling choice).
 * @param day day number (days since 1970-01-01)
 */
export function isWeekendSampleDay(day: number): boolean {
  return isoWeekday(day) >= 6;
}

/** Day of the year, 1 = 1 January (UTC calendar of the day number). */
export function dayOfYear(day: number): number {
  const year = Number(dateOfDayNumber(day).slice(0, 4));
  return day - Math.round(Date.UTC(year, 0, 1) / 86_400_000) + 1;
}

/**
 * Seasonal multiplier `1 + A·cos(2π(doy − peak)/365.25)`: 1 + A on the peak day, 1 − A half a year later,
 * mean ≈ 1 over a year.
 * @param amplitude A, |A| < 1
 * @param peakDayOfYear 1–366
 */
export function seasonalFactor(day: number, amplitude: number, peakDayOfYear: number): number {
  if (amplitude === 0) return 1;
  return 1 + amplitude * Math.cos((2 * Math.PI * (dayOfYear(day) - peakDayOfYear)) / 365.25);
}
