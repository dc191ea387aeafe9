// Kipf & Welling's karate-club model and the full-batch training loop shared by examples/karate.ts
// and tests/graph/karate.test.ts, so the test checks the very model the example reports on.
import { gather, tensor, valueAndGrad, type Tensor, type Tree } from '../../src/index.js';
import { oneHot } from '../../src/data/index.js';
import { accuracy, softmaxCrossEntropy } from '../../src/losses/index.js';
import * as nn from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';

/** Three GCN layers 34 → 4 → 4 → 2 with tanh (Kipf & Welling 2017, appendix A); the output is 2-D, so it can be plotted as it is. */
export const karateGcn = () => nn.sequential(nn.gcnConv(34, 4), nn.onNodes(nn.tanh()), nn.gcnConv(4, 4), nn.onNodes(nn.tanh()), nn.gcnConv(4, 2));

/** One-hot node ids, [n, n]: no features beyond identity, so whatever a model learns of an unlabelled node comes from the graph. */
export const identityFeatures = (n: number) => oneHot(Int32Array.from({ length: n }, (_, v) => v), n);

/** Node ids with their labels, ready to gather logits rows. */
export interface Labelled { readonly ids: Tensor; readonly labels: Int32Array }

export const labelled = (ids: Int32Array, labels: Int32Array): Labelled =>
  ({ ids: tensor(Array.from(ids), [ids.length]), labels: Int32Array.from(ids, (v) => labels[v]) });

/** The accuracy of node logits [N, C] on `nodes`. */
export const nodeAccuracy = (logits: Tensor, nodes: Labelled): number => accuracy(gather(logits, nodes.ids), nodes.labels);

/**
 * `epochs` full-batch Adam steps (lr 0.01) on the cross-entropy of `logits(p)` (node logits [N, C])
 * over the `train` nodes; `onEpoch(e, p)` sees the parameters after e steps (e = 0 too). The final parameters.
 */
export function fitNodes<P extends Tree>(logits: (p: P) => Tensor, init: P, train: Labelled, epochs: number, onEpoch?: (epoch: number, p: P) => void): P {
  const opt = adam({ lr: 0.01 });
  const loss = (p: P) => softmaxCrossEntropy(gather(logits(p), train.ids), train.labels);
  let params = init, state = opt.init(params);
  onEpoch?.(0, params);
  for (let e = 1; e <= epochs; e++) {
    const [, g] = valueAndGrad(loss)(params);
    const r = opt.step(params, g, state);
    params = r.params; state = r.state;
    onEpoch?.(e, params);
  }
  return params;
}
