/** Test helper: the shared PGlite + PostgreSQL suite with an AppContext per backend (see storage/testing.ts). */
import pino from "pino";
import { withTestDatabases, type BackendKind } from "../storage/testing.js";
import { createAppContext, type AppContext } from "./context.js";

/** A fixed clock for tests. */
export const TEST_NOW = new Date("2025-06-01T08:00:00Z");

export function withTestContexts(
  name: string,
  suite: (handle: { readonly ctx: AppContext; readonly kind: BackendKind }) => void,
  setup?: (ctx: AppContext) => Promise<void>,
): void {
  withTestDatabases<{ ctx: AppContext }>(
    name,
    (h) =>
      suite({
        get ctx() {
          return h.extra.ctx;
        },
        kind: h.kind,
      }),
    async (database) => {
      const ctx = await createAppContext({ database, dataDir: "/nonexistent", log: pino({ level: "silent" }), now: () => TEST_NOW });
      await setup?.(ctx);
      return { ctx };
    },
  );
}
