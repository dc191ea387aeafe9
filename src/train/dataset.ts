import { gather } from '../ops/gather.js';
import { checkTensor } from '../ops/launch.js';
import { ShapeError } from '../shape/errors.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch } from './step.js';

/** Examples addressable by index; `batch` gathers a batch of them. */
export interface Dataset {
  readonly size: number;
  batch(indices: Int32Array): Batch;
}

/** A dataset of inputs x [N, ...] and targets y [N, ...] (class ids as a float tensor [N] are fine). */
export const tensorDataset = (x: Tensor, y: Tensor): Dataset => {
  checkTensor('tensorDataset', 'x', x);
  checkTensor('tensorDataset', 'y', y);
  if (x.rank < 1) throw new ShapeError('tensorDataset', 'x', x.shape, 'must have rank ≥ 1 (examples on axis 0)');
  if (x.shape[0] !== y.shape[0]) throw new ShapeError('tensorDataset', 'y', y.shape, `must have ${x.shape[0]} rows like x`);
  return {
    size: x.shape[0],
    batch: (idx) => {
      const i = fromHost(Float32Array.from(idx), [idx.length]);
      return { x: gather(x, i), y: gather(y, i) };
    },
  };
};
