/**
 * Ids of the rows an import inserts (measurements, samples): one `uuidv7()` per import and table, its 48-bit
 * timestamp, version, rand_a and variant kept, plus a sequence number added to the low 48 bits — the monotonic
 * counter scheme of RFC 9562 §6.2 (method 2): unique within the import and time-ordered across imports, without
 * drawing 1 million random ids. The same formula exists in SQL ({@link IdSequence.sql}) for set-based inserts.
 */
import { uuidv7 } from "uuidv7";

/** `0000`…`ffff` */
const LOW_HEX: string[] = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0"));

export class IdSequence {
  /** first 20 hex digits of the seed uuid (no dashes) */
  readonly head: string;
  /** the same first 10 bytes (for the binary COPY writer) */
  readonly headBytes: Uint8Array;
  /** low 48 bits of the seed, reduced below 2^47 so base + sequence never overflows 12 hex digits */
  readonly base: number;

  constructor(seed: string = uuidv7()) {
    const hex = seed.replaceAll("-", "");
    this.head = hex.slice(0, 20);
    this.headBytes = Uint8Array.from({ length: 10 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
    this.base = Number.parseInt(hex.slice(20, 32), 16) % 2 ** 47;
  }

  private hi = -1;
  private prefix = "";

  /** The id for sequence number `seq` (32 hex digits, accepted as uuid input by PostgreSQL). */
  id(seq: number): string {
    // hot path (one call per imported row): the low 16 bits come from a table, the rest changes every 65 536 ids
    const v = this.base + seq;
    const lo = v % 65536;
    const hi = (v - lo) / 65536;
    if (hi !== this.hi) {
      this.hi = hi;
      this.prefix = this.head + hi.toString(16).padStart(8, "0");
    }
    return this.prefix + (LOW_HEX[lo] as string);
  }

  /** SQL expression of {@link id} for the integer SQL expression `seqExpr`. */
  sql(seqExpr: string): string {
    return `('${this.head}' || lpad(to_hex(${this.base}::bigint + ${seqExpr}), 12, '0'))::uuid`;
  }
}
