import { expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import {
  importJurisdictionsCsv,
  jurisdictionPath,
  listJurisdictions,
  seedChangzhiJurisdictions,
} from "./jurisdictions.js";
import { withSecurityContexts } from "./test-context.js";

withSecurityContexts("jurisdictions", (h) => {
  it("seeds 长治市 and its 12 counties from the bundled GeoJSON at context creation, once", async () => {
    // createAppContext already seeded: 13 rows there, none inserted again
    expect(await seedChangzhiJurisdictions(h.ctx)).toBe(0);
    await h.ctx.database.raw.query("DELETE FROM jurisdiction WHERE code = '140431'");
    expect(await seedChangzhiJurisdictions(h.ctx)).toBe(1);
    const all = await listJurisdictions(h.ctx);
    expect(all[0]).toEqual({ code: "140400", nameZh: "长治市", level: "city", parentCode: null, path: "140400" });
    // data/geo/PROVENANCE.md lists the 12 county-level divisions with their GB/T 2260 codes
    expect(all.slice(1).map((j) => `${j.code} ${j.nameZh}`)).toEqual([
      "140403 潞州区",
      "140404 上党区",
      "140405 屯留区",
      "140406 潞城区",
      "140423 襄垣县",
      "140425 平顺县",
      "140426 黎城县",
      "140427 壶关县",
      "140428 长子县",
      "140429 武乡县",
      "140430 沁县",
      "140431 沁源县",
    ]);
    expect(await jurisdictionPath(h.ctx, "140431")).toBe("140400/140431");
  });

  const csv =
    "\uFEFFcode,name_zh,level,parent_code\n140403001,东街街道,township,140403\n140403001001,东街社区,community,140403001\nG-0001,东街1号网格,grid,140403001001\n";

  it("imports townships, communities and grids from CSV (parents earlier in the file), idempotently", async () => {
    expect(await importJurisdictionsCsv(h.ctx, { name: "grid.csv", text: csv })).toEqual({ inserted: 3, unchanged: 0 });
    expect(await jurisdictionPath(h.ctx, "G-0001")).toBe("140400/140403/140403001/140403001001/G-0001");
    expect(await importJurisdictionsCsv(h.ctx, { name: "grid.csv", text: csv })).toEqual({ inserted: 0, unchanged: 3 });
  });

  it("rejects bad rows with file, row, column, value and imports nothing", async () => {
    const bad =
      "code,name_zh,level,parent_code\n140404001,韩店街道,township,140404\n140404002,,township,140404\nX1,网格,grid,140404\n140403001,别名,township,140403\n";
    const err = await importJurisdictionsCsv(h.ctx, { name: "bad.csv", text: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).errors).toEqual([
      { file: "bad.csv", row: 3, column: "name_zh", value: "", message: "a name" },
      { file: "bad.csv", row: 4, column: "parent_code", value: "140404", message: "a community (found a county)" },
      {
        file: "bad.csv",
        row: 5,
        column: "code",
        value: "140403001",
        message: "code already defined as 东街街道 (township) under 140403",
      },
    ]);
    expect(await jurisdictionPath(h.ctx, "140404001")).toBeNull(); // the good row was not imported either
    await expect(importJurisdictionsCsv(h.ctx, { name: "h.csv", text: "code,name\n1,a\n" })).rejects.toThrow(
      /bad header/,
    );
  });
});
