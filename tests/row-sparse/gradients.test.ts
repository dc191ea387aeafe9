// Row-sparse gradients: what `valueAndGrad(f, { rowSparse: true })` gives for a table that is only
// gathered, and that it stands for exactly the dense gradient (bit for bit: the same sums in the
// same order), on every backend, at an embedding table's size.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  add, gather, grad, isRowSparse, matmul, mul, rowSparse, scatterAdd, sum, tanh, tensor, toArray, toDense, useBackend,
  valueAndGrad, OptionError, ShapeError, type Tensor, rowBucket, backendStats,
} from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

const table = (rows: number, d: number, seed = 0): Tensor<[number, number]> =>
  tensor(Float32Array.from({ length: rows * d }, (_, i) => Math.sin(0.37 * i + seed)), [rows, d]);
const ids = (v: readonly number[]) => tensor(v, [v.length]);

beforeAll(() => announceBackends('row-sparse gradients'));

describe.each(testedBackends)('row-sparse gradients on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('a table that is only gathered gets a RowSparse gradient whose dense value is the dense gradient, bit for bit', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 9 }),
      (a, b) => {
        const w = table(12, 3);
        const f = (p: { w: Tensor<[number, number]>; v: Tensor<readonly [number]> }) =>
          sum(tanh(add(gather(p.w, ids(a)), 0.1)), undefined) as Tensor; // two gathers of one table below
        const g2 = (p: { w: Tensor<[number, number]>; v: Tensor<readonly [number]> }) =>
          add(f(p), sum(mul(gather(p.w, ids(b)), p.v))) as Tensor;
        const x = { w, v: tensor([0.5, -1, 2], [3]) };
        const [ls, sparse] = valueAndGrad(g2, { rowSparse: true })(x);
        const [ld, dense] = valueAndGrad(g2)(x);
        expect(toArray(ls)).toEqual(toArray(ld));
        expect(isRowSparse(sparse.w)).toBe(true);
        expect(isRowSparse(sparse.v)).toBe(false); // v is used densely
        expect(toArray(toDense(sparse.w))).toEqual(toArray(dense.w));
        expect(toArray(toDense(sparse.v))).toEqual(toArray(dense.v));
        if (!isRowSparse(sparse.w)) return;
        const c = sparse.w.coalesce();
        expect([...c.ids]).toEqual([...new Set([...a, ...b])].sort((p, q) => p - q));
        const d = toArray(dense.w);
        const rows = toArray(c.rows);
        c.ids.forEach((id, i) => expect(rows.subarray(3 * i, 3 * i + 3)).toEqual(d.subarray(3 * id, 3 * id + 3)));
      },
    ), { numRuns: 15, seed: 7 });
  });

  it('a table also used densely gets a dense gradient', () => {
    const w = table(5, 2);
    const g = grad((t: Tensor<[number, number]>) => add(sum(gather(t, ids([1, 1, 3]))), sum(mul(t, t))) as Tensor, { rowSparse: true })(w);
    expect(isRowSparse(g)).toBe(false);
    const want = grad((t: Tensor<[number, number]>) => add(sum(gather(t, ids([1, 1, 3]))), sum(mul(t, t))) as Tensor)(w);
    expect(toArray(toDense(g))).toEqual(toArray(want));
  });

  it('a gather of a computed tensor densifies before the pullback of what computed it', () => {
    const w = table(6, 2);
    const f = (t: Tensor<[number, number]>) => sum(gather(mul(t, 3), ids([0, 5, 5]))) as Tensor;
    const g = grad(f, { rowSparse: true })(w);
    expect(isRowSparse(g)).toBe(false);
    expect(Array.from(toArray(toDense(g)))).toEqual([3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 6, 6]);
  });

  it('at an embedding size (50,000 × 64 table, 4,096 lookups with repeats) the sparse gradient is exact and holds only the touched rows', () => {
    const V = 50_000, d = 64, B = 4096;
    const w = table(V, d);
    const picks = Array.from({ length: B }, (_, i) => (i * 7919 + (i % 13) * 104_729) % V);
    const q = table(B, d, 1);
    const f = (t: Tensor<[number, number]>) => sum(mul(gather(t, ids(picks)), q)) as Tensor;
    const gs = grad(f, { rowSparse: true })(w);
    expect(isRowSparse(gs)).toBe(true);
    if (!isRowSparse(gs)) return;
    const c = gs.coalesce();
    expect(c.ids.length).toBe(new Set(picks).size);
    expect(c.rows.shape).toEqual([rowBucket(c.ids.length), d]);
    expect(c.index.shape).toEqual([rowBucket(c.ids.length)]);
    const dense = toArray(grad(f)(w));
    const rows = toArray(c.rows);
    expect(rows.subarray(c.ids.length * d).every((v) => v === 0)).toBe(true); // the bucket's padding
    let touched = 0;
    c.ids.forEach((id, i) => { touched += d; expect(rows.subarray(d * i, d * i + d)).toEqual(dense.subarray(d * id, d * id + d)); });
    expect(dense.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0)).toBeLessThanOrEqual(touched); // nothing outside the ids
  });

  it('differentiates again: the gradient of a function of a row-sparse gradient equals the dense one', () => {
    const w = table(7, 2);
    const v = tensor([1, -2, 0.5, 3], [2, 2]);
    const inner = (t: Tensor<[number, number]>) => sum(tanh(matmul(gather(t, ids([2, 6, 2])), v))) as Tensor;
    const outer = (sparse: boolean) => (t: Tensor<[number, number]>) => {
      const g = sparse ? toDense(grad(inner, { rowSparse: true })(t)) : grad(inner)(t);
      return sum(mul(g, g)) as Tensor;
    };
    expect(toArray(grad(outer(true))(w))).toEqual(toArray(grad(outer(false))(w)));
  });

  it('batches touching different numbers of rows reuse a few kernel sizes (rows padded to quarter-octave buckets)', () => {
    const w = table(3000, 8);
    const f = (n: number) => (t: Tensor<[number, number]>) => sum(gather(t, ids(Array.from({ length: 512 }, (_, i) => (i * 37) % n)))) as Tensor;
    const rowsOf = (n: number) => { const g = grad(f(n), { rowSparse: true })(w); return isRowSparse(g) ? g.coalesce().rows.shape[0] : -1; };
    for (const n of [300, 301]) rowsOf(n); // warm up: both pad to 320
    const before = backendStats().compiles;
    const sizes = [290, 297, 305, 310, 319].map(rowsOf);
    expect(new Set(sizes)).toEqual(new Set([320]));
    expect(backendStats().compiles - before).toBe(0);
  });

  it('rowBucket rounds up by at most a quarter', () => {
    for (let n = 1; n < 5000; n++) {
      const b = rowBucket(n);
      expect(b).toBeGreaterThanOrEqual(n);
      expect(b).toBeLessThanOrEqual(Math.max(n, Math.ceil(n * 1.25) + 1));
    }
    expect(new Set(Array.from({ length: 4096 }, (_, i) => rowBucket(i + 1))).size).toBeLessThan(50);
  });

  it('rowSparse builds one by hand; bad input is refused', () => {
    const r = rowSparse([4, 2], ids([3, 0, 3]), tensor([1, 2, 3, 4, 5, 6], [3, 2]));
    expect(Array.from(toArray(r.dense()))).toEqual([3, 4, 0, 0, 0, 0, 6, 8]);
    expect(toArray(r.dense())).toEqual(toArray(scatterAdd(tensor([1, 2, 3, 4, 5, 6], [3, 2]), ids([3, 0, 3]), 4)));
    expect(() => rowSparse([4, 2], ids([4]), tensor([1, 2], [1, 2]))).toThrow(OptionError);
    expect(() => rowSparse([4, 2], ids([1]), tensor([1, 2, 3], [1, 3]))).toThrow(ShapeError);
    expect(() => valueAndGrad((t: Tensor) => sum(t), { rowSparse: 1 as unknown as boolean })).toThrow(/rowSparse/);
  });
});
