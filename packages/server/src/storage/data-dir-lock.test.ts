import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseInUseError, openDatabase } from "./open-database.js";

// PGlite is single-process: a second process (or a second open in this one) on the same data dir must be refused,
// and the directory must open again once the first holder closes it.
describe("embedded database data-dir lock", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("refuses a second open of the same data dir until the first one is closed", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "tw-lock-"));
    dirs.push(dataDir);
    const first = await openDatabase({ dataDir, migrate: false });
    const second = openDatabase({ dataDir, migrate: false });
    await expect(second).rejects.toBeInstanceOf(DatabaseInUseError);
    await expect(second).rejects.toThrow(/in use by another Tracewater process/);
    await first.close();
    const third = await openDatabase({ dataDir, migrate: false });
    const r = await third.raw.query<{ one: number }>("SELECT 1 AS one");
    expect(r.rows[0]?.one).toBe(1);
    await third.close();
  });
});
