import { activeBackend } from '../backend/select.js';
import type { Storage } from '../backend/types.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { checkShape, fmt, sizeOf, type Shape } from '../shape/shape.js';
import { Tensor, rawOf } from './tensor.js';

/** @internal wraps a storage as an untraced tensor. */
export const fromStorage = <S extends Shape>(shape: S, storage: Storage): Tensor<S> => new Tensor(shape, storage, undefined);

/** @internal makes an untraced tensor from host numbers on the backend in use. */
export const fromHost = <S extends Shape>(data: Float32Array, shape: S): Tensor<S> =>
  fromStorage(shape, activeBackend().upload(data));

type Nested = number | readonly Nested[];

const inferShape = (data: Nested): number[] => {
  const shape: number[] = [];
  let d: Nested = data;
  while (Array.isArray(d)) { shape.push(d.length); d = d[0] as Nested; if (d === undefined) break; }
  return shape;
};

/**
 * A tensor from numbers and a shape: `tensor([1, 2, 3, 4], [2, 2])`. The data may also be nested
 * arrays (`tensor([[1, 2], [3, 4]])`) or a single number (a scalar, shape `[]`). The data is copied.
 */
export function tensor<const S extends Shape>(data: ArrayLike<number> | Nested, shape: S): Tensor<S>;
export function tensor(data: Nested): Tensor<number[]>;
export function tensor(data: ArrayLike<number> | Nested, shape?: Shape): Tensor {
  const s = shape === undefined ? inferShape(data as Nested) : checkShape('tensor', shape);
  let flat: Float32Array;
  if (typeof data === 'number') flat = Float32Array.of(data);
  else if (Array.isArray(data) && data.some((v) => Array.isArray(v))) flat = Float32Array.from((data as Nested[]).flat(Infinity as 1) as number[]);
  else if (data !== null && typeof data === 'object' && typeof (data as ArrayLike<number>).length === 'number') flat = Float32Array.from(data as ArrayLike<number>);
  else throw new OptionError('tensor', `data must be numbers, nested arrays of numbers or a typed array, got ${typeof data}`);
  if (flat.length !== sizeOf(s))
    throw new ShapeError('tensor', 'data', [flat.length], `shape ${fmt(s)} needs ${sizeOf(s)} numbers`);
  return fromHost(flat, s);
}

export const scalar = (v: number): Tensor<[]> => fromHost(Float32Array.of(v), [] as []);

export const full = <const S extends Shape>(shape: S, value: number): Tensor<S> =>
  fromHost(new Float32Array(sizeOf(checkShape('full', shape))).fill(value), shape);
export const zeros = <const S extends Shape>(shape: S): Tensor<S> => full(shape, 0);
export const ones = <const S extends Shape>(shape: S): Tensor<S> => full(shape, 1);

/** `[0, 1, ..., n-1]` (or `start, start+step, ...` below `stop`). */
export const arange = (start: number, stop?: number, step = 1): Tensor<[number]> => {
  const [a, b] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new OptionError('arange', `step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((b - a) / step));
  return fromHost(Float32Array.from({ length: n }, (_, i) => a + i * step), [n]);
};

/** Reads a tensor's numbers (row-major float32), synchronously. The result is a copy the caller owns. */
export const toArray = (t: Tensor): Float32Array => {
  const r = rawOf(t);
  const s = r.storage!;
  return s.backend.read(s).slice();
};

/** Reads a single-element tensor as a number. */
export const item = (t: Tensor): number => {
  if (t.size !== 1) throw new ShapeError('item', 'x', t.shape, 'must hold exactly one number');
  const r = rawOf(t).storage!;
  return r.backend.read(r)[0];
};

/** Nested arrays of numbers (for printing and tests). */
export const toNested = (t: Tensor): Nested => {
  const data = toArray(t);
  const build = (dim: number, off: number): Nested => {
    if (dim === t.rank) return data[off];
    const stride = sizeOf(t.shape.slice(dim + 1));
    return Array.from({ length: t.shape[dim] }, (_, i) => build(dim + 1, off + i * stride));
  };
  return build(0, 0);
};
