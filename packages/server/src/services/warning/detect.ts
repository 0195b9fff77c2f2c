/**
 * `detect`: runs the detectors over the stored data and creates or updates alerts (issue #4).
 *
 * Data: current (not superseded) measurements of samples with a known calendar day (`date_precision = 'day'`;
 * EUDA campaign weeks with nominal weekdays are not daily series and are left out), per data source (a source's
 * sites form their own sewer network; sources are never mixed).
 *
 * Bounded memory: a source's sites are processed in groups of whole sewer trees (a root and every site upstream of
 * it — the sub-catchment and mass-balance detectors need a tree together), each group holding at most
 * {@link DETECT_GROUP_MAX_RESULTS} results (a larger single tree is a group of its own); only the group's results
 * are loaded, the per-series and per-tree detectors run on it and only its graded points dated ≥ `since` are kept.
 * The network-wide new-substance detector, which needs every site, is fed per group with per-analyte, per-date
 * counts (detection-engine.ts `NetworkNewSubstanceTally`) and graded after the last group. The graded points are
 * exactly those of one engine run over all the source's series (tested against that path in detect.test.ts).
 *
 * Grading: the core rule sets with the operational alarm thresholds (detection-engine.ts `operationalRules`).
 * Alerts: the graded points dated on or after `since` (default: {@link DEFAULT_CURRENT_DAYS} days before the newest
 * sample date of the source — detection is about the current situation; the baselines still use all history) are
 * applied per site × analyte × detector, in date order, in ONE transaction:
 * - a point inside an active suppression window is dropped;
 * - with an OPEN alert for the key, the point is appended as evidence (once per sample date) and the alert's
 *   level rises to the highest level seen;
 * - otherwise a point dated after the key's last alert raises a new alert (status `new`, state change by `system`)
 *   and the staff who may read it are notified.
 * Re-running over unchanged data changes nothing.
 */
import type { DetectRunResult } from "@tracewater/contract";
import {
  DEFAULT_GRADING_RULES,
  dateOfDayNumber,
  dayNumber,
  WARNING_LEVEL_ZH,
  type WarningLevel,
} from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import type { BulkColumn, SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { requireMay, SITE_PATH_SQL, SYSTEM_CALLER, type WarningCaller } from "./access.js";
import { levelRank, OPEN_ALERT_STATUSES } from "./alerts.js";
import {
  type Detection,
  type EngineOptions,
  type EngineSeries,
  engineTree,
  type Finding,
  NetworkNewSubstanceTally,
  OPERATIONAL_DETECTORS,
  operationalRules,
  type RawResult,
  runDetectors,
  seriesFromResults,
} from "./detection-engine.js";
import { notificationChannels, recipients } from "./inbox.js";

/** Default look-back of alert creation, days before the newest sample date of a source. */
export const DEFAULT_CURRENT_DAYS = 90;

/**
 * Most results loaded at once by a detection run (one group of whole sewer trees; a single larger tree is loaded
 * alone). Judgement: about the demo city (180 840 results); in groups of this size a 1M-row source added 76 MB to
 * the process's max RSS, against 738 MB when loaded at once (docs/performance.md "Detection after a 1M-row import").
 */
export const DETECT_GROUP_MAX_RESULTS = 200_000;

export interface DetectOptions {
  /** only graded points on or after this date raise or extend alerts; null = all history */
  since?: string | null;
  /** only this data source */
  source?: string;
  detectors?: EngineOptions["detectors"];
  rules?: EngineOptions["rules"];
  /** results per group of sewer trees (default {@link DETECT_GROUP_MAX_RESULTS}; tests use small groups) */
  groupMaxResults?: number;
}

/** A site of a source as `runDetection` reads it. */
export interface SiteRow {
  id: string;
  code: string;
  downstream: string | null;
  source: string;
  jpath: string | null;
  name: string;
}

/** The detection condition of a loader code (see {@link loadSeries}): d/l/q/n, or the stored text itself. */
function detectionOfCode(code: string): Detection {
  switch (code) {
    case "d":
      return "detected";
    case "l":
      return "below_lod";
    case "q":
      return "below_loq";
    case "n":
      return "not_analysed";
    default:
      return code as Detection;
  }
}

/**
 * Loads the series of the given sites: their current results of samples with `date_precision = 'day'`, flow and
 * population from the sample (population: the site's when the sample has none). Read in a compact text form: the
 * day-precision samples as one string per site ("day,flow,population;…", day = days since 1970-01-01), the results
 * as one string per site × analyte ("day,QD value;…" ordered by date and quantity, Q = c/p/o for concentration/PNL/
 * other, D = d/l/q/n for detected/below LOD/below LOQ/not analysed, or the stored text for any other condition),
 * matched to their sample in JS by (site, date) — the key the sample is unique by and measurement copies. Avoiding
 * the SQL join of results to samples and the JSON of every result makes the read ≈ 2.5 × faster than the former
 * `json_agg` form (docs/performance.md "Detection after an import"). Each site × analyte becomes its series at once
 * (`seriesFromResults` of that site × analyte alone), so only one series is held as raw results at a time.
 * Series sorted by site, analyte. When a date has both a concentration and a reported PNL, the PNL (the later
 * quantity) wins. Numbers travel as PostgreSQL's shortest round-trip float8 text, so they are the stored doubles.
 */
async function loadSeries(sqlc: SqlClient, sites: readonly Pick<SiteRow, "id" | "code">[]): Promise<EngineSeries[]> {
  const ids = sites.map((s) => s.id);
  const codeOf = new Map(sites.map((s) => [s.id, s.code]));
  const sampleRes = await sqlc.query<{ site_id: string; s: string }>(
    `SELECT sa.site_id,
            string_agg((sa.sample_date - DATE '1970-01-01') || ',' || COALESCE(sa.flow_m3_per_day::text, '') || ','
                       || COALESCE(COALESCE(sa.population_served, s.population_served)::text, ''), ';') AS s
       FROM sample sa JOIN site s ON s.id = sa.site_id
      WHERE sa.date_precision = 'day' AND sa.site_id = ANY($1::uuid[])
      GROUP BY sa.site_id`,
    [ids],
  );
  // site id → day → [flow, population]
  const samplesOf = new Map<string, Map<number, [number | null, number | null]>>();
  const num = (t: string): number | null => (t === "" ? null : Number(t));
  for (const r of sampleRes.rows) {
    const m = new Map<number, [number | null, number | null]>();
    for (const rec of r.s.split(";")) {
      const [day, flow, pop] = rec.split(",") as [string, string, string];
      m.set(Number(day), [num(flow), num(pop)]);
    }
    samplesOf.set(r.site_id, m);
  }
  const res = await sqlc.query<{ site_id: string; analyte_code: string; pts: string }>(
    `SELECT m.site_id, m.analyte_code,
            string_agg((m.sample_date - DATE '1970-01-01') || ','
                       || CASE m.quantity WHEN 'concentration' THEN 'c' WHEN 'pnl' THEN 'p' ELSE 'o' END
                       || CASE m.detection WHEN 'detected' THEN 'd' WHEN 'below_lod' THEN 'l' WHEN 'below_loq' THEN 'q'
                                           WHEN 'not_analysed' THEN 'n' ELSE m.detection END
                       || ' ' || COALESCE(m.value_canonical::text, ''), ';' ORDER BY m.sample_date, m.quantity) AS pts
       FROM measurement m
      WHERE m.superseded_by IS NULL AND m.site_id = ANY($1::uuid[])
      GROUP BY m.site_id, m.analyte_code`,
    [ids],
  );
  const dates = new Map<number, string>();
  const dateOf = (day: number): string => {
    let d = dates.get(day);
    if (d === undefined) {
      d = dateOfDayNumber(day);
      dates.set(day, d);
    }
    return d;
  };
  const out: EngineSeries[] = [];
  for (const r of res.rows) {
    const samples = samplesOf.get(r.site_id);
    if (!samples) continue; // no day-precision sample at the site
    const site = codeOf.get(r.site_id) as string;
    const pts = r.pts;
    r.pts = "";
    const raw: RawResult[] = [];
    let i = 0;
    while (i < pts.length) {
      let end = pts.indexOf(";", i);
      if (end < 0) end = pts.length;
      const comma = pts.indexOf(",", i);
      const space = pts.indexOf(" ", comma);
      const day = Number(pts.slice(i, comma));
      const quantity = pts.charCodeAt(comma + 1); // c, p or o
      const code = pts.slice(comma + 2, space);
      const detection = detectionOfCode(code);
      const valueText = pts.slice(space + 1, end);
      i = end + 1;
      if (detection === "not_analysed") continue; // left out by seriesFromResults before anything else
      const sample = samples.get(day);
      if (!sample) continue; // the result's sample is not a day-precision sample
      const value = valueText === "" ? null : Number(valueText);
      raw.push({
        site,
        analyte: r.analyte_code,
        date: dateOf(day),
        concentrationNgPerL: quantity === 99 /* c */ ? value : null,
        detection,
        flowM3PerDay: sample[0],
        populationServed: sample[1],
        ...(quantity === 112 /* p */ ? { pnlMgPerDayPer1000: value } : {}),
      });
    }
    for (const s of seriesFromResults(raw)) out.push(s);
  }
  return out.sort((a, b) =>
    a.site < b.site ? -1 : a.site > b.site ? 1 : a.analyte < b.analyte ? -1 : a.analyte > b.analyte ? 1 : 0,
  );
}

/** Graded points of one source dated ≥ `since`, with the series and point counts of the run. */
export interface SourceFindings {
  series: number;
  points: number;
  /** the `since` applied (null = all history) */
  since: string | null;
  /** groups of sewer trees loaded one after the other */
  groups: number;
  findings: Finding[];
}

/**
 * Runs the detection engine over one source in groups of whole sewer trees (see the module comment).
 * @param sites every site of the source (id, code, downstream code)
 * @returns null when the source has no day-precision results
 * @throws SewerNetworkError when the sites do not form a tree; ScienceInputError for invalid series
 */
export async function detectSource(
  sqlc: SqlClient,
  sites: readonly Pick<SiteRow, "id" | "code" | "downstream">[],
  options: Pick<DetectOptions, "since" | "detectors" | "rules" | "groupMaxResults"> = {},
): Promise<SourceFindings | null> {
  // results per site (for packing the groups; they include results of non-daily samples) and the newest date of an
  // analysed day-precision result (= the last point of the newest series). Without the join to the samples (≈ 6 ×
  // faster): the newest analysed result's sample is checked to be a day-precision sample, else the exact joined query.
  const ids = sites.map((s) => s.id);
  const stats = await sqlc.query<{ site_id: string; n: number; newest: string | null }>(
    `SELECT m.site_id, count(*)::int AS n, max(m.sample_date) FILTER (WHERE m.detection <> 'not_analysed')::text AS newest
       FROM measurement m WHERE m.superseded_by IS NULL AND m.site_id = ANY($1::uuid[]) GROUP BY m.site_id`,
    [ids],
  );
  if (stats.rows.length === 0) return null;
  let top: { site_id: string; newest: string } | null = null;
  for (const r of stats.rows)
    if (r.newest && (!top || r.newest > top.newest)) top = { site_id: r.site_id, newest: r.newest };
  const topIsDaily =
    top !== null &&
    (
      await sqlc.query<{ p: string }>(
        "SELECT date_precision AS p FROM sample WHERE site_id = $1 AND sample_date = $2",
        [top.site_id, top.newest],
      )
    ).rows.some((r) => r.p === "day");
  let rows = stats.rows;
  if (!topIsDaily) {
    const exact = await sqlc.query<{ site_id: string; n: number; newest: string | null }>(
      `SELECT m.site_id, count(*)::int AS n, max(m.sample_date) FILTER (WHERE m.detection <> 'not_analysed')::text AS newest
         FROM measurement m JOIN sample sa ON sa.id = m.sample_id
        WHERE m.superseded_by IS NULL AND sa.date_precision = 'day' AND m.site_id = ANY($1::uuid[])
        GROUP BY m.site_id`,
      [ids],
    );
    if (exact.rows.length === 0) return null;
    rows = exact.rows;
  }
  const count = new Map<string, number>();
  let newest = "";
  for (const r of rows) {
    count.set(r.site_id, r.n);
    if (r.newest && r.newest > newest) newest = r.newest;
  }
  const since =
    options.since !== undefined
      ? options.since
      : newest
        ? dateOfDayNumber(dayNumber(newest) - DEFAULT_CURRENT_DAYS)
        : null;
  const from = since ?? undefined;

  // whole trees, in the order of their first site; packed greedily into groups
  const engineSites = sites.map((s) => ({ code: s.code, downstream: s.downstream }));
  const tree = engineTree(engineSites); // throws for a network that is not a forest, as one run over all sites
  const trees = new Map<number, { sites: (typeof sites)[number][]; n: number }>();
  for (const s of sites) {
    let root = tree.index.get(s.code) as number;
    while (tree.parent[root] !== -1) root = tree.parent[root] as number;
    const t = trees.get(root) ?? { sites: [], n: 0 };
    t.sites.push(s);
    t.n += count.get(s.id) ?? 0;
    trees.set(root, t);
  }
  const max = options.groupMaxResults ?? DETECT_GROUP_MAX_RESULTS;
  const groups: (typeof sites)[number][][] = [];
  let cur: (typeof sites)[number][] = [];
  let curN = 0;
  for (const t of trees.values()) {
    if (t.n === 0) continue; // no results: no series, nothing to detect
    if (cur.length > 0 && curN + t.n > max) {
      groups.push(cur);
      cur = [];
      curN = 0;
    }
    cur.push(...t.sites);
    curN += t.n;
  }
  if (cur.length > 0) groups.push(cur);

  const want = options.detectors ?? OPERATIONAL_DETECTORS;
  const rules = options.rules ?? operationalRules();
  const network = want.includes("new-substance-network") ? new NetworkNewSubstanceTally() : null;
  const perGroup = want.filter((d) => d !== "new-substance-network");
  const out: SourceFindings = { series: 0, points: 0, since, groups: groups.length, findings: [] };
  for (const g of groups) {
    const series = await loadSeries(
      sqlc,
      g.filter((s) => count.has(s.id)),
    );
    out.series += series.length;
    for (const s of series) out.points += s.points.length;
    const found = runDetectors(
      g.map((s) => ({ code: s.code, downstream: s.downstream })),
      series,
      { detectors: perGroup, rules, ...(from !== undefined ? { findingsFrom: from } : {}) },
    );
    for (const f of found) out.findings.push(f);
    network?.add(series);
  }
  if (network) {
    const rs = rules["new-substance-network"];
    for (const f of network.findings(rs ?? DEFAULT_GRADING_RULES["new-substance-network"], {
      ...(from !== undefined ? { findingsFrom: from } : {}),
    }))
      out.findings.push(f);
  }
  return out;
}

interface KeyState {
  /** latest alert of the key (any status) */
  latestLastDate: string | null;
  open: { id: string; level: string; sampleDate: string; lastDate: string } | null;
}

/**
 * Runs detection and applies the findings (see the module comment).
 * @throws PermissionDeniedError when a staff caller lacks `alert.write` (city-wide action: checked on the caller's
 *   own jurisdiction)
 */
export async function runDetection(
  ctx: AppContext,
  by: WarningCaller = SYSTEM_CALLER,
  options: DetectOptions = {},
): Promise<DetectRunResult> {
  const t0 = performance.now();
  requireMay(ctx, by, "alert.write", by.actor?.jurisdictionPath ?? null, "detection run");
  const ranAt = ctx.now();
  const sitesRes = await ctx.database.raw.query<SiteRow>(
    `SELECT s.id, s.code, d.code AS downstream, s.source, s.name, ${SITE_PATH_SQL} AS jpath
       FROM site s LEFT JOIN site d ON d.id = s.downstream_site_id LEFT JOIN jurisdiction j ON j.code = s.jurisdiction_code
      ${options.source ? "WHERE s.source = $1" : ""} ORDER BY s.code`,
    options.source ? [options.source] : [],
  );
  const bySource = new Map<string, SiteRow[]>();
  for (const s of sitesRes.rows) {
    const g = bySource.get(s.source);
    if (g) g.push(s);
    else bySource.set(s.source, [s]);
  }
  const result: DetectRunResult = {
    ranAt: ranAt.toISOString(),
    series: 0,
    points: 0,
    graded: 0,
    alertsCreated: 0,
    evidenceAppended: 0,
    suppressed: 0,
    durationMs: 0,
  };
  for (const sites of bySource.values()) {
    const found = await detectSource(ctx.database.raw, sites, options);
    if (!found) continue;
    result.series += found.series;
    result.points += found.points;
    result.graded += found.findings.length;
    await applyFindings(ctx, sites, found.findings, result);
  }
  result.durationMs = performance.now() - t0;
  ctx.log.info({ ...result }, "detection run");
  return result;
}

/** Applies graded points to the alert tables in one transaction (see the module comment); writes in bulk. */
async function applyFindings(
  ctx: AppContext,
  sites: readonly SiteRow[],
  findings: Finding[],
  result: DetectRunResult,
): Promise<void> {
  if (findings.length === 0) return;
  const siteByCode = new Map(sites.map((s) => [s.code, s]));
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = `${f.site}\u0000${f.analyte}\u0000${f.detector}`;
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  await ctx.database.transaction(async (tx) => {
    const now = ctx.now();
    const nowIso = now.toISOString();
    const ids = sites.map((s) => s.id);
    const existing = await tx.query<{
      id: string;
      site_id: string;
      analyte_code: string;
      detector: string;
      status: string;
      level: string;
      sample_date: string;
      last_sample_date: string;
    }>(
      `SELECT id, site_id, analyte_code, detector, status, level, sample_date, last_sample_date FROM alert
        WHERE site_id = ANY($1::uuid[]) ORDER BY last_sample_date`,
      [ids],
    );
    const state = new Map<string, KeyState>();
    const codeById = new Map(sites.map((s) => [s.id, s.code]));
    const openIds: string[] = [];
    for (const a of existing.rows) {
      const k = `${codeById.get(a.site_id)}\u0000${a.analyte_code}\u0000${a.detector}`;
      const st = state.get(k) ?? { latestLastDate: null, open: null };
      if (!st.latestLastDate || a.last_sample_date > st.latestLastDate) st.latestLastDate = a.last_sample_date;
      if ((OPEN_ALERT_STATUSES as readonly string[]).includes(a.status)) {
        st.open = { id: a.id, level: a.level, sampleDate: a.sample_date, lastDate: a.last_sample_date };
        openIds.push(a.id);
      }
      state.set(k, st);
    }
    // evidence already stored for the open alerts (alert id + date)
    const stored = new Set<string>();
    if (openIds.length) {
      const ev = await tx.query<{ alert_id: string; sample_date: string }>(
        "SELECT alert_id, sample_date FROM alert_evidence WHERE alert_id = ANY($1::uuid[])",
        [openIds],
      );
      for (const e of ev.rows) stored.add(`${e.alert_id}|${e.sample_date}`);
    }
    const supp = await tx.query<{
      site_id: string;
      analyte_code: string | null;
      detector: string | null;
      from_date: string;
      to_date: string;
    }>(
      "SELECT site_id, analyte_code, detector, from_date, to_date FROM alert_suppression WHERE revoked_at IS NULL AND site_id = ANY($1::uuid[])",
      [ids],
    );
    const suppressed = (siteId: string, f: Finding) =>
      supp.rows.some(
        (w) =>
          w.site_id === siteId &&
          (w.analyte_code === null || w.analyte_code === f.analyte) &&
          (w.detector === null || w.detector === f.detector) &&
          f.date >= w.from_date &&
          f.date <= w.to_date,
      );

    const newAlerts: unknown[][] = [];
    const evidence: unknown[][] = [];
    const changes: unknown[][] = [];
    const updated = new Map<string, { level: string; lastDate: string }>();
    const raised: { id: string; site: SiteRow; f: Finding }[] = [];
    const newRow = new Map<string, unknown[]>(); // alert id → its row in newAlerts
    for (const [key, list] of groups) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const site = siteByCode.get((list[0] as Finding).site) as SiteRow;
      const st = state.get(key) ?? { latestLastDate: null, open: null };
      for (const f of list) {
        if (suppressed(site.id, f)) {
          result.suppressed++;
          continue;
        }
        const explanation = JSON.stringify(f.explanation);
        if (st.open) {
          if (f.date < st.open.sampleDate || stored.has(`${st.open.id}|${f.date}`)) continue;
          stored.add(`${st.open.id}|${f.date}`);
          evidence.push([st.open.id, f.date, f.level, f.score, explanation, nowIso]);
          result.evidenceAppended++;
          if (levelRank(f.level) > levelRank(st.open.level)) st.open.level = f.level;
          if (f.date > st.open.lastDate) st.open.lastDate = f.date;
          const row = newRow.get(st.open.id);
          if (row) {
            row[4] = st.open.level; // level
            row[6] = st.open.lastDate; // last_sample_date
          } else updated.set(st.open.id, { level: st.open.level, lastDate: st.open.lastDate });
          continue;
        }
        if (st.latestLastDate && f.date <= st.latestLastDate) continue;
        const id = uuidv7();
        const row = [
          id,
          site.id,
          f.analyte,
          f.detector,
          f.level,
          f.date,
          f.date,
          f.score,
          explanation,
          "new",
          nowIso,
          nowIso,
        ];
        newAlerts.push(row);
        newRow.set(id, row);
        evidence.push([id, f.date, f.level, f.score, explanation, nowIso]);
        stored.add(`${id}|${f.date}`);
        changes.push([
          uuidv7(),
          id,
          null,
          "new",
          "system",
          `raised by ${f.detector} on ${f.date}`,
          "alert-raised",
          JSON.stringify({ detector: f.detector, date: f.date }),
          nowIso,
        ]);
        raised.push({ id, site, f });
        result.alertsCreated++;
        st.open = { id, level: f.level, sampleDate: f.date, lastDate: f.date };
        st.latestLastDate = f.date;
      }
      if (st.open && st.open.lastDate > (st.latestLastDate ?? "")) st.latestLastDate = st.open.lastDate;
      state.set(key, st);
    }
    const T = (name: string, type: BulkColumn["type"]): BulkColumn => ({ name, type });
    if (newAlerts.length)
      await tx.bulkInsert(
        "alert",
        [
          T("id", "uuid"),
          T("site_id", "uuid"),
          T("analyte_code", "text"),
          T("detector", "text"),
          T("level", "text"),
          T("sample_date", "date"),
          T("last_sample_date", "date"),
          T("score", "float8"),
          T("explanation", "jsonb"),
          T("status", "text"),
          T("created_at", "timestamptz"),
          T("updated_at", "timestamptz"),
        ],
        newAlerts,
      );
    if (evidence.length)
      await tx.bulkInsert(
        "alert_evidence",
        [
          T("alert_id", "uuid"),
          T("sample_date", "date"),
          T("level", "text"),
          T("score", "float8"),
          T("explanation", "jsonb"),
          T("added_at", "timestamptz"),
        ],
        evidence,
      );
    if (changes.length)
      await tx.bulkInsert(
        "alert_state_change",
        [
          T("id", "uuid"),
          T("alert_id", "uuid"),
          T("from_status", "text"),
          T("to_status", "text"),
          T("actor", "text"),
          T("reason", "text"),
          T("reason_code", "text"),
          T("reason_params", "jsonb"),
          T("at", "timestamptz"),
        ],
        changes,
      );
    if (updated.size) {
      const u = [...updated];
      await tx.query(
        `UPDATE alert a SET level = v.level, last_sample_date = v.last_date::date, updated_at = $4
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, level, last_date) WHERE a.id = v.id`,
        [u.map(([id]) => id), u.map(([, x]) => x.level), u.map(([, x]) => x.lastDate), now],
      );
    }
    // notifications: recipients looked up once per jurisdiction
    const who = new Map<string | null, Awaited<ReturnType<typeof recipients>>>();
    for (const { id, site, f } of raised) {
      if (!who.has(site.jpath)) who.set(site.jpath, await recipients(ctx, tx, "monitoring.read", site.jpath));
      const to = who.get(site.jpath) ?? [];
      for (const r of to)
        for (const ch of notificationChannels(ctx))
          await ch.deliver(
            tx,
            {
              ...r,
              kind: "alert",
              title: `${WARNING_LEVEL_ZH[f.level as WarningLevel]}色预警 ${site.name} ${f.analyte}`,
              body: `${f.detector}: ${f.explanation.scoreLabel} = ${f.score.toFixed(2)} on ${f.date} (${f.level})`,
              code: "alert-raised",
              params: {
                level: f.level,
                site: site.code,
                siteName: site.name,
                analyte: f.analyte,
                detector: f.detector,
                scoreLabel: f.explanation.scoreLabel,
                score: f.score.toFixed(2),
                date: f.date,
              },
              subject: { type: "alert", id },
            },
            now,
          );
    }
  });
}
