// Must-pass snippets for typed layers: parameters, state, inputs and outputs are typed trees, so
// user code reads them without casts.
import { key, normal, tensor, zeros, type Tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

const model = nn.sequential({
  features: nn.sequential(nn.conv2d(1, 6, 5, { padding: 2 }), nn.relu(), nn.maxPool2d({ size: 2 }), nn.conv2d(6, 16, 5), nn.relu()),
  head: nn.sequential(nn.flatten(), nn.dense(1600, 10)),
});
const { params, state } = model.init(key(0), [1, 28, 28]);
// The literal shapes of the parameters, read straight off the tree.
export const w1: Tensor<readonly [6, 1, 5, 5]> = params.features[0].weight;
export const b1: Tensor<readonly [6]> | undefined = params.features[0].bias;
export const w2: Tensor<readonly [16, 6, 5, 5]> = params.features[3].weight;
export const wd: Tensor<readonly [10, 1600]> = params.head[1].weight;
// A batch whose shape is known only at run time is accepted (the layers check it when they run).
declare const batch: Tensor;
export const logits: Tensor = model.apply(params, state, batch).y;

// Positional chains carry literal batch shapes through shape-keeping layers.
const mlp = nn.sequential(nn.dense(784, 128), nn.relu(), nn.dropout(0.1), nn.dense(128, 10));
const mp = mlp.init(key(1), [784]);
export const y10: Tensor<readonly [number, 10]> = mlp.apply(mp.params, mp.state, normal(key(2), [32, 784])).y;

// Batch norm's running statistics are typed state.
const bn = nn.batchNorm(8);
export const rm: Tensor<readonly [8]> = bn.init(key(3), [8, 4, 4]).state.runningMean;

// A stateful recurrent layer: { x, mask?, carry? } in, { y, carry } out; the carry goes back in.
const lstm = nn.lstm(3, 4, { stateful: true });
const lp = lstm.init(key(4), { x: [5, 3] }).params;
const first = lstm.apply(lp, {}, { x: normal(key(5), [2, 5, 3]), mask: tensor([1, 1, 1, 1, 0, 1, 1, 1, 1, 1], [2, 5]) }).y;
export const next: nn.RecurrentOutput = lstm.apply(lp, {}, { x: normal(key(6), [2, 5, 3]), carry: first.carry }).y;
export const wih: Tensor = lp[0].forward.weightIh;
// A plain recurrent layer with returnSequences: false gives [B, H].
export const last: Tensor<readonly [number, number]> = nn.gru(3, 4, { returnSequences: false }).apply(nn.gru(3, 4).init(key(7), [5, 3]).params, {}, zeros([2, 5, 3])).y;

// Several inputs: one layer per named input, then joined.
const cond = nn.sequential(nn.each({ z: nn.identity(), label: nn.embedding(10, 16) }), nn.concatenate(), nn.dense(80, 1));
const cp = cond.init(key(8), { z: [64], label: [] });
export const emb: Tensor<readonly [10, 16]> = cp.params[0].label.weight;
export const out: Tensor<readonly [number, 1]> = cond.apply(cp.params, cp.state, { z: zeros([4, 64]), label: tensor([1, 2, 3, 4], [4]) }).y;

// partition / combine keep the tree's type: the head trains, the features stay.
const [headPart, frozen] = nn.partition(params, (path) => path.startsWith('head.'));
export const whole: typeof params = nn.combine(headPart, frozen);
