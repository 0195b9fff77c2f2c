/**
 * Tables of the identity, access and audit model (issue #3; docs/domain.md SEC-01…SEC-09, §8).
 * Re-exported from `schema.ts` so drizzle-kit sees them. Staff accounts stay in `app_user` (roles jsonb);
 * the security profile of each account is in `staff_profile`.
 */
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { appUser } from "./schema.js";

/** Jurisdiction tree (GB/T 2260 codes for city/county; local codes for township/community/grid). */
export const jurisdiction = pgTable(
  "jurisdiction",
  {
    code: text("code").primaryKey(),
    nameZh: text("name_zh").notNull(),
    /** 'city' | 'county' | 'township' | 'community' | 'grid' */
    level: text("level").notNull(),
    parentCode: text("parent_code"),
    /** codes from the root, joined by '/': `140400/140403/140403001` */
    path: text("path").notNull(),
    /** where the row came from (file name) */
    source: text("source").notNull(),
  },
  (t) => [uniqueIndex("jurisdiction_path_uq").on(t.path), index("jurisdiction_parent_idx").on(t.parentCode)],
);

/** Security profile of a staff account: jurisdiction, TOTP, lockout history, display name. */
export const staffProfile = pgTable("staff_profile", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => appUser.id),
  jurisdictionCode: text("jurisdiction_code"),
  /** TOTP secret, field-encrypted (AAD staff_profile.totp_secret) */
  totpSecret: text("totp_secret"),
  totpEnabled: boolean("totp_enabled").notNull().default(false),
  /** last accepted TOTP time step (replay guard) */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  /** consecutive lockouts, for the exponential back-off; reset on a successful login */
  lockoutCount: integer("lockout_count").notNull().default(0),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
});

/** Previous password hashes (argon2id), newest first by `created_at`; the last 5 are kept. */
export const passwordHistory = pgTable(
  "password_history",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("password_history_user_idx").on(t.userId, t.createdAt)],
);

/** Explicit cross-jurisdiction grant with an expiry (SEC-05). */
export const accessGrant = pgTable(
  "access_grant",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    /** Action[] */
    actions: jsonb("actions").notNull(),
    reason: text("reason").notNull(),
    grantedBy: text("granted_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by"),
  },
  (t) => [index("access_grant_user_idx").on(t.userId)],
);

/** Case assignment of field staff (the case table comes with the care module; ids are kept as text). */
export const caseAssignment = pgTable(
  "case_assignment",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    caseId: text("case_id").notNull(),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.caseId] })],
);

/**
 * Append-only, hash-chained audit log (security/audit-chain.ts). A trigger (migration `audit_append_only`)
 * raises on UPDATE, DELETE and TRUNCATE.
 */
export const auditEvent = pgTable(
  "audit_event",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: text("at").notNull(),
    actor: text("actor"),
    roles: jsonb("roles").notNull(),
    jurisdiction: text("jurisdiction"),
    purpose: text("purpose"),
    action: text("action").notNull(),
    object: text("object"),
    outcome: text("outcome").notNull(),
    clientAddress: text("client_address"),
    details: jsonb("details").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_event_actor_idx").on(t.actor, t.seq), index("audit_event_action_idx").on(t.action, t.seq)],
);

/**
 * Approval records of person-level bulk exports (SEC-18; docs/domain.md §8 "bulk export without approval" is
 * forbidden): requested with a purpose and a jurisdiction, approved by ANOTHER person holding `export.bulk` over
 * that jurisdiction (four eyes), valid until `expires_at`. `decide()` gets `exportApproved` only from a live record.
 */
export const exportApproval = pgTable(
  "export_approval",
  {
    id: uuid("id").primaryKey(),
    requestedBy: text("requested_by").notNull(),
    purpose: text("purpose").notNull(),
    reason: text("reason").notNull(),
    jurisdictionCode: text("jurisdiction_code").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    /** 'requested' | 'approved' | 'rejected' */
    status: text("status").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("export_approval_requester_idx").on(t.requestedBy, t.requestedAt)],
);
