/**
 * A faster `/dev/blob` device for the embedded database's `COPY … FROM '/dev/blob'`.
 *
 * PGlite 0.3.16 registers `/dev/blob` (Emscripten device 64:0) with a `read` that copies each request of
 * PostgreSQL's COPY reader (64 KB) into the WASM heap one byte at a time in JavaScript
 * (`for (…) heap[offset + i] = blob[position + i]`). A 1M-row import hands it ≈ 230 MB of binary COPY input, and
 * that loop was the largest single item of the import's CPU profile (≈ 1.3 s of ≈ 13 s on the 2-core VM;
 * docs/performance.md, "Import", fourth round). This module replaces the device's `read` and `llseek` with ones that
 * copy a request with one `Uint8Array.set` (a memcpy), reading the bytes that PGlite's own `_handleBlob` would have
 * kept: the query's `blob` option's `arrayBuffer()`, taken inside PGlite's exclusive query section and dropped by its
 * `_cleanupBlob` after the query. `COPY … TO '/dev/blob'` (the device's `write`) is unchanged.
 *
 * It relies on three internals of the pinned PGlite version: the instance's `Module.FS` (public getter), the device
 * table entry `FS.devices[makedev(64, 0)]`, and the instance methods `_handleBlob` / `_cleanupBlob`. When any of them
 * is missing (another PGlite build) nothing is changed and PGlite's own device stays in use —
 * `storage/pglite-blob-device.test.ts` then fails, so an upgrade is noticed.
 */
import type { PGlite } from "@electric-sql/pglite";

/** Emscripten's device number of PGlite's `/dev/blob` (`FS.makedev(64, 0)` in PGlite 0.3.16's `preRun`). */
const BLOB_DEVICE_MAJOR = 64;
/** Emscripten errno EINVAL (as PGlite's own `llseek` throws for a negative position). */
const EINVAL = 28;
/** Emscripten errno EIO (as Emscripten's own devices throw for a failed read). */
const EIO = 29;

interface EmscriptenStream {
  position: number;
}
interface DeviceOps {
  read(
    stream: EmscriptenStream,
    heap: Int8Array | Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  llseek(stream: EmscriptenStream, offset: number, whence: number): number;
}
interface EmscriptenFs {
  makedev(major: number, minor: number): number;
  devices: Record<number, { stream_ops: DeviceOps } | undefined>;
  ErrnoError: new (errno: number) => Error;
}
interface PgliteInternals {
  Module?: { FS?: EmscriptenFs };
  _handleBlob?: (blob?: Blob | File) => Promise<void>;
  _cleanupBlob?: () => Promise<void>;
}

/**
 * A `blob` option may carry its bytes under this key: the device then reads that view directly, with no copy into an
 * `ArrayBuffer` of its own (`open-database.ts` hands over each binary COPY input this way). Its `arrayBuffer()` must
 * still give the same bytes, for PGlite's own device where this one is not installed.
 */
export const BLOB_BYTES: unique symbol = Symbol("tracewater.blobBytes");

/** Instances already patched (a second call is a no-op). */
const patched = new WeakSet<object>();

/**
 * Installs the memcpy `/dev/blob` device on one PGlite instance (call once after `PGlite.create`).
 * Returns true when the device is (now) in use, false when this PGlite build lacks the internals it needs (then
 * PGlite's byte-by-byte device stays; every COPY still works, only slower). Never throws.
 */
export function installFastBlobDevice(pg: PGlite): boolean {
  if (patched.has(pg)) return true;
  const internals = pg as unknown as PgliteInternals;
  const fs = internals.Module?.FS;
  if (!fs || typeof fs.makedev !== "function" || !fs.devices) return false;
  const entry = fs.devices[fs.makedev(BLOB_DEVICE_MAJOR, 0)];
  const ops = entry?.stream_ops;
  if (!ops || typeof ops.read !== "function" || typeof ops.llseek !== "function") return false;
  if (typeof internals._handleBlob !== "function" || typeof internals._cleanupBlob !== "function") return false;

  let current: Uint8Array | undefined;
  // without a blob, the read fails as an I/O error, which PostgreSQL reports as an SQL error of the COPY (PGlite's own
  // device throws a JavaScript error through the WASM frames instead, which leaves the session unusable)
  const noBlob = (): never => {
    throw new fs.ErrnoError(EIO);
  };
  ops.read = (_stream, heap, offset, length, position) => {
    const bytes = current ?? noBlob();
    if (position >= bytes.length) return 0;
    const n = Math.min(bytes.length - position, length);
    new Uint8Array(heap.buffer, heap.byteOffset + offset, n).set(bytes.subarray(position, position + n));
    return n;
  };
  ops.llseek = (stream, offset, whence) => {
    const bytes = current ?? noBlob();
    const at = whence === 1 ? stream.position + offset : whence === 2 ? bytes.length + offset : offset;
    if (at < 0) throw new fs.ErrnoError(EINVAL);
    return at;
  };
  internals._handleBlob = async (blob) => {
    const view = (blob as { [BLOB_BYTES]?: Uint8Array } | undefined)?.[BLOB_BYTES];
    current = view ?? (blob ? new Uint8Array(await blob.arrayBuffer()) : undefined);
  };
  internals._cleanupBlob = async () => {
    current = undefined;
  };
  patched.add(pg);
  return true;
}
