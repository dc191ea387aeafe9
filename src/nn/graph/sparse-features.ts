// Node features stored sparsely: Cora's bag of words is 1.3% nonzero, so its first layer multiplies
// 49,216 stored values instead of 3.9 million, and dropout draws one mask entry per stored value.
import { fromHost, toArray } from '../../tensor/create.js';
import { Tensor } from '../../tensor/tensor.js';
import type { CsrMatrix } from '../../ops/sparse/index.js';
import { ShapeError } from '../../shape/errors.js';
import type { Domain } from '../spec.js';

/** [N, F] features as a CSR matrix (row = node). `init` sees them as the per-node shape [F], like dense features. */
export class SparseFeatures<F extends number = number> implements Domain<readonly [F]> {
  declare readonly '~spec': readonly [F];
  constructor(readonly matrix: CsrMatrix) { Object.freeze(this); }
  get nodeCount(): number { return this.matrix.rows; }
  get featureCount(): number { return this.matrix.cols; }
  /** The same structure with other stored values (dropout's). */
  withValues(values: Tensor): SparseFeatures<F> { return new SparseFeatures({ ...this.matrix, values }); }
}

/** The nonzeros of dense features [N, F] (read back once, on the host) as sparse features. */
export const sparseFeatures = <F extends number>(x: Tensor<readonly [number, F]> | Tensor): SparseFeatures<F> => {
  if (x.rank !== 2) throw new ShapeError('sparseFeatures', 'x', x.shape, 'must be node features [N, F]');
  const [n, f] = x.shape, data = toArray(x);
  const rowPtr = new Int32Array(n + 1), cols: number[] = [], vals: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) { const v = data[i * f + j]; if (v !== 0) { cols.push(j); vals.push(v); } }
    rowPtr[i + 1] = cols.length;
  }
  return new SparseFeatures({ rows: n, cols: f, rowPtr, colIdx: Int32Array.from(cols), values: fromHost(Float32Array.from(vals), [vals.length]) });
};
