import { avgPool2d as avgPoolOp, maxPool2d as maxPoolOp, type Pool2dOptions } from '../ops/pool.js';
import { reshape } from '../ops/movement.js';
import { checkOptions } from '../shape/options.js';
import { sizeOf } from '../shape/shape.js';
import { evalShape } from '../autodiff/abstract.js';
import type { Tensor } from '../tensor/tensor.js';
import { statelessLayer, type Layer } from './layer.js';

// The output shape by abstract evaluation: no kernel is compiled or launched to learn it.
const poolOut = (op: typeof maxPoolOp, o: Pool2dOptions) => (s: readonly number[]): number[] => [...evalShape((x: Tensor) => op(x, o), [1, ...s])].slice(1);

// Checked when the layer is made, so a misspelt option fails there, not at init.
const poolKeys = ['size', 'stride', 'padding', 'countIncludePad'];

/** Max pooling layer over [B, C, H, W]. */
export const maxPool2d = (o: Pool2dOptions): Layer<[number, number, number], [number, number, number]> => {
  checkOptions('maxPool2d', o, poolKeys);
  return statelessLayer('maxPool2d', (x) => maxPoolOp(x, o), poolOut(maxPoolOp, o));
};

/** Average pooling layer over [B, C, H, W]. */
export const avgPool2d = (o: Pool2dOptions): Layer<[number, number, number], [number, number, number]> => {
  checkOptions('avgPool2d', o, poolKeys);
  return statelessLayer('avgPool2d', (x) => avgPoolOp(x, o), poolOut(avgPoolOp as typeof maxPoolOp, o));
};

/** Flattens each example: [B, ...] → [B, ∏...]. */
export const flatten = (): Layer<number[], [number]> =>
  statelessLayer('flatten', (x) => reshape(x, [x.shape[0], sizeOf(x.shape.slice(1))]), (s) => [sizeOf(s)]);
