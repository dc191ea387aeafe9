// The safetensors dtypes nn-ts reads, each converted to float32 on the way in (nn-ts tensors are
// float32): PyTorch checkpoints hold F16/BF16 weights, F64 tensors and I64 counters (BatchNorm's
// num_batches_tracked). Conversion rounds to the nearest float32, so integers past 2^24 and F64
// values lose digits; F32, F16, BF16 and integers up to 2^24 arrive exact.

/** Bytes per element of each dtype nn-ts reads. */
export const READABLE_DTYPES: Readonly<Record<string, number>> = {
  F32: 4, F64: 8, F16: 2, BF16: 2, I64: 8, U64: 8, I32: 4, U32: 4, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1,
};

export const isReadableDtype = (dtype: string): boolean => Object.prototype.hasOwnProperty.call(READABLE_DTYPES, dtype);

/** IEEE binary16 bits → its (exactly representable) value. */
const half = (h: number): number => {
  const sign = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24; // zero and subnormals
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
};

/** The `count` little-endian elements of `dtype` at `view`'s start, as float32. */
export const readAsF32 = (dtype: string, view: DataView, count: number): Float32Array => {
  const out = new Float32Array(count);
  const each = (read: (at: number) => number, size: number) => { for (let i = 0; i < count; i++) out[i] = read(i * size); };
  switch (dtype) {
    case 'F32': each((a) => view.getFloat32(a, true), 4); break;
    case 'F64': each((a) => view.getFloat64(a, true), 8); break;
    case 'F16': each((a) => half(view.getUint16(a, true)), 2); break;
    // bfloat16 is the top half of a float32
    case 'BF16': { const bits = new Uint32Array(out.buffer); for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16; break; }
    case 'I64': each((a) => Number(view.getBigInt64(a, true)), 8); break;
    case 'U64': each((a) => Number(view.getBigUint64(a, true)), 8); break;
    case 'I32': each((a) => view.getInt32(a, true), 4); break;
    case 'U32': each((a) => view.getUint32(a, true), 4); break;
    case 'I16': each((a) => view.getInt16(a, true), 2); break;
    case 'U16': each((a) => view.getUint16(a, true), 2); break;
    case 'I8': each((a) => view.getInt8(a), 1); break;
    case 'U8': each((a) => view.getUint8(a), 1); break;
    case 'BOOL': each((a) => (view.getUint8(a) === 0 ? 0 : 1), 1); break;
    default: throw new Error(`readAsF32: dtype ${dtype} is not readable`); // unreachable: the header check refuses it
  }
  return out;
};
