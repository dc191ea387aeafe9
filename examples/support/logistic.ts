// Binary L2-regularised logistic regression on the host, solved to convergence: the objective of
// scikit-learn's LogisticRegression, C·Σ log-loss + ½‖w‖² (the intercept not penalised), C = 1 by
// default. Sparse rows (bag of words, tens of thousands of columns) by L-BFGS; dense rows of a few
// hundred columns by Newton's method, which converges in a few steps where L-BFGS needs hundreds on
// correlated embedding columns. For the sentence examples: bag-of-words rows are sparse (tens of
// thousands of columns) and a 10-fold evaluation fits twenty models, where the tensor probe's 500
// Adam steps through kernels take tens of seconds each.

/** Rows of a design matrix, read through the two operations the solver needs. */
export interface Rows {
  readonly count: number;
  readonly dim: number;
  /** ⟨row i, w⟩. */
  dot(i: number, w: Float64Array): number;
  /** g += a · row i. */
  axpy(i: number, a: number, g: Float64Array): void;
}

/** Rows that list their active features (value 1 each; a feature listed twice counts 2). */
export function sparseRows(features: readonly Int32Array[], dim: number): Rows {
  return {
    count: features.length, dim,
    dot: (i, w) => { const f = features[i]; let s = 0; for (let j = 0; j < f.length; j++) s += w[f[j]]; return s; },
    axpy: (i, a, g) => { const f = features[i]; for (let j = 0; j < f.length; j++) g[f[j]] += a; },
  };
}

/** Standardisation of dense rows: each column centred and scaled by the mean and deviation of `fitRows` (as the tensor probe does). */
export function standardizer(x: Float32Array, dim: number, fitRows: readonly number[]): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(dim), sq = new Float64Array(dim);
  for (const r of fitRows) for (let q = 0; q < dim; q++) mean[q] += x[r * dim + q];
  for (let q = 0; q < dim; q++) mean[q] /= fitRows.length;
  for (const r of fitRows) for (let q = 0; q < dim; q++) sq[q] += (x[r * dim + q] - mean[q]) ** 2;
  const scale = sq.map((s) => 1 / (Math.sqrt(s / fitRows.length) + 1e-12));
  return { mean, scale };
}

/** Dense rows, row i at values[i·dim …]. */
export interface DenseRows extends Rows { readonly values: Float64Array }

/** The rows `ids` of the dense `[*, dim]` matrix x, standardised. */
export function denseRows(x: Float32Array, dim: number, ids: readonly number[], st: { mean: Float64Array; scale: Float64Array }): DenseRows {
  const z = new Float64Array(ids.length * dim);
  ids.forEach((r, i) => { for (let q = 0; q < dim; q++) z[i * dim + q] = (x[r * dim + q] - st.mean[q]) * st.scale[q]; });
  return {
    count: ids.length, dim, values: z,
    dot: (i, w) => { let s = 0; const at = i * dim; for (let q = 0; q < dim; q++) s += z[at + q] * w[q]; return s; },
    axpy: (i, a, g) => { const at = i * dim; for (let q = 0; q < dim; q++) g[q] += a * z[at + q]; },
  };
}

export interface Logistic { readonly w: Float64Array; readonly b: number; readonly iterations: number; readonly objective: number }

/** ln(1 + e^{−m}), stable. */
const softplusNeg = (m: number) => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));

/** Objective and gradient at θ = [w, b]. */
const evaluate = (X: Rows, y: Uint8Array, C: number, theta: Float64Array, g: Float64Array): number => {
  const d = X.dim;
  g.fill(0);
  let f = 0;
  for (let q = 0; q < d; q++) { f += 0.5 * theta[q] * theta[q]; g[q] = theta[q]; }
  for (let i = 0; i < X.count; i++) {
    const s = y[i] ? 1 : -1;
    const m = s * (X.dot(i, theta) + theta[d]);
    f += C * softplusNeg(m);
    const coef = -C * s / (1 + Math.exp(m)); // d/dz of C·ln(1 + e^{−s z})
    X.axpy(i, coef, g);
    g[d] += coef;
  }
  return f;
};

const dotv = (a: Float64Array, b: Float64Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

/** Fits w, b to labels y (0/1) by L-BFGS (memory 10, backtracking Armijo line search) until ‖∇‖∞ < tol · C · rows (the mean loss's gradient below tol) or maxIter iterations. */
export function fitLogistic(X: Rows, y: Uint8Array, { C = 1, maxIter = 500, tol = 1e-5 } = {}): Logistic {
  const n = X.dim + 1, mem = 10;
  let theta = new Float64Array(n), g = new Float64Array(n);
  let f = evaluate(X, y, C, theta, g);
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const dir = new Float64Array(n), alpha = new Array<number>(mem);
  let it = 0;
  for (; it < maxIter; it++) {
    if (g.reduce((a, v) => Math.max(a, Math.abs(v)), 0) < tol * C * X.count) break;
    dir.set(g);
    for (let k = S.length - 1; k >= 0; k--) { alpha[k] = rho[k] * dotv(S[k], dir); for (let i = 0; i < n; i++) dir[i] -= alpha[k] * Y[k][i]; }
    const gamma = S.length ? dotv(S[S.length - 1], Y[Y.length - 1]) / dotv(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.sqrt(dotv(g, g));
    for (let i = 0; i < n; i++) dir[i] *= gamma;
    for (let k = 0; k < S.length; k++) { const beta = rho[k] * dotv(Y[k], dir); for (let i = 0; i < n; i++) dir[i] += S[k][i] * (alpha[k] - beta); }
    const slope = -dotv(g, dir);
    let step = 1, next = new Float64Array(n), gNext = new Float64Array(n), fNext = Infinity;
    for (let tries = 0; tries < 40; tries++, step /= 2) {
      for (let i = 0; i < n; i++) next[i] = theta[i] - step * dir[i];
      fNext = evaluate(X, y, C, next, gNext);
      if (fNext <= f + 1e-4 * step * slope) break;
    }
    if (!(fNext < f)) break; // no descent left: converged to float precision
    const s = next.map((v, i) => v - theta[i]), yk = gNext.map((v, i) => v - g[i]);
    const sy = dotv(s, yk);
    if (sy > 1e-12) { S.push(s); Y.push(yk); rho.push(1 / sy); if (S.length > mem) { S.shift(); Y.shift(); rho.shift(); } }
    const rel = (f - fNext) / Math.max(1, Math.abs(f));
    theta = next; g = gNext; f = fNext;
    if (rel < 1e-10) break;
  }
  return { w: theta.subarray(0, X.dim), b: theta[X.dim], iterations: it, objective: f };
}

/** Solves A x = b in place for a symmetric positive definite A (n × n, row-major) by Cholesky; returns x. */
const choleskySolve = (A: Float64Array, b: Float64Array, n: number): Float64Array => {
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j];
    for (let k = 0; k < j; k++) s -= A[j * n + k] ** 2;
    const l = Math.sqrt(s);
    A[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j];
      for (let k = 0; k < j; k++) t -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = t / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) { for (let k = 0; k < i; k++) x[i] -= A[i * n + k] * x[k]; x[i] /= A[i * n + i]; }
  for (let i = n - 1; i >= 0; i--) { for (let k = i + 1; k < n; k++) x[i] -= A[k * n + i] * x[k]; x[i] /= A[i * n + i]; }
  return x;
};

/** The same objective as fitLogistic, by Newton's method with step halving, for dense rows; stops when ‖∇‖∞ < tol · C · rows. */
export function fitLogisticNewton(X: DenseRows, y: Uint8Array, { C = 1, maxIter = 50, tol = 1e-8 } = {}): Logistic {
  const d = X.dim, n = d + 1, z = X.values;
  let theta = new Float64Array(n);
  const g = new Float64Array(n);
  let f = evaluate(X, y, C, theta, g);
  let it = 0;
  for (; it < maxIter; it++) {
    if (g.reduce((a, v) => Math.max(a, Math.abs(v)), 0) < tol * C * X.count) break;
    const H = new Float64Array(n * n), xi = new Float64Array(n);
    for (let q = 0; q < d; q++) H[q * n + q] = 1; // the penalty's Hessian (not on the intercept)
    xi[d] = 1;
    for (let i = 0; i < X.count; i++) {
      for (let q = 0; q < d; q++) xi[q] = z[i * d + q];
      const p = 1 / (1 + Math.exp(-(X.dot(i, theta) + theta[d])));
      const wgt = C * p * (1 - p);
      for (let a = 0; a < n; a++) { const wa = wgt * xi[a]; if (wa !== 0) for (let b = 0; b <= a; b++) H[a * n + b] += wa * xi[b]; }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) H[b * n + a] = H[a * n + b];
    const step = choleskySolve(H, g, n);
    let t = 1, next = theta, fNext = Infinity;
    const gNext = new Float64Array(n);
    for (let tries = 0; tries < 30; tries++, t /= 2) {
      next = theta.map((v, q) => v - t * step[q]);
      fNext = evaluate(X, y, C, next, gNext);
      if (fNext <= f) break;
    }
    if (!(fNext <= f)) break;
    theta = next; f = fNext; g.set(gNext);
  }
  return { w: theta.subarray(0, d), b: theta[d], iterations: it, objective: f };
}

/** The fraction of rows whose predicted class (score > 0) is their label. */
export function logisticAccuracy(m: Logistic, X: Rows, y: Uint8Array): number {
  let right = 0;
  for (let i = 0; i < X.count; i++) if ((X.dot(i, m.w) + m.b > 0 ? 1 : 0) === y[i]) right++;
  return right / X.count;
}
