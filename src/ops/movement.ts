import { definePrimitive } from '../autodiff/primitive.js';
import { concatSource, padSource, permuteSource, sliceSource } from '../backend/gpujs/kernels/movement.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { show } from '../shape/options.js';
import { fmt, normAxis, sameShape, sizeOf, type Shape } from '../shape/shape.js';
import type { ReshapeCheck, SwapLast } from '../shape/types.js';
import { fromStorage } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor, launch, nativeOrLaunch } from './launch.js';
import { activeBackend } from '../backend/select.js';

// ---------- reshape ----------

const reshapePrim = definePrimitive<Shape>({
  name: 'reshape',
  shape: ([s], target) => target,
  forward: ([x], _t, shape) => fromStorage(shape, x.storage!), // same numbers, new view: nothing to copy
  vjp: (g, [x]) => [reshape(g, x.shape)],
});

const resolveShape = (x: Tensor, shape: Shape): number[] => {
  const free = shape.filter((d) => d === -1).length;
  if (free > 1 || shape.some((d) => !Number.isInteger(d) || d < -1))
    throw new OptionError('reshape', `shape ${fmt(shape)} must be non-negative integers with at most one -1`);
  const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
  if (sizeOf(out) !== x.size || out.some((d) => !Number.isInteger(d)))
    throw new ShapeError('reshape', 'x', x.shape, `cannot be reshaped to ${fmt(shape)}`, `${x.size} elements vs ${sizeOf(out.map((d) => (Number.isInteger(d) ? d : 0)))}`);
  return out;
};

type HasFree<T extends Shape> = -1 extends T[number] ? true : false;

/** The same numbers with another shape (at most one dim may be −1: inferred). */
export const reshape = <S extends Shape, const T extends Shape>(x: Tensor<S>, shape: T & ReshapeCheck<S, T>): Tensor<HasFree<T> extends true ? number[] : T> => {
  checkTensor('reshape', 'x', x);
  if (!Array.isArray(shape)) throw new OptionError('reshape', `shape must be an array of integers, got ${show(shape)}`);
  const target = resolveShape(x, shape);
  return (target.length === x.rank && target.every((d, i) => d === x.shape[i]) ? x : reshapePrim([x], target)) as Tensor<HasFree<T> extends true ? number[] : T>;
};

/** Flattens all axes from `startAxis` on into one. */
export const flatten = (x: Tensor, startAxis = 1): Tensor<number[]> => {
  checkTensor('flatten', 'x', x);
  const a = startAxis === x.rank ? x.rank : normAxis('flatten', startAxis, x.rank);
  return reshape(x, [...x.shape.slice(0, a), sizeOf(x.shape.slice(a))]) as Tensor<number[]>;
};

/** Inserts a size-1 axis at `axis`. */
export const expandDims = (x: Tensor, axis: number): Tensor<number[]> => {
  checkTensor('expandDims', 'x', x);
  if (!Number.isInteger(axis)) throw new OptionError('expandDims', `axis must be an integer, got ${show(axis)}`);
  const a = normAxis('expandDims', axis < 0 ? axis + x.rank + 1 : axis, x.rank + 1);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]) as Tensor<number[]>;
};

/** Removes size-1 axes (all, or the listed ones). */
export const squeeze = (x: Tensor, axes?: readonly number[]): Tensor<number[]> => {
  checkTensor('squeeze', 'x', x);
  if (axes !== undefined && !Array.isArray(axes)) throw new OptionError('squeeze', `axes must be an array of integers, got ${show(axes)}`);
  const ax = axes?.map((a) => normAxis('squeeze', a, x.rank));
  ax?.forEach((a) => { if (x.shape[a] !== 1) throw new ShapeError('squeeze', 'x', x.shape, `has size ${x.shape[a]} on axis ${a}, not 1`); });
  return reshape(x, x.shape.filter((d, i) => (ax ? !ax.includes(i) : d !== 1))) as Tensor<number[]>;
};

// ---------- permute / transpose ----------

const permutePrim = definePrimitive<readonly number[]>({
  name: 'permute',
  shape: ([s], perm) => perm.map((p) => s[p]),
  forward: ([x], perm, shape) => {
    return nativeOrLaunch(activeBackend().permute?.(x.storage!, x.shape, perm), 'permute', () => permuteSource(x.shape, perm), [x], shape);
  },
  vjp: (g, _x, _y, perm) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => { inv[p] = i; });
    return [permute(g, inv)];
  },
});

/** Reorders axes: output axis i is input axis perm[i]. */
export const permute = (x: Tensor, perm: readonly number[]): Tensor<number[]> => {
  checkTensor('permute', 'x', x);
  if (!Array.isArray(perm)) throw new OptionError('permute', `perm must be an array of axes, got ${show(perm)}`);
  if (perm.length !== x.rank) throw new ShapeError('permute', 'x', x.shape, `has rank ${x.rank} but perm ${show(perm)} names ${perm.length} axes`);
  const ok = [...perm].sort((a, b) => a - b).every((p, i) => p === i);
  if (!ok) throw new OptionError('permute', `perm ${show(perm)} is not a permutation of the ${x.rank} axes of x ${fmt(x.shape)}`);
  return (perm.every((p, i) => p === i) ? x : permutePrim([x], perm)) as Tensor<number[]>;
};

/** Swaps the last two axes (a matrix transpose; batched for rank > 2). */
export const transpose = <S extends Shape>(x: Tensor<S>): Tensor<SwapLast<S>> => {
  checkTensor('transpose', 'x', x);
  if (x.rank < 2) throw new ShapeError('transpose', 'x', x.shape, 'must have rank ≥ 2');
  const perm = x.shape.map((_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return permute(x, perm) as Tensor<SwapLast<S>>;
};

// ---------- slice / pad / concat ----------

interface SliceParams { readonly begin: readonly number[]; readonly size: readonly number[] }
const slicePrim = definePrimitive<SliceParams>({
  name: 'slice',
  shape: (_s, p) => p.size,
  forward: ([x], p, shape) => {
    return nativeOrLaunch(activeBackend().slice?.(x.storage!, x.shape, p.begin, p.size), 'slice', () => sliceSource(x.shape, p.begin, p.size), [x], shape);
  },
  vjp: (g, [x], _y, p) => [pad(g, p.begin.map((b, i) => [b, x.shape[i] - b - p.size[i]] as const))],
});

/** The block starting at `begin` with `size` per axis (size −1: to the end). */
export const slice = (x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor<number[]> => {
  checkTensor('slice', 'x', x);
  if (!Array.isArray(begin)) throw new OptionError('slice', `begin must be an array of integers, got ${show(begin)}`);
  if (size !== undefined && (!Array.isArray(size) || size.length !== begin.length))
    throw new OptionError('slice', `size must be an array of ${begin.length} integers (−1: to the end), got ${show(size)}`);
  if (begin.length !== x.rank) throw new OptionError('slice', `begin has ${begin.length} entries but x has rank ${x.rank}`);
  const sz = begin.map((b, i) => (size === undefined || size[i] === -1 ? x.shape[i] - b : size[i]));
  begin.forEach((b, i) => {
    if (!Number.isInteger(b) || !Number.isInteger(sz[i]) || b < 0 || sz[i] < 0 || b + sz[i] > x.shape[i])
      throw new ShapeError('slice', 'x', x.shape, `cannot give a block of size ${fmt(sz)} at ${fmt(begin)}`, `axis ${i}`);
  });
  return (sz.every((d, i) => d === x.shape[i]) ? x : slicePrim([x], { begin, size: sz })) as Tensor<number[]>;
};

interface PadParams { readonly pads: readonly (readonly [number, number])[]; readonly value: number }
const padPrim = definePrimitive<PadParams>({
  name: 'pad',
  shape: ([s], p) => s.map((d, i) => d + p.pads[i][0] + p.pads[i][1]),
  forward: ([x], p, shape) => {
    return nativeOrLaunch(activeBackend().pad?.(x.storage!, x.shape, p.pads, p.value), 'pad', () => padSource(x.shape, p.pads, p.value), [x], shape);
  },
  vjp: (g, [x], _y, p) => [slice(g, p.pads.map(([b]) => b), x.shape)],
});

/** Pads each axis with `pads[i] = [before, after]` cells of `value` (default 0). */
export const pad = (x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor<number[]> => {
  checkTensor('pad', 'x', x);
  if (!Array.isArray(pads) || pads.length !== x.rank || pads.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isSafeInteger(v) && v >= 0)))
    throw new OptionError('pad', `pads must give [before, after] non-negative integers for each of the ${x.rank} axes, got ${show(pads)}`);
  if (typeof value !== 'number') throw new OptionError('pad', `value must be a number, got ${show(value)}`);
  return (pads.every(([a, b]) => a === 0 && b === 0) ? x : padPrim([x], { pads, value })) as Tensor<number[]>;
};

const concatPrim = definePrimitive<number>({
  name: 'concat',
  shape: (shapes, axis) => {
    const first = shapes[0];
    shapes.forEach((s, k) => {
      if (s.length !== first.length || s.some((d, i) => i !== axis && d !== first[i]))
        throw new ShapeError('concat', `xs[${k}]`, s, `must match xs[0] ${fmt(first)} on every axis but ${axis}`);
    });
    return first.map((d, i) => (i === axis ? shapes.reduce((a, s) => a + s[axis], 0) : d));
  },
  forward: (xs, axis, shape) => {
    const parts = xs.filter((x) => x.shape[axis] > 0);
    if (parts.length === 1) return parts[0];
    const s = activeBackend().concat?.(parts.map((x) => x.storage!), parts.map((x) => x.shape), axis);
    if (s) return fromStorage(shape, s);
    return launch('concat', concatSource(shape, axis, parts.map((x) => x.shape[axis])), parts, shape);
  },
  vjp: (g, xs, _y, axis) => {
    let start = 0;
    return xs.map((x) => {
      const begin = x.shape.map((_, i) => (i === axis ? start : 0));
      start += x.shape[axis];
      return slice(g, begin, x.shape);
    });
  },
});

const CONCAT_FAN_IN = 8;

/** Joins tensors along `axis` (all other dims must agree). */
export const concat = (xs: readonly Tensor[], axis = 0): Tensor<number[]> => {
  checkTensorList('concat', xs);
  const a = normAxis('concat', axis, xs[0].rank);
  if (xs.length > CONCAT_FAN_IN) {
    // GL binds one texture per kernel input: join long lists in groups.
    const groups: Tensor[] = [];
    for (let i = 0; i < xs.length; i += CONCAT_FAN_IN) groups.push(concat(xs.slice(i, i + CONCAT_FAN_IN), a));
    return concat(groups, a);
  }
  return (xs.length === 1 ? xs[0] : concatPrim(xs, a)) as Tensor<number[]>;
};

/** Stacks same-shaped tensors along a new axis. */
export const stack = (xs: readonly Tensor[], axis = 0): Tensor<number[]> => {
  checkTensorList('stack', xs);
  const a = normAxis('stack', axis, xs[0].rank + 1);
  xs.forEach((x, i) => { if (!sameShape(x.shape, xs[0].shape)) throw new ShapeError('stack', `xs[${i}]`, x.shape, `must have the shape of xs[0] ${fmt(xs[0].shape)}`); });
  return concat(xs.map((x) => expandDims(x, a)), a);
};

/** A non-empty array of tensors (what concat and stack join). */
const checkTensorList = (op: string, xs: unknown): void => {
  if (!Array.isArray(xs)) throw new ArgumentError(op, 'xs', `must be an array of tensors, got ${show(xs)}`);
  if (xs.length === 0) throw new OptionError(op, 'needs at least one tensor');
  xs.forEach((x: unknown, i) => checkTensor(op, `xs[${i}]`, x));
};

// gather / scatterAdd (and row-sparse gradients) live in gather.ts.

