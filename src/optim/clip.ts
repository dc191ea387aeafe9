// Gradient transforms on whole trees.
import { gradLeavesOf, mapGradLeaves, type GradTree } from '../autodiff/tree.js';
import { add, mul } from '../ops/elementwise.js';
import { RowSparse, isRowSparse, toDense } from '../ops/gather.js';
import { sum } from '../ops/reduce.js';
import { item } from '../tensor/create.js';
import type { Cotangent, Tensor } from '../tensor/tensor.js';
import { positive } from './options.js';

// A row-sparse leaf's norm is its distinct rows' (repeated ids summed first, as the dense value has them).
const values = (c: Cotangent): Tensor => (isRowSparse(c) ? c.coalesce().rows : toDense(c));

const scaled = (c: Cotangent, k: number): Cotangent =>
  isRowSparse(c) ? new RowSparse(c.shape, c.parts.map((p) => ({ indices: p.indices, rows: mul(p.rows, k) as Tensor }))) : (mul(toDense(c), k) as Tensor);

const norm = (op: string, arg: string, tree: GradTree): number => {
  let total: Tensor | undefined;
  for (const { value: leaf } of gradLeavesOf(op, arg, tree)) {
    const value = values(leaf);
    const s = sum(mul(value, value) as Tensor) as Tensor;
    total = total ? (add(total, s) as Tensor) : s;
  }
  return total ? Math.sqrt(item(total)) : 0;
};

/** √(Σ over every leaf of Σ x²), the L2 norm of the whole tree as one vector (0 for a tree with no leaves). Reads one number back. */
export const globalNorm = (tree: GradTree): number => norm('globalNorm', 'tree', tree);

/**
 * Scales `grads` so their global norm is at most `maxNorm`: when the norm exceeds it, every leaf is
 * multiplied by `maxNorm / norm` (so the result's norm is maxNorm, up to float32 rounding); otherwise
 * the same tree comes back. `norm` is the norm before clipping (check it with Number.isFinite to skip
 * a step whose gradients overflowed). Row-sparse leaves stay row-sparse. Differs from PyTorch's clip_grad_norm_ only in having no +1e-6.
 */
export const clipByGlobalNorm = <G extends GradTree>(grads: G, maxNorm: number): { grads: G; norm: number } => {
  positive('clipByGlobalNorm', 'maxNorm', maxNorm);
  const n = norm('clipByGlobalNorm', 'grads', grads);
  if (!(n > maxNorm)) return { grads, norm: n };
  const scale = maxNorm / n;
  return { grads: mapGradLeaves('clipByGlobalNorm', grads, (g) => scaled(g, scale)), norm: n };
};
