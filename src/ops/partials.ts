// Reductions on untraced tensors in blocked passes, shared by the reduce primitives and by every
// kernel that cuts a long reduction into chunks (gemm over K, direct convolutions, scatter-add).
import { REDUCE_BLOCK, reduceSource } from '../backend/gpujs/kernels/reduce.js';
import { sizeOf, type Shape } from '../shape/shape.js';
import { fromStorage } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { launch } from './launch.js';
import { activeBackend } from '../backend/select.js';

/**
 * Reduces the middle axis of x viewed as [outer, len, inner] → [outer, 1, inner] (as `shape`):
 * blocks of REDUCE_BLOCK per pass, then the partial results again, so no thread loops past the GL
 * limit and float32 rounding grows with the number of passes (logarithmic), not with the length.
 */
export const reduceMiddle = (kind: 'sum' | 'max', x: Tensor, outer: number, len: number, inner: number, shape: Shape): Tensor => {
  let cur = x;
  for (let n = len; n > 1;) {
    const nb = Math.ceil(n / REDUCE_BLOCK);
    const native = kind === 'sum' ? activeBackend().reduceSum?.(cur.storage!, outer, n, inner, REDUCE_BLOCK) : undefined;
    if (native) { cur = fromStorage([outer, nb, inner], native); n = nb; continue; }
    cur = launch(`reduce-${kind}`, reduceSource(kind, n, inner), [cur], [outer, nb, inner], Math.min(n, REDUCE_BLOCK));
    n = nb;
  }
  return fromStorage(shape, cur.storage!);
};

/**
 * Runs a kernel whose output is `parts` blocks of partial results for `shape` (one chunk of a long
 * reduction each; see codegen's partIndex) and adds them up; with one part, the kernel's output is
 * the result. `work` is the multiply-adds per output cell of one part.
 */
export const launchInParts = (name: string, source: string, inputs: readonly Tensor[], parts: number, shape: Shape, work: number): Tensor =>
  parts === 1
    ? launch(name, source, inputs, shape, work)
    : reduceMiddle('sum', launch(name, source, inputs, [parts, sizeOf(shape)], work), 1, parts, sizeOf(shape), shape);
