import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectEncoding } from "./encoding.js";
import { detectDelimiter } from "./table.js";
import { CsvCutter, detectNewline, lastSafeBreak, type Newline } from "./csv-chunks.js";
import Papa from "papaparse";
import fc from "fast-check";

const zh = "采样点编号,采样日期,检测项目,浓度,单位\nCZ-WWTP-01,2024-03-13,甲基苯丙胺,12.5,ng/L\n";

describe("detectEncoding", () => {
  it("recognises UTF-8, UTF-8 with BOM, UTF-16 BOMs and GBK/GB18030", () => {
    expect(detectEncoding(Buffer.from(zh, "utf8"), false)).toMatchObject({ ok: true, label: "utf-8" });
    expect(detectEncoding(Buffer.from(`\uFEFF${zh}`, "utf8"), false)).toMatchObject({ ok: true, label: "utf-8-bom", bomBytes: 3 });
    expect(detectEncoding(iconv.encode(zh, "utf-16le", { addBOM: true }), false)).toMatchObject({ ok: true, label: "utf-16le" });
    expect(detectEncoding(iconv.encode(zh, "gbk"), false)).toMatchObject({ ok: true, label: "gb18030" });
    expect(detectEncoding(iconv.encode(zh, "gb18030"), false)).toMatchObject({ ok: true, label: "gb18030" });
  });
  it("tolerates a multi-byte character cut at the end of the sample", () => {
    const bytes = Buffer.from("abc甲", "utf8");
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), true)).toMatchObject({ ok: true, label: "utf-8" });
    // complete file: E7 94 is no UTF-8 but a valid GBK pair, so it reads as GB18030
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false)).toMatchObject({ ok: true, label: "gb18030" });
  });
  it("rejects bytes valid in neither UTF-8 nor GB18030", () => {
    expect(detectEncoding(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0x41, 0x0a]), false)).toMatchObject({ ok: false });
  });
});

/** `text` cut into chunks of the lengths `cuts` (repeated). */
function cutText(text: string, cuts: readonly number[]): string[] {
  const chunks: string[] = [];
  for (let i = 0, k = 0; i < text.length; k++) {
    const n = cuts[k % cuts.length] as number;
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  return chunks;
}

/** The records a {@link CsvCutter} cuts from `chunks` (comma-separated), as the streaming parser feeds it. */
function recordsOfChunks(chunks: readonly string[], newline: Newline): string[][] {
  const cutter = new CsvCutter(",", newline);
  const got = chunks.flatMap((chunk) => cutter.push(chunk));
  return [...got, ...cutter.end()];
}

describe("CSV chunking", () => {
  it("detects separators and line breaks", () => {
    expect(detectDelimiter("a;b;c\n1;2;3")).toBe(";");
    expect(detectDelimiter('"a,b";c;d\n')).toBe(";");
    expect(detectDelimiter("a\tb\n")).toBe("\t");
    expect(detectNewline("a\r\nb")).toBe("\r\n");
    expect(detectNewline("a\rb")).toBe("\r");
    expect(lastSafeBreak('a,"x\ny"', "\n")).toBe(-1);
  });
  it("cuts quote-free text at its last line break, as the quote-counting scan does", () => {
    expect(lastSafeBreak("a,b\n1,2\n3", "\n")).toBe(7);
    expect(lastSafeBreak("a,b\r\n1,2\r\n3", "\r\n")).toBe(8);
    expect(lastSafeBreak("a,b\r1,2", "\r")).toBe(3);
    expect(lastSafeBreak("a,b", "\n")).toBe(-1);
    // a quote after the last break changes no quote count before a break, but sends the text through the scan
    const quoteFree = fc.string({ unit: fc.constantFrom("a", ",", "1", "甲", "\n", "\r", " "), maxLength: 40 });
    fc.assert(
      fc.property(quoteFree, fc.constantFrom("\n", "\r\n", "\r"), (text, newline) => {
        expect(lastSafeBreak(text, newline as "\n")).toBe(lastSafeBreak(`${text}"`, newline as "\n"));
      }),
    );
  });
  it("gives exactly the records of a whole-text parse, however the text is cut", () => {
    const cell = fc.oneof(fc.constantFrom("", "a", "甲基", "1,5", 'say "hi"', "line\nbreak", "x\r\ny"), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), fc.constantFrom("\n", "\r\n"), (rows, cuts, newline) => {
        const text = Papa.unparse(rows, { newline, quotes: true });
        const whole = Papa.parse<string[]>(text, { delimiter: ",", newline: newline as "\n" }).data;
        expect(recordsOfChunks(cutText(text, cuts), newline as Newline)).toEqual(whole);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
  it("quote-free text, however cut, gives exactly the records of a whole-text parse (empty lines and \\r too)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "1", ".", "甲", " ", "<"), maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        (rows, cuts, newline, trailingBreak) => {
          const text = rows.map((r) => r.join(",")).join(newline) + (trailingBreak ? newline : "");
          const whole = Papa.parse<string[]>(text, { delimiter: ",", newline: newline as "\n" }).data;
          // after a final line break papaparse gives one more, empty record; the cutter does not (and the parsers
          // skip empty records anyway)
          if (text.endsWith(newline)) expect(whole.pop()).toEqual([""]);
          expect(recordsOfChunks(cutText(text, cuts), newline as Newline)).toEqual(whole);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
  it("with \\r\\n line breaks a lone \\n is data, as for papaparse", () => {
    const text = "a,b\r\nc\nd,e\r\nf,g";
    const got = recordsOfChunks([text.slice(0, 7), text.slice(7)], "\r\n"); // the first chunk ends after the lone \n
    expect(got).toEqual([["a", "b"], ["c\nd", "e"], ["f", "g"]]);
    expect(got).toEqual(Papa.parse<string[]>(text, { delimiter: ",", newline: "\r\n" }).data);
  });
});
