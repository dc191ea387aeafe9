// Building CSR matrices: from coordinates, and the transpose (values gathered into its order).
import { ArgumentError, ShapeError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';
import { fromHost } from '../../tensor/create.js';
import { Tensor } from '../../tensor/tensor.js';
import { gather } from '../gather.js';
import { planOf } from './plan.js';
import { checkDim, checkIndexArray, type CsrMatrix, type CsrTranspose } from './structure.js';

/** Positions 0 … n−1 stably sorted by key[position] (a counting sort: keys are integers in [0, range)). */
const sortedBy = (key: Int32Array, range: number, order: Int32Array): Int32Array => {
  const start = new Int32Array(range + 1);
  for (const p of order) start[key[p] + 1]++;
  for (let v = 0; v < range; v++) start[v + 1] += start[v];
  const out = new Int32Array(order.length);
  for (const p of order) out[start[key[p]]++] = p;
  return out;
};

const isIdentity = (perm: Int32Array): boolean => perm.every((p, k) => p === k);

/** values (a tensor or host numbers, in COO order) in the order `perm` picks; ones when absent. */
const reorderValues = (op: string, values: Tensor | Float32Array | undefined, perm: Int32Array): Tensor => {
  const nnz = perm.length;
  if (values === undefined) return fromHost(new Float32Array(nnz).fill(1), [nnz]);
  if (values instanceof Float32Array) {
    if (values.length !== nnz) throw new ShapeError(op, 'values', [values.length], `must have one value per nonzero (${nnz})`);
    return fromHost(Float32Array.from(perm, (p) => values[p]), [nnz]);
  }
  if (!(values instanceof Tensor)) throw new ArgumentError(op, 'values', `must be a Tensor or a Float32Array, got ${describe(values)}`);
  if (values.rank !== 1 || values.size !== nnz) throw new ShapeError(op, 'values', values.shape, `must be [${nnz}] (one value per nonzero)`);
  return isIdentity(perm) ? values : gather(values, fromHost(Float32Array.from(perm), [nnz]));
};

/**
 * A CSR matrix from coordinates: nonzero k sits at (rowIdx[k], colIdx[k]) with values[k] (default 1).
 * Sorted by row, then column, stably: repeated coordinates are kept, in their order, and add up.
 * A values tensor is reordered with gather, so its gradient flows back in COO order.
 */
export const csrFromCoo = (rows: number, cols: number, rowIdx: Int32Array, colIdx: Int32Array, values?: Tensor | Float32Array): CsrMatrix => {
  const op = 'csrFromCoo';
  checkDim(op, 'rows', rows);
  checkDim(op, 'cols', cols);
  const ri = checkIndexArray(op, 'rowIdx', rowIdx, rows, 'row');
  const ci = checkIndexArray(op, 'colIdx', colIdx, cols, 'column');
  if (ri.length !== ci.length) throw new ArgumentError(op, 'colIdx', `has ${ci.length} entries but rowIdx has ${ri.length}`);
  // Least significant key first: by column, then stably by row.
  const perm = sortedBy(ri, rows, sortedBy(ci, cols, Int32Array.from(ci.keys())));
  const rowPtr = new Int32Array(rows + 1);
  for (const r of ri) rowPtr[r + 1]++;
  for (let r = 0; r < rows; r++) rowPtr[r + 1] += rowPtr[r];
  return { rows, cols, rowPtr, colIdx: Int32Array.from(perm, (p) => ci[p]), values: reorderValues(op, values, perm) };
};

/** Aᵀ as a CSR matrix (its values gathered from a.values, differentiably), with the permutation that gathered them. */
export const transposeCsr = (a: CsrMatrix): CsrTranspose => {
  const plan = planOf('transposeCsr', a);
  const t = plan.transpose();
  if (!(a.values instanceof Tensor)) throw new ArgumentError('transposeCsr', 'a.values', `must be a Tensor, got ${describe(a.values)}`);
  if (a.values.rank !== 1 || a.values.size !== plan.nnz) throw new ShapeError('transposeCsr', 'a.values', a.values.shape, `must be [${plan.nnz}] (one value per nonzero)`);
  return { matrix: { ...t.plan.structure, values: gather(a.values, fromHost(t.permF32, [plan.nnz])) }, perm: t.perm };
};
