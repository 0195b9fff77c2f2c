/**
 * `tracewater report --jurisdiction CODE --period 2024|2024Q1|2024-03 --format docx|pdf --out FILE [--json]`:
 * generates the assessment report from the stored data and writes the file (one-shot; the draft → reviewed →
 * issued workflow is in the API and web UI). Reads what is stored, never seeds (import the data first).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ReportAudience, type ReportCliResult, ReportFormat, ReportPeriod } from "@tracewater/contract";
import type { Command } from "commander";
import { generateReport, renderReport } from "../../reports/index.js";
import { CliError, EXIT_OK, type GlobalOptions, type Io, withContext } from "../runtime.js";

export function registerReport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("report")
    .description(
      "write the drug-situation assessment report (毒情形势评估报告) of a jurisdiction and period as .docx or PDF",
    )
    .requiredOption(
      "--jurisdiction <code>",
      "jurisdiction code (e.g. 140400 长治市, 140403), EUDA site (AT001) or EUDA country (BE)",
    )
    .requiredOption("--period <period>", "2024 (year), 2024Q1 (quarter) or 2024-03 (month)")
    .option("--format <format>", "docx | pdf (default: from the --out extension, else docx)")
    .requiredOption("--out <file>", "output file")
    .option(
      "--audience <audience>",
      "person-access | internal | public (small counts suppressed unless person-access)",
      "internal",
    )
    .option("--analyst-text <file>", "UTF-8 text file with the analyst's section (paragraphs separated by blank lines)")
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const global = cmd.optsWithGlobals() as GlobalOptions;
      const json = Boolean(opts.json);
      const code = await withContext(io, global, json, async (ctx) => {
        const period = ReportPeriod.safeParse(opts.period);
        if (!period.success)
          throw new CliError(`--period must be 2024, 2024Q1 or 2024-03, got "${String(opts.period)}"`);
        const out = String(opts.out);
        const ext = path.extname(out).slice(1).toLowerCase();
        const format = ReportFormat.safeParse(opts.format ?? (ext === "pdf" ? "pdf" : "docx"));
        if (!format.success) throw new CliError(`--format must be docx or pdf, got "${String(opts.format)}"`);
        const audience = ReportAudience.safeParse(opts.audience);
        if (!audience.success) throw new CliError(`--audience must be one of ${ReportAudience.options.join(", ")}`);
        let analystText = "";
        if (typeof opts.analystText === "string") {
          try {
            analystText = readFileSync(opts.analystText, "utf8").replace(/^\uFEFF/, "");
          } catch (e) {
            throw new CliError(`--analyst-text ${opts.analystText}: ${(e as Error).message}`);
          }
        }
        const g = await generateReport(ctx, {
          jurisdiction: String(opts.jurisdiction),
          period: period.data,
          audience: audience.data,
          analystText,
        });
        const bytes = await renderReport(g.document, format.data);
        writeFileSync(out, bytes);
        const summary = g.document.sections.find((s) => s.id === "summary");
        const result: ReportCliResult = {
          jurisdiction: g.document.jurisdiction.code,
          period: g.document.period.code,
          format: format.data,
          out,
          bytes: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          snapshotSha256: g.snapshotSha256,
          sections: g.document.sections.map((s) => ({ id: s.id, title: s.title, dataSource: s.dataSource })),
          summary: (summary?.blocks ?? []).flatMap((b) =>
            b.type === "paragraph" || b.type === "note" ? [b.text] : [],
          ),
        };
        io.out(
          json
            ? JSON.stringify(result, null, 2)
            : [
                `${g.document.title} ${g.document.subtitle}`,
                `wrote ${out} (${format.data}, ${bytes.length} bytes)`,
                ...result.sections.map((s) => `  ${s.title}${s.dataSource === "missing" ? "（无数据来源）" : ""}`),
              ].join("\n"),
        );
        return EXIT_OK;
      });
      setExit(code);
    });
}
