/**
 * The run of one assessment import: parse → (no errors) write in ONE transaction together with the
 * `assessment_import` row; errors → nothing written except a `rejected` record; nothing changed → `unchanged`.
 */
import type { AssessmentImportReport, ImportError } from "@tracewater/contract";
import { uuidv7 } from "uuidv7";
import type { AppContext } from "../../services/context.js";
import type { TxClient } from "../../storage/open-database.js";

export type ImportKind = AssessmentImportReport["kind"];
export interface WriteCounts {
  inserted: number;
  unchanged: number;
  revised: number;
}

export interface RunInput {
  kind: ImportKind;
  file: string;
  sha256: string;
  encoding: string;
  rows: number;
  errors: ImportError[];
  actor: string | null;
  /** writes the parsed records; may add errors (then the transaction is rolled back) */
  write: (tx: TxClient, importId: string, errors: ImportError[]) => Promise<WriteCounts>;
}

class Rollback extends Error {}

export async function runAssessmentImport(ctx: AppContext, input: RunInput): Promise<AssessmentImportReport> {
  const base = {
    kind: input.kind,
    file: input.file,
    sha256: input.sha256,
    encoding: input.encoding,
    rows: input.rows,
  };
  const record = async (
    tx: TxClient | null,
    id: string,
    status: AssessmentImportReport["status"],
    counts: WriteCounts,
    errors: ImportError[],
  ) => {
    const q = tx ?? ctx.database.raw;
    await q.query(
      `INSERT INTO assessment_import (id, kind, file_name, sha256, encoding, rows, status, counts, errors, actor, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9::jsonb,$10,$11)`,
      [
        id,
        input.kind,
        input.file,
        input.sha256,
        input.encoding,
        input.rows,
        status,
        JSON.stringify(counts),
        JSON.stringify(errors),
        input.actor,
        ctx.now(),
      ],
    );
  };
  const zero = { inserted: 0, unchanged: 0, revised: 0 };
  if (input.errors.length > 0) {
    const id = uuidv7();
    await record(null, id, "rejected", zero, input.errors);
    return { importId: id, ...base, status: "rejected", counts: zero, errors: input.errors };
  }
  const id = uuidv7();
  const errors: ImportError[] = [];
  try {
    const counts = await ctx.database.transaction(async (tx) => {
      const c = await input.write(tx, id, errors);
      if (errors.length > 0) throw new Rollback();
      await record(tx, id, c.inserted + c.revised === 0 ? "unchanged" : "imported", c, []);
      return c;
    });
    return {
      importId: id,
      ...base,
      status: counts.inserted + counts.revised === 0 ? "unchanged" : "imported",
      counts,
      errors: [],
    };
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    const rid = uuidv7();
    await record(null, rid, "rejected", zero, errors);
    return { importId: rid, ...base, status: "rejected", counts: zero, errors };
  }
}
