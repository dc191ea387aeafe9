// Sums and maxima over segments on untraced tensors: the segments cut into pieces a thread can walk
// within the GL loop budget, one launch over the pieces, then the same reduction again over the
// pieces of each segment. The primitives of spmm and of the segment ops all run through here.
import { segmentMaxSource, segmentSelectSource, segmentSumSource, type MaxResult } from '../../backend/gpujs/kernels/sparse.js';
import { activeBackend } from '../../backend/select.js';
import type { SegmentKernel } from '../../backend/types.js';
import { sizeOf, type Shape } from '../../shape/shape.js';
import { fromHost, fromStorage } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';
import { launch } from '../launch.js';
import type { Segments } from './segments.js';

/**
 * Kernel `kernel` on the backend's native engine, if it has one (Backend.segment): the same inputs
 * as the gpu.js kernel, rows of `row` numbers, a result of `shape`; `empty` as for 'select'.
 */
export const nativeSegment = (kernel: SegmentKernel, inputs: readonly Tensor[], row: number, shape: Shape, empty = 0): Tensor | undefined => {
  const s = activeBackend().segment?.(kernel, inputs.map((t) => t.storage!), row, sizeOf(shape), empty);
  return s && fromStorage(shape, s);
};

/** Per nonzero of a CSR matrix, its value and its column: what turns a segment sum into a sparse product. */
export interface Weights { readonly w: Tensor; readonly col: Tensor }

const piecesOf = (s: Segments, chunk: number | undefined) => {
  const p = s.pieces(chunk);
  const count = p.ptr.length - 1;
  return { ...p, count, ptr: fromHost(p.ptr, [p.ptr.length]), work: Math.max(1, Math.ceil(s.length / Math.max(1, count))) };
};

/**
 * out[s, r] = Σ over items q of segment s of x[q, r] (or, with weights, w[q] · x[col[q], r]); x is
 * read as rows of `row` numbers, `shape` is the result's ([G, ...]). `chunk`: the longest piece (tests).
 */
export const sumSegments = (s: Segments, x: Tensor, row: number, shape: Shape, weights?: Weights, chunk?: number): Tensor => {
  const p = piecesOf(s, chunk);
  const outShape = p.owners ? [p.count, row] : shape;
  const out = weights
    ? nativeSegment('weighted', [p.ptr, weights.w, weights.col, x], row, outShape)
      ?? launch('spmm', segmentSumSource(row, p.bound, 'weighted'), [p.ptr, weights.w, weights.col, x], outShape, p.work)
    : nativeSegment('sum', [p.ptr, x], row, outShape) ?? launch('segmentSum', segmentSumSource(row, p.bound, 'rows'), [p.ptr, x], outShape, p.work);
  return p.owners ? sumSegments(p.owners, out, row, shape, undefined, chunk) : out;
};

/**
 * Per segment and column, the maximum of x[q, r] over its items ('max', 0 for an empty segment) or the
 * item q of the first maximum ('arg', −1 for none). Over pieces: the first maximum among the pieces'
 * maxima is the segment's, and its piece's argmax is the segment's first maximum.
 */
export const maxSegments = (s: Segments, x: Tensor, row: number, shape: Shape, result: MaxResult, chunk?: number): Tensor => {
  const p = piecesOf(s, chunk);
  const over = (r: MaxResult, outShape: Shape) => nativeSegment(r === 'max' ? 'max' : 'argmax', [p.ptr, x], row, outShape)
    ?? launch(r === 'max' ? 'segmentMax' : 'segmentArgmax', segmentMaxSource(row, p.bound, r), [p.ptr, x], outShape, p.work);
  if (!p.owners) return over(result, shape);
  const pieceMax = over('max', [p.count, row]);
  if (result === 'max') return maxSegments(p.owners, pieceMax, row, shape, 'max', chunk);
  const pieceArg = over('arg', [p.count, row]);
  const bestPiece = maxSegments(p.owners, pieceMax, row, shape, 'arg', chunk);
  return nativeSegment('select', [pieceArg, bestPiece], row, shape, -1) ?? launch('segmentArgmax', segmentSelectSource(row, -1), [pieceArg, bestPiece], shape);
};
