// Gradient transforms on whole trees.
import { leavesOf, mapLeaves, type Tree } from '../autodiff/tree.js';
import { add, mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { item } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { positive } from './options.js';

const norm = (op: string, arg: string, tree: Tree): number => {
  let total: Tensor | undefined;
  for (const { value } of leavesOf(op, arg, tree)) {
    const s = sum(mul(value, value) as Tensor) as Tensor;
    total = total ? (add(total, s) as Tensor) : s;
  }
  return total ? Math.sqrt(item(total)) : 0;
};

/** √(Σ over every leaf of Σ x²), the L2 norm of the whole tree as one vector (0 for a tree with no leaves). Reads one number back. */
export const globalNorm = (tree: Tree): number => norm('globalNorm', 'tree', tree);

/**
 * Scales `grads` so their global norm is at most `maxNorm`: when the norm exceeds it, every leaf is
 * multiplied by `maxNorm / norm` (so the result's norm is maxNorm, up to float32 rounding); otherwise
 * the same tree comes back. `norm` is the norm before clipping (check it with Number.isFinite to skip
 * a step whose gradients overflowed). Differs from PyTorch's clip_grad_norm_ only in having no +1e-6.
 */
export const clipByGlobalNorm = <G extends Tree>(grads: G, maxNorm: number): { grads: G; norm: number } => {
  positive('clipByGlobalNorm', 'maxNorm', maxNorm);
  const n = norm('clipByGlobalNorm', 'grads', grads);
  if (!(n > maxNorm)) return { grads, norm: n };
  const scale = maxNorm / n;
  return { grads: mapLeaves(grads, (g) => mul(g, scale) as Tensor), norm: n };
};
