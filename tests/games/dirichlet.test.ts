// The keyed gamma and Dirichlet samplers behind the root noise: moments against the formulas,
// rows on the simplex, tiny concentrations that stay finite, and the same key giving the same bits.
import { describe, expect, it } from 'vitest';
import { dirichletData, gammaData } from '../../src/random/gamma.js';
import { key, split } from '../../src/random/key.js';
import { meanVar } from '../support/moments.js';


describe('gammaData', () => {
  it.each([0.1, 0.3, 1, 2.5, 10])('Gamma(%s, 1): mean α and variance α within 4 standard errors (30,000 draws)', (alpha) => {
    const n = 30_000, xs = gammaData(key(1), n, alpha);
    const [m, v] = meanVar(xs);
    expect(Math.abs(m - alpha)).toBeLessThan(4 * Math.sqrt(alpha / n));
    // Var of the sample variance of a gamma: (μ4 − σ⁴)/n with μ4 = 3α² + 6α (excess kurtosis 6/α)
    expect(Math.abs(v - alpha)).toBeLessThan(4 * Math.sqrt((3 * alpha ** 2 + 6 * alpha - alpha ** 2) / n));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });
  it('scale multiplies every draw', () => {
    const a = gammaData(key(2), 1000, 2), b = gammaData(key(2), 1000, 2, 3);
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(Math.fround(3 * x), 3));
  });
  it('refuses a bad shape, scale or count, naming it', () => {
    expect(() => gammaData(key(0), 3, 0)).toThrow('gammaData: alpha must be a finite number > 0');
    expect(() => gammaData(key(0), 3, 1, -1)).toThrow('gammaData: scale must be a finite number > 0');
    expect(() => gammaData(key(0), -1, 1)).toThrow('gammaData: count must be a non-negative integer');
    expect(() => gammaData([1, 2, 3] as never, 3, 1)).toThrow('gammaData: key must be a Key');
  });
});

describe('dirichletData', () => {
  const alpha = [0.3, 1, 2, 5];
  const total = alpha.reduce((a, b) => a + b, 0);
  const n = 10_000, rows = dirichletData(key(3), alpha, n);
  it('every row is positive and sums to 1', () => {
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < 4; i++) { expect(rows[r * 4 + i]).toBeGreaterThanOrEqual(0); s += rows[r * 4 + i]; }
      expect(Math.abs(s - 1)).toBeLessThan(1e-6);
    }
  });
  it('component means are α_i / Σα and variances α_i(Σα − α_i) / (Σα²(Σα + 1)), within 4 standard errors', () => {
    alpha.forEach((a, i) => {
      const col = Float64Array.from({ length: n }, (_, r) => rows[r * 4 + i]);
      const [m, v] = meanVar(col);
      const mean = a / total, variance = (a * (total - a)) / (total ** 2 * (total + 1));
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
      expect(Math.abs(v - variance) / variance).toBeLessThan(0.1);
    });
  });
  it('tiny concentrations (α = 0.01, where u^(1/α) underflows) still give finite rows on the simplex', () => {
    const tiny = dirichletData(key(4), new Array<number>(7).fill(0.01), 500);
    let maxima = 0;
    for (let r = 0; r < 500; r++) {
      const row = tiny.subarray(r * 7, r * 7 + 7);
      expect(row.every(Number.isFinite)).toBe(true);
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
      maxima += Math.max(...row);
    }
    expect(maxima / 500).toBeGreaterThan(0.9); // nearly all the mass on one component, as for α → 0
  });
  it('symmetric α = 1 over K is uniform on the simplex: each component has mean 1/K', () => {
    const K = 9, u = dirichletData(key(5), new Array<number>(K).fill(1), 10_000);
    for (let i = 0; i < K; i++) {
      let m = 0;
      for (let r = 0; r < 10_000; r++) m += u[r * K + i];
      expect(Math.abs(m / 10_000 - 1 / K)).toBeLessThan(4 * Math.sqrt((1 / K) * (1 - 1 / K) / (K + 1) / 10_000));
    }
  });
  it('same key, same bits; split keys differ', () => {
    const [a, b] = split(key(6));
    expect(dirichletData(a, alpha, 10)).toEqual(dirichletData(a, alpha, 10));
    expect(dirichletData(a, alpha, 10)).not.toEqual(dirichletData(b, alpha, 10));
    expect(gammaData(a, 50, 0.5)).toEqual(gammaData(a, 50, 0.5));
  });
  it('refuses an empty or non-positive alpha, naming the entry', () => {
    expect(() => dirichletData(key(0), [])).toThrow('dirichletData: alpha must be a non-empty array');
    expect(() => dirichletData(key(0), [1, -2])).toThrow('dirichletData: alpha[1] must be a finite number > 0');
    expect(() => dirichletData(key(0), [1, NaN])).toThrow('alpha[1]');
  });
});
