/** `tracewater serve [--host] [--port]`: seed on first start, ensure the admin, start the HTTP server. */

import { createServer } from "node:net";
import path from "node:path";
import type { Command } from "commander";
import { seedAssessmentDemo } from "../../services/assessment/seed-demo.js";
import { ensureInitialAccounts } from "../../services/auth/auth.js";
import { seedCareDemo } from "../../services/care/demo-seed.js";
import type { AppContext } from "../../services/context.js";
import { seedBundledData } from "../../services/imports/seed-bundled.js";
import { seedDemoCity, startWarningSchedule } from "../../services/warning/index.js";
import { CliError, EXIT_FAILURE, EXIT_OK, type GlobalOptions, type Io, openContext, reportError } from "../runtime.js";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 5180;

/**
 * Fails fast when `host:port` cannot be bound (in use, or not an address of this machine), before the first start
 * seeds for a minute and creates accounts whose one-time passwords are printed only once the server listens.
 * Port 0 (any free port) always passes. The port is released at once, so a race with another process stays
 * possible; `startServer` then fails before the accounts are created.
 * @throws CliError naming the address and how to choose another port
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          e.code === "EADDRINUSE"
            ? `${host}:${port} is already in use (another Tracewater?); choose another port: npm start -- --port ${port + 1}`
            : `cannot listen on ${host}:${port}: ${e.message}`,
          EXIT_FAILURE,
          "listen-failed",
        ),
      ),
    );
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function registerServe(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
  setRunning: (p: Promise<number>) => void,
): void {
  program
    .command("serve")
    .description(
      `start the web server (default http://${DEFAULT_HOST}:${DEFAULT_PORT}); seeds the bundled data on first start`,
    )
    .option("--host <host>", "listen address", DEFAULT_HOST)
    .option("--port <port>", "port", String(DEFAULT_PORT))
    .action(async (opts: { host: string; port: string }, cmd: Command) => {
      const global = cmd.optsWithGlobals() as GlobalOptions;
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        setExit(reportError(io, false, new CliError(`--port must be 0..65535, got "${opts.port}"`)));
        return;
      }
      let ctx: AppContext | undefined;
      try {
        await assertPortFree(opts.host, port);
        ctx = await openContext(global);
        io.out(
          `data: ${ctx.database.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : path.join(ctx.dataDir, "pglite")}`,
        );
        const reports = await seedBundledData(ctx, {
          onProgress: (file, p) => {
            if (p.phase === "done") io.out(`  seeded ${path.basename(file)}: ${p.rows} rows`);
          },
        });
        for (const r of reports)
          io.out(
            `imported ${r.file}: ${r.measurements.inserted} measurements inserted, ${r.sites} sites (${r.status})`,
          );
        for (const r of await seedAssessmentDemo(ctx))
          io.out(`seeded ${r.file}: ${r.counts.inserted} inserted (${r.status})`);
        const care = await seedCareDemo(ctx); // synthetic [模拟] people and cases (issue #6)
        if (!care.skipped) io.out(`seeded the synthetic care demo: ${care.persons} persons, ${care.cases} cases`);
        const demo = await seedDemoCity(ctx); // [模拟] changzhi-demo beside the real data (issue #4)
        if (demo) io.out(`seeded the simulated demo city changzhi-demo: ${demo.detection.alertsCreated} alerts`);
        // listen before the first-start accounts are created: when the port is taken the start fails here, before
        // one-time passwords exist that could not be shown (they are printed only once, below)
        const { startServer } = await import("../../http/server.js");
        const server = await startServer({ ctx, host: opts.host, port });
        const accounts = await ensureInitialAccounts(ctx);
        const stopSchedule = startWarningSchedule(ctx); // detection + 督办 check ($TRACEWATER_DETECT_CRON)
        io.out(`Tracewater is running at ${server.url}`);
        if (accounts.length > 0) {
          io.out(
            "first start: one-time logins (shown only now; change the password, then enrol TOTP, at first login):",
          );
          for (const a of accounts)
            io.out(
              `  ${a.username.padEnd(10)} ${a.roles.join(",").padEnd(14)} ${a.jurisdictionCode ?? "-"}	password "${a.password}"`,
            );
          io.out('log in as "analyst" (city analyst, 长治市 140400) to see the monitoring data');
        }
        const running = new Promise<number>((resolve) => {
          const stop = async () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            stopSchedule();
            await server.close();
            await ctx?.database.close();
            resolve(EXIT_OK);
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
        setRunning(running);
      } catch (error) {
        await ctx?.database.close().catch(() => undefined);
        setExit(reportError(io, false, error));
      }
    });
}
