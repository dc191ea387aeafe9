// Reduction references: sum / mean / max / logsumexp over axes, softmax, logSoftmax.
import { type Ref, ravel, size, unravel } from './ref.js';

export type ReduceKind = 'sum' | 'mean' | 'max' | 'logsumexp';

// Normalises possibly negative axes to sorted unique non-negative ones.
function normAxes(axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => {
    const n = a < 0 ? a + rank : a;
    if (n < 0 || n >= rank) throw new Error(`reduce: axis ${a} out of range for rank ${rank}`);
    return n;
  });
  return [...new Set(out)].sort((p, q) => p - q);
}

// Reduces x over axes with the given kind; keepDims keeps reduced axes as size 1.
export function reduce(x: Ref, axes: readonly number[], keepDims: boolean, kind: ReduceKind): Ref {
  const ax = normAxes(axes, x.shape.length);
  const keptShape = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: size(keptShape) }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, k) => (ax.includes(k) ? 0 : v));
    groups[ravel(idx, keptShape)].push(x.data[i]);
  }
  const data = Float64Array.from(groups, (vs) => combine(vs, kind));
  const shape = keepDims ? keptShape : x.shape.filter((_, i) => !ax.includes(i));
  return { shape, data };
}

// Reduces one list of values (logsumexp shifted by the max for stability).
function combine(vs: number[], kind: ReduceKind): number {
  if (kind === 'sum' || kind === 'mean') {
    let s = 0;
    for (const v of vs) s += v;
    return kind === 'sum' ? s : s / vs.length;
  }
  let m = -Infinity;
  for (const v of vs) if (v > m || Number.isNaN(v)) m = v;
  if (kind === 'max') return m;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of vs) s += Math.exp(v - m);
  return m + Math.log(s);
}

// logSoftmax(x) = x - logsumexp(x, axis) (stable).
export function logSoftmax(x: Ref, axis: number): Ref {
  const lse = reduce(x, [axis], true, 'logsumexp');
  return { shape: [...x.shape], data: x.data.map((v, i) => v - lse.data[keptIndex(i, x.shape, lse.shape)]) };
}

// softmax(x) = exp(x - max) / sum(exp(x - max)) along axis (stable).
export function softmax(x: Ref, axis: number): Ref {
  const m = reduce(x, [axis], true, 'max');
  const e = x.data.map((v, i) => Math.exp(v - m.data[keptIndex(i, x.shape, m.shape)]));
  const s = reduce({ shape: x.shape, data: e }, [axis], true, 'sum');
  return { shape: [...x.shape], data: e.map((v, i) => v / s.data[keptIndex(i, x.shape, s.shape)]) };
}

// Flat index into a keepDims-reduced tensor for flat index i of the full tensor.
function keptIndex(i: number, full: readonly number[], kept: readonly number[]): number {
  return ravel(unravel(i, full).map((v, k) => (kept[k] === 1 ? 0 : v)), kept);
}
