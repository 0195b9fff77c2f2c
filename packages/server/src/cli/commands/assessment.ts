/**
 * Assessment commands (issue #5; JSON fields in docs/cli.md):
 * - `tracewater indicators list|values|import`
 * - `tracewater decline --as-of PERIOD [--last N] [--indicators a,b] [--jurisdiction CODE]`
 * - `tracewater index --period PERIOD [--normalisation min-max|z-score|rank]`
 * - `tracewater hair cutoffs|surveys|survey-import|import|results`
 * Every command has `--json`. `--as <username>` runs as that staff account (its scope, k-suppression and audit);
 * without it the command runs as the local operator (full view), except person-linked hair results, which
 * always need `--as` (decide + audit per sample). Exit codes: 0 ok, 2 invalid input / rejected file, 1 failure.
 */

import { readFileSync } from "node:fs";
import { type AssessmentImportReport, IndexMethodOut } from "@tracewater/contract";
import { CUTOFF_SETS } from "@tracewater/core";
import type { Command } from "commander";
import {
  declineTable,
  importAssessmentFile,
  indicatorValues,
  LOCAL_OPERATOR,
  listHairResults,
  listHairSurveys,
  listIndicatorDefinitions,
  situationIndex,
  staffViewer,
  type Viewer,
} from "../../services/assessment/index.js";
import type { AppContext } from "../../services/context.js";
import {
  CliError,
  EXIT_INVALID,
  EXIT_OK,
  fmt,
  formatTable,
  type GlobalOptions,
  type Io,
  withContext,
} from "../runtime.js";

type Body = (
  ctx: AppContext,
  opts: Record<string, unknown>,
  args: string[],
) => Promise<{ json: unknown; human: string; exit?: number }>;

function action(io: Io, setExit: (code: number) => void, body: Body) {
  return async (...params: unknown[]) => {
    const cmd = params[params.length - 1] as Command;
    const opts = params[params.length - 2] as Record<string, unknown>;
    const args = params.slice(0, -2).map(String);
    const json = Boolean(opts.json);
    const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
      const out = await body(ctx, opts, args);
      io.out(json ? JSON.stringify(out.json, null, 2) : out.human);
      return out.exit ?? EXIT_OK;
    });
    setExit(code);
  };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

async function viewerOf(ctx: AppContext, opts: Record<string, unknown>): Promise<Viewer> {
  const as = str(opts.as);
  return as ? staffViewer(ctx, as, { purpose: str(opts.purpose) ?? null }) : LOCAL_OPERATOR;
}

function importOut(r: AssessmentImportReport) {
  const human =
    r.status === "rejected"
      ? [
          `${r.file}: REJECTED, ${r.errors.length} error(s); nothing was imported`,
          ...r.errors.map(
            (e) =>
              `  row ${e.row ?? "-"}, column ${e.column ?? "-"}: ${e.message}${e.value ? ` (value "${e.value}")` : ""}`,
          ),
        ].join("\n")
      : `${r.file}: ${r.status} — ${r.counts.inserted} inserted, ${r.counts.unchanged} unchanged, ${r.counts.revised} revised`;
  return { json: r, human, exit: r.status === "rejected" ? EXIT_INVALID : EXIT_OK };
}

function nonNegativeInt(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(String(v))) throw new CliError(`${option} must be a positive integer, got "${String(v)}"`);
  return Number(v);
}

export function registerAssessment(program: Command, io: Io, setExit: (code: number) => void): void {
  /** `<parent> <name>`: imports one assessment file of `kind` (one transaction; report as `importOut`). */
  const importCommand = (parent: Command, name: string, kind: Parameters<typeof importAssessmentFile>[1]) =>
    parent
      .command(name)
      .option("--sheet <name>", "XLSX sheet")
      .option("--json", "print JSON", false)
      .action(
        action(io, setExit, async (ctx, opts, [file]) =>
          importOut(
            await importAssessmentFile(
              ctx,
              kind,
              String(file),
              await viewerOf(ctx, opts),
              str(opts.sheet) ? { sheet: String(opts.sheet) } : {},
            ),
          ),
        ),
      );
  const indicators = program.command("indicators").description("outcome indicators: definitions, values, import");
  indicators
    .command("list")
    .description("indicator definitions")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx) => {
        const items = await listIndicatorDefinitions(ctx);
        return {
          json: { items },
          human: formatTable(
            ["code", "name", "unit", "direction", "origin"],
            items.map((d) => [d.code, d.nameZh, d.unit, d.direction, d.origin]),
          ),
        };
      }),
    );
  indicators
    .command("values")
    .description("values of one indicator per jurisdiction and period (imported or computed)")
    .requiredOption("--indicator <code>", "indicator code (see `tracewater indicators list`)")
    .option("--jurisdiction <code>", "one jurisdiction (default: city and counties)")
    .option("--period-kind <kind>", "year | quarter | month", "year")
    .option("--from <period>", "first period (2023, 2023Q1, 2023-01)")
    .option("--to <period>", "last period")
    .option("--as <username>", "run as this staff account")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const kind = String(opts.periodKind);
        if (!["year", "quarter", "month"].includes(kind))
          throw new CliError(`--period-kind must be year, quarter or month, got "${kind}"`);
        const items = await indicatorValues(ctx, await viewerOf(ctx, opts), {
          indicator: String(opts.indicator),
          periodKind: kind as "year",
          ...(str(opts.jurisdiction) ? { jurisdiction: str(opts.jurisdiction) } : {}),
          ...(str(opts.from) ? { from: str(opts.from) } : {}),
          ...(str(opts.to) ? { to: str(opts.to) } : {}),
        });
        return {
          json: { items },
          human: formatTable(
            ["jurisdiction", "period", "value", "origin", "simulated", "revision"],
            items.map((v) => [
              v.jurisdiction,
              v.period,
              v.suppressed ? "<k" : fmt(v.value, 3),
              v.origin,
              v.simulated ? "yes" : "",
              v.revision,
            ]),
          ),
        };
      }),
    );
  importCommand(indicators, "import <file>", "indicator-values")
    .description("import indicator values (CSV/XLSX: indicator, jurisdiction_code, period, value)")
    .option("--as <username>", "run as this staff account (needs monitoring.import)");

  program
    .command("decline")
    .description("continuous-decline table (五个持续下降 or --indicators) with YoY changes and Mann-Kendall")
    .requiredOption("--as-of <period>", "last period of the table (2025, 2025Q4, 2025-12)")
    .option("--last <n>", "number of periods", "3")
    .option("--indicators <codes>", "comma-separated indicator codes (default: the five-declines set)")
    .option("--jurisdiction <code>", "one jurisdiction (default: city and counties)")
    .option("--as <username>", "run as this staff account")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const list = str(opts.indicators)
          ?.split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
        const t = await declineTable(ctx, await viewerOf(ctx, opts), {
          asOf: String(opts.asOf),
          lastN: nonNegativeInt(opts.last, "--last") ?? 3,
          ...(list && list.length > 0 ? { indicators: list } : {}),
          ...(str(opts.jurisdiction) ? { jurisdiction: str(opts.jurisdiction) } : {}),
        });
        return {
          json: t,
          human: formatTable(
            [
              "indicator",
              "jurisdiction",
              ...(t.rows[0]?.periods.map((p) => `${p.period} YoY%`) ?? []),
              "continuous",
              "trend",
              "p",
            ],
            t.rows.map((r) => [
              r.indicator,
              `${r.jurisdiction} ${r.jurisdictionNameZh ?? ""}`,
              ...r.periods.map(
                (p) =>
                  `${fmt(p.yoyChangePct, 1) ?? "—"}${p.improved === true ? " ✓" : p.improved === false ? " ✗" : ""}`,
              ),
              r.continuous === null ? "?" : r.continuous ? "yes" : "no",
              r.trend.verdict,
              fmt(r.trend.pValue, 3),
            ]),
          ),
        };
      }),
    );

  program
    .command("index")
    .description("composite drug-situation index per county: score, contributions, rank, grade")
    .requiredOption("--period <period>", "2025, 2025Q4 or 2025-12")
    .option("--normalisation <how>", "min-max | z-score | rank (default: the method's)")
    .option(
      "--method <file.json>",
      "a whole index method (version, normalisation, weights, grades; docs/METHODS.md §10)",
    )
    .option("--as <username>", "run as this staff account")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const n = str(opts.normalisation);
        if (n && !["min-max", "z-score", "rank"].includes(n))
          throw new CliError(`--normalisation must be min-max, z-score or rank, got "${n}"`);
        const r = await situationIndex(ctx, await viewerOf(ctx, opts), {
          period: String(opts.period),
          ...(n ? { normalisation: n as "rank" } : {}),
        });
        return {
          json: r,
          human: [
            `method ${r.method.version} (${r.method.normalisation})${r.simulated ? " — SIMULATED data" : ""}`,
            formatTable(
              ["rank", "county", "score", "grade", "coverage", "top contributions"],
              r.districts.map((d) => [
                d.rank,
                `${d.jurisdiction} ${d.jurisdictionNameZh ?? ""}`,
                fmt(d.score, 1),
                d.grade,
                fmt(d.coverage, 2),
                [...d.contributions]
                  .sort((a, b) => b.contribution - a.contribution)
                  .slice(0, 3)
                  .map((c) => `${c.indicator} ${c.contribution.toFixed(1)}`)
                  .join(", "),
              ]),
            ),
          ].join("\n"),
        };
      }),
    );

  const hair = program
    .command("hair")
    .description("hair testing: cut-off sets, anonymous surveys, person-linked results");
  hair
    .command("cutoffs")
    .description("cut-off sets (公禁毒〔2018〕938号 default; SoHT 2012 for comparison)")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async () => ({
        json: { items: CUTOFF_SETS },
        human: CUTOFF_SETS.map(
          (s) =>
            `${s.id}${s.isDefault ? " (default)" : ""}: ${s.source}\n${formatTable(
              ["analyte", "initial ng/mg", "confirm ng/mg"],
              s.entries.map((e) => [e.analyte, e.initialNgPerMg, e.confirmNgPerMg]),
            )}`,
        ).join("\n\n"),
      })),
    );
  hair
    .command("surveys")
    .description("anonymous hair surveys with positivity and Wilson 95 % intervals")
    .option("--jurisdiction <code>", "jurisdiction (subtree)")
    .option("--period <period>", "surveys inside this period")
    .option("--as <username>", "run as this staff account (k-suppression without person access)")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const r = await listHairSurveys(ctx, await viewerOf(ctx, opts), {
          ...(str(opts.jurisdiction) ? { jurisdiction: str(opts.jurisdiction) } : {}),
          ...(str(opts.period) ? { period: str(opts.period) } : {}),
        });
        const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
        return {
          json: r,
          human: formatTable(
            ["survey", "group", "jurisdiction", "period", "n", "positive", "rate (95% CI)"],
            r.items.map((s) => [
              s.surveyCode,
              s.groupLabel,
              s.jurisdiction,
              s.period,
              s.nTested,
              s.positivesAny ?? "<k",
              `${pct(s.positivityAny.proportion)} (${pct(s.positivityAny.lower)}–${pct(s.positivityAny.upper)})`,
            ]),
          ),
        };
      }),
    );
  importCommand(hair, "survey-import <file>", "hair-survey")
    .description("import anonymous hair surveys (CSV/XLSX; no person columns allowed)")
    .option("--as <username>", "run as this staff account (needs monitoring.import)");
  importCommand(hair, "import <file>", "hair-results")
    .description("import person-linked hair lab results (test_result.write per sample, audited)")
    .requiredOption("--as <username>", "the staff account importing (audit)")
    .option("--purpose <code>", "purpose code");
  hair
    .command("results")
    .description("person-linked hair results (test_result.read per sample, audited)")
    .requiredOption("--as <username>", "the staff account reading (audit)")
    .option("--subject <ref>", "opaque subject reference")
    .option("--sample <no>", "sample number")
    .option("--jurisdiction <code>", "jurisdiction")
    .option("--purpose <code>", "purpose code (SEC-06)")
    .option("--json", "print JSON", false)
    .action(
      action(io, setExit, async (ctx, opts) => {
        const viewer = await viewerOf(ctx, opts);
        if (viewer === LOCAL_OPERATOR) throw new CliError("--as is required");
        const items = await listHairResults(ctx, viewer, {
          ...(str(opts.subject) ? { subject: str(opts.subject) } : {}),
          ...(str(opts.sample) ? { sampleNo: str(opts.sample) } : {}),
          ...(str(opts.jurisdiction) ? { jurisdiction: str(opts.jurisdiction) } : {}),
        });
        const rows = items.flatMap((s) =>
          s.segments.flatMap((g) =>
            g.results.map((r) => [
              `${s.sampleNo}/${s.part}`,
              s.collectedAt.slice(0, 10),
              `${g.fromCm}–${g.toCm} cm (≈${g.estimatedStart}…${g.estimatedEnd})`,
              r.analyte,
              fmt(r.concentrationNgPerMg, 3) ?? r.valueReported,
              r.cutoffNgPerMg,
              r.result,
            ]),
          ),
        );
        return {
          json: { items },
          human: formatTable(
            ["sample", "collected", "segment (estimate)", "analyte", "ng/mg", "cut-off", "result"],
            rows,
          ),
        };
      }),
    );
  for (const group of [indicators, hair])
    for (const c of group.commands)
      c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
}
