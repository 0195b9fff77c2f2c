/** Import batches, newest first (keyset cursor on created_at, id). */
import type { ImportBatch, ImportError } from "@tracewater/contract";
import type { AppContext } from "../context.js";
import { clampLimit, decodeCursor, encodeCursor } from "../pagination.js";

interface BatchRow {
  id: string;
  file_name: string;
  sha256: string;
  format: string;
  encoding: string;
  status: ImportBatch["status"];
  dry_run: boolean;
  rows: number;
  counts: { sites?: number; samples?: number; measurements?: ImportBatch["measurements"] };
  errors: ImportError[];
  actor: string | null;
  created_at: Date;
}

export async function listImportBatches(
  ctx: AppContext,
  options: {
    cursor?: string;
    limit?: number;
    /**
     * Restrict to batches this user may see (issue #3): the user's own, and those that wrote a site or a sample of a
     * site in `jurisdictionCodes` or without jurisdiction. A batch that only revised measurements of existing
     * samples is listed for its author only (fail closed).
     */
    visibleTo?: { actor: string; jurisdictionCodes: readonly string[] };
  } = {},
): Promise<{ items: ImportBatch[]; nextCursor: string | null }> {
  const limit = clampLimit(options.limit);
  const after = decodeCursor(options.cursor, 2);
  const res = await ctx.database.raw.query<BatchRow>(
    `SELECT b.* FROM import_batch b WHERE status <> 'importing'
        AND ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
        AND ($4::text IS NULL OR b.actor = $4
             OR EXISTS (SELECT 1 FROM site s WHERE s.import_batch_id = b.id
                           AND (s.jurisdiction_code IS NULL OR s.jurisdiction_code = ANY($5::text[])))
             OR EXISTS (SELECT 1 FROM sample sa JOIN site s ON s.id = sa.site_id WHERE sa.import_batch_id = b.id
                           AND (s.jurisdiction_code IS NULL OR s.jurisdiction_code = ANY($5::text[]))))
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [after?.[0] ?? null, after?.[1] ?? null, limit + 1, options.visibleTo?.actor ?? null, [...(options.visibleTo?.jurisdictionCodes ?? [])]],
  );
  const rows = res.rows.slice(0, limit);
  const last = rows.at(-1);
  return {
    items: rows.map((r) => ({
      id: r.id,
      file: r.file_name,
      sha256: r.sha256,
      format: r.format,
      encoding: r.encoding,
      status: r.status,
      dryRun: r.dry_run,
      rows: r.rows,
      sites: r.counts.sites ?? 0,
      samples: r.counts.samples ?? 0,
      measurements: r.counts.measurements ?? { inserted: 0, unchanged: 0, revised: 0 },
      errors: r.errors,
      actor: r.actor,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: res.rows.length > limit && last ? encodeCursor([new Date(last.created_at).toISOString(), last.id]) : null,
  };
}
