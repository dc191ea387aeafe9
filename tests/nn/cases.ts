// The layer law cases: every built-in layer and combinator, with an input shape.
import * as nn from '../../src/nn/index.js';
import type { Layer } from '../../src/nn/index.js';
import { tensor, type Tensor } from '../support/api.js';

export interface LayerCase { name: string; layer: Layer; input: number[]; training?: boolean; ids?: Tensor; opts?: { atol?: number; rtol?: number } }
const ids = tensor([0, 3, 2, 4, 4, 1], [2, 3]);
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
];

