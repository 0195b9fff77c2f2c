/**
 * `tracewater care seed-demo [--persons N] [--seed N] [--as-of YYYY-MM-DD] [--json]`: stores the synthetic
 * 「[模拟]」 care demo (core `generateCareDemo`; services/care/demo-seed.ts) — the same data `tracewater serve`
 * seeds on first start. Idempotent: nothing happens when synthetic persons exist (`skipped: true`).
 * JSON: `{skipped, townships, persons, cases, tasks}` (docs/cli.md). Exit codes: 0 ok, 2 invalid option, 1 failure.
 */
import type { Command } from "commander";
import { seedCareDemo } from "../../services/care/demo-seed.js";
import { CliError, EXIT_OK, type GlobalOptions, type Io, parseDate, reportError, withContext } from "../runtime.js";

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${option} must be an integer ≥ 1, got "${value}"`);
  return n;
}

export function registerCare(program: Command, io: Io, setExit: (code: number) => void): void {
  const care = program.command("care").description("closed-loop care of people (社区戒毒/社区康复)");
  care
    .command("seed-demo")
    .description("store the synthetic [模拟] care demo (people, cases, tests, tasks) once")
    .option("--persons <n>", "number of synthetic people", "120")
    .option("--seed <n>", "generator seed")
    .option("--as-of <date>", "demo date (default: today in 长治)")
    .option("--json", "JSON output")
    .action(async (opts: { persons: string; seed?: string; asOf?: string; json?: boolean }, cmd: Command) => {
      const json = Boolean(opts.json);
      let persons: number | undefined;
      let seed: number | undefined;
      let asOf: string | undefined;
      try {
        persons = positiveInt(opts.persons, "--persons");
        seed = positiveInt(opts.seed, "--seed");
        asOf = parseDate(opts.asOf, "--as-of");
      } catch (error) {
        setExit(reportError(io, json, error));
        return;
      }
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const r = await seedCareDemo(ctx, {
          ...(persons ? { persons } : {}),
          ...(seed ? { seed } : {}),
          ...(asOf ? { asOf } : {}),
        });
        io.out(
          json
            ? JSON.stringify(r, null, 2)
            : r.skipped
              ? "the synthetic care demo is already stored (nothing done)"
              : `stored the synthetic care demo: ${r.townships} townships, ${r.persons} persons, ${r.cases} cases, ${r.tasks} tasks`,
        );
        return EXIT_OK;
      });
      setExit(code);
    });
}
