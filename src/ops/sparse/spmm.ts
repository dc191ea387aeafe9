// Sparse × dense products. spmm and sddmm are each other's pullbacks (with the transposed
// structure), so gradients of any order run through these two primitives and gather.
import { definePrimitive, type PrimitiveFn } from '../../autodiff/primitive.js';
import { chunks } from '../../backend/gpujs/kernels/budget.js';
import { sddmmSource, SEGMENT_CHUNK } from '../../backend/gpujs/kernels/sparse.js';
import { ShapeError } from '../../shape/errors.js';
import { fmt, sizeOf, type Shape } from '../../shape/shape.js';
import { fromHost } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../launch.js';
import { gather } from '../gather.js';
import { launchInParts } from '../partials.js';
import { planOf, type CsrPlan } from './plan.js';
import { nativeSegment, sumSegments } from './segment-kernels.js';
import type { CsrMatrix, CsrStructure } from './structure.js';

const rowSize = (s: Shape): number => sizeOf(s.slice(1));

/** a's values in the order of Aᵀ's nonzeros (differentiable: gather). */
const transposedValues = (values: Tensor, plan: CsrPlan): Tensor => gather(values, fromHost(plan.transpose().permF32, [plan.nnz]));

const checkRows = (op: string, arg: string, s: Shape, rows: number, what: string): void => {
  if (s.length < 1 || s[0] !== rows) throw new ShapeError(op, arg, s, `must have ${rows} rows (${what})`);
};

const spmmPrim: PrimitiveFn<CsrPlan> = definePrimitive<CsrPlan>({
  name: 'spmm',
  shape: ([v, x], p) => {
    if (v.length !== 1 || v[0] !== p.nnz) throw new ShapeError('spmm', 'a.values', v, `must be [${p.nnz}] (one value per nonzero)`);
    checkRows('spmm', 'x', x, p.cols, 'the columns of a');
    return [p.rows, ...x.slice(1)];
  },
  forward: ([v, x], p, shape) =>
    sumSegments(p.rowSegments, x, rowSize(x.shape), shape, { w: v, col: fromHost(p.col, [p.nnz]) }),
  // dvalues[k] = ⟨dy[row k], x[col k]⟩; dx = Aᵀ·dy.
  vjp: (g, [v, x], _y, p, wants) => [
    wants[0] ? sddmmPrim([g, x], p) : undefined,
    wants[1] ? spmmPrim([transposedValues(v, p), g], p.transpose().plan) : undefined,
  ],
});

const sddmmPrim: PrimitiveFn<CsrPlan> = definePrimitive<CsrPlan>({
  name: 'sddmm',
  shape: ([a, b], p) => {
    checkRows('sddmm', 'a', a, p.rows, 'the rows of the structure');
    checkRows('sddmm', 'b', b, p.cols, 'the columns of the structure');
    if (rowSize(a) !== rowSize(b)) throw new ShapeError('sddmm', 'b', b, `must have rows of the size of a's, ${fmt(a.slice(1))}`);
    return [p.nnz];
  },
  forward: ([a, b], p, shape) => {
    const row = rowSize(a.shape);
    // Long rows are cut into feature chunks whose partial dot products are added afterwards.
    const { count, size } = chunks(row, SEGMENT_CHUNK);
    const inputs = [fromHost(p.rowSegments.ids(), [p.nnz]), fromHost(p.col, [p.nnz]), a, b];
    const native = count === 1 ? nativeSegment('sddmm', inputs, row, shape) : undefined;
    return native ?? launchInParts('sddmm', sddmmSource(row, count === 1 ? row : size, count, p.nnz), inputs, count, shape, Math.min(row, SEGMENT_CHUNK));
  },
  // With h the cotangent of the nonzeros: da = H·b, db = Hᵀ·a for H the structure holding h.
  vjp: (h, [a, b], _y, p, wants) => [
    wants[0] ? spmmPrim([h, b], p) : undefined,
    wants[1] ? spmmPrim([transposedValues(h, p), a], p.transpose().plan) : undefined,
  ],
});

/**
 * Sparse × dense: y[i, ...] = Σ_{k ∈ row i} a.values[k] · x[a.colIdx[k], ...] for x [a.cols, ...],
 * giving [a.rows, ...]. Differentiable in a.values (learned edge weights) and in x, to any order.
 */
export const spmm = (a: CsrMatrix, x: Tensor): Tensor => {
  const plan = planOf('spmm', a);
  checkTensor('spmm', 'a.values', a.values);
  checkTensor('spmm', 'x', x);
  return spmmPrim([a.values, x], plan);
};

/**
 * Sampled dense-dense product over a structure's nonzeros: out[k] = ⟨a[row k], b[colIdx[k]]⟩ for
 * a [rows, ...] and b [cols, ...] with rows of one size, giving [nnz] (attention scores on the edges
 * of a graph; the gradient of spmm's values).
 */
export const sddmm = (structure: CsrStructure, a: Tensor, b: Tensor): Tensor => {
  const plan = planOf('sddmm', structure);
  checkTensor('sddmm', 'a', a);
  checkTensor('sddmm', 'b', b);
  return sddmmPrim([a, b], plan);
};
