// A 2-D principal-component projection for pictures of word vectors: the covariance of the
// centred rows, its two leading eigenvectors by power iteration from a fixed start (so the same
// rows always give the same picture), and the rows projected onto them. Float64 throughout.
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/** Power iteration stops when the direction moves less than this (in 1 − |cos|), or after MAX_STEPS. */
const TOLERANCE = 1e-13;
const MAX_STEPS = 10_000;

const checkCount = (name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new ArgumentError('pca2', name, `must be an integer ≥ 1, got ${describe(v)}`);
  return v;
};

/** The d × d covariance (divided by n) of the n rows about their mean. */
const covariance = (x: Float32Array, n: number, d: number): { cov: Float64Array; centred: Float64Array } => {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) mean[q] += x[i * d + q];
  for (let q = 0; q < d; q++) mean[q] /= n;
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) centred[i * d + q] = x[i * d + q] - mean[q];
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let p = 0; p < d; p++) {
      const v = centred[o + p];
      if (v === 0) continue;
      for (let q = p; q < d; q++) cov[p * d + q] += v * centred[o + q];
    }
  }
  for (let p = 0; p < d; p++) for (let q = p; q < d; q++) { cov[p * d + q] /= n; cov[q * d + p] = cov[p * d + q]; }
  return { cov, centred };
};

const norm = (v: Float64Array): number => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

/** v minus its components along each of `basis` (unit vectors). */
const orthogonalise = (v: Float64Array, basis: readonly Float64Array[]): void => {
  for (const b of basis) {
    let s = 0;
    for (let q = 0; q < v.length; q++) s += v[q] * b[q];
    for (let q = 0; q < v.length; q++) v[q] -= s * b[q];
  }
};

/**
 * The leading unit eigenvector of `cov` orthogonal to `basis`, or zeros when `cov` has no variance
 * left there (below 1e-12 of its trace: rounding noise). The start is fixed, v_q = 1 + (q + 1)/d +
 * sin(q + 1)/3, rather than random (it is orthogonal to no axis); the sign is chosen so the
 * component of largest magnitude is positive.
 */
const leading = (cov: Float64Array, d: number, basis: readonly Float64Array[]): Float64Array => {
  let trace = 0;
  for (let q = 0; q < d; q++) trace += cov[q * d + q];
  const floor = 1e-12 * trace;
  let v = Float64Array.from({ length: d }, (_, q) => 1 + (q + 1) / d + Math.sin(q + 1) / 3);
  orthogonalise(v, basis);
  let size = norm(v);
  if (size === 0) return new Float64Array(d);
  v = v.map((x) => x / size);
  for (let step = 0; step < MAX_STEPS; step++) {
    const w = new Float64Array(d);
    for (let p = 0; p < d; p++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += cov[p * d + q] * v[q];
      w[p] = s;
    }
    orthogonalise(w, basis); // keeps rounding from drifting back towards the earlier components
    size = norm(w);
    if (!(size > floor)) return new Float64Array(d); // no variance left off the basis (or none at all)
    let cos = 0;
    for (let q = 0; q < d; q++) { w[q] /= size; cos += w[q] * v[q]; }
    v = w;
    if (1 - Math.abs(cos) < TOLERANCE) break;
  }
  let big = 0;
  for (let q = 1; q < d; q++) if (Math.abs(v[q]) > Math.abs(v[big])) big = q;
  return v[big] < 0 ? v.map((x) => -x) : v;
};

/**
 * The n rows of `rows` (`[n, d]` row-major) projected on their first two principal components:
 * `[n, 2]` row-major, column 0 along the direction of most variance. The rows are centred on their
 * mean; each component's sign makes its largest loading positive. Deterministic (no random start).
 * A direction with no variance (d = 1, or all rows on a line) gives a column of zeros. Two
 * components of equal variance make any basis of their plane an answer; this gives one of them.
 * Throws an ArgumentError for sizes that do not fit or a non-finite number.
 */
export function pca2(rows: Float32Array, n: number, d: number): Float64Array {
  const op = 'pca2';
  checkCount('n', n);
  checkCount('d', d);
  if (!(rows instanceof Float32Array)) throw new ArgumentError(op, 'rows', `must be a Float32Array [n, d], got ${describe(rows)}`);
  if (rows.length !== n * d) throw new ArgumentError(op, 'rows', `has ${rows.length} numbers, not n · d = ${n} · ${d}`);
  for (let i = 0; i < rows.length; i++) if (!Number.isFinite(rows[i])) throw new ArgumentError(op, 'rows', `holds ${rows[i]} at row ${Math.floor(i / d)}, column ${i % d}`);
  const { cov, centred } = covariance(rows, n, d);
  const first = leading(cov, d, []);
  const second = leading(cov, d, norm(first) > 0 ? [first] : []);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let a = 0, b = 0;
    for (let q = 0; q < d; q++) { a += centred[i * d + q] * first[q]; b += centred[i * d + q] * second[q]; }
    out[2 * i] = a;
    out[2 * i + 1] = b;
  }
  return out;
}
