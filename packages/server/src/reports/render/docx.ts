/**
 * The document model → Word .docx (`docx` 9). Layout after GB/T 9704-2012 (党政机关公文格式): A4, margins
 * 37/35/28/26 mm, title in 黑体 22 pt, body 仿宋 16 pt (三号) with a two-character first-line indent, page numbers
 * at the foot. Word files name their fonts and do not embed them (the reader's 仿宋/黑体 are used; the PDF embeds
 * the bundled Noto Sans SC).
 *
 * Deterministic: the `docx` package stamps `dcterms:created/modified` with the clock, so the package is re-zipped
 * (fflate) with those two set to the report's data date, every zip entry dated the same, and the drawing ids
 * (a process-wide counter in `docx`) numbered per document.
 */
import type { ReportAudience, ReportBlock, ReportDocument } from "@tracewater/contract";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from "fflate";
import { CHART_HEIGHT, CHART_WIDTH, chartPng } from "./charts.js";

const BODY_FONT = { ascii: "FangSong", eastAsia: "仿宋", hAnsi: "FangSong" };
const HEAD_FONT = { ascii: "SimHei", eastAsia: "黑体", hAnsi: "SimHei" };
/** half-points */
const BODY_SIZE = 32;
const TABLE_SIZE = 21;
const NOTE_SIZE = 24;

export const AUDIENCE_ZH: Readonly<Record<ReportAudience, string>> = {
  "person-access": "限有人员数据权限者阅",
  internal: "内部资料（小数已抑制）",
  public: "公开（小数已抑制，k = 10）",
};

/** The fixed timestamp written as the file's creation/modification time: the end of the data date (UTC). */
export function fixedTimestamp(doc: ReportDocument): Date {
  return new Date(`${doc.dataAsOf ?? doc.period.to}T00:00:00Z`);
}

function para(
  text: string,
  opts: {
    size?: number;
    bold?: boolean;
    font?: typeof BODY_FONT;
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    indent?: boolean;
    color?: string;
  } = {},
): Paragraph {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: 80, line: 360 },
    indent: opts.indent ? { firstLine: 2 * (opts.size ?? BODY_SIZE) * 10 } : undefined,
    children: [
      new TextRun({
        text,
        size: opts.size ?? BODY_SIZE,
        bold: opts.bold,
        font: opts.font ?? BODY_FONT,
        color: opts.color,
      }),
    ],
  });
}

/** Text width of the A4 page between the margins (28 + 26 mm), in twips (1/1440 in). */
const TEXT_WIDTH_TWIPS = Math.round(((210 - 28 - 26) / 25.4) * 1440);

/** Display width of a string in half-width units (CJK and full-width forms count 2). */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

/** Twips per half-width character of the 10.5 pt table text, with some room. */
const TWIPS_PER_UNIT = 115;

/**
 * Column widths (twips): each column gets the width of its widest body cell (headers wrap at 8 half-width units);
 * if that is too wide for the page, only the widest columns are narrowed (water-filling: every column is capped at
 * the same limit, chosen so the sum fits), so short numeric columns never wrap.
 */
function columnWidths(block: Extract<ReportBlock, { type: "table" }>): number[] {
  const need = block.columns.map((c, i) => {
    let w = Math.min(displayWidth(c), 8);
    for (const r of block.rows) w = Math.max(w, displayWidth(r[i] ?? ""));
    return (Math.max(w, 4) + 2) * TWIPS_PER_UNIT;
  });
  const total = need.reduce((a, b) => a + b, 0);
  if (total <= TEXT_WIDTH_TWIPS) return need.map((w) => Math.floor((w * TEXT_WIDTH_TWIPS) / total));
  let lo = 0;
  let hi = Math.max(...need);
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (need.reduce((a, w) => a + Math.min(w, mid), 0) > TEXT_WIDTH_TWIPS) hi = mid;
    else lo = mid;
  }
  return need.map((w) => Math.floor(Math.min(w, lo)));
}

function table(block: Extract<ReportBlock, { type: "table" }>): (Paragraph | Table)[] {
  const widths = columnWidths(block);
  const border = { style: BorderStyle.SINGLE, size: 4, color: "666666" };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, header: boolean, i: number) =>
    new TableCell({
      borders,
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "E8E8E8" } : undefined,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text, size: TABLE_SIZE, bold: header, font: header ? HEAD_FONT : BODY_FONT })],
        }),
      ],
    });
  const out: (Paragraph | Table)[] = [
    para(block.caption, { size: 24, bold: true, font: HEAD_FONT, align: AlignmentType.CENTER }),
  ];
  out.push(
    new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: block.columns.map((c, i) => cell(c, true, i)) }),
        ...block.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, false, i)) })),
      ],
    }),
  );
  if (block.note) out.push(para(block.note, { size: NOTE_SIZE, color: "444444" }));
  return out;
}

function blockContent(block: ReportBlock): (Paragraph | Table)[] {
  switch (block.type) {
    case "heading":
      return [para(block.text, { font: HEAD_FONT, bold: false })];
    case "paragraph":
      return [para(block.text, { indent: true })];
    case "note":
      return [para(block.text, { size: NOTE_SIZE, color: "444444" })];
    case "table":
      return table(block);
    case "chart":
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              type: "png",
              data: chartPng(block.chart),
              transformation: { width: CHART_WIDTH * 0.9, height: CHART_HEIGHT * 0.9 },
              altText: { name: block.caption, description: block.chart.title, title: block.caption },
            }),
          ],
        }),
        para(block.caption, { size: 24, bold: true, font: HEAD_FONT, align: AlignmentType.CENTER }),
      ];
  }
}

/** Renders the document as .docx bytes. */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: doc.title, size: 44, font: HEAD_FONT })],
    }),
    para(doc.subtitle, { align: AlignmentType.CENTER }),
    para(
      `${AUDIENCE_ZH[doc.audience]}　数据截至：${doc.dataAsOf ?? "—"}　参数集：${doc.parameterSetVersion}　模板：${doc.templateVersion}`,
      { size: NOTE_SIZE, align: AlignmentType.CENTER, color: "444444" },
    ),
  ];
  for (const section of doc.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        spacing: { before: 240, after: 120 },
        children: [new TextRun({ text: section.title, size: BODY_SIZE, font: HEAD_FONT, color: "000000" })],
      }),
    );
    for (const block of section.blocks) children.push(...blockContent(block));
  }
  const document = new Document({
    creator: "Tracewater",
    lastModifiedBy: "Tracewater",
    title: doc.title,
    description: `${doc.jurisdiction.code} ${doc.period.code} ${doc.templateVersion}`,
    revision: 1,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: "37mm", bottom: "35mm", left: "28mm", right: "26mm" },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], size: 28, font: BODY_FONT })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return fixDocxMetadata(await Packer.toBuffer(document), fixedTimestamp(doc));
}

/** Re-zips a .docx with `dcterms:created/modified` = `at` and every entry dated `at`. */
export function fixDocxMetadata(bytes: Uint8Array, at: Date): Buffer {
  const files = unzipSync(bytes);
  const iso = `${at.toISOString().slice(0, 19)}Z`;
  const core = files["docProps/core.xml"];
  if (core)
    files["docProps/core.xml"] = strToU8(
      strFromU8(core).replace(
        /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
        (_m, open: string, _n: string, close: string) => `${open}${iso}${close}`,
      ),
    );
  // drawing ids come from a process-wide counter in `docx`: number them per document
  const body = files["word/document.xml"];
  if (body) {
    let n = 0;
    files["word/document.xml"] = strToU8(strFromU8(body).replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++n}"`));
  }
  const zippable: Zippable = {};
  for (const name of Object.keys(files).sort()) zippable[name] = [files[name] as Uint8Array, { mtime: at, level: 6 }];
  return Buffer.from(zipSync(zippable));
}
