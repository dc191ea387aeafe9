// An embedding layer whose table starts as a given tensor (word vectors aligned with a vocabulary,
// see `wordVectorTable`) instead of a random draw: integer ids [B, ...] → [B, ..., dim].
import { gather } from '../ops/index.js';
import { checkShape } from '../shape/shape.js';
import { ShapeError } from '../shape/errors.js';
import { checkTensor } from '../ops/launch.js';
import type { Tensor } from '../tensor/tensor.js';
import type { EmbeddingParams } from './embedding.js';
import type { Empty, Layer } from './layer.js';
import { withShape } from './typed.js';

/** Embedding whose `init` returns `table` [V, D] itself (the key is unused): the same parameters `embedding(V, D)` has. */
export const embeddingFrom = (table: Tensor): Layer<EmbeddingParams, Empty> => {
  checkTensor('embeddingFrom', 'table', table);
  if (table.rank !== 2 || table.shape[0] < 1 || table.shape[1] < 1) throw new ShapeError('embeddingFrom', 'table', table.shape, 'must be [vocab, dim] with both ≥ 1');
  const [V, D] = table.shape;
  const weight = withShape('embeddingFrom', table, [V, D]);
  return {
    kind: 'embeddingFrom',
    init: (_k, s) => {
      checkShape('embeddingFrom', s);
      return { params: { weight }, state: {}, outputShape: [...s, D] };
    },
    apply: (p, st, x) => ({ y: gather(p.weight, x), state: st }),
  };
};
