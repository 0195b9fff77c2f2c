/**
 * Text-encoding detection for CSV files.
 *
 * Rule (in this order), applied to the first {@link SAMPLE_BYTES} bytes:
 *  1. a byte-order mark: EF BB BF → `utf-8-bom`; FF FE → `utf-16le`; FE FF → `utf-16be`;
 *  2. the sample is well-formed UTF-8 (pure ASCII included) → `utf-8`;
 *  3. otherwise `chardet` ranks candidates; the file is read as `gb18030` (a superset of GBK and GB2312, what
 *     Chinese Excel saves as "CSV") when the sample is well-formed GB18030, whatever chardet ranks first
 *     (chardet is unreliable on short GBK samples: it often ranks ISO-8859-x first);
 *  4. anything else is rejected: {@link detectEncoding} returns `ok: false` with chardet's best guess so the error
 *     message can say what the file looks like. Latin-1/Windows-1252 files are not accepted: re-save as UTF-8.
 * Bytes that are invalid in the chosen encoding further in the file decode to U+FFFD; the table reader reports
 * each row that contains one.
 */
import chardet from "chardet";
import iconv from "iconv-lite";

/** How many leading bytes are inspected (64 KiB). */
export const SAMPLE_BYTES = 64 * 1024;

export type EncodingLabel = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "gb18030";

export type EncodingDetection =
  | { ok: true; label: EncodingLabel; /** iconv-lite codec name */ codec: string; bomBytes: number }
  | { ok: false; guess: string | null; confidence: number | null };

const CODEC: Record<EncodingLabel, string> = {
  "utf-8": "utf-8",
  "utf-8-bom": "utf-8",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  gb18030: "gb18030",
};

/** True when `bytes` is well-formed UTF-8; a multi-byte character cut at the end of a sample is tolerated. */
export function isWellFormedUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

/** True when every byte sequence of `bytes` is a valid GB18030 code (one lead byte cut at the end is tolerated). */
export function isWellFormedGb18030(bytes: Uint8Array, truncated: boolean): boolean {
  let end = bytes.length;
  if (truncated) {
    // drop an incomplete trailing multi-byte sequence (up to 3 bytes) before checking
    let cut = 0;
    while (cut < 3 && end - cut - 1 >= 0 && (bytes[end - cut - 1] ?? 0) >= 0x80) cut++;
    end -= cut;
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, end), "gb18030");
  return !text.includes("\uFFFD");
}

/**
 * Detect the encoding of a CSV file from its first bytes (see the module doc for the rule).
 * @param sample the first ≤64 KiB of the file
 * @param truncated true when the file is longer than `sample`
 */
export function detectEncoding(sample: Uint8Array, truncated: boolean): EncodingDetection {
  const b0 = sample[0];
  const b1 = sample[1];
  const b2 = sample[2];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { ok: true, label: "utf-8-bom", codec: CODEC["utf-8-bom"], bomBytes: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { ok: true, label: "utf-16le", codec: CODEC["utf-16le"], bomBytes: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { ok: true, label: "utf-16be", codec: CODEC["utf-16be"], bomBytes: 2 };
  if (isWellFormedUtf8(sample, truncated)) return { ok: true, label: "utf-8", codec: CODEC["utf-8"], bomBytes: 0 };
  if (isWellFormedGb18030(sample, truncated)) return { ok: true, label: "gb18030", codec: CODEC.gb18030, bomBytes: 0 };
  const ranked = chardet.analyse(sample);
  const best = ranked[0];
  return { ok: false, guess: best?.name ?? null, confidence: best?.confidence ?? null };
}

/** chardet's best guess for a sample (used in messages and reports). */
export function chardetGuess(sample: Uint8Array): string | null {
  return chardet.detect(sample);
}

/** Decode a whole file with the detected codec; the BOM is removed. */
export function decodeText(bytes: Uint8Array, det: Extract<EncodingDetection, { ok: true }>): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return iconv.decode(buf, det.codec, { stripBOM: true });
}
