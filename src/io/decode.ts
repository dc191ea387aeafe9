// Decoding safetensors bytes in three steps: the 8-byte length prefix, the JSON header, then the
// data. Split so a file can be checked step by step as it is read (read.ts reads the data only once
// the prefix and header are known good), and joined in `decodeBytes` for bytes already in memory.
// No step throws or reads out of bounds, whatever the bytes: every problem is a Left (a boundary
// problem, problems.ts) naming the tensor and field. F32 is read as it is; the other float, integer
// and BOOL dtypes are converted to float32 (dtypes.ts), since nn-ts tensors are float32.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { fmt } from '../shape/shape.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { describeValue } from './args.js';
import { describeCause } from './errors.js';
import { HeaderC, METADATA_KEY, headerProblem, type Header } from './header.js';
import { findDuplicateKey } from './json-keys.js';
import { READABLE_DTYPES, isReadableDtype, readAsF32 } from './dtypes.js';
import { badArgument, badHeader, headerTooLarge, truncated, type BadArgument, type BadHeader, type ContentProblem } from './problems.js';

/** A decoded file: tensors by name, and the `__metadata__` strings (empty when absent). */
export interface Safetensors {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
  /** The tensors stored in another dtype than F32 and converted to float32, name → stored dtype (empty when all were F32). */
  readonly converted: Record<string, string>;
}

/** The header size the reference implementation accepts at most (its MAX_HEADER_SIZE); more is not a checkpoint. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Every safetensors dtype, so an unsupported one is told apart from garbage. */
const KNOWN_DTYPES = new Set(['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F4', 'F6_E2M3', 'F6_E3M2', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'C64', 'F64', 'I64', 'U64']);

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The header length N from the first 8 bytes (`prefix` may be shorter when the file is), checked against the file and the limit. */
export const headerLength = (prefix: Uint8Array, fileLength: number): E.Either<ContentProblem, number> => {
  if (prefix.length < 8) return E.left(truncated('prefix', 8n, fileLength, fileLength));
  const n64 = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  const afterPrefix = fileLength - 8;
  if (n64 > BigInt(afterPrefix)) return E.left(truncated('header', n64, afterPrefix, fileLength));
  if (n64 > BigInt(MAX_HEADER_BYTES)) return E.left(headerTooLarge(Number(n64), MAX_HEADER_BYTES));
  return E.right(Number(n64));
};

/** Bytes a tensor of this shape needs at `size` bytes per element; a bigint so absurd shapes cannot overflow into a match. */
const bytesOf = (shape: readonly number[], size: number): bigint => shape.reduce((a, d) => a * BigInt(d), BigInt(size));
const READABLE_LIST = 'F32, F64, F16, BF16, I64, U64, I32, U32, I16, U16, I8, U8 and BOOL (as float32)';

const utf8 = (bytes: Uint8Array): E.Either<BadHeader, string> =>
  E.tryCatch(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), () => badHeader(`header (bytes 8 to ${8 + bytes.length}) is not valid UTF-8`));

const json = (text: string): E.Either<BadHeader, unknown> =>
  E.tryCatch((): unknown => JSON.parse(text), (e) => badHeader(`header is not valid JSON (${describeCause(e)})`));

const noDuplicateKeys = (text: string): E.Either<BadHeader, void> => {
  const dup = findDuplicateKey(text);
  return dup ? E.left(badHeader(duplicateMessage(dup.key, dup.path))) : E.right(undefined);
};

/** What the codec cannot see: a dtype nn-ts reads, and each entry's bytes must be its shape's. */
const readableEntries = (header: Header): E.Either<BadHeader, void> => {
  for (const [name, { dtype, shape, data_offsets: [begin, end] }] of header.tensors) {
    if (!isReadableDtype(dtype))
      return E.left(badHeader(KNOWN_DTYPES.has(dtype)
        ? `tensor '${name}' has dtype ${dtype}, which nn-ts does not read: it reads ${READABLE_LIST} (convert it before saving)`
        : `tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}: nn-ts reads ${READABLE_LIST}`, 'dtype'));
    const size = READABLE_DTYPES[dtype], need = bytesOf(shape, size);
    if (BigInt(end - begin) !== need)
      return E.left(badHeader(`tensor '${name}': data_offsets [${begin}, ${end}] span ${end - begin} bytes but shape ${fmt(shape)} of ${dtype} needs ${need} bytes (${size} per element)`, 'shape'));
  }
  return E.right(undefined);
};

/** The header bytes (after the prefix) as a checked Header: UTF-8, JSON without duplicate keys, the codec, F32 and byte counts. */
export const parseHeader = (bytes: Uint8Array): E.Either<BadHeader, Header> =>
  pipe(
    utf8(bytes),
    E.chain((text) => pipe(json(text), E.chainFirst(() => noDuplicateKeys(text)))),
    E.chain((u) => pipe(HeaderC.decode(u), E.mapLeft(headerProblem))),
    E.chainFirst(readableEntries),
  );

const duplicateMessage = (key: string, path: readonly string[]): string => {
  const lost = 'JSON keeps only the last, so the first would be silently lost';
  if (path.length === 0) return `header has the key ${JSON.stringify(key)} twice (${lost})`;
  const [entry, ...rest] = path;
  const where = entry === METADATA_KEY ? METADATA_KEY : `tensor '${entry}'`;
  return `${where}: the key ${JSON.stringify(key)} appears twice${rest.length ? ` in ${rest.join('.')}` : ''} (${lost})`;
};

/**
 * Whether every region lies inside a data buffer of `dataLength` bytes (overlapping or out-of-order
 * regions are allowed, as long as nothing outside is read). A file whose regions tile [0, end) but
 * stop short is reported as truncated; other overruns as bad offsets of the first offending tensor.
 */
export const checkBounds = (header: Header, dataLength: number, dataStart: number): E.Either<ContentProblem, void> => {
  const entries = header.tensors;
  const bad = entries.find(([, i]) => i.data_offsets[1] > dataLength);
  if (!bad) return E.right(undefined);
  const regions = entries.map(([, i]) => i.data_offsets).slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let tiled = 0;
  for (const [b, e] of regions) if (b === tiled) tiled = e; else { tiled = -1; break; }
  if (tiled > dataLength) return E.left(truncated('data', BigInt(tiled), dataLength, dataStart + dataLength));
  const [name, { data_offsets: [b, e] }] = bad;
  return E.left(badHeader(`tensor '${name}': data_offsets [${b}, ${e}] are out of bounds: the data buffer holds only ${dataLength} bytes`, 'data_offsets'));
};

/** The values of `data[begin, end)` (stored as `dtype`) as float32, copied (so the result is aligned and owned). */
const readValues = (dtype: string, data: Uint8Array, begin: number, end: number): Float32Array => {
  const count = (end - begin) / READABLE_DTYPES[dtype];
  if (dtype !== 'F32' || !littleEndian) return readAsF32(dtype, new DataView(data.buffer, data.byteOffset + begin, end - begin), count);
  // An explicit copy, not data.slice: on a Node Buffer, slice is a view into a shared pool.
  const copy = new Uint8Array(end - begin);
  copy.set(data.subarray(begin, end));
  return new Float32Array(copy.buffer, 0, count);
};

/** The tensors a checked header describes, read from `data` (the bytes after the header, which starts the data at `dataStart`). */
export const tensorsFrom = (header: Header, data: Uint8Array, dataStart: number): E.Either<ContentProblem, Safetensors> =>
  pipe(
    checkBounds(header, data.length, dataStart),
    // Object.fromEntries defines own properties, so a tensor named "__proto__" stays a tensor.
    E.map(() => ({
      tensors: Object.fromEntries(header.tensors.map(([name, { dtype, shape, data_offsets: [b, e] }]) => [name, fromHost(readValues(dtype, data, b, e), [...shape])])),
      metadata: Object.fromEntries(Object.entries(header.metadata)),
      converted: Object.fromEntries(header.tensors.filter(([, i]) => i.dtype !== 'F32').map(([name, i]) => [name, i.dtype])),
    })),
  );

/** All three steps over bytes in memory. Never throws: an unexpected failure (say, a refused allocation) is a Left too. */
export const decodeBytes = (bytes: unknown): E.Either<BadArgument | ContentProblem, Safetensors> => {
  try {
    if (!(bytes instanceof Uint8Array)) return E.left(badArgument('bytes', `expected the file's bytes as a Uint8Array, got ${describeValue(bytes)}`));
    return pipe(
      headerLength(bytes.subarray(0, 8), bytes.length),
      E.chain((n) => pipe(parseHeader(bytes.subarray(8, 8 + n)), E.chainW((header) => tensorsFrom(header, bytes.subarray(8 + n), 8 + n)))),
    );
  } catch (e) {
    return E.left(badHeader(`could not decode: ${describeCause(e)}`)); // reported as a header problem, as it always was
  }
};
