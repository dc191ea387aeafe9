// Seeded random sparse matrices and segments for the sparse tests (drawn with nn-ts's counter-based
// generator), with float64 references written as plain loops over coordinates (no CSR, no kernels).
import { key } from '../../src/random/key.js';
import { uniformData } from '../../src/random/sample.js';
import * as R from '../reference/index.js';

/** `count` uniform [0, 1) numbers from a seed, handed out one at a time. */
const draws = (seed: number, count: number): (() => number) => {
  const u = uniformData(key(seed), count);
  let i = 0;
  return () => u[i++];
};

/** A sparse matrix as coordinates (unsorted, repeats allowed) with float32 values. */
export interface Coo {
  readonly rows: number;
  readonly cols: number;
  readonly r: Int32Array;
  readonly c: Int32Array;
  readonly v: Float32Array;
}

export interface CooOptions {
  /** Rows r with r % emptyEvery === emptyEvery − 1 get no entries (default 4; 0: none empty). */
  readonly emptyEvery?: number;
  /** Entries added at one coordinate again (repeated nonzeros that add up). */
  readonly repeats?: number;
  /** Extra entries in one row (its length past the loop budget, for example). */
  readonly longRow?: { readonly row: number; readonly length: number };
  /** Extra entries in one column (a long row of the transpose). */
  readonly longCol?: { readonly col: number; readonly length: number };
}

/** `nnz` random entries (plus the options' extras) in rows × cols, values in [-1, 1). */
export const randomCoo = (rows: number, cols: number, nnz: number, seed: number, o: CooOptions = {}): Coo => {
  const extra = (o.repeats ?? 0) + (o.longRow?.length ?? 0) + (o.longCol?.length ?? 0);
  const next = draws(seed, 3 * nnz + 2 * extra);
  const empty = o.emptyEvery ?? 4;
  const r: number[] = [], c: number[] = [];
  const usable = Array.from({ length: rows }, (_, i) => i).filter((i) => !(empty > 0 && i % empty === empty - 1));
  for (let k = 0; k < nnz && usable.length; k++) { r.push(usable[Math.floor(next() * usable.length)]); c.push(Math.floor(next() * cols)); }
  for (let k = 0; k < (o.repeats ?? 0) && r.length; k++) { const at = Math.floor(next() * r.length); r.push(r[at]); c.push(c[at]); }
  if (o.longRow) for (let k = 0; k < o.longRow.length; k++) { r.push(o.longRow.row); c.push(Math.floor(next() * cols)); }
  if (o.longCol) for (let k = 0; k < o.longCol.length; k++) { r.push(Math.floor(next() * rows)); c.push(o.longCol.col); }
  return { rows, cols, r: Int32Array.from(r), c: Int32Array.from(c), v: Float32Array.from(r, () => next() * 2 - 1) };
};

/** n uniform [-1, 1) numbers. */
export const randomData = (n: number, seed: number): Float32Array => uniformData(key(seed), n, -1, 1);

/** The dense rows × cols matrix of coordinates (repeats add up). */
export const densify = (a: Coo, values: ArrayLike<number> = a.v): R.Ref => {
  const d = new Float64Array(a.rows * a.cols);
  for (let k = 0; k < a.r.length; k++) d[a.r[k] * a.cols + a.c[k]] += values[k];
  return { shape: [a.rows, a.cols], data: d };
};

/** The numbers in one row of x (the product of its trailing axes). */
const rowSize = (x: R.Ref): number => R.size(x.shape.slice(1));

/** x viewed as a matrix [rows, rest]. */
export const asMatrix = (x: R.Ref): R.Ref => ({ shape: [x.shape[0], rowSize(x)], data: x.data });

/** ⟨a[r_k], b[c_k]⟩ per coordinate k (both [_, F]), in the order of the coordinates given. */
export const sddmmRef = (r: ArrayLike<number>, c: ArrayLike<number>, a: R.Ref, b: R.Ref): Float64Array => {
  const f = rowSize(a);
  return Float64Array.from({ length: r.length }, (_, k) => {
    let s = 0;
    for (let j = 0; j < f; j++) s += a.data[r[k] * f + j] * b.data[c[k] * f + j];
    return s;
  });
};

/** Random offsets of `count` segments over `n` rows, some segments empty (the first and the last among them). */
export const randomOffsets = (count: number, n: number, seed: number): Int32Array => {
  const next = draws(seed, count - 1);
  const cuts = Array.from({ length: count - 1 }, () => Math.floor(next() * (n + 1))).sort((p, q) => p - q);
  const o = Int32Array.from([0, ...cuts, n]);
  if (count >= 3) { o[1] = 0; o[count - 1] = n; }
  return o;
};

/** Per segment and column: sum, mean, max and the row of the first maximum (−1 for an empty segment), as plain loops. */
export const segmentRef = (x: R.Ref, offsets: Int32Array) => {
  const f = rowSize(x);
  const g = offsets.length - 1;
  const sum = new Float64Array(g * f), mean = new Float64Array(g * f), max = new Float64Array(g * f), arg = new Float64Array(g * f).fill(-1);
  for (let s = 0; s < g; s++)
    for (let j = 0; j < f; j++) {
      let acc = 0, best = -Infinity, at = -1;
      for (let n = offsets[s]; n < offsets[s + 1]; n++) {
        const v = x.data[n * f + j];
        acc += v;
        if (at < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) { best = v; at = n; }
      }
      const len = offsets[s + 1] - offsets[s];
      sum[s * f + j] = acc;
      mean[s * f + j] = len ? acc / len : 0;
      max[s * f + j] = at < 0 ? 0 : best;
      arg[s * f + j] = at;
    }
  const shape = [g, ...x.shape.slice(1)];
  return { sum: R.ref(sum, shape), mean: R.ref(mean, shape), max: R.ref(max, shape), arg };
};
