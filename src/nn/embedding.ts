import { gather } from '../ops/index.js';
import { checkOptions } from '../shape/options.js';
import { checkShape } from '../shape/shape.js';
import { checkNonNegative, checkParamSize, checkSize } from './args.js';
import type { Tensor } from '../tensor/tensor.js';
import { normalData } from '../random/sample.js';
import { fromHost } from '../tensor/create.js';
import type { Empty, Layer } from './layer.js';
import { withShape } from './typed.js';

export type EmbeddingParams<V extends number = number, D extends number = number> = { readonly weight: Tensor<readonly [V, D]> };

/** Embedding table [vocab, dim] (init N(0, 1), as PyTorch): integer ids [B, ...] → [B, ..., dim]. */
export const embedding = <V extends number, D extends number>(vocab: V, dim: D, o: { std?: number } = {}): Layer<EmbeddingParams<V, D>, Empty> => {
  checkSize('embedding', 'vocab', vocab);
  checkSize('embedding', 'dim', dim);
  checkOptions('embedding', o, ['std']);
  checkNonNegative('embedding', 'std', o.std);
  checkParamSize('embedding', [vocab, dim]);
  return {
    kind: 'embedding',
    init: (k, s) => {
      checkShape('embedding', s);
      return { params: { weight: withShape('embedding', fromHost(normalData(k, vocab * dim, 0, o.std ?? 1), [vocab, dim]), [vocab, dim]) }, state: {}, outputShape: [...s, dim] };
    },
    apply: (p, st, x) => ({ y: gather(p.weight, x), state: st }),
  };
};
