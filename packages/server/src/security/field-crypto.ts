/**
 * Field-level encryption of personal data (docs/domain.md SEC-01; PIPL §51; GB/T 22239 数据保密性).
 *
 * - {@link FieldCipher}: the one interface every service uses, so an SM4-GCM implementation (国密) can replace
 *   {@link AesGcmFieldCipher} without touching callers.
 * - Envelope: `v1:<keyId>:<iv b64>:<tag b64>:<ct b64>` (standard base64). The key id sits beside the ciphertext,
 *   so old ciphertexts stay readable after a rotation as long as their key stays in the ring.
 * - AAD = `<table>.<column>`: a ciphertext copied into another column (or table) fails authentication.
 * - Keys come from a key file (`TRACEWATER_KEY_FILE`, else `<dataDir>/keys.json`, created with mode 0600 on
 *   first start) or the environment variable `TRACEWATER_KEYS` (the same JSON) — never from the database.
 * - {@link blindIndex}: HMAC-SHA-256 over a normalised identifier with a separate key, for exact look-up by ID
 *   number without decrypting every row.
 *
 * Algorithms: AES-256-GCM (NIST SP 800-38D) with a 96-bit random IV and a 128-bit tag; HMAC-SHA-256 (RFC 2104).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where a value lives; bound into the ciphertext as AAD. */
export interface FieldLocation {
  table: string;
  column: string;
}

/** A field cipher: authenticated encryption of short strings into a self-describing envelope. */
export interface FieldCipher {
  /** Algorithm name, e.g. `AES-256-GCM` (an SM4 implementation would say `SM4-GCM`). */
  readonly algorithm: string;
  /** The key id new ciphertexts are written with. */
  readonly activeKeyId: string;
  /** Encrypts `plaintext` for `where` with the active key. */
  encrypt(plaintext: string, where: FieldLocation): string;
  /** Decrypts an envelope. @throws FieldCryptoError on a malformed envelope, an unknown key or a failed tag. */
  decrypt(envelope: string, where: FieldLocation): string;
  /** The key id of an envelope. @throws FieldCryptoError when malformed */
  keyIdOf(envelope: string): string;
  /** True when the envelope was not written with the active key (a rotation must re-encrypt it). */
  needsReencryption(envelope: string): boolean;
}

/** A malformed envelope, an unknown key id, a failed authentication tag or a bad key file. */
export class FieldCryptoError extends Error {
  override name = "FieldCryptoError";
}

/** Keys in memory: data keys by id (32 bytes each), the active id, and the separate blind-index key. */
export interface KeyRing {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  /** 32-byte HMAC key for {@link blindIndex}; never used for encryption. */
  blindIndexKey: Buffer;
}

/** The key-file JSON: `{activeKeyId, keys: {id: base64 of 32 bytes}, blindIndexKey: base64 of 32 bytes}`. */
export interface KeyFileJson {
  activeKeyId: string;
  keys: Record<string, string>;
  blindIndexKey: string;
}

const ENVELOPE_VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function aad(where: FieldLocation): Buffer {
  return Buffer.from(`${where.table}.${where.column}`, "utf8");
}

/** AES-256-GCM implementation of {@link FieldCipher} over a {@link KeyRing}. */
export class AesGcmFieldCipher implements FieldCipher {
  readonly algorithm = "AES-256-GCM";
  constructor(private readonly ring: KeyRing) {
    if (!ring.keys.has(ring.activeKeyId))
      throw new FieldCryptoError(`active key "${ring.activeKeyId}" is not in the key ring`);
  }
  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }
  encrypt(plaintext: string, where: FieldLocation): string {
    const key = this.ring.keys.get(this.ring.activeKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(where));
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      ENVELOPE_VERSION,
      this.ring.activeKeyId,
      iv.toString("base64"),
      tag.toString("base64"),
      ct.toString("base64"),
    ].join(":");
  }
  decrypt(envelope: string, where: FieldLocation): string {
    const { keyId, iv, tag, ct } = parseEnvelope(envelope);
    const key = this.ring.keys.get(keyId);
    if (!key) throw new FieldCryptoError(`unknown key id "${keyId}" (not in the key ring; was it removed too early?)`);
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(where));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
    } catch {
      throw new FieldCryptoError(
        `authentication failed for ${where.table}.${where.column} (tampered, moved or wrong key)`,
      );
    }
  }
  keyIdOf(envelope: string): string {
    return parseEnvelope(envelope).keyId;
  }
  needsReencryption(envelope: string): boolean {
    return this.keyIdOf(envelope) !== this.ring.activeKeyId;
  }
}

function parseEnvelope(envelope: string): { keyId: string; iv: Buffer; tag: Buffer; ct: Buffer } {
  const parts = envelope.split(":");
  if (parts.length !== 5 || parts[0] !== ENVELOPE_VERSION)
    throw new FieldCryptoError(
      `not a v1 envelope (expected "v1:<keyId>:<iv>:<tag>:<ct>"): "${envelope.slice(0, 24)}…"`,
    );
  const [, keyId, ivB64, tagB64, ctB64] = parts as [string, string, string, string, string];
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new FieldCryptoError("envelope has a wrong IV or tag length");
  return { keyId, iv, tag, ct: Buffer.from(ctB64, "base64") };
}

/**
 * Normalises an identifier for the blind index: Unicode NFKC (full-width → half-width, e.g. `１４０４` → `1404`,
 * U+3000 → space), trim, upper case (the check character `x` of a GB 11643 ID number → `X`), inner spaces removed.
 */
export function normaliseIdentifier(value: string): string {
  return value.normalize("NFKC").trim().replace(/\s+/g, "").toUpperCase();
}

/**
 * Blind index: hex HMAC-SHA-256 of the normalised identifier under the ring's blind-index key, with a domain
 * prefix (`<purpose>\u0000`) so indexes of different identifier kinds never collide. Deterministic by design
 * (exact match only); it reveals equality of values, nothing else.
 */
export function blindIndex(ring: KeyRing, value: string, purpose = "id_number"): string {
  return createHmac("sha256", ring.blindIndexKey)
    .update(`${purpose}\u0000${normaliseIdentifier(value)}`, "utf8")
    .digest("hex");
}

/** Parses and validates key-file JSON. @throws FieldCryptoError naming `origin` and the bad field */
export function parseKeyRing(json: string, origin: string): KeyRing {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new FieldCryptoError(`${origin}: not valid JSON (${(e as Error).message})`);
  }
  const d = data as Partial<KeyFileJson>;
  if (!d || typeof d !== "object" || typeof d.activeKeyId !== "string" || !d.keys || typeof d.keys !== "object")
    throw new FieldCryptoError(
      `${origin}: expected {"activeKeyId": string, "keys": {id: base64}, "blindIndexKey": base64}`,
    );
  const keys = new Map<string, Buffer>();
  for (const [id, b64] of Object.entries(d.keys)) {
    if (!KEY_ID_PATTERN.test(id)) throw new FieldCryptoError(`${origin}: key id "${id}" must match ${KEY_ID_PATTERN}`);
    const key = Buffer.from(String(b64), "base64");
    if (key.length !== KEY_BYTES)
      throw new FieldCryptoError(`${origin}: key "${id}" is ${key.length} bytes, expected ${KEY_BYTES}`);
    keys.set(id, key);
  }
  if (!keys.has(d.activeKeyId))
    throw new FieldCryptoError(`${origin}: activeKeyId "${d.activeKeyId}" is not among the keys`);
  const blindIndexKey = Buffer.from(String(d.blindIndexKey ?? ""), "base64");
  if (blindIndexKey.length !== KEY_BYTES)
    throw new FieldCryptoError(`${origin}: blindIndexKey is ${blindIndexKey.length} bytes, expected ${KEY_BYTES}`);
  return { activeKeyId: d.activeKeyId, keys, blindIndexKey };
}

/** Serialises a ring to key-file JSON. */
export function keyRingToJson(ring: KeyRing): KeyFileJson {
  const keys: Record<string, string> = {};
  for (const [id, key] of ring.keys) keys[id] = key.toString("base64");
  return { activeKeyId: ring.activeKeyId, keys, blindIndexKey: ring.blindIndexKey.toString("base64") };
}

/** A fresh ring with one random data key (id `k<yyyymmdd>-<4 hex>`) and a random blind-index key. */
export function generateKeyRing(now: Date): KeyRing {
  const id = newKeyId(now);
  return { activeKeyId: id, keys: new Map([[id, randomBytes(KEY_BYTES)]]), blindIndexKey: randomBytes(KEY_BYTES) };
}

function newKeyId(now: Date): string {
  return `k${now.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(2).toString("hex")}`;
}

/** A ring with one more random data key, made active; old keys stay so old ciphertexts remain readable. */
export function addActiveKey(ring: KeyRing, now: Date): KeyRing {
  const id = newKeyId(now);
  const keys = new Map(ring.keys);
  keys.set(id, randomBytes(KEY_BYTES));
  return { activeKeyId: id, keys, blindIndexKey: ring.blindIndexKey };
}

/** Where the keys come from: `env` (TRACEWATER_KEYS) or a file path. */
export type KeySource = { kind: "env" } | { kind: "file"; path: string };

/**
 * Loads the key ring: `TRACEWATER_KEYS` (JSON) when set, else the file `TRACEWATER_KEY_FILE`, else
 * `<dataDir>/keys.json`; a missing default file is created (mode 0600) with fresh random keys.
 * @throws FieldCryptoError for malformed keys, or when an explicitly named key file is missing
 */
export function loadKeyRing(opts: { dataDir: string; env?: NodeJS.ProcessEnv; now?: Date }): {
  ring: KeyRing;
  source: KeySource;
  created: boolean;
} {
  const env = opts.env ?? process.env;
  if (env.TRACEWATER_KEYS)
    return { ring: parseKeyRing(env.TRACEWATER_KEYS, "TRACEWATER_KEYS"), source: { kind: "env" }, created: false };
  const explicit = env.TRACEWATER_KEY_FILE;
  const path = explicit ?? join(opts.dataDir, "keys.json");
  if (!existsSync(path)) {
    if (explicit) throw new FieldCryptoError(`TRACEWATER_KEY_FILE=${explicit}: file not found`);
    const ring = generateKeyRing(opts.now ?? new Date());
    writeKeyFile(path, ring);
    return { ring, source: { kind: "file", path }, created: true };
  }
  return { ring: parseKeyRing(readFileSync(path, "utf8"), path), source: { kind: "file", path }, created: false };
}

/** Writes a key file atomically (temp file + rename) with mode 0600. */
export function writeKeyFile(path: string, ring: KeyRing): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(keyRingToJson(ring), null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
