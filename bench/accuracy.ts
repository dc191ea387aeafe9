/**
 * `npm run bench:accuracy`: how far each backend's float32 results are from float64 references
 * computed here from the same float32 inputs, on fixed inputs, as a markdown table (the README's
 * Numerics section quotes it). Run under `xvfb-run -a` to include headless-GL.
 */
import { availableBackends, useBackend } from '../src/backend/select.js';
import type { BackendName } from '../src/backend/types.js';
import { grad } from '../src/autodiff/grad.js';
import { conv2d } from '../src/ops/conv.js';
import { exp, log, sigmoid, tanh } from '../src/ops/elementwise.js';
import { matmul } from '../src/ops/matmul.js';
import { softmax, sum } from '../src/ops/reduce.js';
import { full, tensor, toArray } from '../src/tensor/create.js';
import type { Tensor } from '../src/tensor/tensor.js';

const rand = (n: number, seed: number, lo = -1, hi = 1) => {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return lo + (hi - lo) * (s / 2 ** 32); });
};

/** Largest |got − want| / scale over the elements (scale: the sum of |terms| behind each, or |want|). */
const worst = (got: Float32Array, want: ArrayLike<number>, scale: ArrayLike<number>) => {
  let w = 0;
  for (let i = 0; i < got.length; i++) w = Math.max(w, Math.abs(got[i] - want[i]) / Math.max(scale[i], 1e-300));
  return w;
};

interface Row { readonly label: string; readonly measure: () => number }

const dot = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => {
  const want = new Float64Array(m * n), scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let q = 0; q < k; q++) {
    const av = a[i * k + q];
    for (let j = 0; j < n; j++) { const t = av * b[q * n + j]; want[i * n + j] += t; scale[i * n + j] += Math.abs(t); }
  }
  return { want, scale };
};

/** Relative error, or absolute where |want| < 1 (log near 1, where a relative error says nothing). */
const unary = (f: (x: Tensor) => Tensor, ref: (v: number) => number, xs: Float32Array, absBelowOne = false): number => {
  const got = toArray(f(tensor(xs, [xs.length])));
  const want = Array.from(xs, ref);
  return worst(got, want, want.map((v) => (absBelowOne ? Math.max(1, Math.abs(v)) : Math.abs(v))));
};

const rows: Row[] = [
  { label: 'sum of 10^6 values in [0, 1)', measure: () => {
    const d = rand(1e6, 1, 0, 1); let s = 0; for (const v of d) s += v;
    return worst(toArray(sum(tensor(d, [d.length]))), [s], [s]);
  } },
  { label: 'sum of 10^7 × 0.1', measure: () => worst(toArray(sum(full([1e7], 0.1))), [1e7 * Math.fround(0.1)], [1e6]) },
  { label: 'matmul 256³ (error / Σ|aᵢₖbₖⱼ|)', measure: () => {
    const a = rand(256 * 256, 2), b = rand(256 * 256, 3);
    const { want, scale } = dot(a, b, 256, 256, 256);
    return worst(toArray(matmul(tensor(a, [256, 256]), tensor(b, [256, 256]))), want, scale);
  } },
  { label: 'dot product, K = 2^20', measure: () => {
    const k = 1 << 20, a = rand(k, 4), b = rand(k, 5);
    const { want, scale } = dot(a, b, 1, k, 1);
    return worst(toArray(matmul(tensor(a, [1, k]), tensor(b, [k, 1]))), want, scale);
  } },
  { label: 'conv2d weight gradient, x [128, 1, 28, 28], w 5×5', measure: () => {
    const xd = rand(128 * 784, 6, 0, 1);
    const g = toArray(grad((w: Tensor) => sum(conv2d(tensor(xd, [128, 1, 28, 28]), w)))(tensor(rand(25, 7), [1, 1, 5, 5])));
    const want: number[] = [];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
      let s = 0; for (let n = 0; n < 128; n++) for (let i = 0; i < 24; i++) for (let j = 0; j < 24; j++) s += xd[n * 784 + (i + a) * 28 + j + b];
      want.push(s);
    }
    return worst(g, want, want.map(Math.abs));
  } },
  { label: 'exp on [−80, 80] (relative)', measure: () => unary(exp, Math.exp, rand(1e5, 8, -80, 80)) },
  { label: 'log on [0.001, 1000] (relative; absolute where |log x| < 1)', measure: () => unary(log, Math.log, rand(1e5, 9, 1e-3, 1000), true) },
  { label: 'tanh on [−10, 10] (relative)', measure: () => unary(tanh, Math.tanh, rand(1e5, 10, -10, 10)) },
  { label: 'tanh on ±[1e-30, 1e-2] (relative)', measure: () => unary(tanh, Math.tanh, Float32Array.from(rand(1e4, 11, -30, -2), (e, i) => (i % 2 ? -1 : 1) * 10 ** e)) },
  { label: 'sigmoid on [−30, 30] (relative)', measure: () => unary(sigmoid, (v) => 1 / (1 + Math.exp(-v)), rand(1e5, 12, -30, 30)) },
  { label: 'softmax of 128 rows of 1000 logits in [−20, 20] (relative)', measure: () => {
    const d = rand(128 * 1000, 13, -20, 20);
    const want: number[] = [];
    for (let r = 0; r < 128; r++) {
      const row = d.subarray(r * 1000, (r + 1) * 1000);
      const m = Math.max(...row); let z = 0; for (const v of row) z += Math.exp(v - m);
      for (const v of row) want.push(Math.exp(v - m) / z);
    }
    return worst(toArray(softmax(tensor(d, [128, 1000]))), want, want);
  } },
];

const backends = availableBackends().filter((b): b is BackendName => b !== 'webgl2');
const table = rows.map((r) => [r.label, ...backends.map((b) => { useBackend(b, { strict: true }); return r.measure().toExponential(1); })]);
console.log(`| largest error vs float64 | ${backends.join(' | ')} |`);
console.log(`|---|${backends.map(() => '---').join('|')}|`);
for (const r of table) console.log(`| ${r.join(' | ')} |`);
console.log('\n(u = 2^-24 ≈ 6.0e-8 is float32\'s unit roundoff.)');
