// fast-check arbitraries for tensors and shapes.
import fc from 'fast-check';
import type { Shape } from '../src/shape/shape.js';
import { tensor } from '../src/tensor/create.js';
import type { Tensor } from '../src/tensor/tensor.js';

export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
  /** Keep every value at least this far from these points (kinks: 0 for relu/abs). */
  readonly awayFrom?: readonly number[];
  readonly gap?: number;
}

const value = (r: ValueRange): fc.Arbitrary<number> => {
  const min = r.min ?? -2, max = r.max ?? 2, gap = r.gap ?? 0.1;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
    .map((v) => (Math.abs(v) < 1e-30 ? 0 : Math.fround(v))) // no float32 denormals: GL flushes them to 0
    .filter((v) => (r.awayFrom ?? []).every((k) => Math.abs(v - k) >= gap));
};

/** A tensor of a fixed shape with values in a range. */
export const arbTensorOf = (shape: Shape, r: ValueRange = {}): fc.Arbitrary<Tensor> => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.array(value(r), { minLength: n, maxLength: n }).map((d) => tensor(d, shape));
};

/** A tensor with distinct values, at least `gap` apart (max-pool and max reductions without near-ties). */
export const arbDistinctTensorOf = (shape: Shape, gap = 0.05): fc.Arbitrary<Tensor> => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n })
    .map((perm) => tensor(perm.map((p) => (p - n / 2) * gap), shape));
};

/** A shape of rank in [minRank, maxRank] with dims in [minDim, maxDim]. */
export const arbShape = (o: { minRank?: number; maxRank?: number; minDim?: number; maxDim?: number } = {}): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: o.minDim ?? 1, max: o.maxDim ?? 4 }), { minLength: o.minRank ?? 0, maxLength: o.maxRank ?? 3 });

/** A tensor of a random shape. */
export const arbTensor = (o: { minRank?: number; maxRank?: number; maxDim?: number } & ValueRange = {}): fc.Arbitrary<Tensor> =>
  arbShape(o).chain((s) => arbTensorOf(s, o));
