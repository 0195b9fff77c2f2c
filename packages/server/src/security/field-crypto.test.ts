import { createDecipheriv, createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  AesGcmFieldCipher,
  addActiveKey,
  blindIndex,
  FieldCryptoError,
  generateKeyRing,
  keyRingToJson,
  loadKeyRing,
  normaliseIdentifier,
  parseKeyRing,
} from "./field-crypto.js";

const NOW = new Date("2026-03-01T00:00:00Z");
const NAME = { table: "person", column: "name" };
const PHONE = { table: "person", column: "phone" };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tw-keys-"));
  dirs.push(d);
  return d;
}

describe("AesGcmFieldCipher", () => {
  const ring = generateKeyRing(NOW);
  const cipher = new AesGcmFieldCipher(ring);

  it("round-trips any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(cipher.decrypt(cipher.encrypt(s, NAME), NAME)).toBe(s);
      }),
      { seed: 20260301, numRuns: 200 },
    );
  });

  it("writes the v1 envelope, decryptable by plain AES-256-GCM with AAD `table.column`", () => {
    const env = cipher.encrypt("张三", NAME);
    const [v, keyId, iv, tag, ct] = env.split(":");
    expect(v).toBe("v1");
    expect(keyId).toBe(ring.activeKeyId);
    expect(Buffer.from(iv as string, "base64")).toHaveLength(12);
    expect(Buffer.from(tag as string, "base64")).toHaveLength(16);
    // "张三" is 6 UTF-8 bytes; GCM is a stream mode, so the ciphertext is 6 bytes too
    expect(Buffer.from(ct as string, "base64")).toHaveLength(6);
    const d = createDecipheriv(
      "aes-256-gcm",
      ring.keys.get(ring.activeKeyId) as Buffer,
      Buffer.from(iv as string, "base64"),
    );
    d.setAAD(Buffer.from("person.name"));
    d.setAuthTag(Buffer.from(tag as string, "base64"));
    expect(Buffer.concat([d.update(Buffer.from(ct as string, "base64")), d.final()]).toString("utf8")).toBe("张三");
  });

  it("uses a fresh IV: the same plaintext encrypts differently", () => {
    expect(cipher.encrypt("13800000000", PHONE)).not.toBe(cipher.encrypt("13800000000", PHONE));
  });

  it("rejects a ciphertext moved to another column or table (AAD)", () => {
    const env = cipher.encrypt("13800000000", PHONE);
    expect(() => cipher.decrypt(env, NAME)).toThrow(FieldCryptoError);
    expect(() => cipher.decrypt(env, { table: "staff", column: "phone" })).toThrow(
      /authentication failed for staff.phone/,
    );
  });

  it("rejects a tampered ciphertext or tag", () => {
    const env = cipher.encrypt("山西省长治市", NAME);
    const parts = env.split(":");
    const ct = Buffer.from(parts[4] as string, "base64");
    ct[0] = (ct[0] as number) ^ 1;
    expect(() => cipher.decrypt([...parts.slice(0, 4), ct.toString("base64")].join(":"), NAME)).toThrow(
      /authentication failed/,
    );
    const tag = Buffer.from(parts[3] as string, "base64");
    tag[15] = (tag[15] as number) ^ 0x80;
    expect(() => cipher.decrypt([...parts.slice(0, 3), tag.toString("base64"), parts[4]].join(":"), NAME)).toThrow(
      /authentication failed/,
    );
  });

  it("rejects malformed envelopes and unknown key ids with clear messages", () => {
    expect(() => cipher.decrypt("plain text", NAME)).toThrow(/not a v1 envelope/);
    const env = cipher.encrypt("x", NAME).split(":");
    expect(() => cipher.decrypt(["v1", "nokey", ...env.slice(2)].join(":"), NAME)).toThrow(/unknown key id "nokey"/);
  });

  it("after rotation: new writes use the new key, old ciphertexts still decrypt, needsReencryption tells them apart", () => {
    const old = cipher.encrypt("110101199003077777", { table: "person", column: "id_number" });
    const rotated = new AesGcmFieldCipher(addActiveKey(ring, NOW));
    expect(rotated.activeKeyId).not.toBe(ring.activeKeyId);
    expect(rotated.decrypt(old, { table: "person", column: "id_number" })).toBe("110101199003077777");
    expect(rotated.needsReencryption(old)).toBe(true);
    const fresh = rotated.encrypt("a", NAME);
    expect(rotated.keyIdOf(fresh)).toBe(rotated.activeKeyId);
    expect(rotated.needsReencryption(fresh)).toBe(false);
    // the old cipher cannot read what the new key wrote
    expect(() => cipher.decrypt(fresh, NAME)).toThrow(/unknown key id/);
  });
});

describe("blind index", () => {
  const ring = generateKeyRing(NOW);

  it("normalises full-width digits, the lower-case check character x and spaces", () => {
    expect(normaliseIdentifier(" １４０４０２１９９００３０７１２３ｘ ")).toBe("14040219900307123X");
    expect(normaliseIdentifier("\u3000140402 19900307123x")).toBe("14040219900307123X");
  });

  it("is HMAC-SHA-256(blindIndexKey, purpose NUL normalised) and equal for equivalent spellings", () => {
    const expected = createHmac("sha256", ring.blindIndexKey).update("id_number\u000014040219900307123X").digest("hex");
    expect(blindIndex(ring, "14040219900307123X")).toBe(expected);
    expect(blindIndex(ring, "１４０４０２１９９００３０７１２３ｘ")).toBe(expected);
    expect(blindIndex(ring, "14040219900307123X", "phone")).not.toBe(expected);
  });

  it("does not depend on the data keys (rotation keeps the index valid) but on the blind-index key", () => {
    expect(blindIndex(addActiveKey(ring, NOW), "140402")).toBe(blindIndex(ring, "140402"));
    expect(blindIndex(generateKeyRing(NOW), "140402")).not.toBe(blindIndex(ring, "140402"));
  });
});

describe("key ring loading", () => {
  it("creates <dataDir>/keys.json with mode 0600 on first start and reads the same keys afterwards", () => {
    const dir = tempDir();
    const first = loadKeyRing({ dataDir: dir, env: {}, now: NOW });
    expect(first.created).toBe(true);
    const path = join(dir, "keys.json");
    expect(first.source).toEqual({ kind: "file", path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = loadKeyRing({ dataDir: dir, env: {} });
    expect(second.created).toBe(false);
    expect(keyRingToJson(second.ring)).toEqual(keyRingToJson(first.ring));
    expect(first.ring.activeKeyId).toMatch(/^k20260301-[0-9a-f]{4}$/);
  });

  it("prefers TRACEWATER_KEYS, then TRACEWATER_KEY_FILE", () => {
    const dir = tempDir();
    const ring = generateKeyRing(NOW);
    const fromEnv = loadKeyRing({ dataDir: dir, env: { TRACEWATER_KEYS: JSON.stringify(keyRingToJson(ring)) } });
    expect(fromEnv.source).toEqual({ kind: "env" });
    expect(fromEnv.ring.activeKeyId).toBe(ring.activeKeyId);
    const file = join(dir, "elsewhere.json");
    writeFileSync(file, JSON.stringify(keyRingToJson(ring)));
    expect(loadKeyRing({ dataDir: dir, env: { TRACEWATER_KEY_FILE: file } }).source).toEqual({
      kind: "file",
      path: file,
    });
    expect(() => loadKeyRing({ dataDir: dir, env: { TRACEWATER_KEY_FILE: join(dir, "missing.json") } })).toThrow(
      /file not found/,
    );
    expect(() => readFileSync(join(dir, "keys.json"))).toThrow(); // nothing created when keys came from env/file
  });

  it("rejects short keys, a missing active key and bad JSON, naming the origin", () => {
    const good = keyRingToJson(generateKeyRing(NOW));
    expect(() => parseKeyRing("{", "k.json")).toThrow(/k.json: not valid JSON/);
    expect(() =>
      parseKeyRing(
        JSON.stringify({ ...good, keys: { a: Buffer.alloc(16).toString("base64") }, activeKeyId: "a" }),
        "k.json",
      ),
    ).toThrow(/key "a" is 16 bytes, expected 32/);
    expect(() => parseKeyRing(JSON.stringify({ ...good, activeKeyId: "zzz" }), "k.json")).toThrow(
      /activeKeyId "zzz" is not among the keys/,
    );
    expect(() => parseKeyRing(JSON.stringify({ ...good, blindIndexKey: "" }), "k.json")).toThrow(
      /blindIndexKey is 0 bytes/,
    );
  });
});
