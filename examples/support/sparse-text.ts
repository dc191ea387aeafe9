// Sparse bag-of-words baselines for the text examples: tf-idf rows (scikit-learn's TfidfVectorizer
// defaults: raw counts × smooth idf ln((1 + n)/(1 + df)) + 1, rows scaled to unit length), their
// cosine, and multinomial logistic regression with an L2 penalty fitted on sparse rows on the host
// (the dense probe on [400, 5,000] costs ~0.4 s a step on the CPU backend; these rows have ~10%
// nonzeros, so a full-batch step here is a few milliseconds).

/** A sparse row: feature ids ascending, with their values. */
export interface SparseRow {
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

/** Document frequencies of ids below `size` over `docs` (each counted once per document). */
export const documentFrequencies = (docs: readonly Int32Array[], size: number): Float64Array => {
  const df = new Float64Array(size), seen = new Int32Array(size).fill(-1);
  docs.forEach((doc, i) => { for (const t of doc) if (t < size && seen[t] !== i) { seen[t] = i; df[t]++; } });
  return df;
};

/** Smooth idf of `n` documents: ln((1 + n)/(1 + df)) + 1. */
export const smoothIdf = (df: Float64Array, n: number): Float64Array => df.map((f) => Math.log((1 + n) / (1 + f)) + 1);

/** The tf-idf row of a document over ids below idf.length (others dropped), unit length. */
export const tfidf = (doc: Int32Array, idf: Float64Array): SparseRow => {
  const counts = new Map<number, number>();
  for (const t of doc) if (t < idf.length) counts.set(t, (counts.get(t) ?? 0) + 1);
  const idx = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const val = Float64Array.from(idx, (t) => (counts.get(t) ?? 0) * idf[t]);
  const norm = Math.sqrt(val.reduce((a, v) => a + v * v, 0)) || 1;
  return { idx, val: val.map((v) => v / norm) };
};

/** ⟨x, y⟩ of two sparse rows (ids ascending): their cosine when both have unit length. */
export const sparseDot = (x: SparseRow, y: SparseRow): number => {
  let s = 0;
  for (let i = 0, j = 0; i < x.idx.length && j < y.idx.length;) {
    if (x.idx[i] === y.idx[j]) s += x.val[i++] * y.val[j++];
    else if (x.idx[i] < y.idx[j]) i++;
    else j++;
  }
  return s;
};

export interface SparseSoftmax {
  /** The best-scoring class of each row. */
  readonly predict: (rows: readonly SparseRow[]) => Int32Array;
}

/** Class scores b + xW of a sparse row into z. */
const scoresInto = (idx: Int32Array, val: Float64Array, from: number, to: number, w: Float64Array, b: Float64Array, K: number, z: Float64Array): void => {
  z.set(b);
  for (let i = from; i < to; i++) {
    const at = idx[i] * K, v = val[i];
    for (let c = 0; c < K; c++) z[c] += v * w[at + c];
  }
};

/** One Adam step on p with gradient g (moments m, v; bias corrections c1, c2). */
const adamStep = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, c1: number, c2: number): void => {
  for (let j = 0; j < p.length; j++) {
    m[j] = 0.9 * m[j] + 0.1 * g[j];
    v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
    p[j] -= (lr * (m[j] / c1)) / (Math.sqrt(v[j] / c2) + 1e-8);
  }
};

/**
 * Multinomial logistic regression: minimises mean cross-entropy + ‖W‖²/(2·C·n) (scikit-learn's
 * LogisticRegression with inverse strength C) by full-batch Adam from zeros. Convex, so no key.
 */
export function fitSparseSoftmax(rows: readonly SparseRow[], labels: Int32Array, classes: number, features: number, o: { C: number; steps?: number; lr?: number }): SparseSoftmax {
  const { C, steps = 300, lr = 0.05 } = o;
  const n = rows.length, l2 = 1 / (C * n), K = classes;
  // the rows as one CSR matrix
  const ptr = new Int32Array(n + 1);
  rows.forEach((r, i) => { ptr[i + 1] = ptr[i] + r.idx.length; });
  const idx = new Int32Array(ptr[n]), val = new Float64Array(ptr[n]);
  rows.forEach((r, i) => { idx.set(r.idx, ptr[i]); val.set(r.val, ptr[i]); });
  const w = new Float64Array(features * K), b = new Float64Array(K);
  const gw = new Float64Array(features * K), gb = new Float64Array(K);
  const mw = new Float64Array(features * K), vw = new Float64Array(features * K), mb = new Float64Array(K), vb = new Float64Array(K);
  const z = new Float64Array(K);
  for (let t = 1; t <= steps; t++) {
    for (let j = 0; j < w.length; j++) gw[j] = l2 * w[j];
    gb.fill(0);
    for (let i = 0; i < n; i++) {
      scoresInto(idx, val, ptr[i], ptr[i + 1], w, b, K, z);
      let top = z[0];
      for (let c = 1; c < K; c++) if (z[c] > top) top = z[c];
      let sum = 0;
      for (let c = 0; c < K; c++) { z[c] = Math.exp(z[c] - top); sum += z[c]; }
      for (let c = 0; c < K; c++) { z[c] = (z[c] / sum - (c === labels[i] ? 1 : 0)) / n; gb[c] += z[c]; }
      for (let k = ptr[i]; k < ptr[i + 1]; k++) {
        const at = idx[k] * K, v = val[k];
        for (let c = 0; c < K; c++) gw[at + c] += v * z[c];
      }
    }
    const c1 = 1 - 0.9 ** t, c2 = 1 - 0.999 ** t;
    adamStep(w, gw, mw, vw, lr, c1, c2);
    adamStep(b, gb, mb, vb, lr, c1, c2);
  }
  return {
    predict: (test) => Int32Array.from(test, (r) => {
      scoresInto(r.idx, r.val, 0, r.idx.length, w, b, K, z);
      let best = 0;
      for (let c = 1; c < K; c++) if (z[c] > z[best]) best = c;
      return best;
    }),
  };
}
