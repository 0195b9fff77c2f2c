/**
 * `detect`: runs the detectors over the stored data and creates or updates alerts (issue #4).
 *
 * Data: current (not superseded) measurements of samples with a known calendar day (`date_precision = 'day'`;
 * EUDA campaign weeks with nominal weekdays are not daily series and are left out), one run of the detection
 * engine per data source (a source's sites form their own sewer network; sources are never mixed).
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
import { dateOfDayNumber, dayNumber, WARNING_LEVEL_ZH, type WarningLevel } from "@tracewater/core";
import { uuidv7 } from "uuidv7";
import type { BulkColumn, SqlClient } from "../../storage/open-database.js";
import type { AppContext } from "../context.js";
import { requireMay, SITE_PATH_SQL, SYSTEM_CALLER, type WarningCaller } from "./access.js";
import { levelRank, OPEN_ALERT_STATUSES } from "./alerts.js";
import {
  type Detection,
  type EngineOptions,
  type Finding,
  operationalRules,
  type RawResult,
  runDetectors,
  seriesFromResults,
} from "./detection-engine.js";
import { notificationChannels, recipients } from "./inbox.js";

/** Default look-back of alert creation, days before the newest sample date of a source. */
export const DEFAULT_CURRENT_DAYS = 90;

export interface DetectOptions {
  /** only graded points on or after this date raise or extend alerts; null = all history */
  since?: string | null;
  /** only this data source */
  source?: string;
  detectors?: EngineOptions["detectors"];
  rules?: EngineOptions["rules"];
}

interface SiteRow {
  id: string;
  code: string;
  downstream: string | null;
  source: string;
  jpath: string | null;
  name: string;
}

/**
 * Loads the day-precision results of a source as raw results. One row per site × analyte with its results as one
 * JSON array (`json_agg`): materialising 200 000 result rows as objects cost 6.7 s in PGlite, the JSON form 2.6 s
 * (docs/performance.md).
 */
async function loadResults(sqlc: SqlClient, source: string): Promise<RawResult[]> {
  const res = await sqlc.query<{ site: string; analyte_code: string; pts: string }>(
    `SELECT s.code AS site, m.analyte_code,
            json_agg(json_build_array(m.sample_date, m.quantity, m.value_canonical, m.detection, sa.flow_m3_per_day,
                                      COALESCE(sa.population_served, s.population_served)))::text AS pts
       FROM measurement m JOIN sample sa ON sa.id = m.sample_id JOIN site s ON s.id = m.site_id
      WHERE m.superseded_by IS NULL AND sa.date_precision = 'day' AND s.source = $1
      GROUP BY s.code, m.analyte_code`,
    [source],
  );
  const out: RawResult[] = [];
  for (const r of res.rows) {
    const pts = JSON.parse(r.pts) as [string, string, number | null, Detection, number | null, number | null][];
    for (const [date, quantity, value, detection, flow, pop] of pts)
      out.push({
        site: r.site,
        analyte: r.analyte_code,
        date,
        concentrationNgPerL: quantity === "concentration" ? value : null,
        detection,
        flowM3PerDay: flow,
        populationServed: pop,
        ...(quantity === "pnl" ? { pnlMgPerDayPer1000: value } : {}),
      });
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
  for (const [source, sites] of bySource) {
    const raw = await loadResults(ctx.database.raw, source);
    if (raw.length === 0) continue;
    const series = seriesFromResults(raw);
    result.series += series.length;
    result.points += series.reduce((t, s) => t + s.points.length, 0);
    const findings = runDetectors(
      sites.map((s) => ({ code: s.code, downstream: s.downstream })),
      series,
      {
        ...(options.detectors ? { detectors: options.detectors } : {}),
        rules: options.rules ?? operationalRules(),
      },
    );
    let since: string | null;
    if (options.since !== undefined) since = options.since;
    else {
      let max = "";
      for (const s of series) {
        const last = s.points[s.points.length - 1];
        if (last && last.date > max) max = last.date;
      }
      since = max ? dateOfDayNumber(dayNumber(max) - DEFAULT_CURRENT_DAYS) : null;
    }
    const current = since === null ? findings : findings.filter((f) => f.date >= (since as string));
    result.graded += current.length;
    await applyFindings(ctx, sites, current, result);
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
        changes.push([uuidv7(), id, null, "new", "system", `raised by ${f.detector} on ${f.date}`, nowIso]);
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
              subject: { type: "alert", id },
            },
            now,
          );
    }
  });
}
