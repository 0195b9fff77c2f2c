/**
 * One-shot generation (CLI `tracewater report`, and the renderer of stored reports): snapshot → document →
 * .docx or PDF bytes.
 */
import type { ReportAudience, ReportDocument, ReportFormat } from "@tracewater/contract";
import type { AppContext } from "../services/context.js";
import { buildDocument } from "./document.js";
import { renderDocx } from "./render/docx.js";
import { renderPdf } from "./render/pdf.js";
import { collectSnapshot, type ReportSnapshot, sha256OfJson } from "./snapshot.js";

export interface GeneratedReport {
  snapshot: ReportSnapshot;
  snapshotSha256: string;
  document: ReportDocument;
}

/**
 * Collects the data and builds the document (no file yet).
 * @throws InvalidInputError (period), NotFoundError (jurisdiction)
 */
export async function generateReport(
  ctx: AppContext,
  request: { jurisdiction: string; period: string; audience?: ReportAudience; analystText?: string },
): Promise<GeneratedReport> {
  const snapshot = await collectSnapshot(ctx, {
    jurisdiction: request.jurisdiction,
    period: request.period,
    audience: request.audience ?? "internal",
  });
  return {
    snapshot,
    snapshotSha256: sha256OfJson(snapshot),
    document: buildDocument(snapshot, request.analystText ?? ""),
  };
}

/** The file of a document in `format`. */
export function renderReport(document: ReportDocument, format: ReportFormat): Promise<Buffer> {
  return format === "docx" ? renderDocx(document) : renderPdf(document);
}

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};
