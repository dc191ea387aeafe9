// Reductions on untraced tensors in blocked passes, shared by the reduce primitives and by every
// kernel that cuts a long reduction into chunks (gemm over K, direct convolutions, scatter-add).
import { REDUCE_BLOCK, reduceSource } from '../backend/gpujs/kernels/reduce.js';
import { sizeOf, type Shape } from '../shape/shape.js';
import { fromStorage } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { launch } from './launch.js';

/**
 * Reduces the middle axis of x viewed as [outer, len, inner] → [outer, 1, inner] (as `shape`):
 * blocks of REDUCE_BLOCK per pass, then the partial results again, so no thread loops past the GL
 * limit and float32 rounding grows with the number of passes (logarithmic), not with the length.
 */
export const reduceMiddle = (kind: 'sum' | 'max', x: Tensor, outer: number, len: number, inner: number, shape: Shape): Tensor => {
  let cur = x;
  for (let n = len; n > 1;) {
    const nb = Math.ceil(n / REDUCE_BLOCK);
    cur = launch(`reduce-${kind}`, reduceSource(kind, n, inner), [cur], [outer, nb, inner], Math.min(n, REDUCE_BLOCK));
    n = nb;
  }
  return fromStorage(shape, cur.storage!);
};

/** Σ over the first axis of partial results [count, ...shape] → shape. */
export const sumPartials = (parts: Tensor, count: number, shape: Shape): Tensor =>
  reduceMiddle('sum', parts, 1, count, sizeOf(shape), shape);
