// The inner loop of StarSpace (Wu et al. 2018) on the host, over one embedding table of float32
// rows: an entity is a bag of feature ids, its vector the sum of their rows over |bag|^p; a pair
// (a, b) with negatives n_j is scored by the margin ranking loss Σ_j max(0, m − s(a, b) + s(a, n_j))
// with s the dot product or the cosine. As in word2vec's engine, one update per pair is a few
// thousand multiply-adds, far less than a kernel launch costs, so these loops are the trainer.
//
// The gradient here is the exact one, through the 1/|bag|^p scale and the cosine's norms.
// StarSpace's trainOne takes a shortcut: it treats the unit-normalised projections as constants
// and gives every feature row of an entity the entity's whole gradient.

/** Below this norm a vector counts as zero: its cosine is 0 (StarSpace returns 0 there too) and so is its gradient. */
const TINY = 1e-12;

/** out[outAt …] ← (Σ_{f ∈ bag} table[f]) / |bag|^p, in float64 (a repeated feature counts each time). */
export function project(table: Float32Array, d: number, bag: Int32Array, p: number, out: Float64Array, outAt = 0): void {
  out.fill(0, outAt, outAt + d);
  for (let i = 0; i < bag.length; i++) {
    const at = bag[i] * d;
    for (let q = 0; q < d; q++) out[outAt + q] += table[at + q];
  }
  const scale = bag.length > 0 ? bag.length ** -p : 0;
  for (let q = 0; q < d; q++) out[outAt + q] *= scale;
}

const dot = (a: Float64Array, aAt: number, b: Float64Array, bAt: number, d: number): number => {
  let s = 0;
  for (let q = 0; q < d; q++) s += a[aAt + q] * b[bAt + q];
  return s;
};

/** s(a, b): ⟨a, b⟩, or cos∠(a, b) (0 when either vector is 0). */
export function similarity(a: Float64Array, aAt: number, b: Float64Array, bAt: number, d: number, cosine: boolean): number {
  const ab = dot(a, aAt, b, bAt, d);
  if (!cosine) return ab;
  const na = Math.sqrt(dot(a, aAt, a, aAt, d)), nb = Math.sqrt(dot(b, bAt, b, bAt, d));
  return na < TINY || nb < TINY ? 0 : ab / (na * nb);
}

/**
 * ga += w·∂s(a, b)/∂a and gb += w·∂s(a, b)/∂b: for the dot product b and a; for the cosine
 * b/(‖a‖‖b‖) − s·a/‖a‖² and a/(‖a‖‖b‖) − s·b/‖b‖².
 */
function addSimilarityGradient(
  a: Float64Array, aAt: number, b: Float64Array, bAt: number, d: number, cosine: boolean, w: number,
  ga: Float64Array, gaAt: number, gb: Float64Array, gbAt: number,
): void {
  if (!cosine) {
    for (let q = 0; q < d; q++) { ga[gaAt + q] += w * b[bAt + q]; gb[gbAt + q] += w * a[aAt + q]; }
    return;
  }
  const na = Math.sqrt(dot(a, aAt, a, aAt, d)), nb = Math.sqrt(dot(b, bAt, b, bAt, d));
  if (na < TINY || nb < TINY) return;
  const inv = 1 / (na * nb), s = dot(a, aAt, b, bAt, d) * inv;
  const sa = s / (na * na), sb = s / (nb * nb);
  for (let q = 0; q < d; q++) {
    ga[gaAt + q] += w * (b[bAt + q] * inv - sa * a[aAt + q]);
    gb[gbAt + q] += w * (a[aAt + q] * inv - sb * b[bAt + q]);
  }
}

/** Gradients of the pair loss with respect to the entity vectors: `negatives` holds one row of d per negative. */
export interface VectorGradients {
  readonly lhs: Float64Array;
  readonly rhs: Float64Array;
  readonly negatives: Float64Array;
}

/**
 * L = Σ_j max(0, margin − s(a, b) + s(a, n_j)) over the k negative vectors (rows of `negs`), and its
 * gradient with respect to a, b and each n_j, written into `g` (overwritten; a term at or below 0
 * contributes nothing). Returns L.
 */
export function hingeGradient(
  a: Float64Array, b: Float64Array, negs: Float64Array, k: number, d: number, margin: number, cosine: boolean, g: VectorGradients,
): number {
  g.lhs.fill(0, 0, d);
  g.rhs.fill(0, 0, d);
  g.negatives.fill(0, 0, k * d);
  const pos = similarity(a, 0, b, 0, d, cosine);
  let loss = 0, active = 0;
  for (let j = 0; j < k; j++) {
    const term = margin - pos + similarity(a, 0, negs, j * d, d, cosine);
    if (term <= 0) continue;
    loss += term;
    active++;
    addSimilarityGradient(a, 0, negs, j * d, d, cosine, 1, g.lhs, 0, g.negatives, j * d);
  }
  // every active term holds −s(a, b) once
  if (active > 0) addSimilarityGradient(a, 0, b, 0, d, cosine, -active, g.lhs, 0, g.rhs, 0);
  return loss;
}

/**
 * StarSpace's own update direction (its trainOne's backward) in place of the gradient, for
 * comparison: with â, b̂, n̂_j the projections (unit vectors under the cosine, as its projectLHS
 * and projectRHS make them), it treats them as constants of the dot product, so
 * g.lhs = Σ_j n̂_j − k·b̂, g.rhs = −k·â and g.negatives_j = â; the trainer scales these by 1/k (the
 * mean over the k kept violators) and gives every row of a bag the whole vector (p = 0 in
 * `addPairGradient`). Returns the hinge loss Σ_j (margin − s⁺ + s⁻_j), every term being positive.
 */
export function starSpaceDirection(a: Float64Array, b: Float64Array, negs: Float64Array, k: number, d: number, margin: number, cosine: boolean, g: VectorGradients): number {
  const unit = (v: Float64Array, at: number): number => {
    const n = Math.sqrt(dot(v, at, v, at, d));
    return cosine && n >= TINY ? 1 / n : cosine ? 0 : 1;
  };
  const ua = unit(a, 0), ub = unit(b, 0), pos = similarity(a, 0, b, 0, d, cosine);
  let loss = 0;
  for (let q = 0; q < d; q++) { g.lhs[q] = -k * ub * b[q]; g.rhs[q] = -k * ua * a[q]; }
  for (let j = 0; j < k; j++) {
    loss += margin - pos + similarity(a, 0, negs, j * d, d, cosine);
    const un = unit(negs, j * d);
    for (let q = 0; q < d; q++) { g.lhs[q] += un * negs[j * d + q]; g.negatives[j * d + q] = ua * a[q]; }
  }
  return loss;
}

/** The summed gradients of the table rows one pair touches: `ids[i]`'s row is `grad[i·d …]`. */
export interface RowGradients {
  /** slot[f]: the index of row f in `ids`, or −1. */
  readonly slot: Int32Array;
  ids: Int32Array;
  grad: Float64Array;
  count: number;
}

export const rowGradients = (features: number): RowGradients =>
  ({ slot: new Int32Array(features).fill(-1), ids: new Int32Array(64), grad: new Float64Array(0), count: 0 });

/** Adds scale·g[gAt …] to the gradient of each feature row of `bag`, once per occurrence. */
export function addToBag(r: RowGradients, d: number, bag: Int32Array, g: Float64Array, gAt: number, scale: number): void {
  for (let i = 0; i < bag.length; i++) {
    const f = bag[i];
    let s = r.slot[f];
    if (s < 0) {
      if (r.count === r.ids.length) { const ids = new Int32Array(2 * r.ids.length); ids.set(r.ids); r.ids = ids; }
      if ((r.count + 1) * d > r.grad.length) { const grad = new Float64Array(Math.max(2 * r.grad.length, 64 * d)); grad.set(r.grad); r.grad = grad; }
      s = r.count++;
      r.slot[f] = s;
      r.ids[s] = f;
      r.grad.fill(0, s * d, (s + 1) * d);
    }
    const at = s * d;
    for (let q = 0; q < d; q++) r.grad[at + q] += scale * g[gAt + q];
  }
}

/** Adds the pair's vector gradients, times `scale`, to the rows of the three kinds of bags (each vector is its sum over |bag|^p). */
export function addPairGradient(
  r: RowGradients, d: number, p: number, lhs: Int32Array, rhs: Int32Array, negatives: readonly Int32Array[], g: VectorGradients, scale: number,
): void {
  addToBag(r, d, lhs, g.lhs, 0, scale * lhs.length ** -p);
  addToBag(r, d, rhs, g.rhs, 0, scale * rhs.length ** -p);
  negatives.forEach((bag, j) => addToBag(r, d, bag, g.negatives, j * d, scale * bag.length ** -p));
}

/**
 * One descent step on the rows in `r`, then `r` cleared. With `accum` (one number per row), StarSpace's
 * per-row AdaGrad: accum[f] += ‖g_f‖²/d and row f −= rate·g_f/√(accum[f] + 1e-6); without it, plain
 * SGD. A row whose norm then passes `maxNorm` is scaled back to it (StarSpace's `norm`, which it
 * applies from a separate thread; here right after the update, so runs are reproducible).
 */
export function descend(table: Float32Array, accum: Float64Array | undefined, d: number, r: RowGradients, rate: number, maxNorm: number): void {
  for (let s = 0; s < r.count; s++) {
    const f = r.ids[s], at = f * d, gAt = s * d;
    let step = rate;
    if (accum) {
      let g2 = 0;
      for (let q = 0; q < d; q++) g2 += r.grad[gAt + q] ** 2;
      accum[f] += g2 / d;
      step = rate / Math.sqrt(accum[f] + 1e-6);
    }
    let n2 = 0;
    for (let q = 0; q < d; q++) { const v = table[at + q] - step * r.grad[gAt + q]; table[at + q] = v; n2 += v * v; }
    if (n2 > maxNorm * maxNorm) { const c = maxNorm / Math.sqrt(n2); for (let q = 0; q < d; q++) table[at + q] *= c; }
    r.slot[f] = -1;
  }
  r.count = 0;
}

export interface PairLossOptions {
  readonly margin: number;
  readonly cosine: boolean;
  readonly p: number;
}

/**
 * The loss Σ_j max(0, margin − s(lhs, rhs) + s(lhs, negatives[j])) of one pair and its gradient
 * with respect to the whole table `[features, d]` (dense, float64): the trainer's step without
 * the averaging over violators and the update (for checks against a reference).
 */
export function pairGradient(
  table: Float32Array, d: number, lhs: Int32Array, rhs: Int32Array, negatives: readonly Int32Array[], o: PairLossOptions,
): { loss: number; grad: Float64Array } {
  const k = negatives.length;
  const a = new Float64Array(d), b = new Float64Array(d), n = new Float64Array(k * d);
  project(table, d, lhs, o.p, a);
  project(table, d, rhs, o.p, b);
  negatives.forEach((bag, j) => project(table, d, bag, o.p, n, j * d));
  const g: VectorGradients = { lhs: new Float64Array(d), rhs: new Float64Array(d), negatives: new Float64Array(k * d) };
  const loss = hingeGradient(a, b, n, k, d, o.margin, o.cosine, g);
  const features = table.length / d;
  const r = rowGradients(features);
  addPairGradient(r, d, o.p, lhs, rhs, negatives, g, 1);
  const grad = new Float64Array(table.length);
  for (let s = 0; s < r.count; s++) grad.set(r.grad.subarray(s * d, (s + 1) * d), r.ids[s] * d);
  return { loss, grad };
}
