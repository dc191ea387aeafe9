// Accuracy law for reductions: on every backend the float32 result of a sum (and of a dot product,
// the reduction inside matmul and convolution) is within 2·⌈log2 n⌉·u·Σ|xᵢ| of the exact sum
// (u = 2⁻²⁴), the bound pairwise summation meets. A plain float32 loop does not: summing 10⁷ × 0.1 that
// way gave 1,087,937 (+8.8%) on webasm.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { full, matmul, sum, tensor, toArray, useBackend } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('numerics');

const u = 2 ** -24;
const bound = (n: number, absSum: number) => 2 * Math.ceil(Math.log2(n + 1)) * u * absSum;

/** Data that stresses rounding: all positive (errors add up), mixed signs, or one repeated value (systematic rounding). */
const data = (kind: 'positive' | 'mixed' | 'constant', n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, i) =>
    kind === 'positive' ? ((i * 2654435761 + seed) % 1000003) / 1000003 : kind === 'mixed' ? Math.sin(1.3 * i + seed) : 0.1);

const exact = (d: Float32Array) => { let s = 0, a = 0; for (const v of d) { s += v; a += Math.abs(v); } return { s, a }; };

describe.each(testedBackends)('reduction accuracy on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it('sum: |error| ≤ 2·⌈log2 n⌉·u·Σ|x| for lengths up to 2^21', () => {
    const lengths = fc.integer({ min: 0, max: 21 }).chain((e) => fc.integer({ min: 2 ** e, max: 2 ** (e + 1) - 1 }));
    fc.assert(fc.property(lengths, fc.constantFrom('positive', 'mixed', 'constant'), fc.nat(1000), (n, kind, seed) => {
      const d = data(kind, n, seed);
      const { s, a } = exact(d);
      const got = toArray(sum(tensor(d, [n])))[0];
      expect(Math.abs(got - s), `n ${n} ${kind}: got ${got}, exact ${s}`).toBeLessThanOrEqual(bound(n, a));
    }), { numRuns: 24, seed: 9 });
  });

  it('dot products in matmul: the same bound for K up to 2^20', () => {
    const lengths = fc.integer({ min: 4, max: 20 }).chain((e) => fc.integer({ min: 2 ** e, max: 2 ** (e + 1) - 1 }));
    fc.assert(fc.property(lengths, fc.constantFrom('positive', 'mixed'), (k, kind) => {
      const a = data(kind, k, 1), b = data(kind, k, 2);
      let s = 0, m = 0;
      for (let q = 0; q < k; q++) { s += a[q] * b[q]; m += Math.abs(a[q] * b[q]); }
      const got = toArray(matmul(tensor(a, [1, k]), tensor(b, [k, 1])))[0];
      // one extra rounding per product
      expect(Math.abs(got - s), `K ${k} ${kind}: got ${got}, exact ${s}`).toBeLessThanOrEqual(bound(k, m) + u * m);
    }), { numRuns: 12, seed: 10 });
  });

  it('sums 10^7 × 0.1 to 1,000,000 within 1e-6', () => {
    const want = 1e7 * Math.fround(0.1);
    expect(Math.abs(toArray(sum(full([1e7], 0.1)))[0] - want) / want).toBeLessThan(1e-6);
  });
});
