/**
 * Writer of PostgreSQL's binary COPY format, for the PGlite fast path of large imports (`write-measurements.ts`).
 *
 * Format (PostgreSQL 17 documentation, SQL command COPY, "Binary Format"; all integers in network byte order):
 * header = 11-byte signature `PGCOPY\n\377\r\n\0`, int32 flags (0), int32 header-extension length (0); each tuple =
 * int16 field count, then per field int32 byte length (−1 = NULL) and the bytes in the type's binary send format;
 * trailer = int16 −1. Send formats used (PostgreSQL `*_send` functions): uuid 16 bytes; date int32 days since
 * 2000-01-01; float8 IEEE-754 binary64; text the UTF-8 bytes (server encoding UTF8); timestamptz int64 microseconds
 * since 2000-01-01 00:00 UTC.
 *
 * Why: PGlite spends most of a CSV COPY turning text into uuids, dates, timestamps and doubles; the same 1M rows of
 * `measurement` load ≈ 3× faster from the binary format (docs/performance.md), and building bytes in one reused
 * buffer makes no per-row strings.
 */
import type { IdSequence } from "./ids.js";

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/** Bytes of the header: signature (11), flags (4), header-extension length (4). */
export const COPY_HEADER_BYTES = 19;
/** 2000-01-01 (PostgreSQL's date/timestamp epoch) in days since 1970-01-01. */
export const PG_EPOCH_UNIX_DAYS = 10_957;
/** 2000-01-01T00:00:00Z in ms since 1970-01-01. */
const PG_EPOCH_UNIX_MS = PG_EPOCH_UNIX_DAYS * 86_400_000;

/** The 16 bytes of a uuid written as 32 hex digits, with or without dashes. */
export function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll("-", "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a uuid: ${uuid}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export class BinaryCopyWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private readonly textCache = new Map<string, Uint8Array>();
  private readonly encoder = new TextEncoder();
  private lastTimestampMs = Number.NaN;
  private lastTimestampUs = 0n;

  constructor(initialBytes = 4 * 1024 * 1024) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Bytes written since {@link begin} (header included: {@link COPY_HEADER_BYTES} means no tuple yet). */
  get byteLength(): number {
    return this.pos;
  }

  /** Starts a new COPY input (header). */
  begin(): void {
    this.pos = 0;
    this.ensure(COPY_HEADER_BYTES);
    this.buf.set(SIGNATURE, 0);
    this.view.setInt32(11, 0);
    this.view.setInt32(15, 0);
    this.pos = COPY_HEADER_BYTES;
  }

  /** Starts a tuple of `fields` fields. */
  tuple(fields: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, fields);
    this.pos += 2;
  }

  null(): void {
    this.ensure(4);
    this.view.setInt32(this.pos, -1);
    this.pos += 4;
  }

  /** A uuid given as its 16 bytes. */
  uuid(bytes: Uint8Array): void {
    this.ensure(20);
    this.view.setInt32(this.pos, 16);
    this.buf.set(bytes, this.pos + 4);
    this.pos += 20;
  }

  /** The uuid `ids.id(seq)` (see `ids.ts`) without building its text. */
  uuidOfSequence(ids: IdSequence, seq: number): void {
    this.ensure(20);
    this.view.setInt32(this.pos, 16);
    this.buf.set(ids.headBytes, this.pos + 4);
    const v = ids.base + seq; // < 2^48
    const lo = v % 4_294_967_296;
    this.view.setUint16(this.pos + 14, (v - lo) / 4_294_967_296);
    this.view.setUint32(this.pos + 16, lo);
    this.pos += 20;
  }

  /** A date given as days since 1970-01-01. */
  date(unixDay: number): void {
    this.ensure(8);
    this.view.setInt32(this.pos, 4);
    this.view.setInt32(this.pos + 4, unixDay - PG_EPOCH_UNIX_DAYS);
    this.pos += 8;
  }

  float8(v: number | null): void {
    if (v === null) return this.null();
    this.ensure(12);
    this.view.setInt32(this.pos, 8);
    this.view.setFloat64(this.pos + 4, v);
    this.pos += 12;
  }

  /** A timestamptz given as ms since 1970-01-01 (whole ms). */
  timestamptz(unixMs: number): void {
    this.ensure(12);
    this.view.setInt32(this.pos, 8);
    if (unixMs !== this.lastTimestampMs) {
      // an import writes one timestamp on every row: the BigInt arithmetic once
      this.lastTimestampMs = unixMs;
      this.lastTimestampUs = BigInt(unixMs - PG_EPOCH_UNIX_MS) * 1000n;
    }
    this.view.setBigInt64(this.pos + 4, this.lastTimestampUs);
    this.pos += 12;
  }

  /** Text; ASCII is copied code unit by code unit, anything else goes through the UTF-8 encoder. */
  text(s: string | null): void {
    if (s === null) return this.null();
    const n = s.length;
    this.ensure(4 + 3 * n);
    let p = this.pos + 4;
    const buf = this.buf;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        const { written } = this.encoder.encodeInto(s, buf.subarray(this.pos + 4));
        p = this.pos + 4 + written;
        break;
      }
      buf[p++] = c;
    }
    this.view.setInt32(this.pos, p - this.pos - 4);
    this.pos = p;
  }

  /** per slot of {@link cachedText}: the last text and its bytes */
  private readonly slotText: (string | undefined)[] = [];
  private readonly slotBytes: Uint8Array[] = [];

  /**
   * Text from a small set of values (codes, units): encoded once. `slot` names the column: a column that repeats its
   * previous row's value (the same string) skips the cache lookup.
   */
  cachedText(s: string, slot = 0): void {
    let bytes: Uint8Array | undefined;
    if (this.slotText[slot] === s) bytes = this.slotBytes[slot] as Uint8Array;
    else {
      bytes = this.textCache.get(s);
      if (!bytes) {
        bytes = this.encoder.encode(s);
        if (this.textCache.size < 1000) this.textCache.set(s, bytes);
      }
      this.slotText[slot] = s;
      this.slotBytes[slot] = bytes;
    }
    this.ensure(4 + bytes.length);
    this.view.setInt32(this.pos, bytes.length);
    this.buf.set(bytes, this.pos + 4);
    this.pos += 4 + bytes.length;
  }

  /** Ends the input (trailer) and returns its bytes (a view of the internal buffer, valid until the next `begin`). */
  end(): Uint8Array {
    this.ensure(2);
    this.view.setInt16(this.pos, -1);
    this.pos += 2;
    return this.buf.subarray(0, this.pos);
  }
}
