/**
 * `tracewater indicators|decline|index|hair` as users run them (spawned, temp PGlite data dir): exit codes and the
 * JSON fields documented in docs/cli.md.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CliRun, runCli } from "./testing.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "tw-cli-assess-"));
const dir = mkdtempSync(path.join(tmpdir(), "tw-cli-assess-files-"));

function run(args: string[]): Promise<CliRun> {
  return runCli(dataDir, args);
}

const good = path.join(dir, "values.csv");
writeFileSync(
  good,
  [
    "indicator,jurisdiction_code,period,value",
    ...[120, 100, 90, 80, 60].map((v, i) => `cases.drug,140403,${2021 + i},${v}`),
  ].join("\n"),
);
const bad = path.join(dir, "bad.csv");
writeFileSync(
  bad,
  "indicator,jurisdiction_code,period,value\nww.total.ketamine,140403,2025,3\ncases.drug,140403,2025Q5,1\n",
);

describe("tracewater assessment commands", () => {
  it("indicators import: exit 0, re-import unchanged, bad file exit 2 with row/column errors", async () => {
    const a = await run(["indicators", "import", good, "--json"]);
    expect(a.code).toBe(0);
    expect(a.json).toMatchObject({ kind: "indicator-values", status: "imported", counts: { inserted: 5 } });
    const b = await run(["indicators", "import", good, "--json"]);
    expect(b.json.status).toBe("unchanged");
    const c = await run(["indicators", "import", bad, "--json"]);
    expect(c.code).toBe(2);
    expect(c.json.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, "indicator"],
      [3, "period"],
    ]);
  }, 300_000);

  it("decline --json: YoY changes and the continuous flag; index --json; invalid period and missing --as exit 2", async () => {
    const d = await run([
      "decline",
      "--as-of",
      "2025",
      "--indicators",
      "cases.drug",
      "--jurisdiction",
      "140403",
      "--json",
    ]);
    expect(d.code).toBe(0);
    expect(d.json.rows[0]).toMatchObject({
      indicator: "cases.drug",
      jurisdiction: "140403",
      continuous: true,
      improvedCount: 3,
    });
    expect(d.json.rows[0].periods.map((p: { yoyChange: number }) => p.yoyChange)).toEqual([-10, -10, -20]);
    const i = await run(["index", "--period", "2025", "--json"]);
    expect(i.code).toBe(0);
    expect(i.json.method.version).toBe("index-2026.1");
    const bad2 = await run(["decline", "--as-of", "2025-13", "--json"]);
    expect(bad2.code).toBe(2);
    const noAs = await run(["hair", "results", "--subject", "x", "--json"]);
    expect(noAs.code).toBe(2);
  }, 300_000);
});
