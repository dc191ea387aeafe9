// The max-norm constraint: rows with norm ≤ s come back bit for bit, longer rows have norm s
// (within float32) and the direction they had, the leaves it does not select are the same tensors,
// and bad options or a selected leaf without rows are refused.
import { describe, expect, it } from 'vitest';
import { clipRowNorms, maxNorm } from '../../src/nn/max-norm.js';
import { key, normal, split, tensor, toArray, useBackend, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('text-cnn');

const rowNorms = (t: Tensor): number[] => {
  const v = toArray(t), rows = t.shape[0], n = v.length / rows;
  return Array.from({ length: rows }, (_, i) => Math.sqrt(v.subarray(i * n, (i + 1) * n).reduce((a, x) => a + x * x, 0)));
};

describe.each(testedBackends)('maxNorm on %s', (backend) => {
  const s = 3;
  it('keeps rows with norm ≤ s bit for bit and scales the others to norm s, in the same direction', () => {
    useBackend(backend, { strict: true });
    const [k1, k2] = split(key(9), 2);
    // rows of norms spread around 3 (N(0, 1) entries × 0.7 over 20 columns: norms ≈ 3.1 ± 0.5), one exactly at s
    const base = toArray(normal(k1, [12, 20], 0, 0.7));
    base.set(new Float32Array(20).fill(0), 0);
    base[0] = 3; // row 0: norm exactly 3, must stay
    const w = tensor(base, [12, 20]);
    const bias = normal(k2, [12]);
    const params = { classifier: { weight: w, bias }, features: [{ weight: normal(k2, [4, 2, 3]) }] };
    const before = rowNorms(w);
    expect(before.some((n) => n > s) && before.filter((n) => n < s).length > 1).toBe(true); // both kinds are present
    const out = maxNorm(params, { maxNorm: s, select: (path) => path === 'classifier.weight' });
    const after = toArray(out.classifier.weight);
    rowNorms(out.classifier.weight).forEach((n, i) => {
      const row = (a: Float32Array) => Array.from(a.subarray(i * 20, (i + 1) * 20));
      if (before[i] <= s) expect(row(after)).toEqual(row(base));
      else {
        expect(Math.abs(n - s)).toBeLessThanOrEqual(s * 4e-7); // float32: a few ulps
        row(after).forEach((v, j) => expect(v).toBeCloseTo(base[i * 20 + j] * (s / before[i]), 6));
      }
    });
    expect(out.classifier.bias).toBe(bias); // untouched leaves are the same tensors
    expect(out.features[0].weight).toBe(params.features[0].weight);
  });

  it('constrains conv weights [O, C, K] per output channel (all axes but the first form the row)', () => {
    useBackend(backend, { strict: true });
    const w = normal(key(3), [5, 4, 3], 0, 2);
    const y = clipRowNorms(w, 1);
    expect(y.shape).toEqual([5, 4, 3]);
    rowNorms(y).forEach((n) => expect(Math.abs(n - 1)).toBeLessThanOrEqual(4e-7));
  });
});

describe('maxNorm refuses bad input', () => {
  const params = { w: normal(key(1), [3, 2]), b: normal(key(2), [3]) };
  it('names the problem', () => {
    expect(() => maxNorm(params, { maxNorm: 0, select: () => true })).toThrow(/maxNorm must be a finite number > 0/);
    expect(() => maxNorm(params, { maxNorm: Infinity, select: () => true })).toThrow(/maxNorm must be a finite number > 0/);
    expect(() => maxNorm(params, { maxNorm: 3, select: () => true })).toThrow(/selected leaf has shape \[3\] but must have rank ≥ 2/);
    // @ts-expect-error select is required
    expect(() => maxNorm(params, { maxNorm: 3 })).toThrow(/select/);
  });
});
