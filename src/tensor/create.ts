import { checkTensorSize } from '../backend/limits.js';
import { abstractRead } from '../autodiff/abstract.js';
import { activeBackend } from '../backend/select.js';
import type { Storage } from '../backend/types.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { checkShape, fmt, sizeOf, type Shape } from '../shape/shape.js';
import { readData, type Nested } from './data.js';
import { Tensor, rawOf } from './tensor.js';

/** @internal wraps a storage as an untraced tensor. */
export const fromStorage = <S extends Shape>(shape: S, storage: Storage): Tensor<S> => new Tensor(shape, storage, undefined);

/** @internal makes an untraced tensor from host numbers on the backend in use. */
export const fromHost = <S extends Shape>(data: Float32Array, shape: S): Tensor<S> =>
  fromStorage(shape, activeBackend().upload(data));

/** A checked shape whose size nn-ts may allocate (before anything is allocated). */
const sizedShape = (op: string, shape: unknown): { shape: Shape; size: number } => {
  const s = checkShape(op, shape);
  const size = sizeOf(s);
  checkTensorSize(op, size, s);
  return { shape: s, size };
};

/**
 * A tensor from numbers and a shape: `tensor([1, 2, 3, 4], [2, 2])`. The data may also be regular
 * nested arrays (`tensor([[1, 2], [3, 4]])`), a typed array, or a single number (a scalar, shape
 * `[]`). Every entry must be a number (NaN and ±Infinity included). The data is copied.
 */
export function tensor<const S extends Shape>(data: ArrayLike<number> | Nested, shape: S): Tensor<S>;
export function tensor(data: Nested): Tensor<number[]>;
export function tensor(data: ArrayLike<number> | Nested, shape?: Shape): Tensor {
  // The shape's size is checked before the data is read, so a huge shape is refused before any allocation.
  const want = shape === undefined ? undefined : sizedShape('tensor', shape);
  const { flat, shape: natural } = readData('tensor', data);
  const s = want?.shape ?? natural;
  if (flat.length !== sizeOf(s))
    throw new ShapeError('tensor', 'data', [flat.length], `shape ${fmt(s)} needs ${sizeOf(s)} numbers`);
  return fromHost(flat, s);
}

const checkValue = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number') throw new ArgumentError(op, name, `must be a number, got ${describe(v)}`);
  return v;
};

export const scalar = (v: number): Tensor<[]> => fromHost(Float32Array.of(checkValue('scalar', 'v', v)), [] as []);

const filled = <S extends Shape>(op: string, shape: S, value: number): Tensor<S> => {
  const { size } = sizedShape(op, shape);
  const v = checkValue(op, 'value', value);
  return fromHost(new Float32Array(size).fill(v), shape);
};
export const full = <const S extends Shape>(shape: S, value: number): Tensor<S> => filled('full', shape, value);
export const zeros = <const S extends Shape>(shape: S): Tensor<S> => filled('zeros', shape, 0);
export const ones = <const S extends Shape>(shape: S): Tensor<S> => filled('ones', shape, 1);

const finite = (name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionError('arange', `${name} must be a finite number, got ${describe(v)}`);
  return v;
};

/** `[0, 1, ..., n-1]` (or `start, start+step, ...` below `stop`). */
export const arange = (start: number, stop?: number, step = 1): Tensor<[number]> => {
  const [lo, hi] = stop === undefined ? [0, finite('n', start)] : [finite('start', start), finite('stop', stop)];
  if (finite('step', step) === 0) throw new OptionError('arange', 'step must be a finite non-zero number, got 0');
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  checkTensorSize('arange', n, [n]);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + i * step;
  return fromHost(out, [n]);
};

const checkTensor = (op: string, t: unknown): Tensor => {
  if (!(t instanceof Tensor)) throw new ArgumentError(op, 't', `must be a Tensor, got ${describe(t)}`);
  return t;
};

/** Reads a tensor's numbers (row-major float32), synchronously. The result is a copy the caller owns. */
export const toArray = (t: Tensor): Float32Array => {
  const s = rawOf(checkTensor('toArray', t)).storage;
  if (!s) throw abstractRead('toArray');
  return s.backend.read(s).slice();
};

/** Reads a single-element tensor as a number. */
export const item = (t: Tensor): number => {
  if (checkTensor('item', t).size !== 1) throw new ShapeError('item', 'x', t.shape, 'must hold exactly one number');
  const r = rawOf(t).storage;
  if (!r) throw abstractRead('item');
  return r.backend.read(r)[0];
};

/** Nested arrays of numbers (for printing and tests). */
export const toNested = (t: Tensor): Nested => {
  const data = toArray(checkTensor('toNested', t));
  const build = (dim: number, off: number): Nested => {
    if (dim === t.rank) return data[off];
    const stride = sizeOf(t.shape.slice(dim + 1));
    return Array.from({ length: t.shape[dim] }, (_, i) => build(dim + 1, off + i * stride));
  };
  return build(0, 0);
};
