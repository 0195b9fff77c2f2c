import { LoadRow, Site } from "@tracewater/contract";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CSV_CONTENT_TYPE, csvResponse, csvStreamResponse, flattenRecord, schemaColumns } from "./csv-export.js";

/** Body text keeping the BOM (Response.text() strips it). */
async function rawText(res: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
}

async function* pagesOf<T>(...pages: T[][]): AsyncGenerator<T[]> {
  for (const p of pages) yield p;
}

describe("csv-export", () => {
  it("flattens nested objects with dotted names and arrays as JSON", () => {
    expect(flattenRecord({ a: 1, interval: { p2_5: 0.5, p50: 1 }, profile: [1, null], n: null })).toEqual({
      a: 1,
      "interval.p2_5": 0.5,
      "interval.p50": 1,
      profile: "[1,null]",
      n: null,
    });
  });

  it("takes the columns from the contract schema, nested objects flattened", () => {
    expect(schemaColumns(Site)).toEqual([
      "code",
      "name",
      "kind",
      "populationServed",
      "lon",
      "lat",
      "jurisdictionCode",
      "downstreamSite",
      "source",
      "country",
      "city",
    ]);
    expect(schemaColumns(LoadRow)).toContain("interval.p97_5");
    expect(schemaColumns(LoadRow)).not.toContain("interval");
  });

  it("writes a BOM, a header and quotes fields with commas, quotes and Chinese text; neutralises formulas", async () => {
    const res = csvResponse("t", [{ name: "长治市,城区", note: 'say "hi"', f: "=1+1" }], ["name", "note", "f"]);
    expect(res.headers.get("content-type")).toBe(CSV_CONTENT_TYPE);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toBe('name,note,f\r\n"长治市,城区","say ""hi""","\'=1+1"\r\n');
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.data).toEqual([{ name: "长治市,城区", note: 'say "hi"', f: "'=1+1" }]);
  });

  it("streams pages with one header and keeps the header for an empty list", async () => {
    const res = csvStreamResponse("t", pagesOf([{ a: 1, b: "x" }], [], [{ a: 2, b: null }]), ["a", "b"]);
    expect(await rawText(res)).toBe("\uFEFFa,b\r\n1,x\r\n2,\r\n");
    const empty = csvStreamResponse("t", pagesOf([]), ["a", "b"]);
    expect(await rawText(empty)).toBe("\uFEFFa,b\r\n");
  });
});
