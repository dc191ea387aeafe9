import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits, mse, softmaxCrossEntropy, accuracy,
} from '../../src/losses/index.js';
import { grad, OptionError, ShapeError, softmax, sub, tensor, toArray, type Tensor } from '../../src/index.js';
import { gradientLaw } from '../../laws/index.js';

// Deterministic host numbers (mulberry32), so references are computed in float64 from the same data.
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const uniformHost = (n: number, lo: number, hi: number, seed: number) => {
  const r = rng(seed);
  // Round to float32 so the reference sees exactly the numbers the tensor holds.
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
};
const arr = (t: Tensor) => Array.from(toArray(t));
const closeAll = (got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i]), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
};

// float64 references
const logSoftmaxRow = (x: ArrayLike<number>, off: number, C: number) => {
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, x[off + c]);
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp(x[off + c] - m);
  return Array.from({ length: C }, (_, c) => x[off + c] - m - Math.log(s));
};
const ceRef = (x: ArrayLike<number>, B: number, C: number, target: (b: number, c: number) => number) =>
  Array.from({ length: B }, (_, b) => -logSoftmaxRow(x, b * C, C).reduce((acc, l, c) => acc + target(b, c) * l, 0));
const bceRef = (x: number, t: number) => Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);

const B = 5, C = 4;
const logitsData = uniformHost(B * C, -3, 3, 1);
const ids = Int32Array.from([0, 3, 1, 1, 2]);
const oneHot = Float32Array.from({ length: B * C }, (_, i) => (ids[Math.floor(i / C)] === i % C ? 1 : 0));
const soft = (() => {
  const raw = uniformHost(B * C, 0.1, 1, 2);
  const out = new Float32Array(B * C);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += raw[b * C + c];
    for (let c = 0; c < C; c++) out[b * C + c] = raw[b * C + c] / s;
  }
  return out;
})();

describe('softmaxCrossEntropy', () => {
  const logits = tensor(logitsData, [B, C]);
  const perExample = ceRef(logitsData, B, C, (b, c) => (ids[b] === c ? 1 : 0));

  it('matches a float64 reference for class ids, with every reduction', () => {
    const labels = tensor(Float32Array.from(ids), [B]);
    closeAll(arr(softmaxCrossEntropy(logits, labels)), [meanOf(perExample)]);
    closeAll(arr(softmaxCrossEntropy(logits, labels, { reduction: 'sum' })), [sumOf(perExample)]);
    const none = softmaxCrossEntropy(logits, labels, { reduction: 'none' });
    expect(none.shape).toEqual([B]);
    closeAll(arr(none), perExample);
    expect(softmaxCrossEntropy(logits, labels).shape).toEqual([]);
  });

  it('class ids (tensor or Int32Array) and one-hot labels agree, in value and gradient', () => {
    const fromIds = softmaxCrossEntropy(logits, tensor(Float32Array.from(ids), [B]));
    const fromInt32 = softmaxCrossEntropy(logits, ids);
    const fromOneHot = softmaxCrossEntropy(logits, tensor(oneHot, [B, C]));
    closeAll(arr(fromIds), arr(fromOneHot), 1e-6);
    closeAll(arr(fromInt32), arr(fromOneHot), 1e-6);
    const gIds = grad((x: Tensor) => softmaxCrossEntropy(x, ids))(logits);
    const gHot = grad((x: Tensor) => softmaxCrossEntropy(x, tensor(oneHot, [B, C])))(logits);
    closeAll(arr(gIds), arr(gHot), 1e-6);
    // and both are (softmax − onehot) / B
    const expected = arr(sub(softmax(logits), tensor(oneHot, [B, C]))).map((v) => v / B);
    closeAll(arr(gIds), expected, 1e-6);
  });

  it('matches a float64 reference for soft (probability) labels', () => {
    const ref = ceRef(logitsData, B, C, (b, c) => soft[b * C + c]);
    closeAll(arr(softmaxCrossEntropy(logits, tensor(soft, [B, C]))), [meanOf(ref)]);
  });

  it('logits of ±1000 give a finite loss and finite gradients', () => {
    const big = tensor([1000, -1000, 0, -1000, 1000, 1000], [2, 3]);
    const labels = Int32Array.from([1, 1]);
    // row 0: −log softmax at −1000 = 2000; row 1: label 1 ties with class 2 → log 2
    const ref = [2000, Math.LN2];
    const loss = arr(softmaxCrossEntropy(big, labels, { reduction: 'none' }));
    // logSoftmax subtracts a float32 logsumexp near 1000 (ulp 6.1e-5), so allow one ulp there.
    closeAll(loss, ref, 1e-4);
    const g = arr(grad((x: Tensor) => softmaxCrossEntropy(x, labels))(big));
    expect(g.every(Number.isFinite)).toBe(true);
    closeAll(g, [0.5, -0.5, 0, 0, -0.25, 0.25], 1e-6);
  });

  it('rejects shapes that do not fit, naming the op and both shapes', () => {
    const bad = (f: () => unknown, ...parts: string[]) => {
      expect(f).toThrow(ShapeError);
      try { f(); } catch (e) { for (const p of parts) expect((e as Error).message).toContain(p); }
    };
    bad(() => softmaxCrossEntropy(logits, tensor([0, 1, 2], [3])), 'softmaxCrossEntropy', '[3]', '[5, 4]');
    bad(() => softmaxCrossEntropy(logits, tensor(new Float32Array(5 * 3), [5, 3])), 'softmaxCrossEntropy', '[5, 3]', '[5, 4]');
    bad(() => softmaxCrossEntropy(tensor([1, 2, 3], [3]), tensor([0], [1])), 'softmaxCrossEntropy', 'logits', '[3]');
    bad(() => softmaxCrossEntropy(logits, Int32Array.from([0, 1, 4, 0, 0])), 'softmaxCrossEntropy', 'labels[2] = 4', '[5, 4]');
    bad(() => softmaxCrossEntropy(logits, tensor([0, 1, 0.5, 0, 0], [5])), 'labels[2] = 0.5');
  });

  it('rejects bad options', () => {
    expect(() => softmaxCrossEntropy(logits, ids, { reduction: 'avg' as 'mean' })).toThrow(OptionError);
    expect(() => softmaxCrossEntropy(logits, ids, { reduce: 'sum' } as object)).toThrow(/unknown option 'reduce'/);
  });

  it('gradient law (class ids constant; soft labels differentiable too)', () => {
    const labels = tensor(Float32Array.from(ids), [B]);
    const r1 = gradientLaw((x, y) => softmaxCrossEntropy(x, y), [logits, labels], { constant: [1] });
    expect(r1.ok, r1.detail).toBe(true);
    const r2 = gradientLaw((x, y) => softmaxCrossEntropy(x, y, { reduction: 'none' }), [logits, tensor(soft, [B, C])]);
    expect(r2.ok, r2.detail).toBe(true);
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  const n = 7;
  const x = uniformHost(n, -4, 4, 3);
  const t = uniformHost(n, 0, 1, 4);
  const ref = Array.from(x, (v, i) => bceRef(v, t[i]));

  it('matches the float64 stable formula, with every reduction', () => {
    const lx = tensor(x, [n]), lt = tensor(t, [n]);
    closeAll(arr(binaryCrossEntropyWithLogits(lx, lt)), [meanOf(ref)]);
    closeAll(arr(binaryCrossEntropyWithLogits(lx, lt, { reduction: 'sum' })), [sumOf(ref)]);
    closeAll(arr(binaryCrossEntropyWithLogits(lx, lt, { reduction: 'none' })), ref);
  });

  it('logits of ±1000 give a finite loss and finite gradients; at x = 0 the gradient is sigmoid(0) − t', () => {
    const lx = tensor([1000, -1000, 1000, -1000, 0, 0], [2, 3]);
    const lt = tensor([0, 1, 1, 0, 0, 1], [2, 3]);
    closeAll(arr(binaryCrossEntropyWithLogits(lx, lt, { reduction: 'none' })), [1000, 1000, 0, 0, Math.LN2, Math.LN2]);
    const g = arr(grad((v: Tensor) => binaryCrossEntropyWithLogits(v, lt, { reduction: 'sum' }))(lx));
    expect(g.every(Number.isFinite)).toBe(true);
    closeAll(g, [1, -1, 0, 0, 0.5, -0.5], 1e-6);
  });

  it('rejects mismatched shapes', () => {
    expect(() => binaryCrossEntropyWithLogits(tensor([1, 2], [2]), tensor([1, 0], [2, 1]))).toThrow(/binaryCrossEntropyWithLogits: targets has shape \[2, 1\] .*\[2\]/);
  });

  it('gradient law (in logits and targets)', () => {
    const r = gradientLaw((a, b) => binaryCrossEntropyWithLogits(a, b), [tensor(x, [n]), tensor(t, [n])]);
    expect(r.ok, r.detail).toBe(true);
    const r2 = gradientLaw((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction: 'none' }), [tensor(x, [n]), tensor(t, [n])], { constant: [1] });
    expect(r2.ok, r2.detail).toBe(true);
  });
});

describe('mse', () => {
  const p = uniformHost(6, -2, 2, 5), q = uniformHost(6, -2, 2, 6);
  const ref = Array.from(p, (v, i) => (v - q[i]) ** 2);

  it('matches a float64 reference, with every reduction', () => {
    const a = tensor(p, [2, 3]), b = tensor(q, [2, 3]);
    closeAll(arr(mse(a, b)), [meanOf(ref)]);
    closeAll(arr(mse(a, b, { reduction: 'sum' })), [sumOf(ref)]);
    const none = mse(a, b, { reduction: 'none' });
    expect(none.shape).toEqual([2, 3]);
    closeAll(arr(none), ref);
  });

  it('rejects mismatched shapes instead of broadcasting', () => {
    expect(() => mse(tensor([1, 2], [2]), tensor([1, 2], [2, 1]))).toThrow(/mse: target has shape \[2, 1\] .*\[2\]/);
  });

  it('gradient law', () => {
    const r = gradientLaw((a, b) => mse(a, b), [tensor(p, [2, 3]), tensor(q, [2, 3])]);
    expect(r.ok, r.detail).toBe(true);
  });
});

describe('accuracy', () => {
  it('counts rows whose arg-max (first on ties) is the label', () => {
    const logits = tensor([0.1, 0.9, 0.0, /**/ 2, 1, 0, /**/ 5, 5, 1, /**/ 0, 0, 3], [4, 3]);
    expect(accuracy(logits, Int32Array.from([1, 0, 0, 2]))).toBe(1);
    expect(accuracy(logits, Int32Array.from([1, 0, 1, 0]))).toBe(0.5);
    expect(accuracy(logits, tensor([0, 0, 0, 0], [4]))).toBe(0.5);
  });

  it('rejects a label count that does not match the batch', () => {
    expect(() => accuracy(tensor(new Float32Array(6), [2, 3]), Int32Array.from([0]))).toThrow(/accuracy: labels has shape \[1\] .*\[2, 3\]/);
  });
});
