// Must-fail snippets: each line marked @ts-expect-error must be a type error, or tsc reports
// "Unused '@ts-expect-error' directive" and tests/types.test.ts fails.
import { add, conv2d, matmul, maxPool2d, reshape, sum, tensor, zeros } from '../../src/index.js';

const a = zeros([2, 3]);
const b = zeros([4, 5]);
const c = zeros([3, 4]);

// @ts-expect-error inner dimensions 3 vs 4
export const e1 = matmul(a, b);
// @ts-expect-error batched inner dimensions differ
export const e2 = matmul(zeros([8, 2, 3]), zeros([8, 5, 4]));
// @ts-expect-error [2,3] and [4,5] do not broadcast
export const e3 = add(a, b);
// @ts-expect-error trailing dims 3 vs 2 do not broadcast
export const e4 = add(zeros([5, 2, 3]), zeros([2, 2]));
// @ts-expect-error reshape to a different element count (6 → 5)
export const e5 = reshape(a, [5]);
// @ts-expect-error conv2d channels: input has 3, weight expects 1
export const e6 = conv2d(zeros([1, 3, 28, 28]), zeros([6, 1, 5, 5]));
// @ts-expect-error conv2d input must be rank 4
export const e7 = conv2d(zeros([3, 28, 28]), zeros([6, 3, 5, 5]));

// The result types that make such checks possible downstream:
const m = matmul(a, c);
// @ts-expect-error matmul of [2,3]·[3,4] is [2,4], not [4,2]
export const e8: readonly [4, 2] = m.shape;
const y = conv2d(zeros([32, 1, 28, 28]), zeros([6, 1, 5, 5]), { padding: 2 });
// @ts-expect-error LeNet conv 1 keeps 28×28 with padding 2
export const e9: readonly [32, 6, 24, 24] = y.shape;
const p = maxPool2d(y, { size: 2 });
// @ts-expect-error 2×2 pooling halves 28 to 14
export const e10: readonly [32, 6, 28, 28] = p.shape;
// @ts-expect-error summing axis 1 of [2,3] leaves [2]
export const e11: readonly [3] = sum(a, 1).shape;
// @ts-expect-error a tensor's shape is read-only
tensor([1, 2], [2]).shape[0] = 3;

// Layers: a literal output that does not fit the next literal input.
import { dense, sequential, conv2d as convLayer, flatten, relu, lstm as lstmLayer, each } from '../../src/nn/index.js';
import type { Tensor } from '../../src/index.js';
// @ts-expect-error dense 784→120 cannot feed dense 100→10
export const l1 = sequential(dense(784, 120), relu(), dense(100, 10));
// @ts-expect-error conv with 6 output channels cannot feed a conv expecting 3
export const l2 = sequential(convLayer(1, 6, 5), convLayer(3, 16, 5));
export const ok = sequential(convLayer(1, 6, 5, { padding: 2 }), relu(), flatten(), dense(4704, 10));

// Typed layer trees: the wrong literal shape for a parameter, a missing input, a wrong input kind.
import { key as makeKey } from '../../src/index.js';
const typed = sequential(convLayer(1, 6, 5), relu()).init(makeKey(0), [1, 28, 28]).params;
// @ts-expect-error the first conv's weight is [6, 1, 5, 5], not [6, 3, 5, 5]
export const t1: Tensor<readonly [6, 3, 5, 5]> = typed[0].weight;
// @ts-expect-error a stateful LSTM takes { x, mask?, carry? }, not a bare tensor spec
export const t2 = lstmLayer(3, 4, { stateful: true }).init(makeKey(0), [5, 3]);
// @ts-expect-error a plain LSTM's params have no 'gates' entry
export const t3 = lstmLayer(3, 4).init(makeKey(0), [5, 3]).params[0].gates;
// @ts-expect-error each({ z, label }) needs both inputs
export const t4 = each({ z: relu(), label: relu() }).apply({ z: {}, label: {} }, { z: {}, label: {} }, { z: zeros([2, 3]) });
