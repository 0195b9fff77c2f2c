/**
 * The field cipher of an AppContext: the key ring is loaded once per context from `TRACEWATER_KEYS`,
 * `TRACEWATER_KEY_FILE` or `<dataDir>/keys.json` (created 0600 on first use) — never from the database.
 * When a ciphertext names a key id the ring does not hold (another process rotated the keys), the ring is
 * reloaded once from its source and the read retried, so running servers keep reading during a rotation.
 */
import {
  AesGcmFieldCipher,
  type FieldCipher,
  FieldCryptoError,
  type FieldLocation,
  type KeyRing,
  type KeySource,
  loadKeyRing,
} from "../../security/field-crypto.js";
import type { AppContext } from "../context.js";

interface Loaded {
  ring: KeyRing;
  source: KeySource;
  cipher: FieldCipher;
}
const cache = new WeakMap<AppContext, Loaded>();

function load(ctx: AppContext): Loaded {
  const { ring, source, created } = loadKeyRing({ dataDir: ctx.dataDir, now: ctx.now() });
  if (created && source.kind === "file")
    ctx.log.warn(
      { path: source.path },
      "created a new field-encryption key file; back it up (without it encrypted fields are lost)",
    );
  const loaded: Loaded = { ring, source, cipher: new ReloadingCipher(ctx, new AesGcmFieldCipher(ring)) };
  cache.set(ctx, loaded);
  return loaded;
}

/** Delegates to the context's current cipher; reloads the ring once on an unknown key id. */
class ReloadingCipher implements FieldCipher {
  constructor(
    private readonly ctx: AppContext,
    private inner: FieldCipher,
  ) {}
  get algorithm() {
    return this.inner.algorithm;
  }
  get activeKeyId() {
    return this.inner.activeKeyId;
  }
  encrypt(plaintext: string, where: FieldLocation): string {
    return this.inner.encrypt(plaintext, where);
  }
  decrypt(envelope: string, where: FieldLocation): string {
    try {
      return this.inner.decrypt(envelope, where);
    } catch (e) {
      if (!(e instanceof FieldCryptoError) || !/unknown key id/.test(e.message)) throw e;
      const fresh = load(this.ctx);
      this.inner = new AesGcmFieldCipher(fresh.ring);
      this.ctx.log.info(
        { activeKeyId: fresh.ring.activeKeyId },
        "field-encryption key ring reloaded (rotated by another process)",
      );
      return this.inner.decrypt(envelope, where);
    }
  }
  keyIdOf(envelope: string): string {
    return this.inner.keyIdOf(envelope);
  }
  needsReencryption(envelope: string): boolean {
    return this.inner.needsReencryption(envelope);
  }
}

/** The key ring, its source and the cipher of `ctx` (loaded on first call). */
export function fieldCrypto(ctx: AppContext): Loaded {
  return cache.get(ctx) ?? load(ctx);
}

/** Replaces the ring of `ctx` (after a rotation wrote a new key file). */
export function setKeyRing(ctx: AppContext, ring: KeyRing, source: KeySource): void {
  cache.set(ctx, { ring, source, cipher: new ReloadingCipher(ctx, new AesGcmFieldCipher(ring)) });
}
