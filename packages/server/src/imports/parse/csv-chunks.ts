/**
 * Streaming CSV records without papaparse's pause/resume (which re-slices the pending input on every pause and
 * waits 3 ms timers, making row-by-row backpressure quadratic). Instead, decoded text chunks are cut at the last
 * line break that lies outside quotes (RFC 4180: a position is inside a quoted field iff an odd number of `"`
 * precede it since the last cut, escaped `""` counting twice), and each complete piece is parsed by papaparse.
 * Records come out exactly as `Papa.parse(wholeText)` would give them, so row numbers match the in-memory parse.
 */
import Papa from "papaparse";

export type Newline = "\r\n" | "\n" | "\r";

/** The line break used by a text sample (`\r\n`, `\n` or `\r`; `\n` when none). */
export function detectNewline(sample: string): Newline {
  const i = sample.search(/[\r\n]/);
  if (i < 0) return "\n";
  if (sample[i] === "\n") return "\n";
  return sample[i + 1] === "\n" ? "\r\n" : "\r";
}

/** Index where the last line break outside quotes starts, or -1. */
export function lastSafeBreak(text: string, newline: Newline): number {
  const last = newline === "\r" ? "\r" : "\n";
  if (text.indexOf('"') < 0) {
    // no quote at all (most lab exports): every line break is outside quotes — the native search, no character loop
    const i = text.lastIndexOf(last);
    return i > 0 && newline === "\r\n" && text[i - 1] === "\r" ? i - 1 : i;
  }
  let quotes = 0;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === last.charCodeAt(0) && (quotes & 1) === 0) cut = newline === "\r\n" && text[i - 1] === "\r" ? i - 1 : i;
  }
  return cut;
}

function parsePiece(piece: string, delimiter: string, newline: Newline): string[][] {
  if (piece === "") return [[""]];
  return Papa.parse<string[]>(piece, { delimiter, newline, header: false, skipEmptyLines: false }).data;
}

/** CSV records from decoded text chunks, one array of records per input chunk. */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter: string, newline: Newline): AsyncGenerator<string[][]> {
  let carry = "";
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const cut = lastSafeBreak(text, newline);
    if (cut < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(cut + newline.length);
    yield parsePiece(text.slice(0, cut), delimiter, newline);
  }
  if (carry !== "") yield parsePiece(carry, delimiter, newline);
}
