/**
 * `sortImportErrors` (import-pipeline.ts): the order of a report's errors — by file, sheet, row; a null sheet or row
 * (the whole file / sheet) first; ties keep their order (the checks' order); the `more-errors` summary last.
 */
import type { ImportError } from "@tracewater/contract";
import { describe, expect, it } from "vitest";
import { sortImportErrors } from "./import-pipeline.js";

function e(
  file: string,
  sheet: string | null | undefined,
  row: number | null,
  column: string,
  code?: string,
): ImportError {
  return {
    file,
    ...(sheet === undefined ? {} : { sheet }),
    row,
    column,
    value: null,
    message: column,
    ...(code ? { code } : {}),
  };
}

describe("sortImportErrors", () => {
  it("orders by file, sheet and row, null first, stable within a row, the summary last", () => {
    const input = [
      e("b.xlsx", "Data", 4, "parse-4"),
      e("b.xlsx", "Data", 4, "parse-4b"),
      e("a.csv", undefined, 9, "a-9"),
      e("b.xlsx", "Data", 2, "site-2"),
      e("b.xlsx", null, null, "whole-file"),
      e("b.xlsx", "Data", null, "whole-sheet"),
      e("b.xlsx", "Data", 4, "site-4"),
      e("b.xlsx", null, null, "summary", "more-errors"),
      e("a.csv", null, 3, "a-3"),
    ];
    const before = input.map((x) => x.column);
    expect(sortImportErrors(input).map((x) => x.column)).toEqual([
      "a-3",
      "a-9",
      "whole-file",
      "whole-sheet",
      "site-2",
      "parse-4",
      "parse-4b",
      "site-4",
      "summary",
    ]);
    // the input is not reordered
    expect(input.map((x) => x.column)).toEqual(before);
  });

  it("treats an absent sheet like a null one (CSV errors carry either)", () => {
    const input = [e("x.csv", undefined, 3, "u-3"), e("x.csv", null, 2, "n-2"), e("x.csv", undefined, 1, "u-1")];
    expect(sortImportErrors(input).map((x) => x.column)).toEqual(["u-1", "n-2", "u-3"]);
  });
});
