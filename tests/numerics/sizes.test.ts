// Size laws at the boundaries where kernels used to go silently wrong, against float64 references,
// on every backend: reductions at 2^16 ± 1 (headless-GL's 65,535-iteration loop limit), batch-256
// convolution gradients, K = 2^17 and 2^20 matrix products, a row gathered 70,000 times, and
// tensors past 2^24 elements (float32 flat indices).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LimitError, add, avgPool2d, conv2d, full, gather, grad, matmul, max, maxPool2d, mean, mul, ones, slice, sum, tensor, toArray, transpose,
  useBackend, zeros, type Tensor,
} from '../support/api.js';
import { losses } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('numerics');

const wave = (n: number, k = 0) => Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + k));
/** |got − want| ≤ rel · scale for every element (scale: the sum of |terms| behind each entry). */
const close = (got: Float32Array, want: ArrayLike<number>, scale: ArrayLike<number>, rel: number, label: string) => {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < got.length; i++)
    if (!(Math.abs(got[i] - want[i]) <= rel * scale[i])) expect.fail(`${label}: element ${i} is ${got[i]}, float64 gives ${want[i]}`);
};

describe.each(testedBackends)('sizes on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it.each([65535, 65536, 65537, 3 * 65536 + 5])('reduces %i elements: sum, mean and max agree with float64', (n) => {
    const d = wave(n);
    let s = 0, a = 0, m = -Infinity;
    for (const v of d) { s += v; a += Math.abs(v); m = Math.max(m, v); }
    const x = tensor(d, [n]);
    close(toArray(sum(x)), [s], [a], 1e-6, 'sum');
    close(toArray(mean(x)), [s / n], [a / n], 1e-6, 'mean');
    expect(toArray(max(x))[0]).toBe(Math.fround(m));
    expect(toArray(sum(ones([n])))[0]).toBe(n);
  });

  it('reduces a middle axis of 65,537 and a [256, 512] mean squared error', () => {
    const d = wave(3 * 65537 * 2);
    const want = [0, 0], scale = [0, 0];
    for (let r = 0; r < 65537; r++) for (let j = 0; j < 2; j++) { want[j] += d[r * 2 + j]; scale[j] += Math.abs(d[r * 2 + j]); }
    const got = toArray(sum(tensor(d, [3, 65537, 2]), 1));
    close(got.subarray(0, 2), want, scale, 1e-6, 'sum over axis 1');
    expect(toArray(losses.mse(full([256, 512], 1), full([256, 512], 0)))[0]).toBe(1);
  });

  it('mean of an MNIST-sized batch of 128 agrees with float64', () => {
    const d = Float32Array.from({ length: 128 * 784 }, (_, i) => ((i * 7919) % 256) / 255);
    let s = 0; for (const v of d) s += v;
    close(toArray(mean(tensor(d, [128, 1, 28, 28]))), [s / d.length], [s / d.length], 1e-6, 'mean');
  });

  it('conv2d weight gradients at batch 128 and 256 (reductions of 73,728 and 147,456 terms)', () => {
    for (const N of [128, 256]) {
      const xd = wave(N * 784, 1);
      const x = tensor(xd, [N, 1, 28, 28]), w = tensor(wave(150, 2), [6, 1, 5, 5]);
      const g = toArray(grad((ww: Tensor) => sum(conv2d(x, ww)))(w));
      const want: number[] = [], scale: number[] = [];
      for (let o = 0; o < 6; o++) for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
        let s = 0, m = 0;
        for (let n = 0; n < N; n++) for (let i = 0; i < 24; i++) for (let j = 0; j < 24; j++) {
          const v = xd[n * 784 + (i + a) * 28 + j + b]; s += v; m += Math.abs(v);
        }
        want.push(s); scale.push(m);
      }
      close(g, want, scale, 1e-6, `dW at batch ${N}`);
    }
  });

  it.each([[2, 1 << 17, 3], [1, 1 << 20, 2]])('matmul [%i, %i] × [K, %i] agrees with float64', (m, k, n) => {
    const A = wave(m * k, 3), B = wave(k * n, 4);
    const want: number[] = [], scale: number[] = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0, a = 0;
      for (let q = 0; q < k; q++) { const t = A[i * k + q] * B[q * n + j]; s += t; a += Math.abs(t); }
      want.push(s); scale.push(a);
    }
    close(toArray(matmul(tensor(A, [m, k]), tensor(B, [k, n]))), want, scale, 1e-6, 'matmul');
  });

  it('conv2d through im2col at batch 128: weight gradient (a K = 18,432 gemm, split) and input gradient', () => {
    const [N, C, O, H] = [128, 8, 16, 12];
    const xd = wave(N * C * H * H, 6), wd = wave(O * C * 9, 7);
    const [gx, gw] = grad((p: Tensor[]) => sum(conv2d(p[0], p[1], { padding: 1 })))([tensor(xd, [N, C, H, H]), tensor(wd, [O, C, 3, 3])]).map(toArray);
    // d/dw[o,c,a,b] = Σ_n Σ_(oh,ow) x[n, c, oh+a−1, ow+b−1]; d/dx[n,c,i,j] = Σ_o Σ_(a,b) w[o,c,a,b] over the taps inside.
    const wantW: number[] = [], scaleW: number[] = [];
    for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      let sv = 0, m = 0;
      for (let n = 0; n < N; n++) for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) {
        const ih = i + a - 1, iw = j + b - 1;
        if (ih >= 0 && ih < H && iw >= 0 && iw < H) { const v = xd[((n * C + c) * H + ih) * H + iw]; sv += v; m += Math.abs(v); }
      }
      wantW.push(sv); scaleW.push(m);
    }
    close(gw, wantW, scaleW, 1e-6, 'dW');
    const wantX: number[] = [], scaleX: number[] = [];
    for (let n = 0; n < 2; n++) for (let c = 0; c < C; c++) for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) {
      let sv = 0, m = 0;
      for (let o = 0; o < O; o++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        const oh = i - a + 1, ow = j - b + 1;
        if (oh >= 0 && oh < H && ow >= 0 && ow < H) { const v = wd[((o * C + c) * 3 + a) * 3 + b]; sv += v; m += Math.abs(v); }
      }
      wantX.push(sv); scaleX.push(m + 1e-30);
    }
    close(gx.subarray(0, wantX.length), wantX, scaleX, 1e-6, 'dX (first two images)');
  });

  it('a direct conv2d over 2,048 channels (its reduction split into chunks) agrees with float64', () => {
    const [C, H] = [2048, 64];
    const xd = wave(C * H * H, 8), wd = wave(C * 9, 9);
    const got = toArray(conv2d(tensor(xd, [1, C, H, H]), tensor(wd, [1, C, 3, 3]), { padding: 1 }));
    const want: number[] = [], scale: number[] = [];
    for (const [i, j] of [[0, 0], [0, 63], [31, 17], [63, 63], [40, 1]]) {
      let sv = 0, m = 0;
      for (let c = 0; c < C; c++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        const ih = i + a - 1, iw = j + b - 1;
        if (ih >= 0 && ih < H && iw >= 0 && iw < H) { const t = xd[(c * H + ih) * H + iw] * wd[(c * 3 + a) * 3 + b]; sv += t; m += Math.abs(t); }
      }
      want.push(sv); scale.push(m);
    }
    close(Float32Array.from([[0, 0], [0, 63], [31, 17], [63, 63], [40, 1]], ([i, j]) => got[i * H + j]), want, scale, 1e-6, 'direct conv');
  });

  it('a batched matmul whose K (8,195) splits into chunks with a ragged tail agrees with float64', () => {
    const [B, m, k, n] = [2, 3, 8195, 5];
    const A = wave(B * m * k, 10), Bd = wave(B * k * n, 11);
    const got = toArray(matmul(tensor(A, [B, m, k]), tensor(Bd, [B, k, n])));
    const want: number[] = [], scale: number[] = [];
    for (let bb = 0; bb < B; bb++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let sv = 0, a = 0;
      for (let q = 0; q < k; q++) { const t = A[(bb * m + i) * k + q] * Bd[(bb * k + q) * n + j]; sv += t; a += Math.abs(t); }
      want.push(sv); scale.push(a);
    }
    close(got, want, scale, 1e-6, 'batched matmul');
  });

  it('a 224 × 224 average pool (50,400 loop iterations per window) is right; a window past the GL limit is refused', () => {
    const d = Float32Array.from({ length: 2 * 224 * 224 }, (_, i) => ((i * 31) % 97) / 97);
    const want = [0, 0];
    d.forEach((v, i) => { want[i < 224 * 224 ? 0 : 1] += v / (224 * 224); });
    close(toArray(avgPool2d(tensor(d, [1, 2, 224, 224]), { size: 224 })), want, want, 1e-6, 'global average pool');
    expect(() => maxPool2d(zeros([1, 1, 300, 300]), { size: 300 })).toThrow(LimitError);
  });

  it('a row gathered 70,000 times gets the whole sum as its gradient', () => {
    const n = 70000;
    const idx = tensor(Float32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0)), [n]);
    const w = wave(2 * n, 5);
    const g = toArray(grad((t: Tensor) => sum(mul(gather(t, idx), tensor(w, [n, 2]))))(tensor([1, 2, 3, 4, 5, 6], [3, 2])));
    const want = [0, 0, 0, 0, 0, 0], scale = [1, 1, 1, 1, 1, 1];
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) { want[(i % 10 === 0 ? 2 : 0) + j] += w[2 * i + j]; scale[(i % 10 === 0 ? 2 : 0) + j] += Math.abs(w[2 * i + j]); }
    close(g, want, scale, 1e-6, 'scatter-add');
  });

  it('tensors past 2^24 elements: elementwise, slice, reductions, a 4097 × 4097 transpose and gather read the right cells', () => {
    const n = 2 ** 24 + 8;
    const d = Float32Array.from({ length: n }, (_, i) => i % 1000);
    const tail = toArray(slice(add(tensor(d, [n]), 1), [n - 8], [8]));
    expect(Array.from(tail)).toEqual(Array.from({ length: 8 }, (_, i) => ((n - 8 + i) % 1000) + 1));
    expect(toArray(mean(ones([n])))[0]).toBe(1);
    const m = 4097;
    const t = toArray(transpose(tensor(Float32Array.from({ length: m * m }, (_, i) => i % 4099), [m, m])));
    for (const [i, j] of [[0, 1], [4096, 4095], [4095, 4096], [2048, 4096], [4096, 4096]]) expect(t[i * m + j]).toBe((j * m + i) % 4099);
    // max-pool past 2^24: its argmax is a window offset (small, exact), its gradient reaches the right cell
    const side = 4098; // 4098² = 16,793,604 > 2^24
    const xp: Tensor = tensor(Float32Array.from({ length: side * side }, (_, i) => (i * 7) % 1009), [1, 1, side, side]);
    const pooled = toArray(maxPool2d(xp, { size: 2 }));
    const half = side / 2, last = half * half - 1;
    const cells = [0, 1, side, side + 1].map((d) => 2 * (half - 1) * side + 2 * (half - 1) + d);
    expect(pooled[last]).toBe(Math.max(...cells.map((c) => (c * 7) % 1009)));
    const gp = toArray(grad((v: Tensor) => sum(maxPool2d(v, { size: 2 })))(xp));
    const winner = cells.find((c) => (c * 7) % 1009 === pooled[last])!;
    expect(cells.map((c) => gp[c])).toEqual(cells.map((c) => (c === winner ? 1 : 0)));
    const rows = 2 ** 23 + 4;
    const table = tensor(Float32Array.from({ length: rows * 2 }, (_, i) => i % 977), [rows, 2]);
    expect(Array.from(toArray(gather(table, tensor([rows - 1, 0], [2]))))).toEqual([(2 * rows - 2) % 977, (2 * rows - 1) % 977, 0, 1]);
  });
});
