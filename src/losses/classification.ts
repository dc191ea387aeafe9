// Classification losses on logits: softmax cross-entropy (class ids or probabilities) and binary
// cross-entropy. Both work on logits, never on probabilities, so they stay finite for any logits.
import { rawOf, Tensor } from '../tensor/tensor.js';
import { arange, tensor, toArray } from '../tensor/create.js';
import { equal, mul, neg, softplus, sub } from '../ops/elementwise.js';
import { logSoftmax, sum } from '../ops/reduce.js';
import { reshape } from '../ops/movement.js';
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { checkBoolean, describe } from '../shape/options.js';
import { checkTensor } from '../ops/launch.js';
import { fmt, sameShape } from '../shape/shape.js';
import { readLossOptions, reduceLoss, type LossOptions } from './reduction.js';

export interface SoftmaxCrossEntropyOptions extends LossOptions {
  /**
   * For class-id labels: check on the host that every id is an integer in [0, C) (default true).
   * This reads the labels back; turn it off inside staged code or where the labels are known good.
   * An unchecked out-of-range id contributes a loss of 0.
   */
  readonly checkLabels?: boolean;
}

const classIds = (labels: Tensor | Int32Array): Tensor =>
  labels instanceof Tensor ? labels : tensor(Float32Array.from(labels), [labels.length]);

/**
 * Softmax cross-entropy of `logits` `[B, C]` against `labels`, which are either class ids (a tensor
 * `[B]` of integer values, or an `Int32Array` of length B) or a probability per class (`[B, C]`,
 * one-hot or soft). Per example: `−Σ_c t_c · logSoftmax(logits)_c`. Stable for any finite logits
 * (±1000 give a finite loss and gradient). `reduction`: `'mean'` over the batch (default), `'sum'`,
 * or `'none'` (the `[B]` per-example losses). Differentiable in the logits (and in soft labels).
 */
export const softmaxCrossEntropy = (logits: Tensor, labels: Tensor | Int32Array, options?: SoftmaxCrossEntropyOptions): Tensor => {
  const op = 'softmaxCrossEntropy';
  const reduction = readLossOptions(op, options, ['checkLabels']);
  checkBoolean(op, 'checkLabels', options?.checkLabels);
  checkTensor(op, 'logits', logits);
  if (!(labels instanceof Tensor || labels instanceof Int32Array))
    throw new ArgumentError(op, 'labels', `must be a Tensor of class ids or probabilities, or an Int32Array of class ids, got ${describe(labels)}`);
  if (logits.rank !== 2) throw new ShapeError(op, 'logits', logits.shape, 'must be [B, C] (a batch of class scores)');
  const [B, C] = logits.shape;
  const y = classIds(labels);
  let target: Tensor;
  if (y.rank === 1 && y.shape[0] === B) {
    if (options?.checkLabels ?? true) {
      const ids = toArray(rawOf(y));
      const bad = ids.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= C);
      if (bad >= 0) throw new ShapeError(op, 'labels', y.shape, `holds class ids for logits ${fmt(logits.shape)}, so each must be an integer in [0, ${C})`, `labels[${bad}] = ${ids[bad]}`);
    }
    // One-hot mask built from the ids; it carries no gradient and the loss stays differentiable in logits.
    target = equal(reshape(y, [B, 1]), arange(C)) as Tensor;
  } else if (sameShape(y.shape, logits.shape)) {
    target = y;
  } else {
    throw new ShapeError(op, 'labels', y.shape, `must be [${B}] (class ids) or [${B}, ${C}] (probabilities) to match logits ${fmt(logits.shape)}`);
  }
  const perExample = neg(sum(mul(target, logSoftmax(logits, -1)) as Tensor, [1])) as Tensor;
  return reduceLoss(perExample, reduction);
};

/**
 * Binary cross-entropy of `logits` against `targets` in [0, 1] (same shape), per element
 * `max(x, 0) − x·t + log(1 + exp(−|x|))` (= softplus(x) − x·t, evaluated in that stable form; its
 * gradient is sigmoid(x) − t everywhere, x = 0 included). `reduction`: `'mean'` over all elements
 * (default), `'sum'` or `'none'` (the elementwise losses, shaped like `logits`).
 */
export const binaryCrossEntropyWithLogits = (logits: Tensor, targets: Tensor, options?: LossOptions): Tensor => {
  const op = 'binaryCrossEntropyWithLogits';
  const reduction = readLossOptions(op, options);
  checkTensor(op, 'logits', logits);
  checkTensor(op, 'targets', targets);
  if (!sameShape(targets.shape, logits.shape)) throw new ShapeError(op, 'targets', targets.shape, `must have the shape of logits ${fmt(logits.shape)}`);
  return reduceLoss(sub(softplus(logits), mul(logits, targets)) as Tensor, reduction);
};
