/**
 * Test helper for the security services: an AppContext per backend (PGlite + PostgreSQL) with a temporary
 * data directory (so the key file is created there) and a settable clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { uuidv7 } from "uuidv7";
import { afterAll } from "vitest";
import { type BackendKind, withTestDatabases } from "../../storage/testing.js";
import { type AppContext, createAppContext } from "../context.js";

export interface SecurityTestHandle {
  readonly ctx: AppContext;
  readonly kind: BackendKind;
  /** sets the context clock */
  setNow(d: Date): void;
}

export const SECURITY_TEST_START = new Date("2026-03-01T08:00:00Z");

/**
 * Inserts a staff account (no usable password: hash `x`; no change required) with `roles` and a staff profile in
 * `jurisdiction`, created at `createdAt`; returns its user id. For service tests that need callers, not logins.
 */
export async function insertTestStaff(
  ctx: AppContext,
  username: string,
  roles: readonly string[],
  jurisdiction: string | null,
  createdAt: Date,
): Promise<string> {
  const id = uuidv7();
  await ctx.database.raw.query(
    "INSERT INTO app_user (id, username, password_hash, roles, must_change_password, failed_attempts, created_at) VALUES ($1,$2,'x',$3::jsonb,false,0,$4)",
    [id, username, JSON.stringify(roles), createdAt],
  );
  await ctx.database.raw.query("INSERT INTO staff_profile (user_id, jurisdiction_code) VALUES ($1,$2)", [
    id,
    jurisdiction,
  ]);
  return id;
}

export function withSecurityContexts(name: string, suite: (h: SecurityTestHandle) => void): void {
  withTestDatabases<{ ctx: AppContext; clock: { now: Date } }>(
    name,
    (h) => {
      afterAll(() => {
        try {
          rmSync(h.extra.ctx.dataDir, { recursive: true, force: true });
        } catch {
          /* setup failed */
        }
      });
      suite({
        get ctx() {
          return h.extra.ctx;
        },
        kind: h.kind,
        setNow(d: Date) {
          h.extra.clock.now = d;
        },
      });
    },
    async (database) => {
      const clock = { now: SECURITY_TEST_START };
      const dataDir = mkdtempSync(join(tmpdir(), "tw-sec-"));
      const ctx = await createAppContext({ database, dataDir, log: pino({ level: "silent" }), now: () => clock.now });
      return { ctx, clock };
    },
  );
}
