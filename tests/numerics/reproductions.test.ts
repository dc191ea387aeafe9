// The reproductions of "silent wrong results on webasm and headless-GL": each gives the right number
// or a typed error on every backend. (NaN/Inf reproductions: nonfinite-ops.test.ts; bad input:
// tests/validation and tests/fuzz; checkpoints: tests/io/robustness.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackend, withBackendInstance } from '../../src/backend/select.js';
import {
  LimitError, OptionError, add, arange, conv2d, exp, full, grad, gruCell, lstmCell, matmul, mean, nn, ones, scoped, slice, sum, tensor,
  toArray, useBackend, zeros, type BackendName, type Tensor,
} from '../support/api.js';
import { losses } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';

announceBackends('numerics');

const wave = (n: number, k = 0) => Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + k));
const T = (shape: number[], k = 0) => tensor(wave(shape.reduce((a, b) => a * b, 1), k), shape);

/** #1: a GRU ('cho', hidden 4) then a full-peephole LSTM (hidden 3) over [2, 5, 3] through scan; d/dx of Σ outputs. */
const recurrentPair = (): Float32Array[] => {
  const xs = T([2, 5, 3], 1);
  const gp = { weightIh: T([12, 3], 2), weightHh: T([12, 4], 3), biasIh: T([12], 4), biasHh: T([12], 5) };
  const gru = (x: Tensor) => nn.scan((h: Tensor, xt: Tensor) => { const n = gruCell(gp, h, xt); return { carry: n, y: n }; }, zeros([2, 4]), x).ys;
  const lp = {
    weightIh: T([12, 3], 6), weightHh: T([12, 3], 7), biasIh: T([12], 8), biasHh: T([12], 9),
    peepholeI: T([3, 3], 10), peepholeF: T([3, 3], 11), peepholeO: T([3, 3], 12),
  };
  const lstm = (x: Tensor) => nn.scan((s: { h: Tensor; c: Tensor }, xt: Tensor) => {
    const n = lstmCell(lp, s, xt, { peephole: 'full' });
    return { carry: n, y: n.h };
  }, { h: zeros([2, 3]), c: zeros([2, 3]) }, x).ys;
  return [toArray(grad((x: Tensor) => sum(gru(x)))(xs)), toArray(grad((x: Tensor) => sum(lstm(x)))(xs))];
};

/** Runs fn on a fresh backend instance (an empty kernel cache), then frees it. */
const onFresh = <R>(backend: BackendName, fn: () => R): R => {
  const b = createBackend(backend, 1);
  try { return withBackendInstance(b, fn); } finally { b.destroy(); }
};

let cpuRecurrent: Float32Array[];
beforeAll(() => { cpuRecurrent = onFresh('cpu', recurrentPair); });

describe.each(testedBackends)('reproductions on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it('#1 a kernel compiled for one input size is never reused for another (GRU then full-peephole LSTM in one process)', () => {
    const got = recurrentPair();
    const alone = onFresh(backend, () => recurrentPair().slice(1));
    expect(got[1]).toEqual(alone[0]);
    const { atol, rtol } = tol(backend, 20);
    for (const [k, g] of got.entries()) g.forEach((v, i) => expect(Math.abs(v - cpuRecurrent[k][i])).toBeLessThanOrEqual(atol + rtol * Math.abs(cpuRecurrent[k][i])));
  });

  it('#2 no loop is cut at 65,535 iterations: sums, mse, a batch-128 conv weight gradient, an MNIST-batch mean, K = 2^20', () => {
    expect(toArray(sum(ones([65536])))[0]).toBe(65536);
    expect(toArray(losses.mse(full([256, 512], 1), full([256, 512], 0)))[0]).toBe(1);
    const xd = wave(128 * 784);
    const g = toArray(grad((w: Tensor) => sum(conv2d(tensor(xd, [128, 1, 28, 28]), w)))(T([6, 1, 5, 5])));
    let s00 = 0; // d/dw[o, 0, 0, 0] = Σ_n Σ_i<24 Σ_j<24 x[n, i, j]
    for (let n = 0; n < 128; n++) for (let i = 0; i < 24; i++) for (let j = 0; j < 24; j++) s00 += xd[n * 784 + i * 28 + j];
    for (let o = 0; o < 6; o++) expect(Math.abs(g[o * 25] - s00)).toBeLessThan(2e-3);
    const batch = Float32Array.from({ length: 128 * 784 }, (_, i) => ((i * 7919) % 256) / 255);
    const m64 = batch.reduce((a, v) => a + v, 0) / batch.length;
    expect(Math.abs(toArray(mean(tensor(batch, [128, 1, 28, 28])))[0] - m64)).toBeLessThan(1e-6);
    expect(toArray(matmul(ones([1, 1 << 20]), full([1 << 20, 1], 0.5)))[0]).toBe(1 << 19);
  });

  it('#3 past 2^24 elements every cell is read from the right place', () => {
    const n = 2 ** 24 + 8;
    const d = Float32Array.from({ length: n }, (_, i) => i % 1000);
    expect(Array.from(toArray(slice(add(tensor(d, [n]), 1), [n - 8], [8])))).toEqual([217, 218, 219, 220, 221, 222, 223, 224]);
  });

  it('#4 mean(ones([2^24 + 8])) returns 1', () => {
    expect(toArray(mean(ones([2 ** 24 + 8])))[0]).toBe(1);
  });

  it('#5 sums are accurate: 10^7 × 0.1, and a K = 2^20 dot product', () => {
    expect(Math.abs(toArray(sum(full([1e7], 0.1)))[0] - 1e6)).toBeLessThan(1);
    const k = 1 << 20;
    const a = wave(k, 1), b = wave(k, 2);
    let s = 0, m = 0;
    for (let q = 0; q < k; q++) { s += a[q] * b[q]; m += Math.abs(a[q] * b[q]); }
    expect(Math.abs(toArray(matmul(tensor(a, [1, k]), tensor(b, [k, 1])))[0] - s) / m).toBeLessThan(1e-6);
  });

  it('#7 sizes are checked before anything is allocated: typed errors that state the size and the limit', () => {
    expect(() => zeros([65536, 65536])).toThrow(LimitError);
    expect(() => zeros([65536, 65536])).toThrow(/zeros: elements in a tensor of shape \[65536, 65536\]: 4,294,967,296 is over the limit of 1,073,741,824/);
    expect(() => exp(zeros([2 ** 31]))).toThrow(LimitError);
    expect(() => matmul(ones([65536, 1]), ones([1, 65536]))).toThrow(/matmul: elements in a tensor of shape \[65536, 65536\]/);
    expect(() => arange(NaN)).toThrow(OptionError);
  });
});

describe.skipIf(!testedBackends.includes('headlessgl'))('#8 on GL, a tensor released by scoped', () => {
  it('says it was released instead of crashing inside gpu.js', () => {
    useBackend('headlessgl', { strict: true });
    let leaked: Tensor | undefined;
    scoped(() => { leaked = add(T([4]), 1); return 0; });
    expect(() => add(leaked!, 1)).toThrow(/tensor was released/);
    expect(() => toArray(leaked!)).toThrow(/tensor was released/);
  });
});
