/**
 * Warning commands (issue #4; docs/cli.md):
 * - `tracewater detect [--since DATE | --all] [--source S] [--json]` — run the detectors over stored data
 * - `tracewater alerts [--status s,…] [--level l,…] [--site] [--analyte] [--detector] [--source] [--json]`
 * - `tracewater leads [--status s,…] [--overdue] [--json]`
 * - `tracewater trace --alert ID [--k N] [--json]` — candidates and the proposed next sampling round
 * - `tracewater evaluate-detectors --scenario <name|file> [--seed N] [--from] [--to] [--grace-days N] [--k N] [--json]`
 *   (no database: simulates the scenario and scores every detector against its truth)
 * The CLI acts as the local operator (no policy check: direct database access, like every CLI command).
 */
import {
  type Alert,
  AlertStatus,
  type DetectorEvaluationResult,
  type DetectRunResult,
  type Lead,
  LeadStatus,
  type TracePlan,
  WarningLevel,
} from "@tracewater/contract";
import { ScenarioError, ScienceInputError } from "@tracewater/core";
import type { Command } from "commander";
import type { AppContext } from "../../services/context.js";
import {
  CLI_CALLER,
  evaluateDetectors,
  listAlerts,
  listLeads,
  runDetection,
  tracePlan,
} from "../../services/warning/index.js";
import {
  CliError,
  EXIT_OK,
  fmt,
  formatTable,
  type GlobalOptions,
  type Io,
  parseDate,
  reportError,
  withContext,
} from "../runtime.js";
import { loadScenario } from "./simulate.js";

type Body = (ctx: AppContext, opts: Record<string, unknown>) => Promise<{ json: unknown; human: string }>;

function action(io: Io, setExit: (code: number) => void, body: Body) {
  return async (opts: Record<string, unknown>, cmd: Command) => {
    const global = cmd.optsWithGlobals() as GlobalOptions;
    const json = Boolean(opts.json);
    setExit(
      await withContext(io, global, json, async (ctx) => {
        const out = await body(ctx, opts);
        io.out(json ? JSON.stringify(out.json, null, 2) : out.human);
        return EXIT_OK;
      }),
    );
  };
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Parses a comma list against an enum. @throws CliError naming the option and the allowed values */
function enumList<T extends string>(v: unknown, option: string, allowed: readonly T[]): T[] | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const items = s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  for (const i of items)
    if (!allowed.includes(i as T)) throw new CliError(`${option}: "${i}" is not one of ${allowed.join(", ")}`);
  return items as T[];
}

function int(v: unknown, option: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (!/^-?\d+$/.test(s) || Number(s) < min || Number(s) > max)
    throw new CliError(`${option} must be an integer ${min}…${max}, got "${s}"`);
  return Number(s);
}

async function allPages<T>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const detectHuman = (r: DetectRunResult) =>
  `detection ${r.ranAt}: ${r.series} series, ${r.points} points → ${r.graded} graded points; ${r.alertsCreated} new alerts, ` +
  `${r.evidenceAppended} evidence appended, ${r.suppressed} suppressed (${Math.round(r.durationMs)} ms)`;

function alertsHuman(alerts: Alert[]): string {
  if (alerts.length === 0) return "no alerts";
  return formatTable(
    ["id", "level", "status", "date", "site", "analyte", "detector", "score", "evidence"],
    alerts.map((a) => [
      a.id,
      a.level,
      a.status,
      a.date,
      `${a.simulated ? "[模拟] " : ""}${a.site}`,
      a.analyte,
      a.detector,
      fmt(a.score),
      a.evidenceCount,
    ]),
  );
}

function leadsHuman(leads: Lead[]): string {
  if (leads.length === 0) return "no leads";
  return formatTable(
    ["id", "status", "deadline", "overdue", "org unit", "level", "title", "alerts"],
    leads.map((l) => [
      l.id,
      l.status,
      l.deadline,
      l.overdue ? "yes" : "",
      l.orgUnit,
      l.level,
      l.title,
      l.alertIds.length,
    ]),
  );
}

function traceHuman(t: TracePlan): string {
  const lines = [
    `alert ${t.alertId} at ${t.site} (${t.analyte}); ${t.roundsDone} sampling round(s) applied`,
    `candidates (${t.priorBasis}):`,
    ...t.candidates.map(
      (c) => `  ${c.site.padEnd(22)} ${(c.prior * 100).toFixed(1).padStart(5)} %  ${c.siteName ?? ""}`,
    ),
  ];
  if (t.localised) lines.push(`localised: ${t.localised}`);
  else if (t.plan) {
    lines.push(
      `next round (k=${t.plan.k}, ${t.plan.expectedInformationBits.toFixed(2)} bits expected): sample ${t.plan.points.join(", ")}`,
    );
    if (t.plan.roundHours !== undefined)
      lines.push(
        `  round duration ${t.plan.roundHours === null ? "unknown" : `${t.plan.roundHours} h`}${t.plan.budgetHours ? ` (budget ${t.plan.budgetHours} h)` : ""}`,
      );
    for (const w of t.plan.windows ?? [])
      lines.push(
        w.travelTimeToAlertHours === null
          ? `  ${w.site.padEnd(22)} travel time unknown (no link time in the registry)`
          : `  ${w.site.padEnd(22)} travel time ${w.travelTimeToAlertHours} h; sample from ${w.windowStartOffsetHours} h to ${w.windowEndOffsetHours} h relative to the start of ${t.site}'s 24-h composite`,
      );
  }
  else lines.push("no sampling point splits the remaining candidates");
  return lines.join("\n");
}

function evaluationHuman(r: DetectorEvaluationResult): string {
  const types = [...new Set(r.detectors.flatMap((d) => d.byType.map((t) => t.type)))];
  type Row = {
    detector: string;
    falseAlarmsPerSiteYear: number;
    byType: DetectorEvaluationResult["detectors"][number]["byType"];
  };
  const delay = (x: number | null | undefined) => (x === null || x === undefined ? "—" : String(x));
  const cell = (x: Row["byType"][number] | undefined) =>
    x
      ? `${fmt(x.sensitivity)} · ${delay(x.medianDelayDays)}/${x.unconditionalMedianDelayDays === null ? "∞" : delay(x.unconditionalMedianDelayDays)} · ${(x.timeliness ?? []).map((t) => fmt(t.fraction)).join("/")}`
      : "—";
  const table = (rows: readonly Row[], threshold: (d: Row) => string | null) =>
    formatTable(
      ["detector", "threshold", "FA/site-year", ...types.map((t) => `${t} sens · delay cond/uncond · ≤1/3/7 d`)],
      rows.map((d) => [
        d.detector,
        threshold(d),
        fmt(d.falseAlarmsPerSiteYear, 3),
        ...types.map((t) => cell(d.byType.find((b) => b.type === t))),
      ]),
    );
  const out = [
    `[模拟] scenario ${r.scenario}, seed ${r.seed}, ${r.from} … ${r.to}: ${r.series} series, ${r.siteYears.toFixed(1)} site-years, grace ${r.graceDays} d`,
    "cells: sensitivity · median delay (d) over detected events / over all events (missed = ∞) · fraction of all events detected within 1/3/7 days",
    "",
    "default grading (any level):",
    table(r.detectors, () => "default"),
  ];
  if (r.calibrated) {
    const split =
      r.calibrationSeed === undefined || r.calibrationSeed === r.seed
        ? "calibrated and evaluated on the same seed"
        : `thresholds calibrated on seed ${r.calibrationSeed}, evaluated on seed ${r.seed}`;
    out.push(
      "",
      `calibrated to ≤ ${r.maxFalseAlarmsPerSiteYear} false alarm per site-year (${split}):`,
      table([...r.calibrated, ...(r.candidates ?? [])], (d) =>
        "threshold" in d
          ? fmt(d.threshold as number, 2)
          : Object.entries((d as unknown as { parameters: Record<string, number> }).parameters)
              .map(([k, v]) => `${k}=${v}`)
              .join(" "),
      ),
    );
  }
  if (r.goal) {
    out.push(
      "",
      `goal: shorter delay than ${r.goal[0]?.referenceDetector ?? "ears-c2"} at ≤ ${r.maxFalseAlarmsPerSiteYear} false alarm per site-year (by unconditional median or dominating timeliness):`,
    );
    for (const g of r.goal)
      out.push(
        `  ${g.type}: ${g.met ? "met" : "not met"}${g.met ? ` — ${g.metBy.map((m) => `${m.detector} (${m.metrics.join(", ")})`).join("; ")}` : ""}`,
      );
  }
  if (r.tracing)
    out.push(
      "",
      "source tracing (expected over all candidate sources of each plant, priors weighted):",
      formatTable(
        ["strategy", "plants", "mean rounds", "mean samples", "unresolved"],
        r.tracing.map((t) => [
          t.strategy,
          t.alertNodes,
          fmt(t.meanRounds),
          fmt(t.meanSamples),
          fmt(t.unresolvedMass, 3),
        ]),
      ),
    );
  return out.join("\n");
}

export function registerWarning(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("detect")
    .description("run the detectors over the stored data and create/update alerts (预警)")
    .option(
      "--since <date>",
      "raise alerts only for sample dates from this day (default: 90 days before the newest sample of each source)",
    )
    .option("--all", "raise alerts over the whole history", false)
    .option("--source <source>", "only this data source (e.g. changzhi-demo)")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const since = parseDate(str(opts.since), "--since");
        if (since && opts.all) throw new CliError("--since and --all exclude each other");
        const r = await runDetection(ctx, CLI_CALLER, {
          ...(opts.all ? { since: null } : since ? { since } : {}),
          ...(str(opts.source) ? { source: str(opts.source) as string } : {}),
        });
        return { json: r, human: detectHuman(r) };
      }),
    );

  program
    .command("alerts")
    .description("list alerts (newest sample date first)")
    .option("--status <list>", `comma list of ${AlertStatus.options.join(", ")}`)
    .option("--level <list>", `comma list of ${WarningLevel.options.join(", ")}`)
    .option("--site <code>", "site code")
    .option("--analyte <code>", "analyte code")
    .option("--detector <name>", "detector, e.g. robust-z")
    .option("--source <source>", "data source")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const status = enumList(opts.status, "--status", AlertStatus.options);
        const level = enumList(opts.level, "--level", WarningLevel.options);
        const filter = {
          ...(status ? { status } : {}),
          ...(level ? { level } : {}),
          ...(str(opts.site) ? { site: str(opts.site) } : {}),
          ...(str(opts.analyte) ? { analyte: str(opts.analyte) } : {}),
          ...(str(opts.detector) ? { detector: str(opts.detector) } : {}),
          ...(str(opts.source) ? { source: str(opts.source) } : {}),
        };
        const alerts = await allPages((cursor) =>
          listAlerts(ctx, CLI_CALLER, filter, { ...(cursor ? { cursor } : {}), limit: 1000 }),
        );
        return { json: { alerts }, human: alertsHuman(alerts) };
      }),
    );

  program
    .command("leads")
    .description("list leads (线索) by deadline")
    .option("--status <list>", `comma list of ${LeadStatus.options.join(", ")}`)
    .option("--overdue", "only overdue leads", false)
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const status = enumList(opts.status, "--status", LeadStatus.options);
        const filter = { ...(status ? { status } : {}), ...(opts.overdue ? { overdue: true } : {}) };
        const leads = await allPages((cursor) =>
          listLeads(ctx, CLI_CALLER, filter, { ...(cursor ? { cursor } : {}), limit: 1000 }),
        );
        return { json: { leads }, human: leadsHuman(leads) };
      }),
    );

  program
    .command("trace")
    .description("source tracing (溯源) of an alert: candidate upstream sources and the proposed next sampling round")
    .requiredOption("--alert <id>", "alert id")
    .option("--k <n>", "sampling points per round (1…20)", "2")
    .option("--budget-hours <h>", "longest allowed sampling round, hours (24…720; default: no budget)")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const t = await tracePlan(
          ctx,
          CLI_CALLER,
          String(opts.alert),
          int(opts.k, "--k", 1, 20),
          int(opts.budgetHours, "--budget-hours", 24, 720) ?? null,
        );
        return { json: t, human: traceHuman(t) };
      }),
    );

  program
    .command("evaluate-detectors")
    .description("score every detector (EARS C1/C2/C3 included) on a simulated scenario with known truth — 模拟数据")
    .requiredOption("--scenario <name|file>", "bundled scenario (changzhi-demo) or a scenario .json file")
    .option("--seed <n>", "random seed", "1")
    .option("--calibration-seed <n>", "seed of the simulation the thresholds are calibrated on (default: --seed)")
    .option("--from <date>", "first date YYYY-MM-DD (default: the scenario's)")
    .option("--to <date>", "last date YYYY-MM-DD (default: the scenario's)")
    .option("--grace-days <n>", "days after an event during which an alarm still detects it", "3")
    .option("--k <n>", "sampling points per round of the greedy tracing planner", "2")
    .option(
      "--inject <n>",
      "add n events of moderate magnitude per event type (step, party spike, dumping, lab error)",
      "0",
    )
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>) => {
      const json = Boolean(opts.json);
      try {
        const seed = int(opts.seed, "--seed", -(2 ** 31), 2 ** 31 - 1) as number;
        const calibrationSeed = int(opts.calibrationSeed, "--calibration-seed", -(2 ** 31), 2 ** 31 - 1);
        const from = parseDate(str(opts.from), "--from");
        const to = parseDate(str(opts.to), "--to");
        const scenario = await loadScenario(String(opts.scenario));
        let r: DetectorEvaluationResult;
        try {
          r = evaluateDetectors(scenario, {
            seed,
            graceDays: int(opts.graceDays, "--grace-days", 0, 365) as number,
            k: int(opts.k, "--k", 1, 20) as number,
            inject: int(opts.inject, "--inject", 0, 200) as number,
            ...(calibrationSeed !== undefined ? { calibrationSeed } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          });
        } catch (e) {
          if (e instanceof ScenarioError || e instanceof ScienceInputError)
            throw new CliError(`scenario ${String(opts.scenario)}: ${e.message}`);
          throw e;
        }
        io.out(json ? JSON.stringify(r, null, 2) : evaluationHuman(r));
        setExit(EXIT_OK);
      } catch (error) {
        setExit(reportError(io, json, error));
      }
    });
}
