// Frequent-word subsampling (Mikolov et al. 2013): each occurrence of a word w is kept with a
// probability that falls as w gets more frequent, so "the" and "of" stop dominating the pairs and
// rare words get relatively more updates. The default is the rule of word2vec's C code (and
// gensim), not the one printed in the paper.
import { checkKey, foldIn, type Key } from '../random/key.js';
import { randomBits } from '../random/philox.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { describe, show } from '../shape/options.js';

/** word2vec's and gensim's default `sample`. The paper used 1e-5 with its rule. */
export const SUBSAMPLE_THRESHOLD = 1e-3;

/**
 * 'reference': word2vec.c's p_keep = (√(f/(t·T)) + 1) · (t·T)/f.
 * 'paper': the paper's discard probability 1 − √(t/(f/T)), i.e. p_keep = √(t·T/f).
 * f is the word's count, T the total count; either probability is clipped to [0, 1].
 */
export type SubsampleRule = 'reference' | 'paper';

/**
 * The keep probability of each id, from the ids' counts (finite, ≥ 0, not all 0), threshold `t` and
 * rule (f = counts[id], T = Σ counts): 'reference' (default) is (√(f/(t·T)) + 1) · (t·T)/f, the rule of
 * word2vec.c (a word with f ≤ φ²·t·T ≈ 2.618·t·T is always kept); 'paper' is √(t·T/f), one minus
 * the paper's discard probability 1 − √(t/(f/T)). Both are clipped to [0, 1], computed in float64 in
 * that order. t = 0 turns subsampling off (all 1, as word2vec's `-sample 0`); an id of count 0 gets 1
 * (it never occurs, and 1 leaves it alone).
 */
export function keepProbabilities(counts: ArrayLike<number>, t: number = SUBSAMPLE_THRESHOLD, rule: SubsampleRule = 'reference'): Float64Array {
  const op = 'keepProbabilities';
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new OptionError(op, `t must be a finite number ≥ 0, got ${show(t)}`);
  if (rule !== 'reference' && rule !== 'paper') throw new OptionError(op, `rule must be 'reference' or 'paper', got ${show(rule)}`);
  if (counts === null || typeof counts !== 'object' || typeof counts.length !== 'number') throw new ArgumentError(op, 'counts', `must be an array of counts, got ${describe(counts)}`);
  let total = 0;
  for (let v = 0; v < counts.length; v++) {
    const c = counts[v];
    if (typeof c !== 'number' || !(c >= 0 && Number.isFinite(c))) throw new ArgumentError(op, `counts[${v}]`, `is ${describe(c)}; expected a finite count ≥ 0`);
    total += c;
  }
  if (!(total > 0)) throw new ArgumentError(op, 'counts', 'are all 0: there are no frequencies');
  const s = t * total;
  const keep = new Float64Array(counts.length);
  for (let v = 0; v < counts.length; v++) {
    const f = counts[v];
    if (f === 0 || t === 0) { keep[v] = 1; continue; }
    const p = rule === 'reference' ? (Math.sqrt(f / s) + 1) * s / f : Math.sqrt(s / f);
    keep[v] = Math.min(1, Math.max(0, p));
  }
  return keep;
}

const TWO_32 = 2 ** 32;

/** The keep probabilities as thresholds on a uint32 word (p·2^32, exact in float64), checked once. */
const thresholdsOf = (op: string, keep: Float64Array): Float64Array => {
  if (!(keep instanceof Float64Array)) throw new ArgumentError(op, 'keep', `must be a Float64Array of probabilities (from keepProbabilities), got ${describe(keep)}`);
  return keep.map((p, v) => {
    if (!(p >= 0 && p <= 1)) throw new ArgumentError(op, `keep[${v}]`, `is ${describe(p)}; expected a probability in [0, 1]`);
    return p * TWO_32;
  });
};

/** The tokens of one sequence that word i < threshold keeps; an ArgumentError names `at[i]` for an id outside the table. */
const keepTokens = (op: string, at: string, sequence: unknown, thresholds: Float64Array, k: Key): Int32Array => {
  if (!(sequence instanceof Int32Array)) throw new ArgumentError(op, at, `must be an Int32Array of ids (from Vocabulary.encode), got ${describe(sequence)}`);
  const bits = randomBits(k, sequence.length);
  const out = new Int32Array(sequence.length);
  let n = 0;
  for (let i = 0; i < sequence.length; i++) {
    const id = sequence[i];
    if (!(id >= 0 && id < thresholds.length)) throw new ArgumentError(op, `${at}[${i}]`, `is ${id}; expected an id in [0, ${thresholds.length})`);
    if (bits[i] < thresholds[id]) out[n++] = id; // p = 1 keeps always (every word < 2^32), p = 0 never
  }
  return out.slice(0, n);
};

/**
 * The sequence with each token kept independently with probability keep[token], in order. Token i
 * reads word i of `randomBits(key, length)`, so equal keys give equal results (and a prefix of the
 * sequence keeps a prefix of them). word2vec redraws every epoch: pass foldIn(key, epoch).
 */
export function subsample(sequence: Int32Array, keep: Float64Array, key: Key): Int32Array {
  checkKey('subsample', key);
  return keepTokens('subsample', 'sequence', sequence, thresholdsOf('subsample', keep), key);
}

/** `subsample` of every sequence, sequence i with foldIn(key, i): one sequence's draws do not depend on the others. */
export function subsampleAll(sequences: readonly Int32Array[], keep: Float64Array, key: Key): Int32Array[] {
  const op = 'subsampleAll';
  checkKey(op, key);
  if (!Array.isArray(sequences)) throw new ArgumentError(op, 'sequences', `must be an array of Int32Array id sequences, got ${describe(sequences)}`);
  const thresholds = thresholdsOf(op, keep);
  return sequences.map((s, i) => keepTokens(op, `sequences[${i}]`, s, thresholds, foldIn(key, i)));
}
