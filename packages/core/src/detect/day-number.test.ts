/**
 * Day numbers: the allocation-free parser (`parseDayNumber`, H. Hinnant's days_from_civil) agrees with the reference
 * definition through `Date.UTC` on every day of 1600-01-01 … 2400-12-31 (leap rules of 1600, 1700, 1900, 2000, 2100
 * and 2400 included) and rejects exactly what the reference rejects; `dateOfDayNumber` inverts it (cached strings).
 */
import { describe, expect, it } from "vitest";
import { ScienceInputError } from "../errors.js";
import { dateOfDayNumber, dayNumber, parseDayNumber } from "./day-number.js";

/** The definition: days since 1970-01-01 of the UTC midnight, NaN when `Date.UTC` rolls the date over. */
function reference(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const c = new Date(ms);
  if (c.getUTCFullYear() !== y || c.getUTCMonth() !== mo - 1 || c.getUTCDate() !== d) return Number.NaN;
  return Math.round(ms / 86_400_000);
}

describe("day numbers", () => {
  it("match the Date.UTC definition on every day 1600–2400 and round-trip through dateOfDayNumber", () => {
    const first = Date.UTC(1600, 0, 1) / 86_400_000; // −135 140
    const last = Date.UTC(2400, 11, 31) / 86_400_000;
    expect(first).toBe(-135_140);
    let n = 0;
    for (let day = first; day <= last; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (parseDayNumber(iso) !== day || dayNumber(iso) !== day || dateOfDayNumber(day) !== iso) {
        throw new Error(`mismatch at ${iso}: ${parseDayNumber(iso)} vs ${day}`);
      }
      n++;
    }
    expect(n).toBe(292_560); // 801 years: 801 × 365 = 292 365 + 195 leap days (201 multiples of 4 − the 6 centuries not divisible by 400)
    expect([dayNumber("1970-01-01"), dayNumber("1970-01-02"), dayNumber("1969-12-31")]).toEqual([0, 1, -1]);
  });

  it("rejects exactly what the reference rejects", () => {
    const cases = [
      "2023-02-29",
      "2024-02-29",
      "2100-02-29",
      "2000-02-29",
      "2023-04-31",
      "2023-13-01",
      "2023-00-10",
      "2023-01-00",
      "2023-01-32",
      "0099-01-01",
      "0100-03-01",
      "0000-01-01",
      "9999-12-31",
      "2023-1-01",
      "2023/01/01",
      "2023-01-01 ",
      "２０２３-01-01",
      "2023-01-0a",
      "",
      "20230101xx",
    ];
    for (const c of cases) {
      const ref = reference(c);
      expect(Number.isNaN(parseDayNumber(c)) ? "NaN" : parseDayNumber(c), c).toBe(Number.isNaN(ref) ? "NaN" : ref);
      if (Number.isNaN(ref)) expect(() => dayNumber(c, "f")).toThrow(ScienceInputError);
      else expect(dayNumber(c)).toBe(ref);
    }
    expect(Number.isNaN(parseDayNumber(20230101 as unknown as string))).toBe(true);
  });
});
