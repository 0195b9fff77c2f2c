/**
 * The field cipher of an AppContext: the key ring is loaded once per context from `TRACEWATER_KEYS`,
 * `TRACEWATER_KEY_FILE` or `<dataDir>/keys.json` (created 0600 on first use) — never from the database.
 */
import { AesGcmFieldCipher, type FieldCipher, type KeyRing, type KeySource, loadKeyRing } from "../../security/field-crypto.js";
import type { AppContext } from "../context.js";

interface Loaded {
  ring: KeyRing;
  source: KeySource;
  cipher: FieldCipher;
}
const cache = new WeakMap<AppContext, Loaded>();

/** The key ring, its source and the cipher of `ctx` (loaded on first call). */
export function fieldCrypto(ctx: AppContext): Loaded {
  let loaded = cache.get(ctx);
  if (!loaded) {
    const { ring, source, created } = loadKeyRing({ dataDir: ctx.dataDir, now: ctx.now() });
    if (created && source.kind === "file") ctx.log.warn({ path: source.path }, "created a new field-encryption key file; back it up (without it encrypted fields are lost)");
    loaded = { ring, source, cipher: new AesGcmFieldCipher(ring) };
    cache.set(ctx, loaded);
  }
  return loaded;
}

/** Replaces the ring of `ctx` (after a rotation wrote a new key file). */
export function setKeyRing(ctx: AppContext, ring: KeyRing, source: KeySource): void {
  cache.set(ctx, { ring, source, cipher: new AesGcmFieldCipher(ring) });
}
