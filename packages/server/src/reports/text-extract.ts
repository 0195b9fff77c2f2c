/**
 * Test support: the text of a rendered report, to check numbers and determinism. .docx: the `<w:t>` runs of
 * word/document.xml (fflate unzip), one line per paragraph; PDF: pdf.js text content (pdfjs-dist, legacy build for
 * Node), one line per text item. XML entities of the docx are decoded.
 */
import { strFromU8, unzipSync } from "fflate";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };

export function docxText(bytes: Uint8Array): string {
  const xml = strFromU8(unzipSync(bytes)["word/document.xml"] as Uint8Array);
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""))
    .filter((l) => l.length > 0)
    .join("\n")
    .replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e] ?? e);
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => ("str" in it ? it.str : "")).join("\n"));
  }
  await doc.destroy();
  return pages.join("\n");
}

/** Text without any whitespace (PDF line breaks fall anywhere inside a sentence). */
export function compact(text: string): string {
  return text.replace(/\s+/g, "");
}
