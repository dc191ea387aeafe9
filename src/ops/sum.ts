// sum and broadcastTo are each other's pullbacks, so they live in one module, below elementwise
// (whose binary pullbacks sum back to each input's shape with sumTo) and reduce (whose other
// reductions are built from elementwise ops). Both of those re-export what they used to define.
import { definePrimitive } from '../autodiff/primitive.js';
import { broadcastToSource } from '../backend/gpujs/kernels/movement.js';
import { ShapeError } from '../shape/errors.js';
import { checkBoolean } from '../shape/options.js';
import { broadcastShapes, checkShape, fmt, normAxes, sameShape, sizeOf, type Shape } from '../shape/shape.js';
import type { Reduced } from '../shape/types.js';
import { fromHost } from '../tensor/create.js';
import { activeBackend } from '../backend/select.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor, launch, nativeOrLaunch } from './launch.js';
import { reshape } from './movement.js';
import { reduceMiddle } from './partials.js';

// ---------- reductions: what every reduction primitive shares ----------

/** @internal parameters of a reduction primitive (axes resolved, ascending). */
export interface ReduceParams { readonly axes: readonly number[]; readonly keepDims: boolean }

/** @internal the axes argument of a reduction. */
export type Axes = number | readonly number[] | undefined;

/** @internal `s` with the reduced axes kept as size 1. */
export const keptShape = (s: Shape, axes: readonly number[]): number[] => s.map((d, i) => (axes.includes(i) ? 1 : d));

/** @internal a reduction's output shape. */
export const outShape = (s: Shape, { axes, keepDims }: ReduceParams): number[] =>
  keepDims ? keptShape(s, axes) : s.filter((_, i) => !axes.includes(i));

/** Runs of consecutive axes, last run first (each run is one kernel launch). */
const runs = (axes: readonly number[]): [number, number][] => {
  const out: [number, number][] = [];
  for (const a of axes) {
    const last = out[out.length - 1];
    if (last && last[1] === a) last[1] = a + 1; else out.push([a, a + 1]);
  }
  return out.reverse();
};

/** @internal the forward of the sum and max primitives. */
export const reduceForward = (kind: 'sum' | 'max') => ([x]: readonly Tensor[], p: ReduceParams, shape: Shape): Tensor => {
  if (p.axes.some((a) => x.shape[a] === 0)) return fromHost(new Float32Array(sizeOf(shape)).fill(kind === 'sum' ? 0 : -Infinity), shape);
  let cur: Tensor = x;
  let s = [...x.shape];
  for (const [lo, hi] of runs(p.axes)) {
    const outer = sizeOf(s.slice(0, lo)), inner = sizeOf(s.slice(hi));
    s = [...s.slice(0, lo), ...Array<number>(hi - lo).fill(1), ...s.slice(hi)];
    cur = reduceMiddle(kind, cur, outer, sizeOf(x.shape.slice(lo, hi)), inner, s);
  }
  return reshape(cur, shape);
};

/** @internal the checks every reduction makes on its arguments (axes are checked by normAxes). */
export const checkReduce = (op: string, x: unknown, keepDims: unknown): void => {
  checkTensor(op, 'x', x);
  checkBoolean(op, 'keepDims', keepDims);
};

// ---------- sum and broadcastTo ----------

const sumPrim = definePrimitive<ReduceParams>({
  name: 'sum',
  shape: ([s], p) => outShape(s, p),
  forward: reduceForward('sum'),
  vjp: (g, [x], _y, p) => [broadcastTo(reshape(g, keptShape(x.shape, p.axes)), x.shape)],
});

/** Sum over `axes` (all axes when omitted); `keepDims` leaves them as size 1. */
export const sum = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  checkReduce('sum', x, keepDims);
  return sumPrim([x], { axes: normAxes('sum', axes, x.rank), keepDims: keepDims ?? false }) as Tensor<Reduced<S, Ax, K>>;
};

const broadcastToPrim = definePrimitive<Shape>({
  name: 'broadcastTo',
  shape: ([s], target) => {
    const b = broadcastShapes('broadcastTo', target, s);
    if (!sameShape(b, target)) throw new ShapeError('broadcastTo', 'x', s, `cannot broadcast to ${fmt(target)}`);
    return target;
  },
  forward: ([x], target, shape) => {
    if (sameShape(x.shape, target)) return x;
    return nativeOrLaunch(activeBackend().broadcast?.(x.storage!, x.shape, target), 'broadcastTo', () => broadcastToSource(x.shape, target), [x], shape);
  },
  vjp: (g, [x]) => [sumTo(g, x.shape)],
});

/** Repeats size-1 (and missing leading) axes of x to reach `shape`. */
export const broadcastTo = <const T extends Shape>(x: Tensor, shape: T): Tensor<T> => {
  checkTensor('broadcastTo', 'x', x);
  checkShape('broadcastTo', shape);
  return (sameShape(x.shape, shape) && !x.box ? x : broadcastToPrim([x], shape)) as Tensor<T>;
};

/** Sums `x` down to `shape` (the adjoint of broadcasting to x's shape). */
export const sumTo = <const T extends Shape>(x: Tensor, shape: T): Tensor<T> => {
  checkTensor('sumTo', 'x', x);
  checkShape('sumTo', shape);
  if (sameShape(x.shape, shape)) return x as Tensor<T>;
  if (shape.length > x.rank || !sameShape(broadcastShapes('sumTo', x.shape, shape), x.shape))
    throw new ShapeError('sumTo', 'x', x.shape, `cannot be summed to ${fmt(shape)} (that shape must broadcast to x's)`);
  const lead = x.shape.length - shape.length;
  const axes: number[] = [];
  x.shape.forEach((d, i) => { if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i); });
  return reshape(sum(x, axes, true) as Tensor, shape as Shape) as unknown as Tensor<T>;
};
