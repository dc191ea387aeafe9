// Cosine similarity between embedding rows, with the library's ops (differentiable, on the backend).
import { div, maximum, sqrt, square } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/sum.js';
import { ShapeError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Below this norm a row counts as zero: its similarities are 0 rather than NaN. */
const TINY = 1e-12;

/** `[V, V]`: entry (a, b) is cos∠(x_a, x_b) = ⟨x_a, x_b⟩ / (‖x_a‖·‖x_b‖) for rows of `x` `[V, d]`. */
export function cosineSimilarities(x: Tensor): Tensor {
  if (x.rank !== 2) throw new ShapeError('cosineSimilarities', 'x', x.shape, 'must be [V, d] (one vector per row)');
  const unit = div(x, maximum(sqrt(sum(square(x), 1, true)), TINY));
  return matmul(unit, unit, { transposeB: true });
}
