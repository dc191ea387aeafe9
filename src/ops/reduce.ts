import { definePrimitive } from '../autodiff/primitive.js';
import { reduceSource } from '../backend/gpujs/kernels/reduce.js';
import { fromHost } from '../tensor/create.js';
import { normAxes, sizeOf, type Shape } from '../shape/shape.js';
import type { Reduced } from '../shape/types.js';
import { Tensor } from '../tensor/tensor.js';
import { stopGradient } from '../autodiff/grad.js';
import { add, broadcastTo, div, equal, exp, log, mul, neg, sub } from './elementwise.js';
import { launch } from './launch.js';
import { reshape } from './movement.js';

interface ReduceParams { readonly axes: readonly number[]; readonly keepDims: boolean }

const keptShape = (s: Shape, axes: readonly number[]): number[] => s.map((d, i) => (axes.includes(i) ? 1 : d));
const outShape = (s: Shape, { axes, keepDims }: ReduceParams): number[] =>
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

const reduceForward = (kind: 'sum' | 'max') => ([x]: readonly Tensor[], p: ReduceParams, shape: Shape): Tensor => {
  if (p.axes.some((a) => x.shape[a] === 0)) return fromHost(new Float32Array(sizeOf(shape)).fill(kind === 'sum' ? 0 : -Infinity), shape);
  let cur: Tensor = x;
  let s = [...x.shape];
  for (const [lo, hi] of runs(p.axes)) {
    const len = sizeOf(s.slice(lo, hi)), inner = sizeOf(s.slice(hi));
    s = [...s.slice(0, lo), ...Array<number>(hi - lo).fill(1), ...s.slice(hi)];
    cur = launch(`reduce-${kind}`, reduceSource(kind, len, inner), [cur], s, len);
  }
  return reshape(cur, shape);
};

const sumPrim = definePrimitive<ReduceParams>({
  name: 'sum',
  shape: ([s], p) => outShape(s, p),
  forward: reduceForward('sum'),
  vjp: (g, [x], _y, p) => [broadcastTo(reshape(g, keptShape(x.shape, p.axes)), x.shape)],
});

const maxPrim = definePrimitive<ReduceParams>({
  name: 'max',
  shape: ([s], p) => outShape(s, p),
  forward: reduceForward('max'),
  // Ties share the gradient equally (as in JAX).
  vjp: (g, [x], y, p) => {
    const kept = keptShape(x.shape, p.axes);
    const mask = equal(x, reshape(stopGradient(y), kept));
    const count = sum(mask, p.axes, true);
    return [div(mul(broadcastTo(reshape(g, kept), x.shape), mask), count)];
  },
});

type Axes = number | readonly number[] | undefined;

/** Sum over `axes` (all axes when omitted); `keepDims` leaves them as size 1. */
export const sum = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> =>
  sumPrim([x], { axes: normAxes('sum', axes, x.rank), keepDims: keepDims ?? false }) as Tensor<Reduced<S, Ax, K>>;

/** Maximum over `axes` (all when omitted). */
export const max = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> =>
  maxPrim([x], { axes: normAxes('max', axes, x.rank), keepDims: keepDims ?? false }) as Tensor<Reduced<S, Ax, K>>;

/** Mean over `axes` (all when omitted). */
export const mean = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  const ax = normAxes('mean', axes, x.rank);
  const n = ax.reduce((acc, a) => acc * x.shape[a], 1);
  return div(sum(x as Tensor, ax, keepDims ?? false) as Tensor, n) as unknown as Tensor<Reduced<S, Ax, K>>;
};

/** log Σ exp(x) over `axes`, computed stably (shifted by the max, which carries no gradient). */
export const logsumexp = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  const ax = normAxes('logsumexp', axes, x.rank);
  const xt = x as Tensor;
  const m = stopGradient(max(xt, ax, true)) as Tensor;
  const r = add(log(sum(exp(sub(xt, m)), ax, true) as Tensor), m);
  return (keepDims ? r : reshape(r, outShape(x.shape, { axes: ax, keepDims: false }))) as unknown as Tensor<Reduced<S, Ax, K>>;
};

/** softmax along `axis` (default −1), stable for large logits. */
export const softmax = <S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> => exp(logSoftmax(x, axis)) as Tensor<S>;

/** Minimum over `axes` (all when omitted). */
export const min = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> =>
  neg(max(neg(x as Tensor), axes, keepDims) as Tensor) as unknown as Tensor<Reduced<S, Ax, K>>;

/** log softmax along `axis` (default −1), stable for large logits. */
export const logSoftmax = <S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> => {
  // (x − m) − log Σ exp(x − m): subtracting the rounded logsumexp instead loses ~1e-5 at logits near 1000.
  const xt = x as Tensor;
  const m = stopGradient(max(xt, [axis], true)) as Tensor;
  const shifted = sub(xt, m);
  return sub(shifted, log(sum(exp(shifted), [axis], true) as Tensor)) as unknown as Tensor<S>;
};
