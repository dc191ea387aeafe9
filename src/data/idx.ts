// The IDX format of MNIST-style datasets (LeCun's files: a big-endian header of magic 0x0000TTNN, N
// dimension sizes, then the values), read whole, gzip or not. Reading is the boundary: every
// failure is a Left naming the file.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describeCause } from '../io/errors.js';
import { badData, fileProblem, type BadData, type DatasetProblem } from '../io/problems.js';

/** The element types IDX names in the magic's third byte. */
const types = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
} as const;
type TypeCode = keyof typeof types;
const isTypeCode = (c: number): c is TypeCode => c in types;

/** An IDX array: its dimension sizes and its values (uint8 files, the usual case, keep their bytes). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly type: (typeof types)[TypeCode]['name'];
  readonly data: Uint8Array | Float64Array;
}

/** Decodes IDX bytes (gunzipped first when they start with gzip's magic); `source` names them in problems. */
export const decodeIdx = (bytes: Uint8Array, source: string): E.Either<BadData, IdxArray> => {
  const raw = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
    ? E.tryCatch(() => new Uint8Array(gunzipSync(bytes)), (e) => badData(source, `is not valid gzip: ${describeCause(e)}`))
    : E.right(bytes);
  return pipe(raw, E.chain((b) => parse(b, source)));
};

const parse = (b: Uint8Array, source: string): E.Either<BadData, IdxArray> => {
  if (b.length < 4) return E.left(badData(source, `is ${b.length} bytes long: too short for an IDX header`));
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const code = b[2], rank = b[3];
  if (b[0] !== 0 || b[1] !== 0) return E.left(badData(source, `is not an IDX file: its magic starts ${b[0]}, ${b[1]} instead of 0, 0`));
  if (!isTypeCode(code)) return E.left(badData(source, `has the unknown IDX element type 0x${code.toString(16)}`));
  if (rank < 1) return E.left(badData(source, 'declares an IDX array of rank 0'));
  const header = 4 + 4 * rank;
  if (b.length < header) return E.left(badData(source, `is truncated inside its header (${b.length} of ${header} bytes)`));
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const { name, bytes } = types[code];
  const count = dims.reduce((a, d) => a * d, 1);
  const need = header + count * bytes;
  if (b.length !== need) return E.left(badData(source, `holds ${b.length - header} bytes of data; dims [${dims.join(', ')}] of ${name} need ${need - header}`));
  if (code === 0x08) return E.right({ dims, type: name, data: b.subarray(header) });
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = header + i * bytes;
    data[i] = code === 0x09 ? view.getInt8(at) : code === 0x0b ? view.getInt16(at, false) : code === 0x0c ? view.getInt32(at, false)
      : code === 0x0d ? view.getFloat32(at, false) : view.getFloat64(at, false);
  }
  return E.right({ dims, type: name, data });
};

/** Reads and decodes an IDX file (`.gz` or not). */
export const readIdx = (path: string): E.Either<DatasetProblem, IdxArray> =>
  pipe(
    E.tryCatch(() => new Uint8Array(readFileSync(path)), (e) => fileProblem(path, e)),
    E.chainW((bytes) => decodeIdx(bytes, path)),
  );
