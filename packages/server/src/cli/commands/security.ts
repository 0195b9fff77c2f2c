/**
 * Security commands:
 * - `tracewater audit verify [--json] [--anchor-seq N --anchor-hash H] [--batch-size N]`: checks the audit hash
 *   chain; exit 0 when intact, 1 when broken (the first broken link is printed).
 * - `tracewater audit purge [--retention-months N] [--json]`: deletes events older than the retention behind a
 *   signed checkpoint (services/security/audit-retention.ts); the chain stays verifiable.
 * - `tracewater staff add --username U --role R [--role R2] [--jurisdiction CODE] [--json]`: creates an account at the
 *   server console with a one-time password (printed once; audited as actor `cli:<os user>`).
 * - `tracewater staff list [--json]`: every account (roles, jurisdiction, active, password/TOTP state, last login);
 *   no secrets.
 * - `tracewater staff reset-password --username U [--reset-totp] [--json]`: recovery of any account (e.g. a lost
 *   first-start password): new one-time password printed once, sessions ended, lock cleared; audited `staff.reset`
 *   as actor `cli:<os user>`. Exit 2 for an unknown user.
 * - `tracewater keys rotate [--json] [--batch-size N] [--reencrypt-only]`: new active field key, re-encrypts every
 *   encrypted column in batches (reads keep working; see services/security/key-rotation.ts); exit 0, or 1 when
 *   rows still hold an old key (run it again).
 */
import type { Command } from "commander";
import { ROLES } from "../../security/roles.js";
import { addStaffAtConsole, listStaffAtConsole, resetStaffAtConsole } from "../../services/security/admin.js";
import { verifyAuditLog } from "../../services/security/audit-log.js";
import { purgeAuditLog } from "../../services/security/audit-retention.js";
import { rotateKeys } from "../../services/security/key-rotation.js";
import { CliError, EXIT_FAILURE, EXIT_OK, formatTable, type GlobalOptions, type Io, withContext } from "../runtime.js";

function intOption(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new CliError(`${option} must be a positive integer, got "${s}"`);
  return Number(s);
}

export function registerSecurity(program: Command, io: Io, setExit: (code: number) => void): void {
  const audit = program.command("audit").description("audit log (hash-chained, append-only)");
  audit
    .command("verify")
    .description("verify the audit hash chain and report the first broken link")
    .option("--anchor-seq <n>", "seq of an anchor noted outside the database (detects deleted newest events)")
    .option("--anchor-hash <hash>", "hash of the anchor event")
    .option("--batch-size <n>", "events read per batch (default 5000)")
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const json = Boolean(opts.json);
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const anchorSeq = intOption(opts.anchorSeq, "--anchor-seq");
        const anchorHash = typeof opts.anchorHash === "string" ? opts.anchorHash : undefined;
        if ((anchorSeq === undefined) !== (anchorHash === undefined))
          throw new CliError("--anchor-seq and --anchor-hash go together");
        const batchSize = intOption(opts.batchSize, "--batch-size");
        const verdict = await verifyAuditLog(ctx, {
          ...(batchSize ? { batchSize } : {}),
          ...(anchorSeq !== undefined && anchorHash ? { anchor: { seq: anchorSeq, hash: anchorHash } } : {}),
        });
        if (json) io.out(JSON.stringify(verdict, null, 2));
        else if (verdict.ok)
          io.out(`audit chain intact: ${verdict.count} events, head seq ${verdict.headSeq} hash ${verdict.headHash}`);
        else io.out(`audit chain BROKEN at seq ${verdict.seq} (${verdict.reason}): ${verdict.message}`);
        return verdict.ok ? EXIT_OK : EXIT_FAILURE;
      });
      setExit(code);
    });
  audit
    .command("purge")
    .description(
      "delete audit events older than the retention (TRACEWATER_AUDIT_RETENTION_MONTHS, default 36, minimum 6) behind a signed checkpoint",
    )
    .option("--retention-months <n>", "override the configured retention (≥ 6)")
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const json = Boolean(opts.json);
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const months = intOption(opts.retentionMonths, "--retention-months");
        const report = await purgeAuditLog(ctx, {
          ...(months !== undefined ? { retentionMonths: months } : {}),
          actor: `cli:${process.env.USER ?? "unknown"}`,
        });
        if (json) io.out(JSON.stringify(report, null, 2));
        else
          io.out(
            `purged ${report.purged} audit events before ${report.cutoff} (retention ${report.retentionMonths} months)${
              report.throughSeq ? `; checkpoint seq ${report.throughSeq} hash ${report.throughHash}` : ""
            }`,
          );
        return EXIT_OK;
      });
      setExit(code);
    });
  for (const c of audit.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const keys = program
    .command("keys")
    .description("field-encryption keys (key file or TRACEWATER_KEYS; never in the database)");
  keys
    .command("rotate")
    .description("add a new active key and re-encrypt every encrypted field in batches")
    .option("--batch-size <n>", "rows per transaction (default 500)")
    .option(
      "--reencrypt-only",
      "do not add a key; re-encrypt to the current active key (keys from TRACEWATER_KEYS)",
      false,
    )
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const json = Boolean(opts.json);
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const batchSize = intOption(opts.batchSize, "--batch-size");
        const report = await rotateKeys(ctx, {
          ...(batchSize ? { batchSize } : {}),
          reencryptOnly: Boolean(opts.reencryptOnly),
          actor: `cli:${process.env.USER ?? "unknown"}`,
        });
        if (json) io.out(JSON.stringify(report, null, 2));
        else {
          io.out(`active key ${report.activeKeyId} (was ${report.previousKeyId}); key source ${report.keySource}`);
          for (const c of report.columns)
            io.out(
              `  ${c.table}.${c.column}: ${c.reencrypted} re-encrypted, ${c.remainingOldKey} still under an old key`,
            );
        }
        return report.columns.every((c) => c.remainingOldKey === 0) ? EXIT_OK : EXIT_FAILURE;
      });
      setExit(code);
    });
  for (const c of keys.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const staff = program.command("staff").description("staff accounts (server console)");
  staff
    .command("add")
    .description("create an account with roles and jurisdiction; prints a one-time password (change at first login)")
    .requiredOption("--username <name>", "user name (2–64 letters, digits, . _ -)")
    .requiredOption("--role <role>", `role (repeatable): ${ROLES.join(", ")}`, (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option(
      "--jurisdiction <code>",
      "jurisdiction code, e.g. 140400 (长治市) or 140403 (潞州区); none for administrators",
    )
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const json = Boolean(opts.json);
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const created = await addStaffAtConsole(ctx, {
          username: String(opts.username),
          roles: opts.role as string[],
          jurisdictionCode: typeof opts.jurisdiction === "string" ? opts.jurisdiction : null,
          consoleUser: process.env.USER ?? "unknown",
        });
        if (json) io.out(JSON.stringify(created, null, 2));
        else
          io.out(`created "${created.username}"; one-time password "${created.password}" (change it at first login)`);
        return EXIT_OK;
      });
      setExit(code);
    });
  staff
    .command("list")
    .description("list every account: roles, jurisdiction, active, password and TOTP state, last login (no secrets)")
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const json = Boolean(opts.json);
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const list = await listStaffAtConsole(ctx);
        if (json) io.out(JSON.stringify({ staff: list }, null, 2));
        else
          io.out(
            formatTable(
              ["username", "roles", "jurisdiction", "active", "must change pw", "TOTP", "last login", "locked until"],
              list.map((s) => [
                s.username,
                s.roles.join(",") || null,
                s.jurisdictionCode,
                s.active ? "yes" : "no (disabled)",
                s.mustChangePassword ? "yes" : "no",
                s.totpEnrolled ? "enrolled" : "no",
                s.lastLoginAt,
                s.lockedUntil,
              ]),
            ),
          );
        return EXIT_OK;
      });
      setExit(code);
    });
  staff
    .command("reset-password")
    .description(
      "recovery: new one-time password (printed once, change at next login), sessions ended, lock cleared; any account",
    )
    .requiredOption("--username <name>", "the account to reset")
    .option("--reset-totp", "also remove the TOTP enrolment (lost authenticator); kept otherwise", false)
    .option("--json", "print JSON", false)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const json = Boolean(opts.json);
      const code = await withContext(io, cmd.optsWithGlobals() as GlobalOptions, json, async (ctx) => {
        const reset = await resetStaffAtConsole(ctx, {
          username: String(opts.username),
          resetTotp: Boolean(opts.resetTotp),
          consoleUser: process.env.USER ?? "unknown",
        });
        if (json) io.out(JSON.stringify(reset, null, 2));
        else
          io.out(
            `reset "${reset.username}"; one-time password "${reset.password}" (change it at next login${
              opts.resetTotp ? "; enrol TOTP again" : ""
            })`,
          );
        return EXIT_OK;
      });
      setExit(code);
    });
  for (const c of staff.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
}
