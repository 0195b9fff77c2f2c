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

/** `GET /api/v1/admin/staff` (system administrator) and `/admin/roles` (security administrator). */
export const StaffSummary = z.object({
  username: z.string(),
  roles: z.array(z.string()),
  jurisdictionCode: z.string().nullable(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type StaffSummary = z.infer<typeof StaffSummary>;

/** `POST /api/v1/admin/staff` — a new account (no roles: the security administrator assigns them). */
export const StaffCreateRequest = z.object({ username: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/) });
/** A one-time password to hand over out of band (create, reset). */
export const OneTimeCredential = z.object({ username: z.string(), password: z.string() });
export type OneTimeCredential = z.infer<typeof OneTimeCredential>;

/** `PUT /api/v1/admin/staff/{username}/roles` — roles (三权分立: an administrator role alone) and jurisdiction. */
export const RoleAssignmentRequest = z.object({
  roles: z.array(z.string()).max(10),
  jurisdictionCode: z.string().nullable(),
});

/** A cross-jurisdiction grant (SEC-05). */
export const GrantSummary = z.object({
  id: z.string(),
  username: z.string(),
  jurisdictionCode: z.string(),
  actions: z.array(z.string()),
  reason: z.string(),
  grantedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  active: z.boolean(),
});
export type GrantSummary = z.infer<typeof GrantSummary>;
export const GrantCreateRequest = z.object({
  username: z.string(),
  jurisdictionCode: z.string(),
  actions: z.array(z.string()).min(1),
  reason: z.string().min(1),
  expiresAt: z.string().datetime({ offset: true }),
});

/** One audit event as stored (hash-chained). */
export const AuditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  roles: z.array(z.string()),
  jurisdiction: z.string().nullable(),
  purpose: z.string().nullable(),
  action: z.string(),
  object: z.string().nullable(),
  outcome: z.string(),
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEventRecord = z.infer<typeof AuditEventSchema>;
export const AuditPage = z.object({ items: z.array(AuditEventSchema), nextBeforeSeq: z.number().int().nullable() });
export const AuditQuery = z.object({
  actor: z.string().optional(),
  action: z.string().optional(),
  outcome: z.enum(["success", "failure", "denied"]).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
