// 1/‖row‖ of a row-major table on the host, in float64: what host-side cosines scale dot products by.

/** Below this norm a vector counts as zero: its cosines are 0 rather than NaN (as cosineSimilarities). */
export const TINY_NORM = 1e-12;

/** 1/‖x_i‖ for each of the `rows` rows of `x` (row-major, `dim` wide), 0 for a (near-)zero row. */
export const inverseRowNorms = (x: Float32Array, rows: number, dim: number): Float64Array => {
  const inv = new Float64Array(rows);
  for (let i = 0, o = 0; i < rows; i++, o += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += x[o + j] * x[o + j];
    const n = Math.sqrt(s);
    inv[i] = n < TINY_NORM ? 0 : 1 / n;
  }
  return inv;
};
