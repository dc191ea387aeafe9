// spmm and sddmm on every backend against float64 references over coordinates: the dense product
// with the densified adjacency (empty rows, repeated nonzeros, a row and a column longer than GL's
// loop limit, Cora's size), both gradients, second order, compiles shared between graphs of equal
// sizes without one graph's structure leaking into another's result, and inputs past 2^24 elements.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradient } from '../../laws/index.js';
import fc from 'fast-check';
import * as R from '../reference/index.js';
import {
  backendStats, csrFromCoo, grad, mul, sddmm, spmm, sum, tensor, toArray, useBackend, vjp, type CsrMatrix, type Tensor,
} from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';
import { GL_LOOP_LIMIT } from '../../src/backend/gpujs/kernels/budget.js';
import { EXACT_INDEX_LIMIT } from '../../src/backend/limits.js';
import { asMatrix, densify, randomCoo, randomData, sddmmRef, type Coo } from './graphs.js';

announceBackends('sparse');

const csrOf = (c: Coo): CsrMatrix => csrFromCoo(c.rows, c.cols, c.r, c.c, c.v);
/** The row of every nonzero, in CSR order (for the references, which take coordinates). */
const rowsOf = (a: CsrMatrix): Int32Array => {
  const out = new Int32Array(a.colIdx.length);
  for (let i = 0; i < a.rows; i++) out.fill(i, a.rowPtr[i], a.rowPtr[i + 1]);
  return out;
};
const longest = (a: CsrMatrix): number => Math.max(0, ...Array.from({ length: a.rows }, (_, i) => a.rowPtr[i + 1] - a.rowPtr[i]));

const expectClose = (got: Float32Array, want: ArrayLike<number>, t: { atol: number; rtol: number }, what: string): void => {
  expect(got.length, what).toBe(want.length);
  let worst = -1, at = -1;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= t.atol + t.rtol * Math.abs(want[i])) && d > worst) { worst = d; at = i; }
  }
  expect(at, `${what}: worst |diff| ${worst} at ${at}: got ${got[at]}, reference ${want[at]}`).toBe(-1);
};

interface Example { readonly label: string; readonly coo: Coo; readonly f: number }
const examples: Example[] = [
  { label: 'random 37 × 29, empty rows, repeated entries', coo: randomCoo(37, 29, 180, 1, { repeats: 25 }), f: 5 },
  { label: 'all rows empty but one, F = 1', coo: randomCoo(12, 40, 30, 2, { emptyEvery: 0, longRow: { row: 7, length: 9 } }), f: 1 },
  // Longer than the loop budget (16,384) and than GL's loop limit (65,535): an uncut loop would stop early on GL.
  { label: `a row of ${GL_LOOP_LIMIT + 4465} nonzeros`, coo: randomCoo(9, 500, 60, 3, { longRow: { row: 4, length: GL_LOOP_LIMIT + 4465 } }), f: 3 },
  { label: `a column of ${GL_LOOP_LIMIT + 4465} nonzeros (a long row of the transpose)`, coo: randomCoo(GL_LOOP_LIMIT + 4465, 40, 300, 4, { longCol: { col: 17, length: GL_LOOP_LIMIT + 4465 } }), f: 2 },
  { label: "Cora's size: 2,708 × 2,708, 13,264 nonzeros, 16 features", coo: randomCoo(2708, 2708, 13264, 5, { emptyEvery: 0 }), f: 16 },
];

describe.each(testedBackends)('spmm on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it.each(examples.map((e) => [e.label, e] as const))('equals the dense product with the densified adjacency: %s', (_l, e) => {
    const a = csrOf(e.coo);
    const xd = randomData(e.coo.cols * e.f, 10);
    const want = R.matmul(densify(e.coo), R.ref(xd, [e.coo.cols, e.f]));
    const got = toArray(spmm(a, tensor(xd, [e.coo.cols, e.f])));
    expectClose(got, want.data, tol(backend, longest(a)), e.label);
  });

  it.each(examples.slice(0, 4).map((e) => [e.label, e] as const))('gradients dx = Aᵀ·dy and dvalues = ⟨dy[row], x[col]⟩: %s', (_l, e) => {
    const a = csrOf(e.coo);
    const { rows, cols } = e.coo;
    const xd = randomData(cols * e.f, 11), dyd = randomData(rows * e.f, 12);
    const [, pull] = vjp(([v, x]: Tensor[]) => spmm({ ...a, values: v }, x), [a.values, tensor(xd, [cols, e.f])]);
    const [dv, dx] = pull(tensor(dyd, [rows, e.f]));
    const wantDx = R.matmul(densify(e.coo), R.ref(dyd, [rows, e.f]), { transA: true });
    const colLen = Math.max(...Array.from({ length: cols }, (_, j) => e.coo.c.filter((c) => c === j).length));
    expectClose(toArray(dx), wantDx.data, tol(backend, colLen), 'dx');
    expectClose(toArray(dv), sddmmRef(rowsOf(a), a.colIdx, R.ref(dyd, [rows, e.f]), R.ref(xd, [cols, e.f])), tol(backend, e.f), 'dvalues');
  });

  it('x of rank 1 and rank 3: y keeps the trailing axes', () => {
    const e = examples[0], a = csrOf(e.coo);
    const xd = randomData(e.coo.cols * 6, 13);
    const want = R.matmul(densify(e.coo), R.ref(xd, [e.coo.cols, 6]));
    const y3 = spmm(a, tensor(xd, [e.coo.cols, 2, 3]));
    expect(y3.shape).toEqual([e.coo.rows, 2, 3]);
    expectClose(toArray(y3), want.data, tol(backend, longest(a)), 'rank 3');
    const x1 = xd.subarray(0, e.coo.cols);
    const y1 = spmm(a, tensor(x1, [e.coo.cols]));
    expect(y1.shape).toEqual([e.coo.rows]);
    expectClose(toArray(y1), R.matmul(densify(e.coo), R.ref(x1, [e.coo.cols, 1])).data, tol(backend, longest(a)), 'rank 1');
  });

  it('second order: the gradient of a gradient agrees with finite differences (in the values and in x)', () => {
    const e = examples[0], a = csrOf(e.coo);
    const u = tensor(randomData(e.coo.rows * 2, 14), [e.coo.rows, 2]);
    // d/dx ⟨spmm(A_v, x)², u⟩ = Aᵀ(2·u·spmm(A_v, x)): differentiated again in v and x.
    const inner = (v: Tensor, x: Tensor) => grad((z: Tensor) => sum(mul(mul(spmm({ ...a, values: v }, z), spmm({ ...a, values: v }, z)), u)))(x);
    checkGradient(inner, fc.tuple(fc.constant(a.values), fc.constant(tensor(randomData(e.coo.cols * 2, 15), [e.coo.cols, 2]))), { numRuns: 2 });
  });

  it('graphs of equal sizes share one compile, and each gets its own structure', () => {
    // Every row holds exactly 3 nonzeros: same sizes and same loop bound, different columns.
    const regular = (seed: number): Coo => ({
      rows: 40, cols: 40,
      r: Int32Array.from({ length: 120 }, (_, k) => Math.floor(k / 3)),
      c: Int32Array.from(randomData(120, seed), (v) => Math.floor((v + 1) * 20)),
      v: randomData(120, seed + 1),
    });
    const g1 = regular(21), g2 = regular(22);
    expect(Array.from(g1.c)).not.toEqual(Array.from(g2.c));
    const xd = randomData(40 * 4, 23);
    const x = tensor(xd, [40, 4]);
    toArray(spmm(csrOf(g1), x));
    const before = backendStats().compiles;
    const got = toArray(spmm(csrOf(g2), x));
    expect(backendStats().compiles - before, 'new compiles for a second graph of the same sizes').toBe(0);
    expectClose(got, R.matmul(densify(g2), R.ref(xd, [40, 4])).data, tol(backend, 3), 'second graph');
  });

  it(`reads x past 2^24 elements right (those launches run in cpu mode), forward and dx`, () => {
    const cols = EXACT_INDEX_LIMIT / 16 + 9, f = 16; // x has 16·cols = 2^24 + 144 elements
    const hi = [cols - 1, cols - 2, cols - 9, 3, cols - 5, cols - 1];
    const coo: Coo = { rows: 3, cols, r: Int32Array.from([0, 0, 1, 1, 2, 2]), c: Int32Array.from(hi), v: Float32Array.from([1, -2, 0.5, 3, 1.5, 0.25]) };
    const xd = new Float32Array(cols * f);
    for (const j of hi) for (let q = 0; q < f; q++) xd[j * f + q] = Math.sin(j * 0.37 + q);
    const a = csrOf(coo);
    const want = new Float64Array(3 * f);
    for (let k = 0; k < 6; k++) for (let q = 0; q < f; q++) want[coo.r[k] * f + q] += coo.v[k] * xd[coo.c[k] * f + q];
    const dyd = randomData(3 * f, 24);
    const [y, pull] = vjp((x: Tensor) => spmm(a, x), tensor(xd, [cols, f]));
    expectClose(toArray(y), want, tol(backend, 2), 'forward');
    const dx = toArray(pull(tensor(dyd, [3, f])));
    for (const j of new Set(hi)) {
      const wantRow = Array.from({ length: f }, (_, q) => { let s = 0; for (let k = 0; k < 6; k++) if (coo.c[k] === j) s += coo.v[k] * dyd[coo.r[k] * f + q]; return s; });
      expectClose(dx.subarray(j * f, (j + 1) * f), wantRow, tol(backend, 2), `dx row ${j}`);
    }
    expect(dx.subarray((cols - 20) * f, (cols - 9) * f).every((v) => v === 0)).toBe(true);
  });
});

describe.each(testedBackends)('sddmm on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it('⟨a[row k], b[col k]⟩ per nonzero, with features past the loop budget split into chunks', () => {
    const e = examples[0], a = csrOf(e.coo);
    for (const f of [1, 7, 4096 + 37]) {
      const ad = randomData(e.coo.rows * f, 30 + f), bd = randomData(e.coo.cols * f, 31 + f);
      const got = toArray(sddmm(a, tensor(ad, [e.coo.rows, f]), tensor(bd, [e.coo.cols, f])));
      expectClose(got, sddmmRef(rowsOf(a), a.colIdx, R.ref(ad, [e.coo.rows, f]), R.ref(bd, [e.coo.cols, f])), tol(backend, f), `F = ${f}`);
    }
  });
});
