// The AlphaGo Zero loss: cross-entropy of the policy logits against the search's visit
// distribution, squared error of the value against the game's outcome, and an L2 penalty.
import { leaves, type Tree } from '../autodiff/tree.js';
import { add, mul, square } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { ShapeError } from '../shape/errors.js';
import { fmt, sameShape } from '../shape/shape.js';
import { scalar } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { softmaxCrossEntropy } from '../losses/classification.js';
import { mse } from '../losses/regression.js';
import { splitOutput } from './net.js';

export interface AlphaZeroLossParts { readonly policy: Tensor; readonly value: Tensor }

/**
 * The data terms of the loss, each a mean over the batch: `policy` = −Σ π·log softmax(logits),
 * `value` = (v − z)². `output` and `target` are both [B, moveCount + 1]: the network's logits and
 * value, and the visit distribution π and outcome z in the same layout.
 */
export const alphaZeroLoss = (output: Tensor, target: Tensor, moveCount: number): AlphaZeroLossParts => {
  if (output.rank !== 2 || output.shape[1] !== moveCount + 1) throw new ShapeError('alphaZeroLoss', 'output', output.shape, `must be [B, ${moveCount + 1}] (${moveCount} logits and a value)`);
  if (!sameShape(target.shape, output.shape)) throw new ShapeError('alphaZeroLoss', 'target', target.shape, `must have the shape of output ${fmt(output.shape)} (π then z)`);
  const y = splitOutput(output, moveCount), t = splitOutput(target, moveCount);
  return { policy: softmaxCrossEntropy(y.logits, t.logits), value: mse(y.value, t.value) };
};

/** c · Σ θ² over every parameter (c = 1e-4 in AlphaGo Zero). */
export const l2Penalty = (params: Tree, c: number): Tensor =>
  mul(leaves(params).reduce<Tensor>((acc, l) => add(acc, sum(square(l.value))), scalar(0)), c);
