/**
 * Site registry with sewer travel times (issue #4, column `travel_time_hours` / 流达时间(小时)) on both backends:
 * stored on the upstream site of each link, converted from minutes, idempotent on re-import; every bad value is
 * reported with file, row and column and nothing is written.
 */
import { expect, it } from "vitest";
import { withTestContexts } from "../testing.js";
import { importFile } from "./import-file.js";
import type { AppContext } from "../context.js";

const enc = (name: string, lines: string[]) => ({ name, bytes: new TextEncoder().encode(lines.join("\n")) });
const HEAD = "site_code,name,kind,downstream_site,travel_time_hours";

async function links(ctx: AppContext, prefix: string): Promise<Array<[string, string | null, number | null]>> {
  const r = await ctx.database.raw.query<{ code: string; down: string | null; h: number | null }>(
    `SELECT s.code, d.code AS down, s.travel_time_to_downstream_hours AS h
       FROM site s LEFT JOIN site d ON d.id = s.downstream_site_id WHERE s.code LIKE $1 ORDER BY s.code`,
    [`${prefix}%`],
  );
  return r.rows.map((x) => [x.code, x.down, x.h === null ? null : Number(x.h)]);
}

withTestContexts("registry travel times", (h) => {
  it("stores the travel time of each link on its upstream site; re-import changes nothing", async () => {
    const file = enc("tt-ok.csv", [
      HEAD,
      "TA-WWTP,厂,wwtp_influent,,",
      "TA-PS,泵站,pumping_station,TA-WWTP,1.5",
      "TA-MH,检查井,manhole,TA-PS,",
      "TA-VO,排口,venue_outfall,TA-MH,0.25",
    ]);
    const r = await importFile(h.ctx, file);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ status: "imported", sites: 4 });
    expect(await links(h.ctx, "TA-")).toEqual([
      ["TA-MH", "TA-PS", null],
      ["TA-PS", "TA-WWTP", 1.5],
      ["TA-VO", "TA-MH", 0.25],
      ["TA-WWTP", null, null],
    ]);
    const again = await importFile(
      h.ctx,
      enc("tt-ok-2.csv", [
        HEAD,
        "TA-WWTP,厂,wwtp_influent,,",
        "TA-PS,泵站,pumping_station,TA-WWTP,1.5",
        "TA-MH,检查井,manhole,TA-PS,",
        "TA-VO,排口,venue_outfall,TA-MH,0.25",
        "", // other bytes (not skipped as the same file), same registry
      ]),
    );
    expect(again.errors).toEqual([]);
    expect(again.sites).toBe(0);
    expect(await links(h.ctx, "TA-")).toHaveLength(4);
  });

  it("reads a Chinese header with minutes (流达时间(分钟)): 90 min = 1.5 h; a changed time is updated", async () => {
    const r = await importFile(
      h.ctx,
      enc("tt-zh.csv", [
        "采样点编号,名称,类型,下游点位,流达时间(分钟)",
        "TB-WWTP,厂,污水处理厂,,",
        "TB-PS,泵站,泵站,TB-WWTP,90",
      ]),
    );
    expect(r.errors).toEqual([]);
    expect(await links(h.ctx, "TB-")).toEqual([
      ["TB-PS", "TB-WWTP", 1.5],
      ["TB-WWTP", null, null],
    ]);
    const upd = await importFile(
      h.ctx,
      enc("tt-zh-2.csv", [
        "采样点编号,名称,类型,下游点位,汇流时间(小时)",
        "TB-WWTP,厂,污水处理厂,,",
        "TB-PS,泵站,泵站,TB-WWTP,2",
      ]),
    );
    expect(upd).toMatchObject({ status: "imported", sites: 1 });
    expect(await links(h.ctx, "TB-")).toEqual([
      ["TB-PS", "TB-WWTP", 2],
      ["TB-WWTP", null, null],
    ]);
  });

  it.each([
    ["zero", "0", 3, "travel_time_hours", "expected a sewer travel time > 0 in hours"],
    ["negative", "-1.5", 3, "travel_time_hours", "expected a sewer travel time > 0 in hours"],
    ["text", "fast", 3, "travel_time_hours", "expected a sewer travel time > 0 in hours"],
  ] as const)(
    "a %s travel time is rejected with file, row and column; nothing is written",
    async (_what, value, row, column, message) => {
      const name = `tt-bad-${_what}.csv`;
      const r = await importFile(
        h.ctx,
        enc(name, [HEAD, "TC-WWTP,厂,wwtp_influent,,", `TC-PS,泵站,pumping_station,TC-WWTP,${value}`]),
      );
      expect(r.status).toBe("rejected");
      expect(r.errors).toEqual([{ file: name, sheet: null, row, column, value, message, code: "bad-travel-time", params: { travelUnit: null } }]);
      expect(await links(h.ctx, "TC-")).toEqual([]);
    },
  );

  it("a travel time without a downstream site is rejected; nothing is written", async () => {
    const r = await importFile(
      h.ctx,
      enc("tt-nodown.csv", [HEAD, "TD-WWTP,厂,wwtp_influent,,3", "TD-PS,泵站,pumping_station,TD-WWTP,1"]),
    );
    expect(r.status).toBe("rejected");
    expect(r.errors).toEqual([
      {
        file: "tt-nodown.csv",
        sheet: null,
        row: 2,
        column: "travel_time_hours",
        value: "3",
        message:
          "a travel time needs a downstream site; fill downstream_site (下游点位) or leave the travel time empty",
        code: "travel-time-without-downstream",
        params: {},
      },
      // the rejected plant row is not defined, so the pump station's link to it is reported too (same pass)
      {
        file: "tt-nodown.csv",
        sheet: null,
        row: 3,
        column: "downstream_site",
        value: "TD-WWTP",
        message: "unknown downstream site code; define it in a site registry file or in the same file",
        code: "unknown-downstream-site",
        params: {},
      },
    ]);
    expect(await links(h.ctx, "TD-")).toEqual([]);
  });

  it("an unknown unit in the header is rejected at the header row; nothing is written", async () => {
    const r = await importFile(
      h.ctx,
      enc("tt-unit.csv", [
        "site_code,name,kind,downstream_site,流达时间(天数)",
        "TE-WWTP,厂,wwtp_influent,,",
        "TE-PS,泵站,pumping_station,TE-WWTP,1",
      ]),
    );
    expect(r.status).toBe("rejected");
    expect(r.errors).toEqual([
      {
        file: "tt-unit.csv",
        sheet: null,
        row: 1,
        column: "流达时间(天数)",
        value: "流达时间(天数)",
        message: 'unknown travel-time unit "天数" in the header; expected 小时/h or 分钟/min',
        code: "unknown-travel-time-unit",
        params: { unit: "天数" },
      },
    ]);
    expect(await links(h.ctx, "TE-")).toEqual([]);
  });
});
