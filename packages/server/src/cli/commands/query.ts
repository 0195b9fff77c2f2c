/** Read commands: `sites`, `loads`, `weekly`, `trend`, `changes` (work on what is stored; they never seed). */
import { CensoringPolicy } from "@tracewater/contract";
import type { Command } from "commander";
import type { AppContext } from "../../services/context.js";
import { changes, computeLoads, listSites, trend, weekly } from "../../services/index.js";
import {
  CliError,
  EXIT_OK,
  fmt,
  formatTable,
  type GlobalOptions,
  type Io,
  parseDate,
  parseYear,
  withContext,
} from "../runtime.js";

type Body = (ctx: AppContext, opts: Record<string, unknown>) => Promise<{ json: unknown; human: string }>;

function action(io: Io, setExit: (code: number) => void, body: Body) {
  return async (opts: Record<string, unknown>, cmd: Command) => {
    const global = cmd.optsWithGlobals() as GlobalOptions;
    const json = Boolean(opts.json);
    const code = await withContext(io, global, json, async (ctx) => {
      const out = await body(ctx, opts);
      io.out(json ? JSON.stringify(out.json, null, 2) : out.human);
      return EXIT_OK;
    });
    setExit(code);
  };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function positiveInt(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (!/^-?\d+$/.test(s)) throw new CliError(`${option} must be an integer, got "${s}"`);
  return Number(s);
}

export function registerQueries(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("sites")
    .description("list the stored sites")
    .option("--source <source>", "only sites of this data source (e.g. euda-2025)")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const sites = [];
        let cursor: string | undefined;
        do {
          const page = await listSites(ctx, {
            ...(str(opts.source) ? { source: str(opts.source) } : {}),
            ...(cursor ? { cursor } : {}),
            limit: 1000,
          });
          sites.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return {
          json: { sites },
          human:
            sites.length === 0
              ? "no sites stored (run `tracewater import` or `tracewater serve` first)"
              : formatTable(
                  ["code", "name", "kind", "population", "lon", "lat", "source"],
                  sites.map((s) => [s.code, s.name, s.kind, s.populationServed, s.lon, s.lat, s.source]),
                ),
        };
      }),
    );

  program
    .command("loads")
    .description("daily loads, PNL, consumption, doses and Monte Carlo intervals of one site and analyte")
    .requiredOption("--site <code>", "site code")
    .requiredOption("--analyte <code>", "analyte code, e.g. methamphetamine, benzoylecgonine")
    .option("--from <date>", "first date YYYY-MM-DD")
    .option("--to <date>", "last date YYYY-MM-DD")
    .option("--censoring-policy <policy>", "zero | lod_half | loq_half | loq", "loq_half")
    .option("--seed <n>", "Monte Carlo seed (default fixed)")
    .option("--draws <n>", "Monte Carlo draws", "2000")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const policy = CensoringPolicy.safeParse(opts.censoringPolicy);
        if (!policy.success)
          throw new CliError(`--censoring-policy must be one of ${CensoringPolicy.options.join(", ")}`);
        const from = parseDate(str(opts.from), "--from");
        const to = parseDate(str(opts.to), "--to");
        const seed = positiveInt(opts.seed, "--seed");
        const draws = positiveInt(opts.draws, "--draws");
        const r = await computeLoads(ctx, {
          site: String(opts.site),
          analyte: String(opts.analyte),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          censoringPolicy: policy.data,
          ...(seed !== undefined ? { seed } : {}),
          ...(draws !== undefined ? { draws } : {}),
        });
        return {
          json: r,
          human:
            `${r.site} · ${r.analyte} · censoring ${r.censoringPolicy} · parameters ${ctx.parameterSet.version}\n` +
            formatTable(
              [
                "date",
                "C ng/L",
                "detection",
                "load mg/d",
                "PNL mg/d/1000",
                "consumption",
                "p2.5",
                "p97.5",
                "doses/d/1000",
              ],
              r.rows.map((x) => [
                x.date,
                fmt(x.concentrationNgPerL),
                x.detection + (x.substituted ? "*" : ""),
                fmt(x.loadMgPerDay, 1),
                fmt(x.pnlMgPerDayPer1000),
                fmt(x.consumptionMgPerDayPer1000),
                fmt(x.interval?.p2_5),
                fmt(x.interval?.p97_5),
                fmt(x.dosesPerDayPer1000),
              ]),
            ) +
            (r.rows.some((x) => x.substituted) ? "\n* censored value substituted" : ""),
        };
      }),
    );

  program
    .command("weekly")
    .description("weekday/weekend/daily mean PNL of one site, analyte and year (EUDA definition of the year)")
    .requiredOption("--site <code>", "site code")
    .requiredOption("--analyte <code>", "analyte code")
    .requiredOption("--year <year>", "year")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const r = await weekly(ctx, {
          site: String(opts.site),
          analyte: String(opts.analyte),
          year: parseYear(String(opts.year), "--year"),
        });
        return {
          json: r,
          human:
            `${r.site} · ${r.analyte} · ${r.year} (${r.definition})\n` +
            `weekday mean ${fmt(r.weekdayMean) ?? "—"}, weekend mean ${fmt(r.weekendMean) ?? "—"}, daily mean ${fmt(r.dailyMean) ?? "—"} mg/day/1000 inh\n` +
            formatTable(
              ["date", "day", "PNL", "detection", "part"],
              r.days.map((d) => [d.date, d.weekday, fmt(d.pnlMgPerDayPer1000), d.detection, d.part]),
            ),
        };
      }),
    );

  program
    .command("trend")
    .description("multi-year mean of site daily means over a panel of sites")
    .requiredOption("--analyte <code>", "analyte code")
    .option("--panel <panel>", "constant (sites present every year) | all", "constant")
    .option("--from-year <year>", "first year")
    .option("--to-year <year>", "last year")
    .option("--source <source>", "only sites of this data source")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const panel = String(opts.panel);
        if (panel !== "constant" && panel !== "all")
          throw new CliError(`--panel must be constant or all, got "${panel}"`);
        const r = await trend(ctx, {
          analyte: String(opts.analyte),
          panel,
          ...(opts.fromYear !== undefined ? { fromYear: parseYear(String(opts.fromYear), "--from-year") } : {}),
          ...(opts.toYear !== undefined ? { toYear: parseYear(String(opts.toYear), "--to-year") } : {}),
          ...(str(opts.source) ? { source: str(opts.source) } : {}),
        });
        const years = r.series.map((s) => s.year);
        // an empty constant panel: say why and what to do instead of printing a column of empty values
        const emptyPanel =
          r.panelMode === "constant" && r.panel.length === 0 && years.length > 0
            ? `no site has a value in every year ${years[0]}–${years.at(-1)}` +
              `${str(opts.source) ? "" : " (all data sources, simulated ones included)"}; ` +
              "narrow the years with --from-year/--to-year, choose one --source (tracewater sites lists them) or use --panel all\n"
            : "";
        return {
          json: r,
          human:
            `${r.analyte} · panel ${r.panelMode} (${r.panel.length} sites: ${r.panel.join(", ")})\n` +
            emptyPanel +
            formatTable(
              ["year", "mean PNL", "sites"],
              r.series.map((s) => [s.year, fmt(s.value), s.sites]),
            ),
        };
      }),
    );

  program
    .command("changes")
    .description("year-on-year change per site (EUDA ±10 % stable band)")
    .requiredOption("--analyte <code>", "analyte code")
    .requiredOption("--year <year>", "current year (compared with the previous year)")
    .option("--source <source>", "only sites of this data source")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const r = await changes(ctx, {
          analyte: String(opts.analyte),
          year: parseYear(String(opts.year), "--year"),
          ...(str(opts.source) ? { source: str(opts.source) } : {}),
        });
        return {
          json: r,
          human:
            `${r.analyte} · ${r.year} vs ${r.year - 1}\n` +
            formatTable(
              ["site", "current", "previous", "change %", "class"],
              r.rows.map((x) => [x.site, fmt(x.current), fmt(x.previous), fmt(x.changePercent, 1), x.class]),
            ),
        };
      }),
    );
}
