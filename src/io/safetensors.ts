// Checkpoints in the safetensors format (https://huggingface.co/docs/safetensors), the format
// PyTorch and Hugging Face use, so weights move both ways under their dotted parameter names:
//
//   [u64 little-endian N] [N bytes UTF-8 JSON header, space-padded] [raw little-endian data]
//
// Decoding never throws and never reads out of bounds, whatever the bytes: every problem is a Left
// naming the tensor and field. Only F32 is read and written (nn-ts tensors are float32).
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { leaves, type Tree } from '../autodiff/tree.js';
import { OptionError } from '../shape/errors.js';
import { fmt } from '../shape/shape.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { nodeAsyncFs, nodeSyncFs, writeFileAtomic, writeFileAtomicSync, type AsyncFs, type SyncFs } from './atomic.js';
import { describeCause, safetensorsError, type SafetensorsError } from './errors.js';
import { HeaderC, METADATA_KEY, reportHeaderErrors, type TensorInfo } from './header.js';

/** A decoded file: tensors by name, and the `__metadata__` strings (empty when absent). */
export interface Safetensors {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/** Every safetensors dtype, so an unsupported one is told apart from garbage. */
const KNOWN_DTYPES = new Set(['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'C64', 'F64', 'I64', 'U64']);

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------
// encode

/** Name-sorted (name, tensor) pairs from a flat record or a tree (flattened to dotted paths). */
const namedTensors = (tensors: Record<string, Tensor> | Tree): { path: string; value: Tensor }[] => {
  const named = leaves(tensors as Tree).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 0; i < named.length; i++) {
    if (named[i].path === METADATA_KEY) throw new OptionError('encodeSafetensors', `'${METADATA_KEY}' is reserved by the format and cannot name a tensor`);
    if (i > 0 && named[i].path === named[i - 1].path) throw new OptionError('encodeSafetensors', `two tensors are both named '${named[i].path}' (a tree key containing a dot can collide with a nested path)`);
  }
  return named;
};

/**
 * The bytes of a safetensors file holding `tensors` (a flat record, or a tree flattened with
 * `leaves` to dotted paths like `features.0.weight`) as F32, laid out contiguously in sorted name
 * order, with the header padded by spaces to a multiple of 8 bytes. Throws an `OptionError` for
 * names the format cannot hold (duplicates, `__metadata__`) or non-string metadata.
 */
export const encodeSafetensors = (tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>): Uint8Array => {
  const named = namedTensors(tensors);
  const parts: string[] = [];
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata))
      if (typeof v !== 'string') throw new OptionError('encodeSafetensors', `metadata '${k}' must be a string, got ${typeof v}`);
    parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const { path, value } of named) {
    const bytes = value.size * 4;
    parts.push(`${JSON.stringify(path)}:{"dtype":"F32","shape":${JSON.stringify(value.shape)},"data_offsets":[${offset},${offset + bytes}]}`);
    offset += bytes;
  }
  // Written by hand rather than JSON.stringify(object): objects enumerate integer-like keys first,
  // and we want the header in layout order, `__metadata__` first, as PyTorch's writer does.
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { value } of named) {
    const data = toArray(value);
    if (littleEndian) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i], true);
    at += data.byteLength;
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// decode

type Decoded = Either<SafetensorsError, Safetensors>;

/** Float32 values of `data[begin, end)`, copied (so the result is aligned and owned). */
const readF32 = (data: Uint8Array, begin: number, end: number): Float32Array => {
  // An explicit copy, not data.slice: on a Node Buffer, slice is a view into a shared pool.
  const copy = new Uint8Array(end - begin);
  copy.set(data.subarray(begin, end));
  if (littleEndian) return new Float32Array(copy.buffer, 0, copy.length / 4);
  const view = new DataView(copy.buffer);
  return Float32Array.from({ length: copy.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
};

/** Bytes an F32 tensor of this shape needs; a bigint so absurd shapes cannot overflow into a match. */
const f32Bytes = (shape: readonly number[]): bigint => shape.reduce((a, d) => a * BigInt(d), 4n);

/** Decoding without the "safetensors: " prefix (load adds the file name instead). */
const decodeBody = (bytes: Uint8Array): Decoded => {
  const fail = (reason: SafetensorsError['reason'], message: string): Decoded => left(safetensorsError(reason, message));
  if (!(bytes instanceof Uint8Array)) return fail('length', `expected the file's bytes as a Uint8Array, got ${typeof bytes}`);
  if (bytes.length < 8) return fail('length', `file is ${bytes.length} bytes, shorter than the 8-byte header length at its start`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  const afterPrefix = bytes.length - 8;
  if (n64 > BigInt(afterPrefix))
    return fail('length', `header length ${n64} (first 8 bytes) is larger than the file: only ${afterPrefix} bytes follow the length`);
  const n = Number(n64);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    return fail('header', `header (bytes 8 to ${8 + n}) is not valid UTF-8`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('header', `header is not valid JSON (${describeCause(e)})`);
  }
  const decoded = HeaderC.decode(json);
  if (isLeft(decoded)) {
    const { reason, message } = reportHeaderErrors(decoded.left);
    return fail(reason, message);
  }
  const { tensors: entries, metadata } = decoded.right;
  const data = bytes.subarray(8 + n);

  for (const [name, { dtype, shape, data_offsets: [begin, end] }] of entries) {
    if (dtype !== 'F32')
      return fail('dtype', KNOWN_DTYPES.has(dtype)
        ? `tensor '${name}' has dtype ${dtype}, which nn-ts does not read: only F32 is supported (convert it to float32 before saving)`
        : `tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}: only F32 is supported`);
    const need = f32Bytes(shape);
    if (BigInt(end - begin) !== need)
      return fail('shape', `tensor '${name}': data_offsets [${begin}, ${end}] span ${end - begin} bytes but shape ${fmt(shape)} of F32 needs ${need} bytes (4 per element)`);
  }

  const bounds = checkBounds(entries, data.length, bytes.length, 8 + n);
  if (bounds) return fail(bounds.reason, bounds.message);

  // Object.fromEntries defines own properties, so a tensor named "__proto__" stays a tensor.
  const tensors = Object.fromEntries(entries.map(([name, { shape, data_offsets: [b, e] }]) => [name, fromHost(readF32(data, b, e), [...shape])]));
  return right({ tensors, metadata: Object.fromEntries(Object.entries(metadata)) });
};

/**
 * Every region inside the data buffer (overlapping or out-of-order regions are allowed, as long as
 * nothing outside is read). A file whose regions tile [0, end) but stop short is reported as
 * truncated; other overruns as bad offsets of the first offending tensor.
 */
const checkBounds = (entries: ReadonlyArray<readonly [string, TensorInfo]>, dataLength: number, fileLength: number, dataStart: number): { reason: 'truncated' | 'offsets'; message: string } | undefined => {
  const bad = entries.find(([, i]) => i.data_offsets[1] > dataLength);
  if (!bad) return undefined;
  const regions = entries.map(([, i]) => i.data_offsets).slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let tiled = 0;
  for (const [b, e] of regions) if (b === tiled) tiled = e; else { tiled = -1; break; }
  if (tiled > dataLength)
    return { reason: 'truncated', message: `data is truncated: the header describes ${tiled} bytes of tensor data but only ${dataLength} are present (the file is ${fileLength} bytes, it should be ${dataStart + tiled})` };
  const [name, { data_offsets: [b, e] }] = bad;
  return { reason: 'offsets', message: `tensor '${name}': data_offsets [${b}, ${e}] are out of bounds: the data buffer holds only ${dataLength} bytes` };
};

/**
 * Reads a safetensors file's bytes: `Right({ tensors, metadata })`, or `Left` with a message naming
 * the problem and the tensor/field. Never throws, never reads out of bounds, for any input.
 */
export const decodeSafetensors = (bytes: Uint8Array): Either<SafetensorsError, Safetensors> => {
  const r = decodeBodySafe(bytes);
  return isLeft(r) ? left(prefixed('safetensors', r.left)) : r;
};

const decodeBodySafe = (bytes: Uint8Array): Decoded => {
  try {
    return decodeBody(bytes);
  } catch (e) {
    // Not expected (every check runs before anything is read); kept so the no-throw promise holds
    // even if, say, the backend refuses an allocation.
    return left(safetensorsError('header', `could not decode: ${describeCause(e)}`));
  }
};

const prefixed = (prefix: string, e: SafetensorsError): SafetensorsError => safetensorsError(e.reason, `${prefix}: ${e.message}`);
const inFile = (path: string, e: SafetensorsError): SafetensorsError => prefixed(`safetensors file '${path}'`, e);

// ---------------------------------------------------------------------------------------------
// files

export interface FsOptions<F> {
  /** File operations to use instead of node:fs (tests inject failures); missing ones default to node:fs. */
  readonly fs?: Partial<F>;
}

const encodeEither = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>): Either<SafetensorsError, Uint8Array> => {
  try {
    return right(encodeSafetensors(tensors, metadata));
  } catch (e) {
    return left(safetensorsError('encode', `cannot save '${path}': ${describeCause(e)}`));
  }
};

/**
 * Saves atomically: the bytes go to a temporary file in the same directory, which is fsynced and
 * then renamed over `path`. If anything fails (or the process dies) before the rename, the old file
 * at `path` is untouched; the result says what failed.
 */
export const saveSafetensorsSync = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>, options?: FsOptions<SyncFs>): Either<SafetensorsError, void> => {
  const bytes = encodeEither(path, tensors, metadata);
  if (isLeft(bytes)) return bytes;
  const r = writeFileAtomicSync(path, bytes.right, { ...nodeSyncFs, ...options?.fs });
  return isLeft(r) ? left(safetensorsError('io', `safetensors: ${r.left}`)) : right(undefined);
};

/** Asynchronous `saveSafetensorsSync` (same atomicity). */
export const saveSafetensors = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>, options?: FsOptions<AsyncFs>): TaskEither<SafetensorsError, void> => async () => {
  const bytes = encodeEither(path, tensors, metadata);
  if (isLeft(bytes)) return bytes;
  const r = await writeFileAtomic(path, bytes.right, { ...nodeAsyncFs, ...options?.fs })();
  return isLeft(r) ? left(safetensorsError('io', `safetensors: ${r.left}`)) : right(undefined);
};

const readFailure = (path: string, e: unknown): SafetensorsError =>
  safetensorsError('io', (e as NodeJS.ErrnoException)?.code === 'ENOENT'
    ? `safetensors: cannot read '${path}': no such file`
    : `safetensors: cannot read '${path}': ${describeCause(e)}`);

/** Reads and decodes a file; a missing or unreadable file is a Left naming the path. */
export const loadSafetensorsSync = (path: string, options?: FsOptions<SyncFs>): Either<SafetensorsError, Safetensors> => {
  let bytes: Uint8Array;
  try {
    bytes = { ...nodeSyncFs, ...options?.fs }.readFileSync(path);
  } catch (e) {
    return left(readFailure(path, e));
  }
  const r = decodeBodySafe(bytes);
  return isLeft(r) ? left(inFile(path, r.left)) : r;
};

/** Asynchronous `loadSafetensorsSync`. */
export const loadSafetensors = (path: string, options?: FsOptions<AsyncFs>): TaskEither<SafetensorsError, Safetensors> => async () => {
  let bytes: Uint8Array;
  try {
    bytes = await { ...nodeAsyncFs, ...options?.fs }.readFile(path);
  } catch (e) {
    return left(readFailure(path, e));
  }
  const r = decodeBodySafe(bytes);
  return isLeft(r) ? left(inFile(path, r.left)) : r;
};
