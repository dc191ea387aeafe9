// The CSR structure on the host: its types, the checks of its parts, and its transpose.
import { EXACT_INDEX_LIMIT } from '../../backend/limits.js';
import { ArgumentError, LimitError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Where the nonzeros of a rows × cols matrix are: row i holds colIdx[rowPtr[i] .. rowPtr[i+1]). */
export interface CsrStructure {
  readonly rows: number;
  readonly cols: number;
  /** rows + 1 offsets into colIdx, from 0 up to nnz, never decreasing. */
  readonly rowPtr: Int32Array;
  /** The column of every nonzero, in [0, cols). Entries may repeat (they add up). */
  readonly colIdx: Int32Array;
}

/**
 * A sparse matrix in CSR form: the structure plus `values` [nnz], one per nonzero, in colIdx order.
 * The structure's arrays are read once, when the matrix is first used: do not change them afterwards.
 */
export interface CsrMatrix extends CsrStructure {
  readonly values: Tensor;
}

/** A matrix's transpose, and for each of its nonzeros the position of the same nonzero in the original. */
export interface CsrTranspose {
  readonly matrix: CsrMatrix;
  /** matrix.values = gather(a.values, perm): perm[k] is the original position of the transpose's nonzero k. */
  readonly perm: Int32Array;
}

/** A size of the matrix: a non-negative integer whose indices stay exact in float32. */
export const checkDim = (op: string, arg: string, n: unknown): number => {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new ArgumentError(op, arg, `must be a non-negative integer, got ${describe(n)}`);
  if (n > EXACT_INDEX_LIMIT) throw new LimitError(op, arg, n, EXACT_INDEX_LIMIT, 'row and column indices travel as float32, exact below 2^24');
  return n;
};

/** An Int32Array of at most 2^24 indices, each in [0, limit). */
export const checkIndexArray = (op: string, arg: string, a: unknown, limit: number, what: string): Int32Array => {
  if (!(a instanceof Int32Array)) throw new ArgumentError(op, arg, `must be an Int32Array, got ${describe(a)}`);
  if (a.length > EXACT_INDEX_LIMIT) throw new LimitError(op, `nonzeros in ${arg}`, a.length, EXACT_INDEX_LIMIT, 'nonzero positions travel as float32, exact below 2^24: split the matrix into row blocks');
  for (let k = 0; k < a.length; k++)
    if (!(a[k] >= 0 && a[k] < limit)) throw new ArgumentError(op, arg, `entry ${k} is ${a[k]}, not a ${what} in [0, ${limit})`);
  return a;
};

/** @internal the structure of Aᵀ (rows and columns swapped, each row sorted by column) and where each of its nonzeros was in A. */
export const transposeStructure = (a: CsrStructure): { structure: CsrStructure; perm: Int32Array } => {
  const nnz = a.colIdx.length;
  const rowPtr = new Int32Array(a.cols + 1);
  for (const c of a.colIdx) rowPtr[c + 1]++;
  for (let c = 0; c < a.cols; c++) rowPtr[c + 1] += rowPtr[c];
  const next = rowPtr.slice(0, a.cols);
  const colIdx = new Int32Array(nnz), perm = new Int32Array(nnz);
  // Rows in order, so every transposed row comes out sorted by its column (the original row).
  for (let i = 0; i < a.rows; i++)
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const at = next[a.colIdx[k]]++;
      colIdx[at] = i;
      perm[at] = k;
    }
  return { structure: { rows: a.cols, cols: a.rows, rowPtr, colIdx }, perm };
};
