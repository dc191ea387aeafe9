// Regression losses.
import { square, sub } from '../ops/elementwise.js';
import { ShapeError } from '../shape/errors.js';
import { checkTensor } from '../ops/launch.js';
import { fmt, sameShape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { readLossOptions, reduceLoss, type LossOptions } from './reduction.js';

/**
 * Mean squared error `(pred − target)²` over all elements (same shapes; no broadcasting, so a
 * `[B]` vs `[B, 1]` slip is an error, not a `[B, B]` matrix). `reduction`: `'mean'` (default), `'sum'`, `'none'`.
 */
export const mse = (pred: Tensor, target: Tensor, options?: LossOptions): Tensor => {
  const op = 'mse';
  const reduction = readLossOptions(op, options);
  checkTensor(op, 'pred', pred);
  checkTensor(op, 'target', target);
  if (!sameShape(target.shape, pred.shape)) throw new ShapeError(op, 'target', target.shape, `must have the shape of pred ${fmt(pred.shape)}`);
  return reduceLoss(square(sub(pred, target) as Tensor), reduction);
};
