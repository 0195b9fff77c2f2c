/**
 * `tracewater` CLI (commander 14). Every command has `--json` with stable field names (docs/cli.md).
 * Exit codes: 0 success, 2 invalid input (nothing written), 1 other failures.
 * Data: `--data-dir` or `$TRACEWATER_DATA_DIR` (default ./var, PGlite); PostgreSQL when `$DATABASE_URL` is set.
 */
import { Command, CommanderError } from "commander";
import { registerAssessment } from "./commands/assessment.js";
import { registerCare } from "./commands/care.js";
import { registerImport } from "./commands/import.js";
import { registerQueries } from "./commands/query.js";
import { registerReport } from "./commands/report.js";
import { registerSecurity } from "./commands/security.js";
import { registerServe } from "./commands/serve.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerWarning } from "./commands/warning.js";
import { EXIT_INVALID, EXIT_OK, type Io, processIo } from "./runtime.js";

export function buildProgram(
  io: Io,
  setExit: (code: number) => void,
  setRunning: (p: Promise<number>) => void,
): Command {
  const program = new Command("tracewater")
    .description("Tracewater 毒情监测评估预警平台 — wastewater-based drug monitoring")
    .option("--data-dir <dir>", "data directory (default $TRACEWATER_DATA_DIR or ./var)")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerImport(program, io, setExit);
  registerQueries(program, io, setExit);
  registerServe(program, io, setExit, setRunning);
  registerSecurity(program, io, setExit);
  registerSimulate(program, io, setExit);
  registerWarning(program, io, setExit);
  registerReport(program, io, setExit);
  registerAssessment(program, io, setExit);
  registerCare(program, io, setExit);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`: node, script, args…) and resolves with the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  let running: Promise<number> | null = null;
  const program = buildProgram(
    io,
    (c) => {
      exitCode = c;
    },
    (p) => {
      running = p;
    },
  );
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      )
        return EXIT_OK;
      if (argv.includes("--json"))
        io.out(JSON.stringify({ error: { code: "invalid-input", message: error.message.replace(/^error: /, "") } }));
      return EXIT_INVALID;
    }
    throw error;
  }
  if (running) return await (running as Promise<number>);
  return exitCode;
}
