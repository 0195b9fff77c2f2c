/**
 * Jurisdiction scope of imports (issue #3, docs/domain.md SEC-05; `imports/import-scope.ts`) on both backends:
 * a county analyst of 潞州区 (140403) may define and fill sites of 140403 only; rows or site definitions of 上党区
 * (140404), codes missing from the GB/T 2260 tree and reference sites without jurisdiction are refused with
 * file/row/column errors and nothing is written. The city analyst (root 140400) may do all of it; the CLI (no
 * scope) is unrestricted.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import type { ImportScope } from "../../imports/import-scope.js";
import type { Role } from "../../security/roles.js";
import { scopeFor } from "../../security/scope.js";
import type { AppContext } from "../context.js";
import { importScopeOf } from "../security/access.js";
import { TEST_NOW, withTestContexts } from "../testing.js";
import { importFile } from "./import-file.js";

const dir = mkdtempSync(path.join(tmpdir(), "tw-import-scope-"));
function file(name: string, lines: string[]): string {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join("\n"));
  return p;
}

const REG_HEADER = "site_code,name,kind,jurisdiction_code,longitude,latitude,population_served";
const REG_BOTH = file("reg-both.csv", [
  REG_HEADER,
  "SC-LZ,潞州测试厂,wwtp_influent,140403,113.1,36.2,300000",
  "SC-SD,上党测试厂,wwtp_influent,140404,113.0,36.1,100000",
]);
const REG_LZ = file("reg-lz.csv", [REG_HEADER, "SC-LZ,潞州测试厂,wwtp_influent,140403,113.1,36.2,300000"]);
const REG_UNKNOWN = file("reg-unknown.csv", [REG_HEADER, "SC-LZ2,潞州测试厂二,wwtp_influent,149999,113.1,36.2,300000"]);
const REG_MOVE = file("reg-move.csv", [REG_HEADER, "SC-SD,上党测试厂,wwtp_influent,140403,113.0,36.1,100000"]);
const REG_NONE = file("reg-none.csv", [
  "site_code,name,kind,longitude,latitude,population_served",
  "SC-REF,参考城市,wwtp_influent,113.0,36.1,100000",
]);
const LAB_HEADER = "site_code,sample_date,analyte,concentration,unit,lod,loq,flow_m3_per_day,population_served";
const LAB_BOTH = file("lab-both.csv", [
  LAB_HEADER,
  "SC-LZ,2025-03-10,methamphetamine,100,ng/L,0.5,1.5,100000,300000",
  "SC-SD,2025-03-10,methamphetamine,50,ng/L,0.5,1.5,20000,100000",
  "SC-SD,2025-03-11,methamphetamine,40,ng/L,0.5,1.5,20000,100000",
]);
const LAB_LZ = file("lab-lz.csv", [LAB_HEADER, "SC-LZ,2025-03-10,methamphetamine,100,ng/L,0.5,1.5,100000,300000"]);

async function scopeOf(ctx: AppContext, roles: Role[], jurisdictionPath: string): Promise<ImportScope> {
  const scope = scopeFor({ id: "u", roles, jurisdictionPath }, "monitoring.import", TEST_NOW);
  if (!scope) throw new Error("no monitoring.import capability");
  return importScopeOf(ctx, scope);
}

async function counts(ctx: AppContext): Promise<{ sites: number; measurements: number }> {
  const r = await ctx.database.raw.query<{ sites: number; measurements: number }>(
    "SELECT (SELECT count(*)::int FROM site WHERE code LIKE 'SC-%') AS sites, (SELECT count(*)::int FROM measurement) AS measurements",
  );
  return r.rows[0]!;
}

withTestContexts("import jurisdiction scope", (h) => {
  it("importScopeOf: 潞州区 reaches 140403 only; the city reaches the 13 codes and reference data", async () => {
    const county = await scopeOf(h.ctx, ["county_analyst"], "140400/140403");
    expect([...county.jurisdictionCodes]).toEqual(["140403"]);
    expect(county.referenceData).toBe(false);
    expect(county.treeCodes.has("140404")).toBe(true);
    const city = await scopeOf(h.ctx, ["city_analyst"], "140400");
    expect(city.jurisdictionCodes.size).toBe(13); // 长治市 + 12 county-level divisions (jurisdictions.test.ts)
    expect(city.referenceData).toBe(true);
  });

  it("a county analyst's registry with a site of another county is rejected at its row; nothing written", async () => {
    const scope = await scopeOf(h.ctx, ["county_analyst"], "140400/140403");
    const before = await counts(h.ctx);
    const r = await importFile(h.ctx, REG_BOTH, { scope });
    expect(r.status).toBe("rejected");
    expect(r.errors).toEqual([
      {
        file: "reg-both.csv",
        sheet: null,
        row: 3,
        column: "jurisdiction_code",
        value: "140404",
        message: "jurisdiction 140404 is outside your jurisdiction scope for imports",
        code: "scope-jurisdiction",
        params: { jurisdiction: "140404" },
      },
    ]);
    expect(await counts(h.ctx)).toEqual(before);
  });

  it("a jurisdiction code missing from the tree is rejected (even for the city)", async () => {
    const scope = await scopeOf(h.ctx, ["city_analyst"], "140400");
    const r = await importFile(h.ctx, REG_UNKNOWN, { scope });
    expect(r.status).toBe("rejected");
    expect(r.errors).toMatchObject([
      {
        row: 2,
        column: "jurisdiction_code",
        value: "149999",
        message: expect.stringContaining("unknown jurisdiction code"),
      },
    ]);
    // the console CLI (no scope) is the trusted operator: not restricted
    expect((await importFile(h.ctx, REG_UNKNOWN, { dryRun: true })).status).toBe("validated");
  });

  it("measurement rows for a site outside the scope are each listed; nothing written; in-scope rows import", async () => {
    const city = await scopeOf(h.ctx, ["city_analyst"], "140400");
    expect((await importFile(h.ctx, REG_BOTH, { scope: city })).status).toBe("imported");
    const county = await scopeOf(h.ctx, ["county_analyst"], "140400/140403");
    const before = await counts(h.ctx);
    const r = await importFile(h.ctx, LAB_BOTH, { scope: county });
    expect(r.status).toBe("rejected");
    expect(r.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, "site_code", "SC-SD"],
      [4, "site_code", "SC-SD"],
    ]);
    expect(r.errors[0]!.message).toBe("site SC-SD: jurisdiction 140404 is outside your jurisdiction scope for imports");
    expect(await counts(h.ctx)).toEqual(before);
    const ok = await importFile(h.ctx, LAB_LZ, { scope: county });
    expect(ok).toMatchObject({ status: "imported", measurements: { inserted: 1 } });
  });

  it("a county analyst cannot move another county's registered site into its own jurisdiction", async () => {
    const county = await scopeOf(h.ctx, ["county_analyst"], "140400/140403");
    const r = await importFile(h.ctx, REG_MOVE, { scope: county });
    expect(r.errors).toMatchObject([
      {
        row: 2,
        column: "site_code",
        value: "SC-SD",
        message: "registered site SC-SD: jurisdiction 140404 is outside your jurisdiction scope for imports",
      },
    ]);
    const site = await h.ctx.database.raw.query<{ jurisdiction_code: string }>(
      "SELECT jurisdiction_code FROM site WHERE code = 'SC-SD'",
    );
    expect(site.rows[0]?.jurisdiction_code).toBe("140404");
    // its own site re-imported unchanged is fine
    expect((await importFile(h.ctx, REG_LZ, { scope: county })).status).toBe("unchanged");
  });

  it("reference sites without jurisdiction: refused for a county, allowed for the city (a root of the tree)", async () => {
    const county = await scopeOf(h.ctx, ["county_analyst"], "140400/140403");
    const r = await importFile(h.ctx, REG_NONE, { scope: county });
    expect(r.errors).toMatchObject([{ row: 2, column: "jurisdiction_code", value: null }]);
    const city = await scopeOf(h.ctx, ["city_analyst"], "140400");
    expect((await importFile(h.ctx, REG_NONE, { scope: city })).status).toBe("imported");
  });
});
