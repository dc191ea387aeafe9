import { gather } from '../ops/index.js';
import { checkOptions } from '../shape/options.js';
import { checkShape } from '../shape/shape.js';
import { checkNonNegative, checkParamSize, checkSize } from './args.js';
import type { Tensor } from '../tensor/tensor.js';
import { normalData } from '../random/sample.js';
import { fromHost } from '../tensor/create.js';
import type { Layer } from './layer.js';

/** Embedding table [vocab, dim] (init N(0, 1), as PyTorch): integer ids [B, ...] → [B, ..., dim]. */
export const embedding = <D extends number>(vocab: number, dim: D, o: { std?: number } = {}): Layer<number[], [...number[], D]> => {
  checkSize('embedding', 'vocab', vocab);
  checkSize('embedding', 'dim', dim);
  checkOptions('embedding', o, ['std']);
  checkNonNegative('embedding', 'std', o.std);
  checkParamSize('embedding', [vocab, dim]);
  return embeddingLayer(vocab, dim, o);
};

const embeddingLayer = <D extends number>(vocab: number, dim: D, o: { std?: number }): Layer<number[], [...number[], D]> => ({
  kind: 'embedding',
  init: (k, s) => {
    checkShape('embedding', s);
    return { params: { weight: fromHost(normalData(k, vocab * dim, 0, o.std ?? 1), [vocab, dim]) }, state: {}, outputShape: [...s, dim] };
  },
  apply: (p, st, x) => ({ y: gather(p.weight as Tensor, x), state: st }),
});
