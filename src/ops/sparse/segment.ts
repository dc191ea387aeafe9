// Reductions over segments of consecutive rows: x [N, ...] → [G, ...] for offsets [G + 1] (the
// graphs of a batch, as PyG's sorted `batch` vector groups them). Sum and broadcast are each other's
// pullbacks; max, its gradient and its select form are closed under the pullback as max-pool's are.
import { definePrimitive, type PrimitiveFn } from '../../autodiff/primitive.js';
import { segmentMaxGradSource, segmentSelectSource } from '../../backend/gpujs/kernels/sparse.js';
import { ArgumentError, ShapeError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';
import { sizeOf, type Shape } from '../../shape/shape.js';
import { fromHost } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';
import { mul } from '../elementwise.js';
import { gatherRowsOf } from '../gather.js';
import { checkTensor, launch } from '../launch.js';
import { maxSegments, nativeSegment, sumSegments } from './segment-kernels.js';
import { checkDim } from './structure.js';
import { segmentsOf, type Segments } from './segments.js';

const rowSize = (s: Shape): number => sizeOf(s.slice(1));

const checkRows = (op: string, arg: string, s: Shape, n: number, what: string): void => {
  if (s.length < 1 || s[0] !== n) throw new ShapeError(op, arg, s, `must have ${n} rows (${what})`);
};

/** [G, ...] from x [N, ...]: the shape rule of every reduction here. */
const reduced = (op: string) => ([x]: readonly Shape[], s: Segments): Shape => {
  checkRows(op, 'x', x, s.length, `offsets end at ${s.length}`);
  return [s.count, ...x.slice(1)];
};

/** [N, ...] from a per-segment [G, ...] (and, for max's pullbacks, x [N, ...] of the same rows). */
const expanded = (op: string) => ([g, x]: readonly Shape[], s: Segments): Shape => {
  checkRows(op, 'g', g, s.count, 'one per segment');
  if (x) checkRows(op, 'x', x, s.length, `offsets end at ${s.length}`);
  return [s.length, ...g.slice(1)];
};

/** Per segment and column, the row of x holding its first maximum (−1 for an empty segment). */
const argmaxOf = (x: Tensor, s: Segments): Tensor => maxSegments(s, x, rowSize(x.shape), [s.count, ...x.shape.slice(1)], 'arg');

const segmentSumPrim: PrimitiveFn<Segments> = definePrimitive<Segments>({
  name: 'segmentSum',
  shape: reduced('segmentSum'),
  forward: ([x], s, shape) => sumSegments(s, x, rowSize(x.shape), shape),
  vjp: (g, _x, _y, s) => [segmentBroadcastPrim([g], s)],
});

/** Every row n gets its segment's row: out[n] = g[segment of n] (gather's kernel, with the segment of each row as indices). */
const segmentBroadcastPrim: PrimitiveFn<Segments> = definePrimitive<Segments>({
  name: 'segmentBroadcast',
  shape: expanded('segmentBroadcast'),
  forward: ([g], s, shape) => gatherRowsOf('segmentBroadcast', g, fromHost(s.ids(), [s.length]), Math.max(1, rowSize(g.shape)), shape),
  vjp: (h, _g, _y, s) => [segmentSumPrim([h], s)],
});

const segmentMaxPrim: PrimitiveFn<Segments> = definePrimitive<Segments>({
  name: 'segmentMax',
  shape: reduced('segmentMax'),
  forward: ([x], s, shape) => maxSegments(s, x, rowSize(x.shape), shape, 'max'),
  vjp: (g, [x], _y, s) => [segmentMaxGradPrim([g, x], s)],
});

/** dx of segmentMax: g [G, ...] sent to the first maximum of x [N, ...] in each segment and column. */
const segmentMaxGradPrim: PrimitiveFn<Segments> = definePrimitive<Segments>({
  name: 'segmentMaxGrad',
  shape: expanded('segmentMaxGrad'),
  forward: ([g, x], s, shape) => {
    const inputs = [g, argmaxOf(x, s), fromHost(s.ids(), [s.length])];
    return nativeSegment('maxGrad', inputs, rowSize(x.shape), shape) ?? launch('segmentMaxGrad', segmentMaxGradSource(rowSize(x.shape)), inputs, shape);
  },
  vjp: (h, [, x], _y, s) => [segmentMaxSelectPrim([h, x], s), undefined],
});

/** v [N, ...] read at the first maximum of x in each segment and column (0 for an empty segment). */
const segmentMaxSelectPrim: PrimitiveFn<Segments> = definePrimitive<Segments>({
  name: 'segmentMaxSelect',
  shape: ([v, x], s) => {
    checkRows('segmentMaxSelect', 'v', v, s.length, `offsets end at ${s.length}`);
    return reduced('segmentMaxSelect')([x], s);
  },
  forward: ([v, x], s, shape) => {
    const arg = argmaxOf(x, s);
    return nativeSegment('select', [v, arg], rowSize(x.shape), shape, 0) ?? launch('segmentMaxSelect', segmentSelectSource(rowSize(x.shape), 0), [v, arg], shape);
  },
  vjp: (h, [, x], _y, s) => [segmentMaxGradPrim([h, x], s), undefined],
});

const segmentsFor = (op: string, x: unknown, offsets: unknown): Segments => {
  checkTensor(op, 'x', x);
  if (x.rank < 1) throw new ShapeError(op, 'x', x.shape, 'must have rank ≥ 1 (rows to group)');
  return segmentsOf(op, 'offsets', offsets);
};

/** Sums of the rows of x [N, ...] in each segment [offsets[g], offsets[g+1]) → [G, ...] (0 for an empty segment). */
export const segmentSum = (x: Tensor, offsets: Int32Array): Tensor => segmentSumPrim([x], segmentsFor('segmentSum', x, offsets));

/** Means of the rows in each segment → [G, ...]; an empty segment gives 0 (and passes no gradient). */
export const segmentMean = (x: Tensor, offsets: Int32Array): Tensor => {
  const s = segmentsFor('segmentMean', x, offsets);
  const inv = Float32Array.from({ length: s.count }, (_, g) => 1 / Math.max(1, s.offsets[g + 1] - s.offsets[g]));
  return mul(segmentSumPrim([x], s), fromHost(inv, [s.count, ...x.shape.slice(1).map(() => 1)]));
};

/**
 * Maxima of the rows in each segment → [G, ...]; the gradient goes to the first maximum of each
 * segment and column (as max-pool's does). An empty segment gives 0 and passes no gradient; a segment
 * holding a NaN gives NaN and sends its gradient to its first NaN.
 */
export const segmentMax = (x: Tensor, offsets: Int32Array): Tensor => segmentMaxPrim([x], segmentsFor('segmentMax', x, offsets));

/** Offsets [G + 1] of the segments of a sorted `batch` vector (batch[n] = the graph of row n, PyG style); G defaults to the largest entry + 1. */
export const offsetsFromBatch = (batch: Int32Array, count?: number): Int32Array => {
  const op = 'offsetsFromBatch';
  if (!(batch instanceof Int32Array)) throw new ArgumentError(op, 'batch', `must be an Int32Array, got ${describe(batch)}`);
  const g = count === undefined ? batch.reduce((m, b) => Math.max(m, b + 1), 0) : checkDim(op, 'count', count);
  const offsets = new Int32Array(g + 1);
  for (let n = 0; n < batch.length; n++) {
    if (!(batch[n] >= 0 && batch[n] < g)) throw new ArgumentError(op, 'batch', `entry ${n} is ${batch[n]}, not a segment in [0, ${g})`);
    if (n > 0 && batch[n] < batch[n - 1]) throw new ArgumentError(op, 'batch', `must be sorted, but entry ${n} is ${batch[n]} after ${batch[n - 1]}`);
    offsets[batch[n] + 1]++;
  }
  for (let k = 0; k < g; k++) offsets[k + 1] += offsets[k];
  return offsets;
};
