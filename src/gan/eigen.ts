// A float64 symmetric eigen-solver on the host (cyclic Jacobi rotations) and the square root of a
// positive semi-definite matrix built on it: what a Fréchet distance between Gaussians needs, for
// matrices of feature size (tens to a few hundred rows), where Jacobi is simple and accurate.
import { ArgumentError } from '../shape/errors.js';

/** A square matrix, row-major, n × n. */
export interface SquareMatrix { readonly n: number; readonly data: Float64Array }

export const squareMatrix = (n: number, data: ArrayLike<number>): SquareMatrix => {
  if (!Number.isInteger(n) || n < 0 || data.length !== n * n) throw new ArgumentError('squareMatrix', 'data', `must hold n·n = ${n * n} numbers, got ${data.length}`);
  return { n, data: Float64Array.from(data) };
};

const checkSymmetric = (op: string, a: SquareMatrix): void => {
  let scale = 0;
  for (const v of a.data) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.n; i++)
    for (let j = 0; j < i; j++) {
      const d = Math.abs(a.data[i * a.n + j] - a.data[j * a.n + i]);
      if (!(d <= 1e-9 * scale)) throw new ArgumentError(op, 'matrix', `must be symmetric: entries (${i}, ${j}) and (${j}, ${i}) differ by ${d}`);
    }
};

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns of `vectors`, row-major) of a
 * symmetric matrix: A = V diag(values) Vᵀ. Cyclic Jacobi: sweeps of plane rotations, each zeroing
 * one off-diagonal pair, until the off-diagonal mass is below 1e-15 of the matrix's (quadratic
 * convergence: under 10 sweeps for the sizes here).
 */
export const symmetricEigen = (m: SquareMatrix, maxSweeps = 60): { values: Float64Array; vectors: SquareMatrix } => {
  checkSymmetric('symmetricEigen', m);
  const n = m.n, a = Float64Array.from(m.data), v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (const x of a) total += x * x;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += 2 * a[i * n + j] ** 2;
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // the rotation angle that zeroes a[p][q] (Golub & Van Loan, the stable small-angle form)
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) { // A ← A J (columns p, q)
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) { // A ← Jᵀ A (rows p, q)
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) { // V ← V J
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = Float64Array.from(order, (i) => a[i * n + i]);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (const [c, i] of order.entries()) vectors[r * n + c] = v[r * n + i];
  return { values, vectors: { n, data: vectors } };
};

/** V diag(f(λ)) Vᵀ for a symmetric matrix. */
const spectralMap = (m: SquareMatrix, f: (lambda: number) => number): SquareMatrix => {
  const { values, vectors } = symmetricEigen(m);
  const n = m.n, v = vectors.data, out = new Float64Array(n * n);
  const fl = values.map(f);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[i * n + k] * fl[k] * v[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  return { n, data: out };
};

/**
 * The symmetric square root of a positive semi-definite matrix: S with S·S = A, S = Sᵀ ⪰ 0.
 * Eigenvalues below 0 by rounding (a sample covariance of fewer samples than dimensions) count as 0.
 */
export const sqrtPsd = (m: SquareMatrix): SquareMatrix => {
  let scale = 0;
  for (const x of m.data) scale = Math.max(scale, Math.abs(x));
  return spectralMap(m, (l) => {
    if (l < -1e-8 * Math.max(scale, 1e-300)) throw new ArgumentError('sqrtPsd', 'matrix', `must be positive semi-definite: it has the eigenvalue ${l}`);
    return Math.sqrt(Math.max(l, 0));
  });
};

export const matmulSquare = (a: SquareMatrix, b: SquareMatrix): SquareMatrix => {
  if (a.n !== b.n) throw new ArgumentError('matmulSquare', 'b', `must be ${a.n} × ${a.n} like a, got ${b.n} × ${b.n}`);
  const n = a.n, out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a.data[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += aik * b.data[k * n + j];
    }
  return { n, data: out };
};
