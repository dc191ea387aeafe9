import { gather } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { normalData } from '../random/sample.js';
import { fromHost } from '../tensor/create.js';
import type { Layer } from './layer.js';

/** Embedding table [vocab, dim] (init N(0, 1), as PyTorch): integer ids [B, ...] → [B, ..., dim]. */
export const embedding = <D extends number>(vocab: number, dim: D, o: { std?: number } = {}): Layer<number[], [...number[], D]> => ({
  kind: 'embedding',
  init: (k, s) => ({ params: { weight: fromHost(normalData(k, vocab * dim, 0, o.std ?? 1), [vocab, dim]) }, state: {}, outputShape: [...s, dim] }),
  apply: (p, st, x) => ({ y: gather(p.weight as Tensor, x), state: st }),
});
