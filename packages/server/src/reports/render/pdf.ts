/**
 * The document model → PDF (pdfkit), with the bundled Noto Sans SC embedded as subsets (every glyph the text
 * uses, so the file reads the same everywhere; text stays extractable through the ToUnicode maps). A4, the same
 * section order and text as the .docx. Deterministic: the info dictionary's dates are the report's data date
 * (never the clock), so identical documents give identical bytes.
 */
import type { ReportBlock, ReportDocument } from "@tracewater/contract";
import PDFDocument from "pdfkit";
import { CHART_HEIGHT, CHART_WIDTH, chartPng } from "./charts.js";
import { AUDIENCE_ZH, fixedTimestamp } from "./docx.js";
import { FONT_BOLD, FONT_REGULAR } from "./fonts.js";

const MM = 72 / 25.4;
const MARGINS = { top: 30 * MM, bottom: 25 * MM, left: 25 * MM, right: 25 * MM };
const BODY = 11;
const SMALL = 9;

const PAD = 3;

/**
 * Draws a table with wrapped cells: column widths proportional to their widest text (fitted to `width`), header
 * row repeated after a page break. (pdfkit's own `table()` measures every cell repeatedly: ~40 s for 60 rows.)
 */
function drawTable(
  pdf: PDFKit.PDFDocument,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
): void {
  pdf.fontSize(SMALL);
  // text widths measured once per cell (text layout of CJK strings is the slow part)
  pdf.font("bold");
  const headerWidths = columns.map((c) => pdf.widthOfString(c));
  pdf.font("regular");
  const cellWidths = rows.map((r) => r.map((c) => pdf.widthOfString(c)));
  const lineHeight = pdf.currentLineHeight(true);
  // a column is as wide as its widest body cell, and its header wraps at no less than 4 characters
  const natural = columns.map((_, i) => {
    let w = Math.min(headerWidths[i] as number, 4 * SMALL);
    for (const r of cellWidths) w = Math.max(w, r[i] ?? 0);
    return Math.min(w, width * 0.4) + 2 * PAD + 1;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((w) => (w * width) / total);
  /** row height: one line when every cell fits, else the wrapped height of the tallest cell */
  const heightOf = (cells: readonly string[], measured: readonly number[], font: "regular" | "bold") => {
    pdf.font(font);
    let h = lineHeight;
    cells.forEach((c, i) => {
      const inner = (widths[i] as number) - 2 * PAD;
      if ((measured[i] ?? 0) > inner) h = Math.max(h, pdf.heightOfString(c, { width: inner }));
    });
    return h + 2 * PAD;
  };
  const headerHeight = heightOf(columns, headerWidths, "bold");
  const rowHeights = rows.map((r, i) => heightOf(r, cellWidths[i] ?? [], "regular"));
  const bottom = pdf.page.height - MARGINS.bottom;
  const drawRow = (cells: readonly string[], h: number, header: boolean) => {
    const font = header ? "bold" : "regular";
    let x = MARGINS.left;
    const y = pdf.y;
    pdf.font(font).fontSize(SMALL);
    cells.forEach((c, i) => {
      const w = widths[i] as number;
      if (header) pdf.rect(x, y, w, h).fill("#e8e8e8");
      pdf.lineWidth(0.5).strokeColor("#666666").rect(x, y, w, h).stroke();
      pdf.fillColor("#000000").text(c, x + PAD, y + PAD, { width: w - 2 * PAD, align: "center" });
      x += w;
    });
    pdf.x = MARGINS.left;
    pdf.y = y + h;
  };
  if (pdf.y + headerHeight + (rowHeights[0] ?? 0) > bottom) pdf.addPage();
  drawRow(columns, headerHeight, true);
  rows.forEach((r, i) => {
    const h = rowHeights[i] as number;
    if (pdf.y + h > bottom) {
      pdf.addPage();
      drawRow(columns, headerHeight, true);
    }
    drawRow(r, h, false);
  });
}

function writeBlock(pdf: PDFKit.PDFDocument, block: ReportBlock, width: number): void {
  switch (block.type) {
    case "heading":
      pdf.moveDown(0.3).font("bold").fontSize(BODY).text(block.text, { width });
      pdf.moveDown(0.2);
      return;
    case "paragraph":
      pdf
        .font("regular")
        .fontSize(BODY)
        .text(block.text, { width, align: "justify", indent: 2 * BODY, lineGap: 3 });
      pdf.moveDown(0.4);
      return;
    case "note":
      pdf.font("regular").fontSize(SMALL).fillColor("#444444").text(block.text, { width, lineGap: 2 });
      pdf.fillColor("#000000").moveDown(0.4);
      return;
    case "table": {
      pdf
        .font("bold")
        .fontSize(SMALL + 1)
        .text(block.caption, { width, align: "center" });
      pdf.moveDown(0.2);
      drawTable(pdf, block.columns, block.rows, width);
      pdf.x = MARGINS.left;
      if (block.note) {
        pdf.moveDown(0.2);
        pdf.font("regular").fontSize(SMALL).fillColor("#444444").text(block.note, { width, lineGap: 2 });
        pdf.fillColor("#000000");
      }
      pdf.moveDown(0.6);
      return;
    }
    case "chart": {
      const w = Math.min(width, CHART_WIDTH * 0.72);
      const h = (w * CHART_HEIGHT) / CHART_WIDTH;
      if (pdf.y + h + 30 > pdf.page.height - MARGINS.bottom) pdf.addPage();
      const x = MARGINS.left + (width - w) / 2;
      pdf.image(chartPng(block.chart), x, pdf.y, { width: w, height: h });
      pdf.y += h + 4;
      pdf.x = MARGINS.left;
      pdf
        .font("bold")
        .fontSize(SMALL + 1)
        .text(block.caption, MARGINS.left, pdf.y, { width, align: "center" });
      pdf.moveDown(0.6);
      return;
    }
  }
}

/** Renders the document as PDF bytes. */
export function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const at = fixedTimestamp(doc);
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGINS,
    bufferPages: true,
    lang: "zh-CN",
    displayTitle: true,
    info: {
      Title: doc.title,
      Subject: `${doc.jurisdiction.code} ${doc.period.code}`,
      Author: "Tracewater",
      Creator: "Tracewater",
      Producer: "Tracewater (pdfkit)",
      Keywords: doc.templateVersion,
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  pdf.registerFont("regular", FONT_REGULAR);
  pdf.registerFont("bold", FONT_BOLD);
  const width = pdf.page.width - MARGINS.left - MARGINS.right;

  pdf.font("bold").fontSize(20).text(doc.title, { width, align: "center" });
  pdf.moveDown(0.3);
  pdf
    .font("regular")
    .fontSize(BODY + 1)
    .text(doc.subtitle, { width, align: "center" });
  pdf.moveDown(0.2);
  pdf
    .fontSize(SMALL)
    .fillColor("#444444")
    .text(
      `${AUDIENCE_ZH[doc.audience]}　数据截至：${doc.dataAsOf ?? "—"}　参数集：${doc.parameterSetVersion}　模板：${doc.templateVersion}`,
      { width, align: "center" },
    );
  pdf.fillColor("#000000").moveDown(1);
  for (const section of doc.sections) {
    if (pdf.y > pdf.page.height - MARGINS.bottom - 60) pdf.addPage();
    pdf
      .font("bold")
      .fontSize(BODY + 2)
      .text(section.title, MARGINS.left, pdf.y, { width });
    pdf.moveDown(0.4);
    for (const block of section.blocks) writeBlock(pdf, block, width);
    pdf.moveDown(0.4);
  }
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font("regular")
      .fontSize(SMALL)
      .text(`— ${i + 1} / ${range.count} —`, MARGINS.left, pdf.page.height - bottom / 2, {
        width,
        align: "center",
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
