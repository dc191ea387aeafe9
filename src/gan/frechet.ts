// The Fréchet distance between two Gaussians, d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½),
// fitted to feature vectors of real and generated samples (FID when the features come from an
// independent classifier). Computed in float64 on the host; the inner square root is of a
// symmetric matrix, so the Jacobi solver applies (Tr (Σ₁Σ₂)^½ = Tr (Σ₁^½ Σ₂ Σ₁^½)^½).
import { ArgumentError } from '../shape/errors.js';
import { matmulSquare, sqrtPsd, type SquareMatrix } from './eigen.js';

/** Mean and covariance of feature vectors (unbiased: divided by N − 1, as numpy's `cov`). */
export interface GaussianStats { readonly mean: Float64Array; readonly cov: SquareMatrix; readonly count: number }

/** Gaussian statistics of `rows` feature vectors of length `cols`, stored row-major in `features`. */
export const gaussianStats = (features: ArrayLike<number>, rows: number, cols: number): GaussianStats => {
  const op = 'gaussianStats';
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 2 || cols < 1) throw new ArgumentError(op, 'rows', `must be at least 2 vectors of at least 1 feature, got ${rows} × ${cols}`);
  if (features.length !== rows * cols) throw new ArgumentError(op, 'features', `must hold rows · cols = ${rows * cols} numbers, got ${features.length}`);
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += features[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const cov = new Float64Array(cols * cols), d = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) d[c] = features[r * cols + c] - mean[c];
    for (let i = 0; i < cols; i++) {
      const di = d[i];
      for (let j = i; j < cols; j++) cov[i * cols + j] += di * d[j];
    }
  }
  for (let i = 0; i < cols; i++)
    for (let j = i; j < cols; j++) {
      const v = cov[i * cols + j] / (rows - 1);
      cov[i * cols + j] = v;
      cov[j * cols + i] = v;
    }
  for (const v of mean) if (!Number.isFinite(v)) throw new ArgumentError(op, 'features', 'must be finite numbers (a NaN or an infinity is among them)');
  return { mean, cov: { n: cols, data: cov }, count: rows };
};

/** d² between N(μ₁, Σ₁) and N(μ₂, Σ₂) (≥ 0; exactly 0 for equal statistics up to rounding). */
export const frechetDistance = (a: GaussianStats, b: GaussianStats): number => {
  const n = a.mean.length;
  if (b.mean.length !== n) throw new ArgumentError('frechetDistance', 'b', `must have ${n} features like a, got ${b.mean.length}`);
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const s1 = sqrtPsd(a.cov);
  const cross = sqrtPsd(symmetrized(matmulSquare(matmulSquare(s1, b.cov), s1)));
  let tr = 0;
  for (let i = 0; i < n; i++) tr += a.cov.data[i * n + i] + b.cov.data[i * n + i] - 2 * cross.data[i * n + i];
  return Math.max(0, meanTerm + tr);
};

// S₁ Σ₂ S₁ is symmetric in exact arithmetic; rounding leaves ~1e-16 relative asymmetry.
const symmetrized = (m: SquareMatrix): SquareMatrix => {
  const n = m.n, out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (m.data[i * n + j] + m.data[j * n + i]);
  return { n, data: out };
};
