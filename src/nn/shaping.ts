import { avgPool2d as avgPoolOp, maxPool2d as maxPoolOp, type Pool2dOptions } from '../ops/pool.js';
import { reshape } from '../ops/movement.js';
import { sizeOf } from '../shape/shape.js';
import { zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { statelessLayer, type Layer } from './layer.js';

const poolOut = (op: typeof maxPoolOp, o: Pool2dOptions) => (s: readonly number[]) => (op(zeros([1, ...s]) as Tensor, o).shape as number[]).slice(1);

/** Max pooling layer over [B, C, H, W]. */
export const maxPool2d = (o: Pool2dOptions): Layer<[number, number, number], [number, number, number]> =>
  statelessLayer('maxPool2d', (x) => maxPoolOp(x, o), poolOut(maxPoolOp, o));

/** Average pooling layer over [B, C, H, W]. */
export const avgPool2d = (o: Pool2dOptions): Layer<[number, number, number], [number, number, number]> =>
  statelessLayer('avgPool2d', (x) => avgPoolOp(x, o), poolOut(avgPoolOp as typeof maxPoolOp, o));

/** Flattens each example: [B, ...] → [B, ∏...]. */
export const flatten = (): Layer<number[], [number]> =>
  statelessLayer('flatten', (x) => reshape(x, [x.shape[0], sizeOf(x.shape.slice(1))]), (s) => [sizeOf(s)]);
