// What the sparse kernels read about one CSR structure, checked and derived once per structure and
// kept (a training loop multiplies by the same adjacency every step): the rows as segments of
// nonzeros, the columns as float32, and the transpose the gradients need.
import { ArgumentError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';
import { segmentsOf, type Segments } from './segments.js';
import { checkDim, checkIndexArray, transposeStructure, type CsrStructure } from './structure.js';

/** A structure's transpose and, for each of its nonzeros, the original position (as gather indices). */
export interface TransposePlan {
  readonly plan: CsrPlan;
  readonly perm: Int32Array;
  readonly permF32: Float32Array;
}

export interface CsrPlan {
  readonly structure: CsrStructure;
  readonly rows: number;
  readonly cols: number;
  readonly nnz: number;
  /** The nonzeros of each row, as segments. */
  readonly rowSegments: Segments;
  /** colIdx as float32 (what kernels read). */
  readonly col: Float32Array;
  /** Aᵀ, made on first use; its own transpose is this plan. */
  transpose(): TransposePlan;
}

const plans = new WeakMap<Int32Array, CsrPlan>();

const makePlan = (structure: CsrStructure, segments: Segments, back?: TransposePlan): CsrPlan => {
  let t = back;
  const plan: CsrPlan = {
    structure, rows: structure.rows, cols: structure.cols, nnz: structure.colIdx.length,
    rowSegments: segments, col: Float32Array.from(structure.colIdx),
    transpose: () => {
      if (t) return t;
      const { structure: ts, perm } = transposeStructure(structure);
      const inverse = new Int32Array(perm.length);
      perm.forEach((p, k) => { inverse[p] = k; });
      const tPlan = makePlan(ts, segmentsOf('transposeCsr', 'rowPtr', ts.rowPtr), { plan, perm: inverse, permF32: Float32Array.from(inverse) });
      plans.set(ts.rowPtr, tPlan);
      return (t = { plan: tPlan, perm, permF32: Float32Array.from(perm) });
    },
  };
  return plan;
};

/**
 * The plan of a CSR structure (argument `a` of `op`), checked on first use: sizes below 2^24, rowPtr
 * rows + 1 offsets from 0 to nnz that never decrease, every column in [0, cols).
 */
export const planOf = (op: string, a: CsrStructure): CsrPlan => {
  if (a === null || typeof a !== 'object') throw new ArgumentError(op, 'a', `must be a CSR matrix { rows, cols, rowPtr, colIdx, values }, got ${describe(a)}`);
  const cached = a.rowPtr instanceof Int32Array ? plans.get(a.rowPtr) : undefined;
  if (cached && cached.structure.colIdx === a.colIdx && cached.rows === a.rows && cached.cols === a.cols) return cached;
  const rows = checkDim(op, 'a.rows', a.rows);
  const cols = checkDim(op, 'a.cols', a.cols);
  const colIdx = checkIndexArray(op, 'a.colIdx', a.colIdx, cols, 'column');
  const segments = segmentsOf(op, 'a.rowPtr', a.rowPtr);
  if (segments.count !== rows) throw new ArgumentError(op, 'a.rowPtr', `has ${segments.offsets.length} entries, not rows + 1 = ${rows + 1}`);
  if (segments.length !== colIdx.length) throw new ArgumentError(op, 'a.rowPtr', `ends at ${segments.length}, not at nnz = ${colIdx.length} (the length of a.colIdx)`);
  const plan = makePlan({ rows, cols, rowPtr: segments.offsets, colIdx }, segments);
  plans.set(segments.offsets, plan);
  return plan;
};
