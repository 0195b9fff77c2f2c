/**
 * Refreshes the cached per (site, analyte, year) statistics (`site_year_stats`) for the keys an import
 * touched, inside the import transaction. SQL aggregates the current measurements to per-ISO-weekday
 * sums/counts of the PNL; the weekday/weekend split uses core's year-specific EUDA definition.
 *
 * PNL per measurement (mg/day/1000 inh): `pnl` rows → the value; `concentration` rows →
 * C [ng/L] × Q [m³/day] / P — the same as core's `pnlMgPerDayPer1000(massLoadMgPerDay(C, Q), P)`
 * (science.md §1 steps 1–2), null without flow or population. Censored values count as 0 (the EUDA
 * convention of the published means; these statistics are arithmetic means, never log-scale);
 * `not_analysed` is skipped.
 */
import { weekPartOf } from "../services/monitoring/science.js";
import type { SqlClient } from "../storage/open-database.js";

export interface StatsKey {
  siteId: string;
  analyte: string;
  year: number;
}

/** Sum and count of the PNL of the current measurements of one (site, analyte, year, ISO weekday). */
export interface Bucket {
  site_id: string;
  analyte: string;
  year: number;
  dow: number;
  sum: number;
  n: number;
}

/** From this many rows written by one import on, the statistics are aggregated with hash joins. */
export const LARGE_IMPORT_ROWS = 20_000;

/** SQL expression of the PNL of a current measurement `m` joined with its sample `p` and site `t`. */
export const PNL_SQL = `CASE
  WHEN m.detection = 'not_analysed' THEN NULL
  WHEN m.quantity = 'pnl' THEN CASE WHEN m.detection = 'detected' THEN m.value_canonical ELSE 0 END
  WHEN p.flow_m3_per_day IS NOT NULL AND COALESCE(p.population_served, t.population_served) > 0
    THEN (CASE WHEN m.detection = 'detected' THEN m.value_canonical ELSE 0 END) * p.flow_m3_per_day
         / COALESCE(p.population_served, t.population_served)
  END`;

/** Mean of buckets (per ISO weekday 1=Mon..7=Sun) selected by `pick`; null when none. */
function meanOf(buckets: Bucket[], pick: (b: Bucket) => boolean): number | null {
  let s = 0;
  let n = 0;
  for (const b of buckets) {
    if (b.n > 0 && pick(b)) {
      s += b.sum;
      n += b.n;
    }
  }
  return n > 0 ? s / n : null;
}

/** Recomputes `site_year_stats` for the given keys (all keys of the given sites when `siteIds` is given). */
export async function refreshSiteYearStats(
  tx: SqlClient,
  keys: StatsKey[],
  siteIds: string[] = [],
  /** rows written by the import: a large import aggregates with hash joins (see below) */
  rowsWritten = 0,
  /** every current measurement belongs to a touched key (first import into an empty table): aggregate the whole table */
  wholeTable = false,
  /** the buckets, already computed from the rows of a bulk load (`bulk-stats.ts`): no SQL aggregate */
  precomputed: Bucket[] | null = null,
): Promise<number> {
  if (keys.length === 0 && siteIds.length === 0) return 0;
  await tx.exec("CREATE TEMP TABLE IF NOT EXISTS tw_keys (site_id uuid, analyte text, year int) ON COMMIT DROP; TRUNCATE tw_keys;");
  await tx.bulkInsert(
    "tw_keys",
    [
      { name: "site_id", type: "uuid" },
      { name: "analyte", type: "text" },
      { name: "year", type: "int4" },
    ],
    keys.map((k) => [k.siteId, k.analyte, k.year]),
  );
  if (siteIds.length > 0) {
    await tx.query(
      `INSERT INTO tw_keys (site_id, analyte, year)
       SELECT DISTINCT site_id, analyte_code, extract(year FROM sample_date)::int FROM measurement WHERE site_id = ANY($1::uuid[])`,
      [siteIds],
    );
  }
  await tx.exec(
    "CREATE TEMP TABLE tw_keys_u ON COMMIT DROP AS SELECT DISTINCT site_id, analyte, year FROM tw_keys;",
  );
  // after a large import, one pass with hash joins: the planner's statistics still describe the tables before the
  // import, and the nested loops it picks (an index lookup of the sample per measurement) cost far more than hashing
  // the samples once (200k-row import: 3.2 s → 0.9 s, docs/performance.md). Small imports keep the index plans.
  const large = rowsWritten >= LARGE_IMPORT_ROWS;
  if (large && !precomputed) await tx.exec("SET LOCAL enable_nestloop = off");
  const buckets = precomputed ? { rows: precomputed } : await tx.query<Bucket>(
    wholeTable
      ? `SELECT x.site_id, x.analyte, x.year, x.dow, sum(x.v)::float8 AS sum, count(x.v)::int AS n
           FROM (SELECT m.site_id, m.analyte_code AS analyte, extract(year FROM m.sample_date)::int AS year,
                        extract(isodow FROM m.sample_date)::int AS dow, ${PNL_SQL} AS v
                   FROM measurement m
                   JOIN sample p ON p.id = m.sample_id
                   JOIN site t ON t.id = m.site_id
                  WHERE m.superseded_by IS NULL) x
          GROUP BY 1, 2, 3, 4`
      : `SELECT x.site_id, x.analyte, x.year, x.dow, sum(x.v)::float8 AS sum, count(x.v)::int AS n
       FROM (SELECT m.site_id, m.analyte_code AS analyte, k.year, extract(isodow FROM m.sample_date)::int AS dow, ${PNL_SQL} AS v
               FROM tw_keys_u k
               JOIN measurement m ON m.site_id = k.site_id AND m.analyte_code = k.analyte
                AND m.sample_date >= make_date(k.year, 1, 1) AND m.sample_date < make_date(k.year + 1, 1, 1)
                AND m.superseded_by IS NULL
               JOIN sample p ON p.id = m.sample_id
               JOIN site t ON t.id = m.site_id) x
      GROUP BY 1, 2, 3, 4`,
  );
  if (large && !precomputed) await tx.exec("SET LOCAL enable_nestloop = on");
  const byKey = new Map<string, Bucket[]>();
  for (const b of buckets.rows) {
    const k = `${b.site_id}|${b.analyte}|${b.year}`;
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(b);
  }
  const rows: unknown[][] = [];
  for (const list of byKey.values()) {
    const first = list[0] as Bucket;
    const year = first.year;
    const days = list.reduce((a, b) => a + b.n, 0);
    if (days === 0) continue;
    const profile: (number | null)[] = [1, 2, 3, 4, 5, 6, 7].map((d) => meanOf(list, (b) => b.dow === d));
    rows.push([
      first.site_id,
      first.analyte,
      year,
      days,
      meanOf(list, (b) => weekPartOf(year, b.dow) === "weekday"),
      meanOf(list, (b) => weekPartOf(year, b.dow) === "weekend"),
      meanOf(list, () => true),
      JSON.stringify(profile),
    ]);
  }
  await tx.exec(
    "DELETE FROM site_year_stats s USING tw_keys_u k WHERE s.site_id = k.site_id AND s.analyte_code = k.analyte AND s.year = k.year;",
  );
  await tx.bulkInsert(
    "site_year_stats",
    [
      { name: "site_id", type: "uuid" },
      { name: "analyte_code", type: "text" },
      { name: "year", type: "int4" },
      { name: "days", type: "int4" },
      { name: "weekday_mean", type: "float8" },
      { name: "weekend_mean", type: "float8" },
      { name: "daily_mean", type: "float8" },
      { name: "profile", type: "jsonb" },
    ],
    rows,
  );
  // published means (EUDA) replace the computed ones where present
  await tx.exec(`
    UPDATE site_year_stats s SET
      weekday_mean = COALESCE(r.weekday_mean, s.weekday_mean),
      weekend_mean = COALESCE(r.weekend_mean, s.weekend_mean),
      daily_mean = COALESCE(r.daily_mean, s.daily_mean),
      published = true
      FROM reported_mean r, tw_keys_u k
     WHERE r.superseded_by IS NULL AND r.site_id = k.site_id AND r.analyte_code = k.analyte AND r.year = k.year
       AND s.site_id = k.site_id AND s.analyte_code = k.analyte AND s.year = k.year;
    DROP TABLE tw_keys_u;`);
  return rows.length;
}
