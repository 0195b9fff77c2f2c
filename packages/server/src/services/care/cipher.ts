/**
 * Field encryption of care data: the encrypted columns of the care tables (registered with key rotation in
 * `services/security/key-rotation.ts`), helpers to encrypt/decrypt a column value with the context's field
 * cipher (AES-256-GCM envelope, AAD `<table>.<column>`; `security/field-crypto.ts`), and the HMAC blind index of
 * an ID number (exact look-up without decrypting rows).
 */
import { blindIndex } from "../../security/field-crypto.js";
import type { AppContext } from "../context.js";
import { fieldCrypto } from "../security/field-cipher.js";

/** Every field-encrypted column of the care tables, with its primary key (for `tracewater keys rotate`). */
export const CARE_ENCRYPTED_COLUMNS = [
  { table: "care_person", column: "id_number_enc", key: "id" },
  { table: "care_person", column: "name_enc", key: "id" },
  { table: "care_person", column: "phone_enc", key: "id" },
  { table: "care_person", column: "address_enc", key: "id" },
  { table: "care_person", column: "location_enc", key: "id" },
  { table: "care_person", column: "notes_enc", key: "id" },
  { table: "care_agreement", column: "content_enc", key: "id" },
  { table: "care_work_group_member", column: "name_enc", key: "id" },
  { table: "care_case_entry", column: "summary_enc", key: "id" },
  { table: "care_leave_report", column: "destination_enc", key: "id" },
  { table: "care_violation", column: "note_enc", key: "id" },
] as const;

type CareColumn = (typeof CARE_ENCRYPTED_COLUMNS)[number];
export type CareTable = CareColumn["table"];
export type EncryptedColumnOf<T extends CareTable> = Extract<CareColumn, { table: T }>["column"];

/** Encrypts `value` for `table.column`; null/undefined/empty stays null. */
export function seal<T extends CareTable>(
  ctx: AppContext,
  table: T,
  column: EncryptedColumnOf<T>,
  value: string | null | undefined,
): string | null {
  if (value == null || value === "") return null;
  return fieldCrypto(ctx).cipher.encrypt(value, { table, column });
}

/** Decrypts an envelope of `table.column`; null stays null. @throws FieldCryptoError on a bad envelope or key */
export function unseal<T extends CareTable>(
  ctx: AppContext,
  table: T,
  column: EncryptedColumnOf<T>,
  envelope: string | null | undefined,
): string | null {
  if (envelope == null) return null;
  return fieldCrypto(ctx).cipher.decrypt(envelope, { table, column });
}

/** The blind index of an ID number (HMAC-SHA-256 of the normalised value under the ring's blind-index key). */
export function idNumberIndex(ctx: AppContext, idNumber: string): string {
  return blindIndex(fieldCrypto(ctx).ring, idNumber, "id_number");
}
