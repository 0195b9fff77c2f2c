/**
 * `tracewater serve` fails fast on a port that is taken, before the first start seeds and creates accounts whose
 * one-time passwords could then never be shown (found by a new-user check: the passwords were lost and the process
 * hung). The CLI is run as users run it (bin/tracewater.mjs) against a temp data dir.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN } from "../testing.js";
import { assertPortFree } from "./serve.js";


describe("tracewater serve on a busy port", () => {
  let blocker: Server;
  let port = 0;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen({ host: "127.0.0.1", port: 0 }, () => r()));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => blocker.close(() => r()));
  });

  it("assertPortFree rejects a taken port with the address and the way out, and passes a free one", async () => {
    await expect(assertPortFree("127.0.0.1", port)).rejects.toThrow(
      `127.0.0.1:${port} is already in use (another Tracewater?); choose another port: npm start -- --port ${port + 1}`,
    );
    await expect(assertPortFree("127.0.0.1", 0)).resolves.toBeUndefined();
  });

  it("exits 1 at once, before creating the database or any account", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "tw-serve-busy-"));
    const r = spawnSync(process.execPath, [CLI_BIN, "serve", "--port", String(port), "--data-dir", dataDir], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, LOG_LEVEL: "warn" },
    });
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toContain(`127.0.0.1:${port} is already in use`);
    expect(r.stdout).not.toContain("one-time logins");
    expect(existsSync(path.join(dataDir, "pglite"))).toBe(false);
  });
});
