/**
 * `tracewater simulate --scenario <name|file> --out <dir> [--from DATE] [--to DATE] [--seed N] [--json]`
 *
 * Runs the core simulator (`simulateScenario`, docs/simulator.md) and writes, UTF-8 with BOM:
 * - `sites.csv`     site registry (docs/import-formats.md, layout `sites`)
 * - `lab-long.csv`  lab-long results, one measurement per row (layout `lab-long`; `<LOQ` for censored values)
 * - `truth.json`    `{simulated: true, scenario, source, seed, from, to, parameters, events}` — the injected events
 * Both CSV files are accepted unchanged by `tracewater import` (sites first). No database is opened.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ScenarioInput, type SimulateResult } from "@tracewater/contract";
import {
  BUNDLED_SCENARIOS,
  type Scenario,
  ScenarioError,
  type SimulationResult,
  simulateScenario,
} from "@tracewater/core";
import type { Command } from "commander";
import Papa from "papaparse";
import { CliError, EXIT_OK, type Io, parseDate, reportError } from "../runtime.js";

export const SITES_COLUMNS = [
  "site_code",
  "name",
  "kind",
  "jurisdiction_code",
  "longitude",
  "latitude",
  "population_served",
  "downstream_site",
  "travel_time_hours",
] as const;
export const LAB_LONG_COLUMNS = [
  "site_code",
  "sample_date",
  "analyte",
  "concentration",
  "unit",
  "lod",
  "loq",
  "flow_m3_per_day",
  "population_served",
] as const;
const BOM = "\uFEFF";

/**
 * Resolves `--scenario`: a bundled name (`changzhi-demo`) or a path to a scenario JSON file validated with the
 * contract's `ScenarioInput` schema.
 * @throws CliError (exit 2) for an unknown name, a missing/unreadable file, invalid JSON or a schema violation
 */
export async function loadScenario(spec: string): Promise<Scenario> {
  const bundled = BUNDLED_SCENARIOS[spec];
  if (bundled) return bundled();
  if (!spec.toLowerCase().endsWith(".json")) {
    throw new CliError(
      `unknown scenario "${spec}"; expected one of ${Object.keys(BUNDLED_SCENARIOS).join(", ")} or a path to a scenario .json file`,
    );
  }
  let text: string;
  try {
    text = await readFile(spec, "utf8");
  } catch (e) {
    throw new CliError(
      `scenario file not found or unreadable: ${spec} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      2,
      "not-found",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new CliError(`scenario file ${spec}: invalid JSON (${(e as Error).message})`);
  }
  const parsed = ScenarioInput.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new CliError(
      `scenario file ${spec}: ${issues.join("; ")}${parsed.error.issues.length > 10 ? ` (+${parsed.error.issues.length - 10} more)` : ""}`,
    );
  }
  return parsed.data as Scenario;
}

/** CSV text (UTF-8 with BOM, CRLF as Excel writes) of the simulated site registry and lab-long rows. */
export function simulationCsv(result: SimulationResult): { sites: string; labLong: string } {
  return {
    sites:
      BOM + Papa.unparse({ fields: [...SITES_COLUMNS], data: result.sites.map((r) => SITES_COLUMNS.map((c) => r[c])) }),
    labLong:
      BOM +
      Papa.unparse({
        fields: [...LAB_LONG_COLUMNS],
        data: result.labRows.map((r) => LAB_LONG_COLUMNS.map((c) => r[c])),
      }),
  };
}

/** The truth document: events + the parameters that produced the files. */
export function truthDocument(scenario: Scenario, result: SimulationResult): Record<string, unknown> {
  const { nodes, events: _events, ...parameters } = scenario;
  return {
    simulated: true,
    note: "模拟数据 — simulated data, not measurements (docs/simulator.md)",
    scenario: result.scenario,
    source: result.source,
    seed: result.seed,
    from: result.from,
    to: result.to,
    noise: result.noise,
    parameters: { ...parameters, from: result.from, to: result.to },
    network: nodes.map((n) => ({
      code: n.code,
      kind: n.kind,
      venueType: n.venueType ?? null,
      downstream: n.downstream,
      ownPopulation: n.ownPopulation,
      useLevel: n.useLevel ?? 1,
    })),
    events: result.events,
  };
}

/**
 * Runs a scenario and writes the three files into `outDir` (created when missing).
 * @throws CliError for invalid options or scenario; ScenarioError is mapped to CliError (exit 2)
 */
export async function runSimulate(opts: {
  scenario: string;
  out: string;
  from?: string;
  to?: string;
  seed: number;
}): Promise<SimulateResult> {
  const scenario = await loadScenario(opts.scenario);
  let result: SimulationResult;
  try {
    result = simulateScenario(scenario, {
      seed: opts.seed,
      ...(opts.from ? { from: opts.from } : {}),
      ...(opts.to ? { to: opts.to } : {}),
    });
  } catch (e) {
    if (e instanceof ScenarioError) throw new CliError(`scenario ${opts.scenario}: ${e.message}`);
    throw e;
  }
  const outDir = path.resolve(opts.out);
  await mkdir(outDir, { recursive: true });
  const files = {
    sites: path.join(outDir, "sites.csv"),
    labLong: path.join(outDir, "lab-long.csv"),
    truth: path.join(outDir, "truth.json"),
  };
  const csv = simulationCsv(result);
  await writeFile(files.sites, csv.sites, "utf8");
  await writeFile(files.labLong, csv.labLong, "utf8");
  await writeFile(files.truth, `${JSON.stringify(truthDocument(scenario, result), null, 2)}\n`, "utf8");
  return {
    scenario: result.scenario,
    source: result.source,
    simulated: true,
    from: result.from,
    to: result.to,
    seed: result.seed,
    outDir,
    files,
    sites: result.sites.length,
    labRows: result.labRows.length,
    censoredRows: result.labRows.reduce((t, r) => t + (r.concentration === "<LOQ" ? 1 : 0), 0),
    events: result.events,
  };
}

function human(r: SimulateResult): string {
  return [
    `[模拟] scenario ${r.scenario} (source ${r.source}), ${r.from} … ${r.to}, seed ${r.seed}`,
    `  ${r.sites} sites → ${r.files.sites}`,
    `  ${r.labRows} lab rows (${r.censoredRows} <LOQ) → ${r.files.labLong}`,
    `  ${r.events.length} injected events → ${r.files.truth}`,
    ...r.events.map(
      (e) =>
        `    ${e.type} ${e.site} ${e.analyte} ${e.start}…${e.end}${e.factor !== null ? ` ×${e.factor}` : ` PNL ${e.pnlMgPerDayPer1000}`}`,
    ),
    `  import with: tracewater import ${r.files.sites} ${r.files.labLong}`,
  ].join("\n");
}

export function registerSimulate(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("simulate")
    .description("write a simulated monitoring network (sites.csv, lab-long.csv, truth.json) — 模拟数据")
    .requiredOption(
      "--scenario <name|file>",
      `bundled scenario (${Object.keys(BUNDLED_SCENARIOS).join(", ")}) or a scenario .json file`,
    )
    .requiredOption("--out <dir>", "output directory (created when missing)")
    .option("--from <date>", "first sample date YYYY-MM-DD (default: the scenario's)")
    .option("--to <date>", "last sample date YYYY-MM-DD (default: the scenario's)")
    .option("--seed <n>", "random seed (integer)", "1")
    .option("--json", "print the result as JSON", false)
    .action(
      async (opts: { scenario: string; out: string; from?: string; to?: string; seed: string; json: boolean }) => {
        try {
          if (!/^-?\d+$/.test(opts.seed) || !Number.isSafeInteger(Number(opts.seed)))
            throw new CliError(`--seed must be an integer, got "${opts.seed}"`);
          const from = parseDate(opts.from, "--from");
          const to = parseDate(opts.to, "--to");
          const r = await runSimulate({
            scenario: opts.scenario,
            out: opts.out,
            seed: Number(opts.seed),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          });
          io.out(opts.json ? JSON.stringify(r, null, 2) : human(r));
          setExit(EXIT_OK);
        } catch (error) {
          setExit(reportError(io, opts.json, error));
        }
      },
    );
}
