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

/**
 * Index where the last line break outside quotes starts, or -1. With `\r\n` line breaks a lone `\n` is not one (it
 * is data, as for papaparse).
 */
export function lastSafeBreak(text: string, newline: Newline): number {
  // no quote at all (most lab exports): every line break is outside quotes — the native search, no character loop
  if (text.indexOf('"') < 0) return text.lastIndexOf(newline);
  const last = (newline === "\r" ? "\r" : "\n").charCodeAt(0);
  let quotes = 0;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === last && (quotes & 1) === 0) {
      if (newline !== "\r\n") cut = i;
      else if (text[i - 1] === "\r") cut = i - 1;
    }
  }
  return cut;
}

/**
 * The records of a piece, by papaparse's core parser (`Papa.Parser`, the engine behind `Papa.parse`; typed in
 * @types/papaparse). Called directly, without `Papa.parse`'s streamer and handle around it, which give the same
 * records for a string without header, typing or empty-line skipping: through `Papa.parse`, parsing the 1M-row file
 * made V8 promote ≈ 500 MB of records to the old generation (≈ 0.75 s of scavenges in 1.3 s); through the core
 * parser ≈ 50 MB (0.13 s in 0.52 s) — docs/performance.md, "Import", fifth round.
 */
function parsePiece(piece: string, delimiter: string, newline: Newline): string[][] {
  if (piece === "") return [[""]];
  return (new Papa.Parser({ delimiter, newline }).parse(piece, 0, false) as Papa.ParseResult<string[]>).data;
}

/**
 * Cuts decoded text chunks into CSV records, synchronously: {@link push} returns the records completed by a chunk,
 * {@link end} those of the text after the last line break. The streaming parser calls it inside its own loop over
 * the chunks: through an async generator between the two (as before), the records of a 64 KB piece lived on across
 * the generator's suspensions and V8 promoted ≈ 3 × more of them to the old generation (parsing the 1M-row file:
 * 220–260 MB promoted and 0.3–0.42 s of scavenges, against 71–75 MB and 0.18 s — docs/performance.md, "Import",
 * fifth round).
 */
export class CsvCutter {
  private carry = "";

  constructor(
    private readonly delimiter: string,
    private readonly newline: Newline,
  ) {}

  /** The records that end in `chunk` (none while no line break outside quotes has come). */
  push(chunk: string): string[][] {
    const text = this.carry + chunk;
    const cut = lastSafeBreak(text, this.newline);
    if (cut < 0) {
      this.carry = text;
      return [];
    }
    this.carry = text.slice(cut + this.newline.length);
    return parsePiece(text.slice(0, cut), this.delimiter, this.newline);
  }

  /** The records of the text after the last line break (none when it is empty). */
  end(): string[][] {
    const rest = this.carry;
    this.carry = "";
    return rest === "" ? [] : parsePiece(rest, this.delimiter, this.newline);
  }
}
