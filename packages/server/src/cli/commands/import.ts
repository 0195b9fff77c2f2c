/** `tracewater import <file…> [--format] [--dry-run] [--json]` */

import path from "node:path";
import type { ImportReport } from "@tracewater/contract";
import { DataSourceLabel, ImportFormat } from "@tracewater/contract";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { importFile } from "../../services/imports/import-file.js";
import { CliError, EXIT_INVALID, EXIT_OK, formatTable, type GlobalOptions, type Io, withContext } from "../runtime.js";

function human(r: ImportReport): string {
  const lines = [
    `${r.file}: ${r.status}${r.dryRun ? " (dry run — nothing written)" : ""}`,
    `  format ${r.format}, encoding ${r.encoding}, ${r.rows} rows, sha256 ${r.sha256.slice(0, 12)}…`,
    `  sites written ${r.sites}, samples new ${r.samples}, measurements: ${r.measurements.inserted} inserted, ${r.measurements.unchanged} unchanged, ${r.measurements.revised} revised`,
  ];
  if (r.batchId) lines.push(`  batch ${r.batchId}`);
  if (r.errors.length > 0) {
    lines.push(`  ${r.errors.length} error(s):`);
    lines.push(
      formatTable(
        ["file", "row", "column", "value", "message"],
        r.errors.map((e) => [e.file, e.row, e.column, e.value, e.message]),
      )
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n"),
    );
  }
  if (r.warnings.length > 0) {
    lines.push(`  ${r.warnings.length} warning(s) (imported as written; check them):`);
    lines.push(
      formatTable(
        ["file", "row", "column", "value", "message"],
        r.warnings.map((e) => [e.file, e.row, e.column, e.value, e.message]),
      )
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n"),
    );
  }
  return lines.join("\n");
}

export function registerImport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("import")
    .description("import lab / EUDA / PHES-ODM / site-registry files (one transaction per file)")
    .argument("<files...>", "CSV or XLSX files")
    .option("--format <format>", "auto | euda | lab-long | lab-wide | odm | sites", "auto")
    .option("--dry-run", "validate and report without writing", false)
    .option("--source <label>", "data-source label of the sites a file defines (e.g. changzhi-demo; default by format)")
    .option("--json", "print the import report(s) as JSON", false)
    .action(
      async (
        files: string[],
        opts: { format: string; dryRun: boolean; json: boolean; source?: string },
        cmd: Command,
      ) => {
        const global = cmd.optsWithGlobals() as GlobalOptions;
        const code = await withContext(io, global, opts.json, async (ctx) => {
          const format = ImportFormat.safeParse(opts.format);
          if (!format.success)
            throw new CliError(`--format must be one of ${ImportFormat.options.join(", ")}, got "${opts.format}"`);
          if (opts.source !== undefined && !DataSourceLabel.safeParse(opts.source).success)
            throw new CliError(`--source must be a lowercase label such as changzhi-demo, got "${opts.source}"`);
          const reports: ImportReport[] = [];
          for (const file of files) {
            const showBar = io.isTty && !opts.json;
            const bar = showBar
              ? new cliProgress.SingleBar(
                  { format: `${path.basename(file)} [{bar}] {percentage}% {phase}`, hideCursor: true },
                  cliProgress.Presets.shades_classic,
                )
              : null;
            let started = false;
            try {
              const report = await importFile(ctx, path.resolve(file), {
                format: format.data,
                dryRun: opts.dryRun,
                ...(opts.source ? { source: opts.source } : {}),
                actor: process.env.USER ? `cli:${process.env.USER}` : "cli",
                onProgress: (p) => {
                  if (!bar) return;
                  const total = p.total ?? Math.max(p.rows, 1);
                  if (!started) {
                    bar.start(total, 0, { phase: p.phase });
                    started = true;
                  }
                  bar.setTotal(total);
                  bar.update(Math.min(p.rows, total), { phase: p.phase });
                },
              });
              reports.push(report);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === "ENOENT")
                throw new CliError(`file not found: ${file}`, EXIT_INVALID, "not-found");
              throw error;
            } finally {
              if (started) bar?.stop();
            }
          }
          if (opts.json) io.out(JSON.stringify(reports.length === 1 ? reports[0] : { reports }, null, 2));
          else io.out(reports.map(human).join("\n\n"));
          return reports.some((r) => r.status === "rejected") ? EXIT_INVALID : EXIT_OK;
        });
        setExit(code);
      },
    );
}
