// Law cases for the sparse primitives: spmm and sddmm on a fixed structure with an empty row and a
// repeated nonzero; the segment reductions on offsets with an empty segment (first, middle and last).
import fc from 'fast-check';
import * as R from '../reference/index.js';
import * as nn from '../support/api.js';
import type { Tensor } from '../support/api.js';
import { asMatrix, densify, sddmmRef, segmentRef, type Coo } from '../sparse/graphs.js';
import type { Case } from './cases.js';
import { distinct, shaped } from './arbs.js';

const T = (s: number[], f = (i: number) => Math.sin(1.3 * i + 0.5)) => nn.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), s);

// 5 × 4; row 1 is empty, (3, 2) appears twice.
const coo: Coo = {
  rows: 5, cols: 4,
  r: Int32Array.from([0, 3, 2, 0, 3, 4, 3, 2]),
  c: Int32Array.from([1, 2, 0, 3, 2, 1, 0, 3]),
  v: Float32Array.from([0.5, -1, 2, 1.5, 0.25, -0.75, 1, 0.3]),
};
const a = nn.csrFromCoo(coo.rows, coo.cols, coo.r, coo.c);
const nnz = coo.r.length;
// The coordinates in CSR order, for the references.
const csrRows = Int32Array.from({ length: nnz }, (_, k) => a.rowPtr.findIndex((p, i) => k >= p && k < a.rowPtr[i + 1]));
const csrCoo = (v: ArrayLike<number>): Coo => ({ rows: coo.rows, cols: coo.cols, r: csrRows, c: a.colIdx, v: Float32Array.from(v) });
const spmmOf = (v: Tensor, x: Tensor) => nn.spmm({ ...a, values: v }, x);
const spmmShape = (s: readonly (readonly number[])[]) => [coo.rows, ...s[1].slice(1)];

const offsets = Int32Array.from([0, 0, 2, 2, 5, 6, 6]); // 6 segments over 6 rows: three empty
const N = 6, G = offsets.length - 1;
const rowShapes = fc.constantFrom([N, 3], [N], [N, 2, 2]);
const reducedShape = (s: readonly (readonly number[])[]) => [G, ...s[0].slice(1)];
const segRef = (x: R.Ref) => segmentRef(x, offsets);
// x with ties: every column's maximum appears twice in segment 2 (rows 2..4).
const x0 = (shape: number[]) => T(shape, (i) => Math.round(3 * Math.sin(0.9 * i)));
const maxGradFn = (shape: number[]) => (g: Tensor) => nn.grad((x: Tensor) => nn.sum(nn.mul(nn.segmentMax(x, offsets), g)))(x0(shape));
const selectRef = (v: R.Ref, shape: number[]) => {
  const { arg } = segRef(R.ref(nn.toArray(x0(shape)), shape));
  const f = v.data.length / N;
  return R.ref(Array.from(arg, (n, o) => (n < 0 ? 0 : v.data[n * f + (o % f)])), [G, ...shape.slice(1)]);
};
const maxGradRef = (g: R.Ref, shape: number[]) => {
  const { arg } = segRef(R.ref(nn.toArray(x0(shape)), shape));
  const f = g.data.length / G;
  const out = new Float64Array(N * f);
  arg.forEach((n, o) => { if (n >= 0) out[n * f + (o % f)] += g.data[o]; });
  return R.ref(out, shape);
};

export const sparseCases: Case[] = [
  {
    prim: 'spmm', fn: spmmOf, shape: spmmShape,
    inputs: fc.constantFrom([4, 3], [4], [4, 2, 2]).chain((s) => fc.tuple(shaped([nnz]), shaped(s))),
    bad: () => [T([nnz]), T([3, 3])],
    refs: [
      { label: 'densified adjacency · x', inputs: () => [T([nnz], Math.cos), T([4, 3])], ref: ([v, x]) => R.matmul(densify(csrCoo(v.data)), asMatrix(x)), reduction: 3 },
      { label: 'matrix · vector', inputs: () => [T([nnz], Math.cos), T([4])], ref: ([v, x]) => R.ref(R.matmul(densify(csrCoo(v.data)), asMatrix(x)).data, [coo.rows]), reduction: 3 },
    ],
  },
  {
    prim: 'sddmm', fn: (p, q) => nn.sddmm(a, p, q), shape: () => [nnz],
    inputs: fc.constantFrom(3, 1, 5).chain((f) => fc.tuple(shaped([coo.rows, f]), shaped([coo.cols, f]))),
    bad: () => [T([coo.rows, 3]), T([coo.cols, 2])],
    refs: [{ label: '⟨a[row], b[col]⟩ per nonzero', inputs: () => [T([coo.rows, 7]), T([coo.cols, 7], Math.cos)], ref: ([p, q]) => R.ref(sddmmRef(csrRows, a.colIdx, p, q), [nnz]), reduction: 7 }],
  },
  {
    prim: 'segmentSum', fn: (x) => nn.segmentSum(x, offsets), shape: reducedShape,
    inputs: rowShapes.chain((s) => fc.tuple(shaped(s))),
    bad: () => [T([5, 3])],
    refs: [{ label: 'empty segments', inputs: () => [T([N, 3])], ref: ([x]) => segRef(x).sum, reduction: 3 }],
  },
  {
    // The pullback of segmentSum: each row gets its segment's cotangent.
    prim: 'segmentBroadcast', fn: (g) => nn.grad((x: Tensor) => nn.sum(nn.mul(nn.segmentSum(x, offsets), g)))(nn.zeros([N, 3])),
    shape: () => [N, 3],
    inputs: fc.tuple(shaped([G, 3])),
    refs: [{
      label: 'rows of empty segments get none', inputs: () => [T([G, 3])],
      ref: ([g]) => R.ref(Array.from({ length: N * 3 }, (_, o) => g.data[(offsets.findIndex((p, s) => Math.floor(o / 3) >= p && Math.floor(o / 3) < offsets[s + 1])) * 3 + (o % 3)]), [N, 3]),
    }],
  },
  {
    prim: 'segmentMax', fn: (x) => nn.segmentMax(x, offsets), shape: reducedShape,
    inputs: rowShapes.chain((s) => fc.tuple(distinct(s))),
    bad: () => [T([7, 3])],
    refs: [{ label: 'ties and empty segments', inputs: () => [x0([N, 3])], ref: ([x]) => segRef(x).max }],
  },
  {
    prim: 'segmentMaxGrad', fn: maxGradFn([N, 3]), shape: () => [N, 3],
    inputs: fc.tuple(shaped([G, 3])),
    refs: [{ label: 'to the first of tied maxima', inputs: () => [T([G, 3], Math.cos)], ref: ([g]) => maxGradRef(g, [N, 3]) }],
  },
  {
    // The second-order form: d/dg ⟨segmentMaxGrad(g), v⟩ reads v at each segment's first maximum.
    prim: 'segmentMaxSelect', fn: (v) => nn.grad((g: Tensor) => nn.sum(nn.mul(maxGradFn([N, 3])(g), v)))(nn.zeros([G, 3])),
    shape: () => [G, 3],
    inputs: fc.tuple(shaped([N, 3])),
    refs: [{ label: 'v at the first maximum, 0 for empty segments', inputs: () => [T([N, 3], Math.cos)], ref: ([v]) => selectRef(v, [N, 3]) }],
  },
];
