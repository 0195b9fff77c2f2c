/**
 * Read endpoints on a real PGlite AppContext seeded with the bundled EUDA ESDM 2025 data: every GET answers
 * a body that parses with its contract schema, real values match the EUDA files, cursor pagination walks
 * every site once, and CSV exports have a header and one row per item.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  Analyte,
  ChangesResponse,
  GeoFeatureCollection,
  ImportBatch,
  LoadsResponse,
  Measurement,
  OverviewResponse,
  page,
  Sample,
  Site,
  SiteSeriesResponse,
  Source,
  TrendResponse,
  WeeklyResponse,
} from "@tracewater/contract";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { EUDA_DIR } from "../services/paths.js";
import { schemaColumns } from "./csv-export.js";
import { createHttpTestEnv, type HttpTestEnv } from "./test-support.js";

let env: HttpTestEnv;
beforeAll(async () => {
  env = await createHttpTestEnv();
});
afterAll(async () => {
  await env?.close();
});

/**
 * Sites of data/euda-esdm-2025/ww2025-site-info-table.csv: 217 (PROVENANCE.md); 215 of them have values in
 * ww2025-all-data.csv (CA003 and US001 have none), and all 217 are imported as sites.
 */
const EUDA_SITE_TABLE = Papa.parse<{ SiteID: string }>(
  readFileSync(path.join(EUDA_DIR, "ww2025-site-info-table.csv"), "utf8"),
  { header: true, skipEmptyLines: true },
).data.map((r) => r.SiteID);
const EUDA_SITES = EUDA_SITE_TABLE.length;

async function getJson<T extends z.ZodTypeAny>(url: string, schema: T): Promise<z.infer<T>> {
  const res = await env.request(url);
  expect(res.status, `${url}: ${res.status}`).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return schema.parse(await res.json());
}

/** Fetches a CSV export; checks content type and BOM; returns header + rows parsed by papaparse. */
async function getCsv(url: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const res = await env.request(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)], "UTF-8 BOM").toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

describe("every GET endpoint parses with its contract schema", () => {
  it("/sources lists euda-2025 with the 217 sites of the site table", async () => {
    expect(EUDA_SITES).toBe(217);
    const sources = await getJson("/api/v1/sources", Source.array());
    expect(sources.find((s) => s.code === "euda-2025")).toMatchObject({ sites: EUDA_SITES, simulated: false });
  });

  it("/analytes includes MDMA and benzoylecgonine", async () => {
    const analytes = await getJson("/api/v1/analytes", Analyte.array());
    expect(analytes.map((a) => a.code)).toEqual(expect.arrayContaining(["mdma", "benzoylecgonine", "methamphetamine"]));
  });

  it("/overview", async () => {
    const overview = await getJson("/api/v1/overview?source=euda-2025", OverviewResponse);
    const mdma = overview.analytes.find((a) => a.analyte === "mdma");
    expect(mdma?.latestYear).toBe(2024);
  });

  it("/sites/{code} gives Graz for AT001 (ww2025-site-info-table.csv)", async () => {
    const site = await getJson("/api/v1/sites/AT001", Site);
    expect(site).toMatchObject({
      code: "AT001",
      country: "AT",
      city: "Graz",
      populationServed: 425000,
      source: "euda-2025",
    });
    expect(site.lat).toBeCloseTo(47.070713, 6);
    expect(site.lon).toBeCloseTo(15.439504, 6);
  });

  it("/sites/{code}/series has the 2024 MDMA means of AT001", async () => {
    const series = await getJson("/api/v1/sites/AT001/series", SiteSeriesResponse);
    const y2024 = series.analytes.find((a) => a.analyte === "mdma")?.years.find((y) => y.year === 2024);
    expect(y2024?.dailyMean).toBeCloseTo(15.53, 2);
  });

  it("/samples and /measurements for AT001", async () => {
    const samples = await getJson("/api/v1/samples?site=AT001&limit=10", page(Sample));
    expect(samples.items).toHaveLength(10);
    expect(samples.items.every((s) => s.site === "AT001")).toBe(true);
    const measurements = await getJson("/api/v1/measurements?site=AT001&analyte=mdma&limit=1000", page(Measurement));
    expect(measurements.items.length).toBeGreaterThan(0);
    expect(measurements.items.every((m) => m.site === "AT001" && m.analyte === "mdma" && m.quantity === "pnl")).toBe(
      true,
    );
    const first = measurements.items[0]!;
    const revisions = await getJson(`/api/v1/measurements/${first.id}/revisions`, Measurement.array());
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ id: first.id, revision: 1, superseded: false });
  });

  it("/loads for AT001 MDMA: EUDA PNL rows as reported, load = PNL × population / 1000", async () => {
    const loads = await getJson("/api/v1/loads?site=AT001&analyte=mdma&from=2024-01-01&to=2024-12-31", LoadsResponse);
    expect(loads.rows).toHaveLength(7);
    const pnls = loads.rows.map((r) => r.pnlMgPerDayPer1000).sort((a, b) => (a ?? 0) - (b ?? 0));
    // ww2025-all-data.csv, 2024 MDMA AT001: Wed..Tue = 8.82 12.87 12.45 28.11 26.8 10.5 9.13
    expect(pnls).toEqual([8.82, 9.13, 10.5, 12.45, 12.87, 26.8, 28.11]);
    for (const row of loads.rows) expect(row.loadMgPerDay).toBeCloseTo((row.pnlMgPerDayPer1000! * 425000) / 1000, 6);
  });

  it("/imports lists the seed batches", async () => {
    const batches = await getJson("/api/v1/imports", page(ImportBatch));
    expect(batches.items.length).toBeGreaterThanOrEqual(2);
    expect(batches.items.every((b) => b.status === "imported")).toBe(true);
  });

  it("/geo/changzhi and /geo/shanxi are the bundled FeatureCollections", async () => {
    const changzhi = await getJson("/api/v1/geo/changzhi", GeoFeatureCollection);
    const shanxi = await getJson("/api/v1/geo/shanxi", GeoFeatureCollection);
    expect(changzhi.features.length).toBeGreaterThan(0);
    expect(shanxi.features.length).toBeGreaterThan(0);
    expect(changzhi).not.toEqual(shanxi);
  });
});

describe("real values from the EUDA files", () => {
  it("/weekly AT001 MDMA 2024 → weekday 10.27, weekend 19.47, daily 15.53 (ww2025-all-data.csv row '2024 MDMA AT001 Graz')", async () => {
    const week = await getJson("/api/v1/weekly?site=AT001&analyte=mdma&year=2024", WeeklyResponse);
    expect(week.weekdayMean).toBeCloseTo(10.27, 2);
    expect(week.weekendMean).toBeCloseTo(19.47, 2);
    expect(week.dailyMean).toBeCloseTo(15.53, 2);
    expect(week.days).toHaveLength(7);
    expect(week.days.find((d) => d.weekday === "Sat")?.pnlMgPerDayPer1000).toBe(28.11);
  });

  it("/trend benzoylecgonine constant panel → 2011 340.93, 2024 848.15 (ww2025-aggregated-trends.csv)", async () => {
    const t = await getJson("/api/v1/trend?analyte=benzoylecgonine&panel=constant", TrendResponse);
    expect(t.panelMode).toBe("constant");
    const at = (year: number) => t.series.find((s) => s.year === year)?.value ?? Number.NaN;
    expect(Math.abs(at(2011) - 340.93358925)).toBeLessThan(0.01);
    expect(Math.abs(at(2024) - 848.147748699737)).toBeLessThan(0.01);
  });

  it("/changes MDMA 2024 → AT001 15.53 vs 23.73, decrease (ww2025-changes-all-substances.csv)", async () => {
    const ch = await getJson("/api/v1/changes?analyte=mdma&year=2024", ChangesResponse);
    const graz = ch.rows.find((r) => r.site === "AT001");
    expect(graz).toMatchObject({ current: 15.53, previous: 23.73, class: "decrease" });
    expect(graz?.changePercent).toBeCloseTo(-34.5554150863885, 6);
  });
});

describe("cursor pagination", () => {
  it("walks all 217 EUDA sites exactly once, in code order, with opaque base64url cursors", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = `/api/v1/sites?source=euda-2025&limit=40${cursor ? `&cursor=${cursor}` : ""}`;
      const p: { items: { code: string }[]; nextCursor: string | null } = await getJson(url, page(Site));
      expect(p.items.length).toBeLessThanOrEqual(40);
      seen.push(...p.items.map((s) => s.code));
      cursor = p.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(EUDA_SITES / 40));
    expect(seen).toHaveLength(EUDA_SITES);
    expect(new Set(seen).size).toBe(EUDA_SITES);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen)).toEqual(new Set(EUDA_SITE_TABLE));
  });

  it("limit defaults to 100", async () => {
    const p = await getJson("/api/v1/sites?source=euda-2025", page(Site));
    expect(p.items).toHaveLength(100);
    expect(p.nextCursor).not.toBeNull();
  });

  it("a cursor that is not base64url → 400; a forged one → 400", async () => {
    expect((await env.request("/api/v1/sites?cursor=not%20a%20cursor")).status).toBe(400);
    expect((await env.request("/api/v1/sites?cursor=Zm9v")).status).toBe(400); // base64url("foo"), not a key
  });
});

describe("CSV export", () => {
  it("/sites?format=csv: header = Site fields, one row per site (217), ignoring limit", async () => {
    const { header, rows } = await getCsv("/api/v1/sites?source=euda-2025&format=csv&limit=10");
    expect(header).toEqual(schemaColumns(Site));
    expect(rows).toHaveLength(EUDA_SITES);
    expect(rows.find((r) => r.code === "AT001")).toMatchObject({ city: "Graz", populationServed: "425000" });
  });

  it("/measurements?format=csv has as many rows as the JSON pages", async () => {
    let total = 0;
    let cursor: string | null = null;
    do {
      const url = `/api/v1/measurements?site=AT001&limit=50${cursor ? `&cursor=${cursor}` : ""}`;
      const p: { items: unknown[]; nextCursor: string | null } = await getJson(url, page(Measurement));
      total += p.items.length;
      cursor = p.nextCursor;
    } while (cursor);
    expect(total).toBeGreaterThan(50);
    const { header, rows } = await getCsv("/api/v1/measurements?site=AT001&format=csv");
    expect(header).toEqual(schemaColumns(Measurement));
    expect(rows).toHaveLength(total);
  });

  it("/weekly, /trend, /changes, /loads, /overview, /analytes, /sources, /imports, /samples export CSV", async () => {
    const week = await getCsv("/api/v1/weekly?site=AT001&analyte=mdma&year=2024&format=csv");
    expect(week.rows).toHaveLength(7);
    expect(week.rows.find((r) => r.weekday === "Sat")?.pnlMgPerDayPer1000).toBe("28.11");
    const trend = await getCsv("/api/v1/trend?analyte=benzoylecgonine&panel=constant&format=csv");
    expect(trend.header).toEqual(["year", "value", "sites"]);
    expect(trend.rows.map((r) => Number(r.year))).toEqual(expect.arrayContaining([2011, 2024]));
    const changes = await getCsv("/api/v1/changes?analyte=mdma&year=2024&format=csv");
    expect(changes.rows.find((r) => r.site === "AT001")?.class).toBe("decrease");
    const loads = await getCsv("/api/v1/loads?site=AT001&analyte=mdma&from=2024-01-01&to=2024-12-31&format=csv");
    expect(loads.header).toContain("interval.p50");
    expect(loads.rows).toHaveLength(7);
    const overview = await getCsv("/api/v1/overview?format=csv");
    expect(overview.header).toContain("classes.increase");
    const analytes = await getCsv("/api/v1/analytes?format=csv");
    expect(analytes.header).toEqual(schemaColumns(Analyte));
    expect((await getCsv("/api/v1/sources?format=csv")).rows.length).toBeGreaterThan(0);
    expect((await getCsv("/api/v1/imports?format=csv")).header).toEqual(schemaColumns(ImportBatch));
    const samples = await getCsv("/api/v1/samples?site=AT001&format=csv");
    expect(samples.header).toEqual(schemaColumns(Sample));
  });
});
