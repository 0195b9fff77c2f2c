/**
 * Test helper for the security services: an AppContext per backend (PGlite + PostgreSQL) with a temporary
 * data directory (so the key file is created there) and a settable clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
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
