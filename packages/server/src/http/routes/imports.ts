/**
 * `/api/v1/imports`: upload a lab/EUDA/ODM/site-registry file (multipart field `file`, optional field `source`: the
 * data-source label of the sites it defines, validated as `tracewater import --source`) and list import batches.
 *
 * The upload answers the validation/import report (services `importFile`): 200 when the status is
 * `imported`, `unchanged` or `validated` (`dryRun=true`); 422 problem+json `import-rejected` with the report's
 * row/column errors in `errors[]` and the full report in `report` when the file was rejected (nothing written).
 * Uploads larger than {@link MAX_UPLOAD_BYTES} get 413 before the body is read.
 * Jurisdiction (issue #3): rows for sites, and site definitions, outside the importer's `monitoring.import` scope
 * are refused as row/column errors (`imports/import-scope.ts`); the list shows every batch to staff reaching a root
 * of the tree, otherwise the batches that touched a site in the user's scope or without jurisdiction, and the
 * user's own batches.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { DataSourceLabel, ImportsQuery, ImportUploadQuery } from "@tracewater/contract";
import { bodyLimit } from "hono/body-limit";
import { InvalidInputError } from "../../services/errors.js";
import type { AppContext } from "../../services/index.js";
import { importFile, listImportBatches } from "../../services/index.js";
import { importScopeOf, jurisdictionCodesIn } from "../../services/security/access.js";
import { type App, authErrors, json, jsonOrCsv, pageOf, S, tooLarge, unprocessable } from "../openapi.js";
import { problem, sendProblem } from "../problem.js";
import { csvOfPages } from "./list.js";

/** Upload size limit: 200 MiB (a year of a city's lab exports is a few MB; EUDA all-data is ~1 MB). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const tags = ["imports"];

const UploadForm = z.object({
  file: z.instanceof(File).openapi({ type: "string", format: "binary", description: "The file (CSV, XLSX)." }),
  /** as `tracewater import --source`: the data source of the sites the file defines (default by format) */
  source: DataSourceLabel.optional().openapi({
    description: "Data-source label of the sites the file defines, e.g. changzhi-demo (default by format).",
  }),
});

const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) =>
    sendProblem(c, problem(413, "payload-too-large", `Uploads are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`)),
});

export function registerImportRoutes(app: App, ctx: AppContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/imports",
      tags,
      summary: "Upload a file: validate it and (unless dryRun) import it in one transaction",
      middleware: [uploadLimit] as const,
      request: {
        query: ImportUploadQuery,
        body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } },
      },
      responses: {
        200: json(S.ImportReport, "The report (status imported, unchanged or validated)."),
        ...authErrors,
        ...tooLarge,
        ...unprocessable,
      },
    }),
    async (c) => {
      const { format, dryRun } = c.req.valid("query");
      const { file, source } = c.req.valid("form");
      const bytes = new Uint8Array(await file.arrayBuffer());
      // rows and site definitions outside the importer's jurisdiction are refused (import-scope.ts)
      const scope = await importScopeOf(ctx, c.get("access").scope);
      const report = await importFile(
        ctx,
        { name: file.name || "upload", bytes },
        { format, dryRun, actor: c.get("me").username, scope, ...(source ? { source } : {}) },
      );
      if (report.status === "rejected") {
        // Mapped to 422 problem `import-rejected` (errors + report) by toProblem, like any rejected input.
        throw new InvalidInputError(
          `${report.file}: ${report.errors.length} error(s); nothing was imported.`,
          report.errors,
          report,
        );
      }
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/imports",
      tags,
      summary: "Import batches, newest first (cursor-paginated)",
      request: { query: ImportsQuery },
      responses: {
        200: jsonOrCsv(pageOf(S.ImportBatch, "ImportBatchPage"), "A page of import batches."),
        ...authErrors,
      },
    }),
    async (c) => {
      const { format, cursor, limit } = c.req.valid("query");
      // staff reaching a root of the jurisdiction tree see every batch; others the batches touching sites in their
      // scope (or without jurisdiction) and their own
      const { paths } = c.get("access").scope;
      const visibleTo = paths.some((p) => !p.includes("/"))
        ? undefined
        : { actor: c.get("me").username, jurisdictionCodes: await jurisdictionCodesIn(ctx, paths) };
      const fetchPage = (at: string | undefined, n: number) =>
        listImportBatches(ctx, { cursor: at, limit: n, ...(visibleTo ? { visibleTo } : {}) });
      if (format === "csv") return csvOfPages(c, "imports", S.ImportBatch, fetchPage, cursor);
      return c.json(await fetchPage(cursor, limit), 200);
    },
  );
}
