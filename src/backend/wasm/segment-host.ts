// The graph kernels (gpujs/kernels/sparse.ts, gatherSource) as host loops, for the simd backend:
// gpu.js compiles its kernels per output and input size, and every minibatch of molecules has its
// own node and edge counts, so a GIN epoch compiled ~35 kernels (1,080 over a 10-fold, 3-epoch run).
// Each loop is its kernel statement for statement, summing in float64 as gpu.js's cpu mode does and
// rounding once at the store, so the results are the cpu backend's bits.

import type { SegmentKernel } from '../types.js';

/** The group size of segmentSumSource: items summed into one partial before it joins the total. */
const GROUP = 32;

/** out[s·row + r] = Σ over [ptr[s], ptr[s+1]) in groups of 32 of x[q·row + r] ('sum') or w[q]·x[col[q]·row + r] ('weighted'). */
const segmentSum = (inputs: readonly Float32Array[], weighted: boolean, row: number, out: Float32Array): void => {
  const ptr = inputs[0], x = inputs[weighted ? 3 : 1], w = inputs[1], col = inputs[2];
  for (let s = 0; s * row < out.length; s++) {
    const start = ptr[s], end = ptr[s + 1];
    for (let r = 0; r < row; r++) {
      let acc = 0;
      for (let base = start; base < end; base += GROUP) {
        let p = 0;
        const stop = Math.min(base + GROUP, end);
        if (weighted) for (let q = base; q < stop; q++) p += w[q] * x[col[q] * row + r];
        else for (let q = base; q < stop; q++) p += x[q * row + r];
        acc += p;
      }
      out[s * row + r] = acc;
    }
  }
};

/** segmentMaxSource: the first maximum of each segment's column (NaN-sticky: the first NaN wins), its value (0 if empty) or item (−1 if empty). */
const segmentMax = (ptr: Float32Array, x: Float32Array, arg: boolean, row: number, out: Float32Array): void => {
  for (let s = 0; s * row < out.length; s++) {
    const start = ptr[s], end = ptr[s + 1];
    for (let r = 0; r < row; r++) {
      let m = -Infinity, at = -1, nan = false;
      for (let q = start; q < end; q++) {
        const v = x[q * row + r];
        if (v > m) { m = v; at = q; }
        else if (v <= m) { if (at < 0) { m = v; at = q; } }
        else if (!nan) { m = v; at = q; nan = true; }
      }
      out[s * row + r] = arg ? at : at < 0 ? 0 : m;
    }
  }
};

/** Runs segment kernel `kernel` over host inputs (in the gpu.js kernel's argument order) into `out`. */
export const runSegmentKernel = (kernel: SegmentKernel, inputs: readonly Float32Array[], row: number, empty: number, out: Float32Array): void => {
  switch (kernel) {
    case 'sum': case 'weighted': return segmentSum(inputs, kernel === 'weighted', row, out);
    case 'max': case 'argmax': return segmentMax(inputs[0], inputs[1], kernel === 'argmax', row, out);
    case 'maxGrad': {
      // dx[n, r] = g[o] where item n is its segment's first maximum (o = seg[n]·row + r), else 0
      const [g, arg, seg] = inputs;
      for (let n = 0; n * row < out.length; n++)
        for (let r = 0; r < row; r++) { const o = seg[n] * row + r; out[n * row + r] = arg[o] === n ? g[o] : 0; }
      return;
    }
    case 'scatterAdd': {
      // scatterAddSource in one part: out[v, r] = Σ vals[perm[q]·row + r] over q ∈ [offs[v], offs[v+1])
      const [vals, perm, offs] = inputs;
      for (let v = 0; v * row < out.length; v++)
        for (let r = 0; r < row; r++) {
          let s = 0;
          for (let q = offs[v]; q < offs[v + 1]; q++) s += vals[perm[q] * row + r];
          out[v * row + r] = s;
        }
      return;
    }
    case 'sddmm': {
      // sddmmSource in one part: out[u] = Σ_k a[rowOf[u]·row + k] · b[col[u]·row + k]
      const [rowOf, col, a, b] = inputs;
      for (let u = 0; u < out.length; u++) {
        const ao = rowOf[u] * row, bo = col[u] * row;
        let s = 0;
        for (let k = 0; k < row; k++) s += a[ao + k] * b[bo + k];
        out[u] = s;
      }
      return;
    }
    case 'select': {
      // out[t] = v[arg[t]·row + r], or `empty` for an empty segment (arg −1)
      const [v, arg] = inputs;
      for (let t = 0; t < out.length; t++) { const a = arg[t]; out[t] = a < 0 ? empty : v[a * row + (t % row)]; }
      return;
    }
  }
};

/** gatherSource: out[n·row + r] = tab[idx[n]·row + r], whole rows copied. */
export const gatherRows = (tab: Float32Array, idx: Float32Array, row: number, out: Float32Array): void => {
  const n = out.length / row;
  if (row >= 16) for (let i = 0; i < n; i++) out.set(tab.subarray(idx[i] * row, idx[i] * row + row), i * row);
  else for (let i = 0; i < n; i++) for (let r = 0, from = idx[i] * row; r < row; r++) out[i * row + r] = tab[from + r];
};
