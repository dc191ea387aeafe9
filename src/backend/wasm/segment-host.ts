// The graph kernels (gpujs/kernels/sparse.ts, gatherSource) as host loops, for the simd backend:
// gpu.js compiles its kernels per output and input size, and every minibatch of molecules has its
// own node and edge counts, so a GIN epoch compiled ~35 kernels (1,080 over a 10-fold, 3-epoch run).
// Each loop is its kernel statement for statement, summing in float64 as gpu.js's cpu mode does and
// rounding once at the store, so the results are the cpu backend's bits.

import type { SegmentKernel } from '../types.js';

/** The group size of segmentSumSource: items summed into one partial before it joins the total. */
const GROUP = 32;

/** Per-column float64 accumulators, reused across calls (the loops run items outer, columns inner, for locality). */
let scratch = new Float64Array(0);
const columns = (row: number, sets: number): Float64Array => {
  if (scratch.length < row * sets) scratch = new Float64Array(row * sets);
  return scratch;
};

/**
 * out[s·row + r] = Σ over [ptr[s], ptr[s+1]) in groups of 32 of x[q·row + r] ('sum') or w[q]·x[col[q]·row + r] ('weighted').
 * Each column r keeps the kernel's own order of additions (a group's partial, then the total), so the bits are the same
 * as summing column by column; walking the items outer reads whole rows of x at a time.
 */
const segmentSum = (inputs: readonly Float32Array[], weighted: boolean, row: number, out: Float32Array): void => {
  const ptr = inputs[0], x = inputs[weighted ? 3 : 1], w = inputs[1], col = inputs[2];
  const buf = columns(row, 2);
  for (let s = 0; s * row < out.length; s++) {
    const start = ptr[s], end = ptr[s + 1];
    buf.fill(0, 0, row); // acc[r] at buf[r], the group's partial p[r] at buf[row + r]
    for (let base = start; base < end; base += GROUP) {
      buf.fill(0, row, 2 * row);
      const stop = Math.min(base + GROUP, end);
      if (weighted) for (let q = base; q < stop; q++) { const wq = w[q], at = col[q] * row; for (let r = 0; r < row; r++) buf[row + r] += wq * x[at + r]; }
      else for (let q = base; q < stop; q++) { const at = q * row; for (let r = 0; r < row; r++) buf[row + r] += x[at + r]; }
      for (let r = 0; r < row; r++) buf[r] += buf[row + r];
    }
    for (let r = 0; r < row; r++) out[s * row + r] = buf[r];
  }
};

/** segmentMaxSource: the first maximum of each segment's column (NaN-sticky: the first NaN wins), its value (0 if empty) or item (−1 if empty). */
const segmentMax = (ptr: Float32Array, x: Float32Array, arg: boolean, row: number, out: Float32Array): void => {
  const buf = columns(row, 3); // m[r] at buf[r], at[r] at buf[row + r], nan[r] (0/1) at buf[2·row + r]
  for (let s = 0; s * row < out.length; s++) {
    const start = ptr[s], end = ptr[s + 1];
    buf.fill(-Infinity, 0, row); buf.fill(-1, row, 2 * row); buf.fill(0, 2 * row, 3 * row);
    for (let q = start; q < end; q++) {
      const from = q * row;
      for (let r = 0; r < row; r++) {
        const v = x[from + r], m = buf[r];
        if (v > m) { buf[r] = v; buf[row + r] = q; }
        else if (v <= m) { if (buf[row + r] < 0) { buf[r] = v; buf[row + r] = q; } }
        else if (buf[2 * row + r] === 0) { buf[r] = v; buf[row + r] = q; buf[2 * row + r] = 1; }
      }
    }
    for (let r = 0; r < row; r++) { const at = buf[row + r]; out[s * row + r] = arg ? at : at < 0 ? 0 : buf[r]; }
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
      // (items outer, columns inner, as segmentSum: each column's additions in the kernel's order)
      const [vals, perm, offs] = inputs;
      const acc = columns(row, 1);
      for (let v = 0; v * row < out.length; v++) {
        acc.fill(0, 0, row);
        for (let q = offs[v]; q < offs[v + 1]; q++) { const at = perm[q] * row; for (let r = 0; r < row; r++) acc[r] += vals[at + r]; }
        for (let r = 0; r < row; r++) out[v * row + r] = acc[r];
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
