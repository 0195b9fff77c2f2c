import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, excelSerialToDate, isoWeekMonday, parseDateCell, timestampToLocalDate } from "./dates.js";
import { parseNumber, parseResultCell } from "./values.js";

describe("parseNumber", () => {
  it("reads plain, exponent, full-width and thousands-separated numbers", () => {
    expect(parseNumber("12.5", false)).toBe(12.5);
    expect(parseNumber(" 1.2e3 ", false)).toBe(1200);
    expect(parseNumber("１２．５", false)).toBe(12.5);
    expect(parseNumber("1,234.5", false)).toBe(1234.5);
    expect(parseNumber(7, false)).toBe(7);
  });
  it("the digit-loop fast path reads exactly what the general path reads (every short string of digits, dots, signs…)", () => {
    // the general path alone (NFKC, whitespace removed, plain-number pattern), as parseNumber reads a cell that is
    // not a simple decimal
    const general = (cell: string): number | null => {
      const t = cell.normalize("NFKC").replace(/[\s\u00a0\u2009\u202f]+/g, "");
      if (t === "" || !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(t)) return null;
      const n = Number(t);
      return Number.isFinite(n) ? n : null;
    };
    const text = fc.string({ unit: fc.constantFrom("0", "1", "7", "9", ".", "-", "+", "e", " ", "/", ":", "a"), maxLength: 40 });
    fc.assert(
      fc.property(text, (cell) => {
        expect(parseNumber(cell, false)).toBe(general(cell));
      }),
      { seed: 3, numRuns: 2000 },
    );
    expect(parseNumber("123456789012345.123456789012345", false)).toBe(123456789012345.12);
    expect(parseNumber("1234567890123456", false)).toBe(1234567890123456);
  });
  it("reads decimal commas only when the file uses them", () => {
    expect(parseNumber("0,98", true)).toBe(0.98);
    expect(parseNumber("0,98", false)).toBeNull();
    expect(parseNumber("1.234,5", true)).toBeNull();
  });
  it("rejects text", () => {
    expect(parseNumber("abc", false)).toBeNull();
    expect(parseNumber("", false)).toBeNull();
    expect(parseNumber("12 ng", false)).toBeNull();
  });
  it("round-trips any finite double written with String()", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseNumber(String(x), false)).toBe(Object.is(x, -0) ? 0 : x);
      }),
      { seed: 42 },
    );
  });
});

describe("parseResultCell", () => {
  it("classifies censoring marks", () => {
    expect(parseResultCell("<LOQ", false)).toEqual({ kind: "censored", mark: "below_loq", limit: null });
    expect(parseResultCell("< 定量限", false)).toEqual({ kind: "censored", mark: "below_loq", limit: null });
    for (const t of ["ND", "n.d.", "未检出", "<LOD", "＜检出限"]) expect(parseResultCell(t, false)).toEqual({ kind: "censored", mark: "below_lod", limit: null });
    expect(parseResultCell("<0.5", false)).toEqual({ kind: "censored", mark: "below_limit", limit: 0.5 });
    expect(parseResultCell("＜0,5", true)).toEqual({ kind: "censored", mark: "below_limit", limit: 0.5 });
    for (const t of ["未检测", "NA", "n/a", "/", "-"]) expect(parseResultCell(t, false)).toEqual({ kind: "not_analysed" });
    expect(parseResultCell("", false)).toEqual({ kind: "empty" });
    expect(parseResultCell(null, false)).toEqual({ kind: "empty" });
    expect(parseResultCell("abc", false)).toEqual({ kind: "invalid" });
    expect(parseResultCell("<0", false)).toEqual({ kind: "invalid" });
  });
});

describe("dates", () => {
  it("accepts the documented forms and nothing else", () => {
    for (const t of ["2024-03-13", "2024-3-13", "2024/3/13", "2024/03/13", "2024年3月13日", "20240313", "2024-03-13 00:00:00", "2024/3/13 0:00", "45364"]) {
      expect(parseDateCell(t), t).toBe("2024-03-13");
    }
    // Excel serial 45364 = 13 March 2024 (1900 system); 45292 = 1 January 2024
    expect(parseDateCell(45364)).toBe("2024-03-13");
    expect(excelSerialToDate(45292)).toBe("2024-01-01");
    // 1904 system: serial 43902 + 1462 days = 45364
    expect(parseDateCell(43902, true)).toBe("2024-03-13");
    expect(parseDateCell(new Date(Date.UTC(2024, 2, 13)))).toBe("2024-03-13");
    for (const t of ["2024-13-45", "2023-02-29", "13/03/2024", "2024.03.13", "March 13 2024", "2024-03-13 08:00", "12", ""]) {
      expect(parseDateCell(t), t).toBeNull();
    }
  });
  it("round-trips every day 1970–2099 through each text form and the Excel serial", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 47481 }), (dayNo) => {
        const iso = new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
        const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
        expect(parseDateCell(`${y}/${m}/${d}`)).toBe(iso);
        expect(parseDateCell(`${y}年${m}月${d}日`)).toBe(iso);
        expect(parseDateCell(iso.replace(/-/g, ""))).toBe(iso);
        // Excel serial = days since 1970-01-01 + 25569 (1900 system)
        expect(excelSerialToDate(dayNo + 25569)).toBe(iso);
      }),
      { seed: 42 },
    );
  });
  it("finds ISO week Mondays (ISO 8601: week 1 contains 4 January)", () => {
    // calendar facts: 2024-01-01 and 2024-03-11 are Mondays; 2021-01-04 is the Monday of 2021-W01
    expect(isoWeekMonday(2024, 1)).toBe("2024-01-01");
    expect(isoWeekMonday(2024, 11)).toBe("2024-03-11");
    expect(isoWeekMonday(2021, 1)).toBe("2021-01-04");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
  });
  it("turns ODM timestamps into local dates", () => {
    expect(timestampToLocalDate("2024-03-13T20:00:00Z", "Asia/Shanghai")).toBe("2024-03-14");
    expect(timestampToLocalDate("2024-03-13T08:00:00+08:00", "Asia/Shanghai")).toBe("2024-03-13");
    expect(timestampToLocalDate("2024-03-13 10:00", "Asia/Shanghai")).toBe("2024-03-13");
    expect(timestampToLocalDate("yesterday", "Asia/Shanghai")).toBeNull();
  });
});
