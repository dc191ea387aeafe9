// Slices and pads of host tensors as plain copies of contiguous runs (no arithmetic, so the same
// bits as the gpu.js kernels), for the simd backend: gpu.js's cpu mode costs ~0.1 ms per call for a
// small slice of a large tensor, which a recurrent scan makes once per step.

import { stridesOf } from '../../shape/shape.js';

/**
 * The odometer both copies share: visits every run's source and destination offsets over the axes
 * `size`, in row-major order, each axis advancing the offsets by its strides `ss` / `ds`.
 */
const eachRun = (size: readonly number[], ss: readonly number[], ds: readonly number[], so: number, dO: number, visit: (so: number, dO: number) => void): void => {
  const idx = new Array<number>(size.length).fill(0);
  for (;;) {
    visit(so, dO);
    let d = size.length - 1;
    for (; d >= 0; d--) {
      idx[d]++; so += ss[d]; dO += ds[d];
      if (idx[d] < size[d]) break;
      so -= ss[d] * size[d]; dO -= ds[d] * size[d]; idx[d] = 0;
    }
    if (d < 0) return;
  }
};

/**
 * Copies the block of `size` at `srcBegin` of src (shape `srcShape`) to `dstBegin` of dst (shape
 * `dstShape`), run by run: the innermost axes the block covers whole in both are merged into one run.
 */
export const copyBlock = (
  src: Float32Array, srcShape: readonly number[], srcBegin: readonly number[],
  dst: Float32Array, dstShape: readonly number[], dstBegin: readonly number[], size: readonly number[],
): void => {
  const rank = size.length;
  if (size.some((d) => d === 0)) return;
  const ss = stridesOf(srcShape), ds = stridesOf(dstShape);
  // axes from `inner` on form one contiguous run in both
  let inner = rank - 1;
  while (inner > 0 && size[inner] === srcShape[inner] && size[inner] === dstShape[inner]) inner--;
  const run = size.slice(inner).reduce((a, b) => a * b, 1);
  const at = (begin: readonly number[], strides: readonly number[]) => begin.reduce((a, b, i) => a + b * strides[i], 0);
  eachRun(size.slice(0, inner), ss, ds, at(srcBegin, ss), at(dstBegin, ds), (so, dO) => dst.set(src.subarray(so, so + run), dO));
};

/**
 * dst = src (of `shape`) with its axes reordered (output axis i is input axis perm[i]). The trailing
 * axes the permutation keeps in place are merged into runs copied whole; the rest is walked in
 * output order.
 */
export const permuteBlock = (src: Float32Array, shape: readonly number[], perm: readonly number[], dst: Float32Array): void => {
  if (dst.length === 0) return;
  let keep = shape.length;
  while (keep > 0 && perm[keep - 1] === keep - 1) keep--;
  const run = shape.slice(keep).reduce((a, b) => a * b, 1);
  const ss = stridesOf(shape);
  const outer = perm.slice(0, keep), size = outer.map((p) => shape[p]);
  // the output is written in order: its strides over the walked axes, in runs
  const ds = stridesOf(size).map((s) => s * run);
  eachRun(size, outer.map((p) => ss[p]), ds, 0, 0, run >= 16
    ? (so, dO) => dst.set(src.subarray(so, so + run), dO)
    : (so, dO) => { for (let i = 0; i < run; i++) dst[dO + i] = src[so + i]; });
};
