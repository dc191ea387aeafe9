import { avgPool2d as avgPoolOp, maxPool2d as maxPoolOp, type Pool2dOptions } from '../ops/pool.js';
import { reshape } from '../ops/movement.js';
import { checkOptions } from '../shape/options.js';
import { sizeOf } from '../shape/shape.js';
import { evalShape } from '../autodiff/abstract.js';
import type { Tensor } from '../tensor/tensor.js';
import { statelessLayer, type Empty, type Layer } from './layer.js';
import { withShape } from './typed.js';

// The output shape by abstract evaluation: no kernel is compiled or launched to learn it.
const poolOut = (op: (x: Tensor, o: Pool2dOptions) => Tensor, o: Pool2dOptions) => (s: readonly number[]): number[] => [...evalShape((x: Tensor) => op(x, o), [1, ...s])].slice(1);

/** A batch of images [B, C, H, W]. */
type Images = Tensor<readonly [number, number, number, number]>;
// The batch's shape after pooling; the op computed (and checked) it, this reads it for the type.
const pooled = (op: string, x: Tensor, y: Tensor): Images => withShape(op, y, [x.shape[0], x.shape[1], y.shape[2], y.shape[3]]);

// Checked when the layer is made, so a misspelt option fails there, not at init.
const poolKeys = ['size', 'stride', 'padding', 'countIncludePad'];

/** Max pooling layer over [B, C, H, W]. */
export const maxPool2d = (o: Pool2dOptions): Layer<Empty, Empty, Images, Images> => {
  checkOptions('maxPool2d', o, poolKeys);
  return statelessLayer<Images, Images>('maxPool2d', (x: Tensor) => pooled('maxPool2d', x, maxPoolOp(x, o)), poolOut(maxPoolOp, o));
};

/** Average pooling layer over [B, C, H, W]. */
export const avgPool2d = (o: Pool2dOptions): Layer<Empty, Empty, Images, Images> => {
  checkOptions('avgPool2d', o, poolKeys);
  return statelessLayer<Images, Images>('avgPool2d', (x: Tensor) => pooled('avgPool2d', x, avgPoolOp(x, o)), poolOut(avgPoolOp, o));
};

/** Flattens each example: [B, ...] → [B, ∏...]. */
export const flatten = (): Layer<Empty, Empty, Tensor, Tensor<readonly [number, number]>> =>
  statelessLayer('flatten', (x: Tensor) => { const to = [x.shape[0], sizeOf(x.shape.slice(1))]; return withShape('flatten', reshape(x, to), [to[0], to[1]]); }, (s) => [sizeOf(s)]);
