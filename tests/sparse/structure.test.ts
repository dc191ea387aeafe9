// CSR structure on the host: csrFromCoo sorts by row then column stably (repeats kept), reorders
// values differentiably; transposeCsr gives Aᵀ and the permutation of its values; every part of a
// structure is checked with a typed error naming the op (sizes past 2^24 with a LimitError).
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, LimitError, ShapeError, csrFromCoo, grad, sddmm, spmm, sum, tensor, toArray, transposeCsr, useBackend, type CsrMatrix, type Tensor,
} from '../support/api.js';
import { EXACT_INDEX_LIMIT } from '../../src/backend/limits.js';
import { densify, randomCoo, type Coo } from './graphs.js';

useBackend('cpu');

const coordsOf = (a: CsrMatrix): [number, number, number][] => {
  const v = toArray(a.values);
  const out: [number, number, number][] = [];
  for (let i = 0; i < a.rows; i++) for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) out.push([i, a.colIdx[k], v[k]]);
  return out;
};

describe('csrFromCoo', () => {
  it('sorts by row, then column, stably: repeated coordinates stay, in their order', () => {
    const a = csrFromCoo(3, 4, Int32Array.from([2, 0, 2, 0, 2, 0]), Int32Array.from([1, 3, 1, 0, 0, 3]), Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(Array.from(a.rowPtr)).toEqual([0, 3, 3, 6]);
    expect(coordsOf(a)).toEqual([[0, 0, 4], [0, 3, 2], [0, 3, 6], [2, 0, 5], [2, 1, 1], [2, 1, 3]]);
  });

  it('values default to 1; a values tensor is gathered, so its gradient comes back in COO order', () => {
    const r = Int32Array.from([1, 0, 1]), c = Int32Array.from([0, 1, 1]);
    expect(Array.from(toArray(csrFromCoo(2, 2, r, c).values))).toEqual([1, 1, 1]);
    const x = tensor([1, 2, 3, 4], [2, 2]);
    const dv = grad((v: Tensor) => sum(spmm(csrFromCoo(2, 2, r, c, v), x)))(tensor([1, 1, 1], [3]));
    // ∂/∂v_k Σ y = Σ_f x[c_k, f]: rows 0, 1, 1 of x sum to 3, 7, 7.
    expect(Array.from(toArray(dv))).toEqual([3, 7, 7]);
  });

  it('is the densified matrix of its coordinates (random, with repeats)', () => {
    const coo = randomCoo(23, 17, 90, 7, { repeats: 20 });
    const a = csrFromCoo(coo.rows, coo.cols, coo.r, coo.c, coo.v);
    const back: Coo = { rows: a.rows, cols: a.cols, r: Int32Array.from(coordsOf(a), ([i]) => i), c: a.colIdx, v: toArray(a.values) };
    const want = densify(coo).data, got = densify(back).data;
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 6);
  });
});

describe('transposeCsr', () => {
  it('gives Aᵀ, each row sorted by column, and perm maps its nonzeros to A\'s', () => {
    const coo = randomCoo(19, 11, 70, 8, { repeats: 10 });
    const a = csrFromCoo(coo.rows, coo.cols, coo.r, coo.c, coo.v);
    const { matrix: t, perm } = transposeCsr(a);
    expect([t.rows, t.cols]).toEqual([11, 19]);
    const dense = densify(coo), dt = densify({ rows: t.rows, cols: t.cols, r: Int32Array.from(coordsOf(t), ([i]) => i), c: t.colIdx, v: toArray(t.values) });
    for (let i = 0; i < 19; i++) for (let j = 0; j < 11; j++) expect(dt.data[j * 19 + i]).toBeCloseTo(dense.data[i * 11 + j], 6);
    const av = toArray(a.values), tv = toArray(t.values);
    perm.forEach((p, k) => expect(tv[k]).toBe(av[p]));
    for (let j = 0; j < t.rows; j++) for (let k = t.rowPtr[j] + 1; k < t.rowPtr[j + 1]; k++) expect(t.colIdx[k]).toBeGreaterThanOrEqual(t.colIdx[k - 1]);
    const tt = transposeCsr(t).matrix;
    expect(Array.from(tt.rowPtr)).toEqual(Array.from(a.rowPtr));
    expect(Array.from(tt.colIdx)).toEqual(Array.from(a.colIdx));
    expect(Array.from(toArray(tt.values))).toEqual(Array.from(av));
  });
});

describe('structure checks', () => {
  const ok = (): CsrMatrix => csrFromCoo(2, 3, Int32Array.from([0, 1]), Int32Array.from([2, 0]));
  const x = tensor([1, 2, 3, 4, 5, 6], [3, 2]);

  it('csrFromCoo refuses indices out of range, arrays of other kinds and mismatched lengths', () => {
    expect(() => csrFromCoo(2, 2, Int32Array.from([0, 2]), Int32Array.from([0, 0]))).toThrow(/csrFromCoo: rowIdx entry 1 is 2, not a row in \[0, 2\)/);
    expect(() => csrFromCoo(2, 2, Int32Array.from([0]), Int32Array.from([-1]))).toThrow(ArgumentError);
    expect(() => csrFromCoo(2, 2, [0] as unknown as Int32Array, Int32Array.from([0]))).toThrow(/must be an Int32Array/);
    expect(() => csrFromCoo(2, 2, Int32Array.from([0, 1]), Int32Array.from([0]))).toThrow(/has 1 entries but rowIdx has 2/);
    expect(() => csrFromCoo(2.5, 2, new Int32Array(0), new Int32Array(0))).toThrow(ArgumentError);
    expect(() => csrFromCoo(2, 2, Int32Array.from([0]), Int32Array.from([0]), tensor([1, 2], [2]))).toThrow(ShapeError);
    expect(() => csrFromCoo(2, 2, Int32Array.from([0]), Int32Array.from([0]), new Float32Array(3))).toThrow(ShapeError);
  });

  it('spmm refuses a structure whose rowPtr or colIdx do not fit, and x or values of the wrong shape', () => {
    const a = ok();
    expect(() => spmm({ ...a, rowPtr: Int32Array.from([0, 2, 1]) }, x)).toThrow(/spmm: a.rowPtr must never decrease/);
    expect(() => spmm({ ...a, rowPtr: Int32Array.from([0, 1, 1]) }, x)).toThrow(/ends at 1, not at nnz = 2/);
    expect(() => spmm({ ...a, rowPtr: Int32Array.from([0, 2]) }, x)).toThrow(/not rows \+ 1 = 3/);
    expect(() => spmm({ ...a, rowPtr: Int32Array.from([1, 1, 2]) }, x)).toThrow(/must start at 0/);
    expect(() => spmm({ ...a, colIdx: Int32Array.from([0, 3]) }, x)).toThrow(/spmm: a.colIdx entry 1 is 3, not a column in \[0, 3\)/);
    expect(() => spmm(a, tensor([1, 2], [2, 1]))).toThrow(ShapeError);
    expect(() => spmm({ ...a, values: tensor([1, 2, 3], [3]) }, x)).toThrow(/spmm: a.values has shape \[3\]/);
    expect(() => spmm(a, [1, 2] as unknown as Tensor)).toThrow(/spmm: x must be a Tensor/);
    expect(() => spmm(null as unknown as CsrMatrix, x)).toThrow(ArgumentError);
    expect(() => sddmm(a, tensor([1, 2], [2, 1]), x)).toThrow(/sddmm: b has shape \[3, 2\]/);
  });

  it(`sizes past 2^24 are refused with a LimitError (indices travel as float32)`, () => {
    expect(() => csrFromCoo(EXACT_INDEX_LIMIT + 1, 2, new Int32Array(0), new Int32Array(0))).toThrow(LimitError);
    const huge = new Int32Array(EXACT_INDEX_LIMIT + 1);
    expect(() => spmm({ rows: 1, cols: 1, rowPtr: Int32Array.from([0, huge.length]), colIdx: huge, values: tensor([0], [1]) }, tensor([1], [1]))).toThrow(LimitError);
  });
});
