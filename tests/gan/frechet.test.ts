// The host float64 linear algebra behind the Fréchet distance: Jacobi eigen-decompositions of known
// matrices, PSD square roots, the distance's closed forms (1-D, commuting covariances, equal
// statistics), and the class-spread numbers for collapsed and uniform predictions.
import { describe, expect, it } from 'vitest';
import { classSpread, frechetDistance, gaussianStats, matmulSquare, sqrtPsd, squareMatrix, symmetricEigen, type GaussianStats } from '../../src/gan/index.js';
import { key } from '../support/api.js';
import { normalData } from '../../src/random/index.js';

const closeAll = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `at ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol);
};

/** A random orthogonal matrix: Gram-Schmidt on normal columns (float64). */
const orthogonal = (n: number, seed: number): Float64Array => {
  const g = normalData(key(seed), n * n), q = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const v = Array.from({ length: n }, (_, r) => g[r * n + c]);
    for (let p = 0; p < c; p++) { let d = 0; for (let r = 0; r < n; r++) d += v[r] * q[r * n + p]; for (let r = 0; r < n; r++) v[r] -= d * q[r * n + p]; }
    const norm = Math.hypot(...v);
    for (let r = 0; r < n; r++) q[r * n + c] = v[r] / norm;
  }
  return q;
};
const fromSpectrum = (q: Float64Array, lambda: number[]) => {
  const n = lambda.length, a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k]; a[i * n + j] = s; }
  return squareMatrix(n, a);
};
const stats = (mean: number[], cov: number[]): GaussianStats => ({ mean: Float64Array.from(mean), cov: squareMatrix(mean.length, cov), count: 100 });

describe('symmetric eigen-solver (Jacobi, float64)', () => {
  it('finds the eigenvalues of known matrices', () => {
    closeAll(symmetricEigen(squareMatrix(2, [2, 1, 1, 2])).values, [1, 3], 1e-14);
    closeAll(symmetricEigen(squareMatrix(3, [3, 0, 0, 0, -1, 0, 0, 0, 2])).values, [-1, 2, 3], 0);
    // the 1-D Laplacian [2 −1; −1 2 −1; ...]: λ_k = 2 − 2 cos(kπ/(n+1))
    const n = 8, lap = new Float64Array(n * n);
    for (let i = 0; i < n; i++) { lap[i * n + i] = 2; if (i) { lap[i * n + i - 1] = -1; lap[(i - 1) * n + i] = -1; } }
    closeAll(symmetricEigen(squareMatrix(n, lap)).values, Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))), 1e-13);
  });
  it('recovers a random spectrum with orthonormal vectors: A = V diag(λ) Vᵀ', () => {
    const lambda = [-3, -0.5, 1e-3, 0.7, 2, 2, 5, 11, 40, 41];
    const a = fromSpectrum(orthogonal(10, 1), lambda);
    const { values, vectors } = symmetricEigen(a);
    closeAll(values, lambda, 1e-11);
    const vtv = matmulSquare(squareMatrix(10, Array.from({ length: 100 }, (_, k) => vectors.data[(k % 10) * 10 + Math.floor(k / 10)])), vectors);
    closeAll(vtv.data, Array.from({ length: 100 }, (_, k) => (k % 11 === 0 ? 1 : 0)), 1e-12);
    closeAll(fromSpectrum(vectors.data, Array.from(values)).data, a.data, 1e-11);
  });
  it('refuses a matrix that is not symmetric', () => {
    expect(() => symmetricEigen(squareMatrix(2, [1, 2, 3, 4]))).toThrow(/must be symmetric/);
  });
  it('the PSD square root squares back, and refuses a negative eigenvalue', () => {
    const a = fromSpectrum(orthogonal(6, 2), [0, 1e-6, 0.3, 1, 4, 9]);
    const s = sqrtPsd(a);
    closeAll(matmulSquare(s, s).data, a.data, 1e-12);
    closeAll(symmetricEigen(s).values, [0, 1e-3, Math.sqrt(0.3), 1, 2, 3], 1e-9);
    expect(() => sqrtPsd(squareMatrix(2, [1, 0, 0, -1]))).toThrow(/positive semi-definite/);
  });
});

describe('Fréchet distance between Gaussians', () => {
  it('is (μ₁ − μ₂)² + (σ₁ − σ₂)² in one dimension', () => {
    expect(frechetDistance(stats([1], [4]), stats([-2], [9]))).toBeCloseTo(9 + 1, 12);
  });
  it('is ‖μ₁ − μ₂‖² + Σ(√a − √b)² for covariances diagonal in the same basis', () => {
    const q = orthogonal(5, 3), a = [1, 2, 3, 4, 5], b = [0.5, 8, 3, 0.1, 2];
    const want = 1 + 4 + a.reduce((s, v, i) => s + (Math.sqrt(v) - Math.sqrt(b[i])) ** 2, 0);
    const d = frechetDistance(stats([1, 0, 0, 0, 2], Array.from(fromSpectrum(q, a).data)), stats([0, 0, 0, 0, 0], Array.from(fromSpectrum(q, b).data)));
    expect(d).toBeCloseTo(want, 10);
  });
  it('is 0 for equal statistics and symmetric in its arguments (non-commuting covariances)', () => {
    const x = normalData(key(4), 400 * 6), y = normalData(key(5), 300 * 6).map((v: number, i: number) => v * (1 + (i % 6)) + (i % 3));
    const sx = gaussianStats(x, 400, 6), sy = gaussianStats(y, 300, 6);
    expect(frechetDistance(sx, sx)).toBeLessThan(1e-10);
    expect(frechetDistance(sx, sy)).toBeCloseTo(frechetDistance(sy, sx), 9);
    expect(frechetDistance(sx, sy)).toBeGreaterThan(1);
  });
  it('fits mean and unbiased covariance (numpy.cov), and refuses bad input', () => {
    const s = gaussianStats([1, 2, 3, 6, 5, 10], 3, 2);
    closeAll(s.mean, [3, 6], 1e-15);
    closeAll(s.cov.data, [4, 8, 8, 16], 1e-12);
    expect(() => gaussianStats([1, 2, 3], 2, 2)).toThrow(/must hold rows · cols = 4 numbers, got 3/);
    expect(() => gaussianStats([1, NaN, 3, 4], 2, 2)).toThrow(/finite/);
    expect(() => frechetDistance(s, stats([1], [1]))).toThrow(/must have 2 features/);
  });
});

describe('class spread of generated samples', () => {
  it('uniform predictions: full coverage, entropy ln 10', () => {
    const s = classSpread(Array.from({ length: 1000 }, (_, i) => i % 10), 10);
    expect(s.covered).toBe(10);
    expect(s.entropy).toBeCloseTo(Math.log(10), 12);
    expect(s.klFromUniform).toBeCloseTo(0, 12);
  });
  it('a collapsed generator: two classes, entropy ln 2', () => {
    const s = classSpread(Array.from({ length: 1000 }, (_, i) => (i % 2 ? 3 : 7)), 10);
    expect(s.covered).toBe(2);
    expect(s.counts[3]).toBe(500);
    expect(s.entropy).toBeCloseTo(Math.log(2), 12);
    // a class below a tenth of its fair share does not count as covered
    expect(classSpread([...Array.from({ length: 999 }, () => 0), 1], 10).covered).toBe(1);
    expect(() => classSpread([0, 10], 10)).toThrow(/predicted\[1\] = 10 is not a class/);
  });
});
