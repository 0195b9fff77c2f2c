/** Import endpoints: `GET /imports` (batches) and `POST /imports` (multipart upload). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPost } from "./client.js";
import { queryKeys } from "./keys.js";
import type { ImportBatch, ImportFormat, ImportReport, Page } from "./types.js";

/** `GET /imports` — the newest page of import batches. */
export function useImportBatches() {
  return useQuery({
    queryKey: queryKeys.imports,
    queryFn: ({ signal }) => apiGet<Page<ImportBatch>>("/imports", { limit: 100 }, signal),
  });
}

/**
 * `POST /imports?format=&dryRun=` with multipart field `file` (and `source`, the data-source label of the sites the
 * file defines, when given) → ImportReport.
 * A rejected file comes back as 422 problem+json whose `errors` are ImportError rows (thrown as ApiError).
 */
export function useImportFile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      file,
      format,
      dryRun,
      source,
    }: {
      file: File;
      format: ImportFormat;
      dryRun: boolean;
      source?: string;
    }) => {
      const body = new FormData();
      body.append("file", file, file.name);
      if (source) body.append("source", source);
      return apiPost<ImportReport>("/imports", body, { format, dryRun });
    },
    onSuccess: (report) => {
      if (!report.dryRun) void client.invalidateQueries();
    },
    // rejected files are recorded as batches too
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.imports }),
  });
}
