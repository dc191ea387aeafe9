// segmentSum, segmentMean and segmentMax on every backend against plain loops: empty segments
// (first, middle, last), rows of rank 1 to 3, ties (the gradient goes to the first maximum), NaN,
// and a segment longer than GL's loop limit (cut into pieces, the pieces combined again).
import { beforeAll, describe, expect, it } from 'vitest';
import * as R from '../reference/index.js';
import { grad, mul, offsetsFromBatch, segmentMax, segmentMean, segmentSum, sum, tensor, toArray, useBackend, vjp, ArgumentError, ShapeError, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';
import { GL_LOOP_LIMIT } from '../../src/backend/gpujs/kernels/budget.js';
import { randomData, randomOffsets, segmentRef } from './graphs.js';

announceBackends('sparse');

const expectClose = (got: Float32Array, want: ArrayLike<number>, t: { atol: number; rtol: number }, what: string): void => {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= t.atol + t.rtol * Math.abs(want[i])) && !(Number.isNaN(got[i]) && Number.isNaN(want[i])))
      expect.fail(`${what}: at ${i} got ${got[i]}, reference ${want[i]}`);
  }
};

/** The gradient of ⟨op(x), g⟩ in x, as a loop: g sent to each segment's first maximum. */
const maxGradRef = (arg: Float64Array, g: ArrayLike<number>, n: number, f: number): Float64Array => {
  const out = new Float64Array(n * f);
  arg.forEach((row, o) => { if (row >= 0) out[row * f + (o % f)] += g[o]; });
  return out;
};

interface Example { readonly label: string; readonly shape: number[]; readonly offsets: Int32Array; readonly x: Float32Array }
const longN = GL_LOOP_LIMIT + 9000;
const examples: Example[] = [
  { label: 'random segments, some empty, rows [3]', shape: [50, 3], offsets: randomOffsets(12, 50, 1), x: randomData(150, 2) },
  { label: 'rows of rank 0', shape: [31], offsets: randomOffsets(7, 31, 3), x: randomData(31, 4) },
  { label: 'rows [2, 2]', shape: [20, 2, 2], offsets: randomOffsets(5, 20, 5), x: randomData(80, 6) },
  { label: 'only empty segments', shape: [0, 2], offsets: new Int32Array(4), x: new Float32Array(0) },
  { label: `one segment of ${longN} rows between short ones`, shape: [longN + 7, 2], offsets: Int32Array.from([0, 3, longN + 3, longN + 3, longN + 7]), x: randomData((longN + 7) * 2, 7) },
];

describe.each(testedBackends)('segment reductions on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it.each(examples.map((e) => [e.label, e] as const))('sum, mean and max against loops, with their gradients: %s', (_l, e) => {
    const ref = segmentRef(R.ref(e.x, e.shape), e.offsets);
    const n = e.shape[0], f = R.size(e.shape.slice(1)), g = e.offsets.length - 1;
    const longest = Math.max(...Array.from({ length: g }, (_, s) => e.offsets[s + 1] - e.offsets[s]));
    const t = tol(backend, longest);
    const x = tensor(e.x, e.shape);
    const gd = randomData(g * f, 8);
    const gy = tensor(gd, [g, ...e.shape.slice(1)]);
    for (const [name, op, want] of [['sum', segmentSum, ref.sum], ['mean', segmentMean, ref.mean], ['max', segmentMax, ref.max]] as const) {
      const [y, pull] = vjp((z: Tensor) => op(z, e.offsets), x);
      expect(y.shape, name).toEqual([g, ...e.shape.slice(1)]);
      expectClose(toArray(y), want.data, t, name);
      const dx = toArray(pull(gy));
      const wantDx = name === 'max'
        ? maxGradRef(ref.arg, gd, n, f)
        : Float64Array.from({ length: n * f }, (_, o) => {
          const row = Math.floor(o / f);
          let seg = 0;
          while (e.offsets[seg + 1] <= row) seg++;
          return gd[seg * f + (o % f)] / (name === 'mean' ? e.offsets[seg + 1] - e.offsets[seg] : 1);
        });
      expectClose(dx, wantDx, tol(backend), `d${name}`);
    }
  });

  it.each(examples.map((e) => [e.label, e] as const))('second order of max: d/dg ⟨dx(g), v⟩ reads v at each first maximum: %s', (_l, e) => {
    const ref = segmentRef(R.ref(e.x, e.shape), e.offsets);
    const g = e.offsets.length - 1, f = R.size(e.shape.slice(1));
    const x = tensor(e.x, e.shape), vd = randomData(e.x.length, 9);
    const dxOf = (gy: Tensor) => grad((z: Tensor) => sum(mul(segmentMax(z, e.offsets), gy)))(x);
    const sel = toArray(grad((gy: Tensor) => sum(mul(dxOf(gy), tensor(vd, e.shape))))(tensor(new Float32Array(g * f), [g, ...e.shape.slice(1)])));
    expectClose(sel, Array.from(ref.arg, (row, o) => (row < 0 ? 0 : vd[row * f + (o % f)])), tol(backend), 'select');
  });

  it('ties: the maximum and its whole gradient go to the first of equal rows, also across pieces of a long segment', () => {
    const n = longN, f = 2;
    const xd = new Float32Array(n * f).fill(-1);
    // column 0: 5 at rows 10, 5000 and 70000 (three pieces apart); column 1: all equal.
    for (const row of [10, 5000, 70000]) xd[row * f] = 5;
    for (let row = 0; row < n; row++) xd[row * f + 1] = 0.5;
    const offsets = Int32Array.from([0, n]);
    const x = tensor(xd, [n, f]);
    expect(Array.from(toArray(segmentMax(x, offsets)))).toEqual([5, 0.5]);
    const dx = toArray(grad((z: Tensor) => sum(mul(segmentMax(z, offsets), tensor([2, 3], [1, 2]))))(x));
    const hot = Array.from(dx.keys()).filter((i) => dx[i] !== 0);
    expect(hot).toEqual([1, 10 * f]);
    expect([dx[1], dx[10 * f]]).toEqual([3, 2]);
  });

  it('a NaN wins the max and takes its gradient; −Inf rows give −Inf', () => {
    const x = tensor([1, -Infinity, NaN, -Infinity, 7, NaN, 2, -Infinity], [4, 2]);
    const offsets = Int32Array.from([0, 4]);
    const y = toArray(segmentMax(x, offsets));
    expect(Number.isNaN(y[0]) && Number.isNaN(y[1])).toBe(true);
    const dx = toArray(grad((z: Tensor) => sum(segmentMax(z, offsets)))(x));
    expect(Array.from(dx)).toEqual([0, 0, 1, 0, 0, 1, 0, 0]);
    expect(Array.from(toArray(segmentMax(tensor([-Infinity, -Infinity], [2]), Int32Array.from([0, 2]))))).toEqual([-Infinity]);
  });

  it('refuses offsets that do not fit x, with typed errors naming the op', () => {
    const x = tensor(randomData(6, 9), [3, 2]);
    expect(() => segmentSum(x, Int32Array.from([0, 2]))).toThrow(ShapeError);
    expect(() => segmentMax(x, Int32Array.from([0, 2, 1, 3]))).toThrow(/segmentMax: offsets must never decrease/);
    expect(() => segmentMean(x, Int32Array.from([1, 3]))).toThrow(ArgumentError);
    expect(() => segmentSum(x, [0, 3] as unknown as Int32Array)).toThrow(/segmentSum: offsets must be an Int32Array/);
    expect(() => segmentSum(tensor(3), Int32Array.from([0, 1]))).toThrow(ShapeError);
  });
});

describe('offsetsFromBatch', () => {
  it('turns a sorted batch vector into offsets, empty graphs included', () => {
    expect(Array.from(offsetsFromBatch(Int32Array.from([0, 0, 2, 2, 2, 3])))).toEqual([0, 2, 2, 5, 6]);
    expect(Array.from(offsetsFromBatch(Int32Array.from([1, 1]), 4))).toEqual([0, 0, 2, 2, 2]);
    expect(Array.from(offsetsFromBatch(new Int32Array(0)))).toEqual([0]);
  });
  it('refuses an unsorted or out-of-range batch vector', () => {
    expect(() => offsetsFromBatch(Int32Array.from([0, 2, 1]))).toThrow(/must be sorted/);
    expect(() => offsetsFromBatch(Int32Array.from([0, 3]), 2)).toThrow(ArgumentError);
  });
});
