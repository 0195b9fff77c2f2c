/**
 * The samples (site × date) of one import, compactly: a numeric key per (site, day) and typed arrays for the
 * sample's flow, population and first row, so a 1-million-row file (≈250 000 samples) costs a few MB instead of a
 * Map of objects with string keys and uuids. Sample ids are `uuidv7`-derived like the measurement ids
 * (see `ids.ts`): `idOf(i)`; a sample that already existed in the database gets its stored id (`existing`).
 */
import { parseDayNumber } from "@tracewater/core";
import type { IdSequence } from "./ids.js";

/** What happened to a sample of the file in the database. */
export const SampleState = {
  /** seen in the file, not written yet */
  Pending: 0,
  /** inserted by this import (id = candidate id) */
  Inserted: 1,
  /** existed before this import (id in `existingIds`) */
  Existing: 2,
} as const;

/** day numbers are offset so that keys stay non-negative for dates from 1700 on */
const DAY_OFFSET = 100_000;
const DAYS_PER_SITE = 1_000_000;

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  if (n < a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Most days a site's samples span in its dense day table (≈ 45 years; 64 KB per site): {@link SampleRegistry.find}
 * is one array read there. Days beyond go to a Map — a lookup in the Map of a 1M-row import's 250 000 samples cost
 * ≈ 300 ns (cache misses), 0.1 s of the import's main thread (docs/performance.md, "Import", fifth round).
 */
const MAX_DENSE_DAYS = 16_384;

/** Sample index + 1 per day from `base` (0 = none). */
interface DayTable {
  base: number;
  idx: Int32Array;
}

export class SampleRegistry {
  /** (site, day) → sample index, for days outside the site's {@link DayTable} */
  private readonly index = new Map<number, number>();
  private readonly dayTables: (DayTable | undefined)[] = [];
  private readonly siteIdx = new Map<string, number>();
  readonly siteIds: string[] = [];
  private readonly dayOf = new Map<string, number>();
  private readonly precisions: string[] = [];
  private readonly precisionIdx = new Map<string, number>();
  /** per sample */
  flow = new Float64Array(1024);
  pop = new Float64Array(1024);
  firstRow = new Int32Array(1024);
  site = new Int32Array(1024);
  day = new Int32Array(1024);
  precision = new Uint8Array(1024);
  state = new Uint8Array(1024);
  /** 1 when flow/population changed after the sample was inserted (written again at the end) */
  dirty = new Uint8Array(1024);
  readonly existingIds = new Map<number, string>();
  readonly dates: string[] = [];
  size = 0;

  constructor(readonly ids: IdSequence) {}

  /** Small integer for a site id (stable within the import). */
  siteIndex(siteId: string): number {
    let i = this.siteIdx.get(siteId);
    if (i === undefined) {
      i = this.siteIds.length;
      this.siteIds.push(siteId);
      this.siteIdx.set(siteId, i);
    }
    return i;
  }

  /** Day number of a `YYYY-MM-DD` date (memoised: a file has few distinct dates). */
  dayNumber(date: string): number {
    let d = this.dayOf.get(date);
    if (d === undefined) {
      d = parseDayNumber(date);
      this.dayOf.set(date, d);
      this.dates[d + DAY_OFFSET] = date;
    }
    return d;
  }

  /** `YYYY-MM-DD` of a day number seen by {@link dayNumber}. */
  dateOf(day: number): string {
    return this.dates[day + DAY_OFFSET] as string;
  }

  /** Index of the sample (site, date), or -1. */
  find(site: number, day: number): number {
    const t = this.dayTables[site];
    if (t !== undefined) {
      const v = t.idx[day - t.base];
      if (v !== undefined && v > 0) return v - 1;
    }
    if (this.index.size === 0) return -1;
    return this.index.get(site * DAYS_PER_SITE + day + DAY_OFFSET) ?? -1;
  }

  /** Records sample `i` of (site, day): in the site's day table when its span allows, else in the Map. */
  private remember(site: number, day: number, i: number): void {
    let t = this.dayTables[site];
    if (t === undefined) {
      t = { base: day - 64, idx: new Int32Array(256) };
      this.dayTables[site] = t;
    }
    if (day < t.base || day >= t.base + t.idx.length) {
      // grow the table to cover `day` (doubling, at most MAX_DENSE_DAYS)
      const lo = Math.min(t.base, day);
      const hi = Math.max(t.base + t.idx.length, day + 1);
      if (hi - lo > MAX_DENSE_DAYS) {
        this.index.set(site * DAYS_PER_SITE + day + DAY_OFFSET, i);
        return;
      }
      const size = Math.min(MAX_DENSE_DAYS, Math.max(hi - lo, 2 * t.idx.length));
      // growing down: half the spare room below (dates may keep coming earlier), else all of it above
      const base = day < t.base ? lo - ((size - (hi - lo)) >> 1) : lo;
      const idx = new Int32Array(size);
      idx.set(t.idx, t.base - base);
      t.base = base;
      t.idx = idx;
    }
    t.idx[day - t.base] = i + 1;
  }

  /** Adds a new sample; returns its index. Flow/population: NaN = not given. */
  add(site: number, day: number, precision: string, flow: number | null, pop: number | null, row: number): number {
    const i = this.size++;
    this.remember(site, day, i);
    this.flow = grow(this.flow, i);
    this.pop = grow(this.pop, i);
    this.firstRow = grow(this.firstRow, i);
    this.site = grow(this.site, i);
    this.day = grow(this.day, i);
    this.precision = grow(this.precision, i);
    this.state = grow(this.state, i);
    this.dirty = grow(this.dirty, i);
    let p = this.precisionIdx.get(precision);
    if (p === undefined) {
      p = this.precisions.length;
      this.precisions.push(precision);
      this.precisionIdx.set(precision, p);
    }
    this.flow[i] = flow ?? Number.NaN;
    this.pop[i] = pop ?? Number.NaN;
    this.firstRow[i] = row;
    this.site[i] = site;
    this.day[i] = day;
    this.precision[i] = p;
    return i;
  }

  precisionOf(i: number): string {
    return this.precisions[this.precision[i] as number] as string;
  }

  /** The sample's id in the database: the stored id of an existing sample, else the candidate id. */
  idOf(i: number): string {
    return this.state[i] === SampleState.Existing ? (this.existingIds.get(i) as string) : this.ids.id(i);
  }

  /** Nullable flow / population of sample `i`. */
  flowOf(i: number): number | null {
    const v = this.flow[i] as number;
    return Number.isNaN(v) ? null : v;
  }
  popOf(i: number): number | null {
    const v = this.pop[i] as number;
    return Number.isNaN(v) ? null : v;
  }
}
