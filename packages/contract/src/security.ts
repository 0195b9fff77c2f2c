/** Shapes of the security CLI outputs (`tracewater audit verify --json`, `tracewater keys rotate --json`). */
import { z } from "zod";

/** `tracewater audit verify --json`: the chain is intact, or the first broken link. */
export const AuditVerifyResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), count: z.number().int(), headSeq: z.number().int(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    count: z.number().int(),
    /** 0-based position of the first broken event in seq order */
    index: z.number().int(),
    seq: z.number().int(),
    reason: z.enum(["hash-mismatch", "prev-hash-mismatch", "seq-gap", "anchor-mismatch"]),
    message: z.string(),
  }),
]);
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

/** `tracewater keys rotate --json`. */
export const KeyRotationResult = z.object({
  previousKeyId: z.string(),
  activeKeyId: z.string(),
  /** key file path, or `TRACEWATER_KEYS` */
  keySource: z.string(),
  columns: z.array(
    z.object({
      table: z.string(),
      column: z.string(),
      reencrypted: z.number().int(),
      remainingOldKey: z.number().int(),
    }),
  ),
});
export type KeyRotationResult = z.infer<typeof KeyRotationResult>;
