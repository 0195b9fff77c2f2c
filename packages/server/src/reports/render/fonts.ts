/**
 * The CJK fonts embedded in the PDF and used for the chart images: Noto Sans CJK SC ("Noto Sans Hans", Regular and
 * Bold; SIL OFL 1.1) shipped by the npm package `@embedpdf/fonts-sc` 1.0.0 (pinned in packages/server/package.json).
 * Nothing is loaded from the internet. Provenance and licence: `packages/server/src/reports/fonts/PROVENANCE.md`.
 */
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** Directory of the font files of `@embedpdf/fonts-sc`. */
export const FONT_DIR = path.join(path.dirname(path.dirname(require.resolve("@embedpdf/fonts-sc"))), "fonts");
export const FONT_REGULAR = path.join(FONT_DIR, "NotoSansHans-Regular.otf");
export const FONT_BOLD = path.join(FONT_DIR, "NotoSansHans-Bold.otf");
/** Family name inside the font files (used by the chart renderer and named in the .docx). */
export const FONT_FAMILY = "Noto Sans S Chinese";
