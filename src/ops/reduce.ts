import { stopGradient } from '../autodiff/ad-util.js';
import { definePrimitive } from '../autodiff/primitive.js';
import { normAxes, normAxis, type Shape } from '../shape/shape.js';
import type { Reduced } from '../shape/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs, add, div, equal, exp, less, log, mul, neg, sub, where } from './elementwise.js';
import { checkTensor } from './launch.js';
import { reshape } from './movement.js';
import { broadcastTo, checkReduce, keptShape, outShape, reduceForward, sum, type Axes, type ReduceParams } from './sum.js';

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

// sum lives with broadcastTo, its adjoint (./sum.ts); re-exported here as before.
export { sum };

/** Maximum over `axes` (all when omitted). */
export const max = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  checkReduce('max', x, keepDims);
  return maxPrim([x], { axes: normAxes('max', axes, x.rank), keepDims: keepDims ?? false }) as Tensor<Reduced<S, Ax, K>>;
};

/** Mean over `axes` (all when omitted). */
export const mean = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  checkReduce('mean', x, keepDims);
  const ax = normAxes('mean', axes, x.rank);
  const n = ax.reduce((acc, a) => acc * x.shape[a], 1);
  return div(sum(x as Tensor, ax, keepDims ?? false) as Tensor, n) as unknown as Tensor<Reduced<S, Ax, K>>;
};

// The shift by the max keeps exp from overflowing; it carries no gradient. A ±Inf or NaN max is
// replaced by 0: x − m would turn a row of −Inf into NaN (−Inf − −Inf) instead of exp(−Inf) = 0, and
// a +Inf row into NaN instead of +Inf. NaN entries stay NaN through exp and the sum either way.
const shiftOf = (x: Tensor, axes: readonly number[]): Tensor => {
  const m = max(x, axes, true) as Tensor;
  return stopGradient(where(less(abs(m), Infinity), m, 0)) as Tensor;
};

/** log Σ exp(x) over `axes`, computed stably: −Inf for all −Inf, +Inf if any is +Inf, NaN if any is NaN. */
export const logsumexp = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  checkReduce('logsumexp', x, keepDims);
  const ax = normAxes('logsumexp', axes, x.rank);
  const xt = x as Tensor;
  const m = shiftOf(xt, ax);
  const r = add(log(sum(exp(sub(xt, m)), ax, true) as Tensor), m);
  return (keepDims ? r : reshape(r, outShape(x.shape, { axes: ax, keepDims: false }))) as unknown as Tensor<Reduced<S, Ax, K>>;
};

/** log softmax along the (resolved) axis a. */
const logSoftmaxAt = (x: Tensor, a: number): Tensor => {
  // (x − m) − log Σ exp(x − m): subtracting the rounded logsumexp instead loses ~1e-5 at logits near 1000.
  const shifted = sub(x, shiftOf(x, [a]));
  return sub(shifted, log(sum(exp(shifted), [a], true) as Tensor));
};

/** softmax along `axis` (default −1), stable for large logits; a −Inf logit gets probability 0. */
export const softmax = <S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> => {
  checkTensor('softmax', 'x', x);
  return exp(logSoftmaxAt(x as Tensor, normAxis('softmax', axis, x.rank))) as Tensor<S>;
};

/** Minimum over `axes` (all when omitted). */
export const min = <S extends Shape, const Ax extends Axes = undefined, K extends boolean = false>(x: Tensor<S>, axes?: Ax, keepDims?: K): Tensor<Reduced<S, Ax, K>> => {
  checkReduce('min', x, keepDims);
  return neg(max(neg(x as Tensor), normAxes('min', axes, x.rank), keepDims) as Tensor) as unknown as Tensor<Reduced<S, Ax, K>>;
};

/** log softmax along `axis` (default −1), stable for large logits; a −Inf logit gives −Inf. */
export const logSoftmax = <S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> => {
  checkTensor('logSoftmax', 'x', x);
  return logSoftmaxAt(x as Tensor, normAxis('logSoftmax', axis, x.rank)) as unknown as Tensor<S>;
};
