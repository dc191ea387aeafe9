// The layer law cases: every built-in layer and combinator, with an input shape.
import * as nn from '../../src/nn/index.js';
import type { AnyLayer, Spec } from '../../src/nn/index.js';
import { key, normal, split, tensor, type Tensor } from '../support/api.js';

/** A layer, its input spec, and (where a normal sample would not do) the input itself with the paths of its constant leaves. */
export interface LayerCase {
  name: string; layer: AnyLayer; input: Spec; training?: boolean; ids?: Tensor; opts?: { atol?: number; rtol?: number };
  value?: unknown; constant?: readonly string[];
}
const ids = tensor([0, 3, 2, 4, 4, 1], [2, 3]);
const ks = split(key(21), 8);
// Sequences of 5 steps for batch 2: the first has 3 real steps then padding, the second 5.
const mask = tensor([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], [2, 5]);
const seqs = normal(ks[0], [2, 5, 3]);
const state = (k: number, lstm: boolean) => (lstm ? { h: normal(ks[k], [2, 4], 0, 0.5), c: normal(ks[k + 1], [2, 4], 0, 0.5) } : { h: normal(ks[k], [2, 4], 0, 0.5) });
export const layerCases: LayerCase[] = [
  { name: 'dense', layer: nn.dense(5, 3), input: [5] },
  { name: 'conv2d', layer: nn.conv2d(2, 3, 3, { padding: 1, stride: 2 }), input: [2, 5, 6] },
  { name: 'conv1d', layer: nn.conv1d(4, 2, 3, { groups: 2, padding: 'same' }), input: [4, 7] },
  { name: 'maxPool2d', layer: nn.maxPool2d({ size: 2 }), input: [2, 4, 6] },
  { name: 'avgPool2d', layer: nn.avgPool2d({ size: 3, stride: 2, padding: 1 }), input: [1, 5, 5] },
  { name: 'flatten', layer: nn.flatten(), input: [2, 3, 2] },
  { name: 'relu', layer: nn.relu(), input: [7] },
  { name: 'tanh', layer: nn.tanh(), input: [7] },
  { name: 'sigmoid', layer: nn.sigmoid(), input: [7] },
  { name: 'softplus', layer: nn.softplus(), input: [7] },
  { name: 'leakyRelu', layer: nn.leakyRelu(0.2), input: [7] },
  { name: 'softmax', layer: nn.softmax(), input: [7] },
  { name: 'identity', layer: nn.identity(), input: [3] },
  { name: 'dropout', layer: nn.dropout(0.3), input: [6], training: true },
  { name: 'batchNorm', layer: nn.batchNorm(3), input: [3, 2, 2], training: true },
  { name: 'batchNorm (eval)', layer: nn.batchNorm(3), input: [3] },
  { name: 'layerNorm', layer: nn.layerNorm(4), input: [2, 4] },
  { name: 'embedding', layer: nn.embedding(5, 3), input: [3], ids },
  // smooth pieces only: a finite difference across a relu/max kink is not a derivative
  { name: 'sequential', layer: nn.sequential(nn.conv2d(1, 2, 3, { padding: 1 }), nn.tanh(), nn.avgPool2d({ size: 2 }), nn.flatten(), nn.dense(8, 3)), input: [1, 4, 4] },
  { name: 'parallel', layer: nn.parallel([nn.conv2d(2, 1, 1), nn.conv2d(2, 2, 3, { padding: 1 })]), input: [2, 3, 3] },
  { name: 'residual', layer: nn.residual(nn.sequential(nn.dense(4, 4), nn.tanh())), input: [4] },
  { name: 'freeze', layer: nn.freeze(nn.dense(3, 2)), input: [3] },
  { name: 'rnn (relu, last state)', layer: nn.rnn(3, 4, { nonlinearity: 'relu', returnSequences: false }), input: [4, 3] },
  { name: 'lstm (2 layers, bidirectional, forget bias 1)', layer: nn.lstm(3, 4, { layers: 2, bidirectional: true, forgetBias: 1 }), input: [4, 3] },
  { name: 'lstm (diagonal peepholes on i, o; learned initial state)', layer: nn.lstm(3, 4, { peephole: { gates: ['i', 'o'] }, learnInitialState: true }), input: [5, 3] },
  // (truncated BPTT is deliberately not the true gradient: its law is in scan.test.ts)
  { name: 'lstm (full peepholes)', layer: nn.lstm(3, 4, { peephole: { gates: ['i', 'f', 'o'], kind: 'full' } }), input: [5, 3] },
  { name: 'gru (cho)', layer: nn.gru(3, 4), input: [4, 3] },
  { name: 'gru (pytorch, bidirectional, last state)', layer: nn.gru(3, 4, { variant: 'pytorch', bidirectional: true, returnSequences: false }), input: [4, 3] },
  // several inputs: a record in, a record out, or a record joined into one tensor
  {
    name: 'each + concatenate (noise and a class label)', layer: nn.sequential(nn.each({ z: nn.identity(), label: nn.embedding(6, 3) }), nn.concatenate(), nn.dense(7, 2)),
    input: { z: [4], label: [] }, value: { z: normal(ks[5], [2, 4]), label: tensor([5, 0], [2]) }, constant: ['label'],
  },
  // stateful recurrent layers: sequences with a mask and a carried state in, the outputs and the new carry out
  {
    name: 'lstm (stateful: mask and carry in, carry out)', layer: nn.lstm(3, 4, { stateful: true }), input: { x: [5, 3] },
    value: { x: seqs, mask, carry: [{ forward: state(1, true) }] }, constant: ['mask'],
  },
  {
    name: 'gru (stateful, 2 layers, bidirectional, last state)', layer: nn.gru(3, 4, { stateful: true, layers: 2, bidirectional: true, returnSequences: false }), input: { x: [5, 3] },
    value: { x: seqs, carry: [{ forward: state(3, false), backward: state(4, false) }, { forward: state(5, false), backward: state(6, false) }] },
  },
];

