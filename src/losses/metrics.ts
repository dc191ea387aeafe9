// Host-side metrics (plain numbers, not differentiable).
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { checkTensor } from '../ops/launch.js';
import { fmt } from '../shape/shape.js';
import { toArray } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * The fraction of rows of `logits` `[B, C]` whose arg-max (the first maximum on ties) equals the
 * label (`Int32Array` or a tensor of class ids, length B). Reads back to the host; B = 0 gives NaN.
 */
export const accuracy = (logits: Tensor, labels: Int32Array | Tensor): number => {
  const op = 'accuracy';
  checkTensor(op, 'logits', logits);
  if (!(labels instanceof Tensor || labels instanceof Int32Array)) throw new ArgumentError(op, 'labels', `must be a Tensor or an Int32Array of class ids, got ${describe(labels)}`);
  if (logits.rank !== 2) throw new ShapeError(op, 'logits', logits.shape, 'must be [B, C] (a batch of class scores)');
  const [B, C] = logits.shape;
  const ids = labels instanceof Tensor ? toArray(labels) : labels;
  const labelShape = labels instanceof Tensor ? labels.shape : [labels.length];
  if (labelShape.length !== 1 || labelShape[0] !== B) throw new ShapeError(op, 'labels', labelShape, `must be [${B}] (one class id per row of logits ${fmt(logits.shape)})`);
  const x = toArray(logits);
  let correct = 0;
  for (let b = 0; b < B; b++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (x[b * C + c] > x[b * C + best]) best = c;
    if (C > 0 && best === ids[b]) correct++;
  }
  return correct / B;
};
