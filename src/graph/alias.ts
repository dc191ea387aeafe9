// Walker's alias method, with Vose's stable construction: a table for n weighted outcomes is built
// in O(n) and each draw costs O(1) and two random words. node2vec's walks keep one table per node
// and one per (previous, current) edge; word2vec's noise distribution is one table.
import { mulhi32 } from '../random/philox.js';

const TWO_32 = 2 ** 32;

/**
 * Alias tables packed in two flat arrays: the table of n outcomes at `offset` holds, for each
 * column i < n, the probability `prob[offset + i]` of keeping i and the outcome `alias[offset + i]`
 * taken otherwise. Many tables share one pair of arrays, each at its own offset.
 */
export interface AliasTables {
  readonly prob: Float64Array;
  readonly alias: Int32Array;
}

/** Room for `size` table entries. */
export const aliasTables = (size: number): AliasTables => ({ prob: new Float64Array(size), alias: new Int32Array(size) });

/** Scratch space for building tables of up to n outcomes (reused across builds: no allocation per table). */
export interface AliasScratch {
  readonly scaled: Float64Array;
  readonly small: Int32Array;
  readonly large: Int32Array;
}

export const aliasScratch = (n: number): AliasScratch => ({ scaled: new Float64Array(n), small: new Int32Array(n), large: new Int32Array(n) });

/**
 * Writes the table of outcomes 0 … n−1 with weights `weights[0 … n−1]` (finite, ≥ 0, summing to
 * more than 0) at `offset`. Outcome i is then drawn with probability weights[i] / Σ weights: each
 * column is picked with probability 1/n and keeps its outcome with probability `prob`, so outcome i
 * gets (prob_i + Σ_{j: alias_j = i} (1 − prob_j)) / n, which Vose's pairing of an under-full column
 * with an over-full one makes equal to n·weights[i]/Σ weights divided by n.
 */
export function fillAlias(t: AliasTables, offset: number, weights: ArrayLike<number>, n: number, s: AliasScratch): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  let nSmall = 0, nLarge = 0;
  for (let i = 0; i < n; i++) {
    const v = (weights[i] * n) / total;
    s.scaled[i] = v;
    if (v < 1) s.small[nSmall++] = i;
    else s.large[nLarge++] = i;
  }
  while (nSmall > 0 && nLarge > 0) {
    const lo = s.small[--nSmall], hi = s.large[--nLarge];
    t.prob[offset + lo] = s.scaled[lo];
    t.alias[offset + lo] = hi;
    // the over-full column gives away what fills the under-full one
    const rest = s.scaled[hi] + s.scaled[lo] - 1;
    s.scaled[hi] = rest;
    if (rest < 1) s.small[nSmall++] = hi;
    else s.large[nLarge++] = hi;
  }
  // What is left is full up to rounding error: it keeps its own outcome.
  while (nLarge > 0) { const i = s.large[--nLarge]; t.prob[offset + i] = 1; t.alias[offset + i] = i; }
  while (nSmall > 0) { const i = s.small[--nSmall]; t.prob[offset + i] = 1; t.alias[offset + i] = i; }
}

/**
 * An outcome in [0, n) from the table at `offset`, given two uniform uint32 words: the first picks
 * the column (multiply-high, off from 1/n by at most n/2^32), the second the coin (resolution 2^-32).
 */
export const drawAlias = (t: AliasTables, offset: number, n: number, column: number, coin: number): number => {
  const i = mulhi32(column, n);
  return coin < t.prob[offset + i] * TWO_32 ? i : t.alias[offset + i];
};
