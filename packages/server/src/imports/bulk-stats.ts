/**
 * Statistics buckets of a bulk load computed in JS: after a first import into an empty `measurement` table every
 * current row is one of the import's, so the per (site, analyte, year, ISO weekday) sums and counts of the PNL that
 * `refresh-stats.ts` aggregates in SQL can be accumulated from the rows as they are written (13 bytes per row) and
 * finished with the samples' final flow/population. Same rules as `PNL_SQL`: `not_analysed` skipped; censored → 0;
 * `pnl` rows → the value; concentration C [ng/L] × Q [m³/day] / P (science.md §1 steps 1–2), skipped without flow or
 * population (the sample's, else the site's).
 */
import type { SqlClient } from "../storage/open-database.js";
import type { ParsedMeasurement } from "./parse/types.js";
import type { SampleRegistry } from "./sample-registry.js";
import type { Bucket } from "./refresh-stats.js";

function grow<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  if (n < a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(1024, a.length * 2));
  b.set(a);
  return b;
}

export class BulkStats {
  private sample = new Int32Array(1024);
  private analyte = new Uint16Array(1024);
  private isPnl = new Uint8Array(1024);
  /** detected → value; censored → 0; not_analysed → NaN */
  private value = new Float64Array(1024);
  private n = 0;

  /** Records a written row (`analyteIdx`: the writer's analyte index). */
  add(m: ParsedMeasurement, sampleIdx: number, analyteIdx: number): void {
    const i = this.n++;
    this.sample = grow(this.sample, i);
    this.analyte = grow(this.analyte, i);
    this.isPnl = grow(this.isPnl, i);
    this.value = grow(this.value, i);
    this.sample[i] = sampleIdx;
    this.analyte[i] = analyteIdx;
    this.isPnl[i] = m.quantity === "pnl" ? 1 : 0;
    this.value[i] = m.detection === "not_analysed" ? Number.NaN : m.detection === "detected" ? (m.valueCanonical ?? 0) : 0;
  }

  /** The buckets, with the samples' final flow/population and the sites' population read from the database. */
  async buckets(tx: SqlClient, reg: SampleRegistry, analyteCodes: readonly string[]): Promise<Bucket[]> {
    const sitePop = await tx.query<{ id: string; pop: number | null }>(
      "SELECT id, population_served AS pop FROM site WHERE id = ANY($1::uuid[])",
      [reg.siteIds],
    );
    const popOfSite = new Map(sitePop.rows.map((r) => [r.id, r.pop]));
    const sitePops = reg.siteIds.map((id) => popOfSite.get(id) ?? null);
    // the year of a day parsed once (not per row); buckets by a numeric key, the previous row's bucket reused
    const yearOfDay = new Map<number, number>();
    const out = new Map<number, Bucket>();
    let lastKey = -1;
    let last: Bucket | undefined;
    for (let i = 0; i < this.n; i++) {
      const v = this.value[i] as number;
      if (Number.isNaN(v)) continue;
      const s = this.sample[i] as number;
      const site = reg.site[s] as number;
      let pnl: number;
      if (this.isPnl[i] === 1) pnl = v;
      else {
        const flow = reg.flowOf(s);
        const pop = reg.popOf(s) ?? sitePops[site] ?? null;
        if (flow === null || pop === null || !(pop > 0)) continue;
        pnl = (v * flow) / pop;
      }
      const day = reg.day[s] as number;
      let year = yearOfDay.get(day);
      if (year === undefined) {
        year = Number(reg.dateOf(day).slice(0, 4));
        yearOfDay.set(day, year);
      }
      const dow = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 (day 0) was a Thursday (ISO 4)
      const analyte = this.analyte[i] as number;
      // site < 2^20 and analyte < 2^16 (Uint16Array), year 1–9999, dow 1–7: below 2^53
      const key = ((site * 65_536 + analyte) * 10_000 + year) * 8 + dow;
      let b = key === lastKey ? last : out.get(key);
      if (!b) {
        b = { site_id: reg.siteIds[site] as string, analyte: analyteCodes[analyte] as string, year, dow, sum: 0, n: 0 };
        out.set(key, b);
      }
      lastKey = key;
      last = b;
      b.sum += pnl;
      b.n++;
    }
    return [...out.values()];
  }
}
