/** Password hashing with argon2id (@node-rs/argon2; its default algorithm is Argon2id, RFC 9106). */

import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** argon2id PHC string. Parameters: the library defaults (m = 19 MiB, t = 2, p = 1 — OWASP minimum for argon2id). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(phc: string, password: string): Promise<boolean> {
  return verify(phc, password).catch(() => false);
}

/** A random password of 24 base64url characters (18 random bytes = 144 bits). */
export function randomPassword(): string {
  return randomBytes(18).toString("base64url");
}

/** A session id: 32 random bytes, base64url (43 characters). */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}
