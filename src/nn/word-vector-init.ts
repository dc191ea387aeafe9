// An embedding table aligned with a vocabulary, initialised from word vectors (Kim 2014): row i is
// the vector of words[i] where the vectors have that word (exact match, no case folding), and for a
// word without a vector a draw from U[−a, a], keyed. Kim chose a so that those rows have the
// variance of the pretrained ones (a = 0.25 for his vectors); `scale: 'matched'` computes it.
import { checkWordVectors, wordIndex, wordProblem, type WordVectors } from '../embeddings/vectors.js';
import { checkKey, type Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { withShape } from './typed.js';

export interface WordVectorTableOptions {
  /** Draws the rows of words without a vector. */
  readonly key: Key;
  /**
   * a of U[−a, a] for words without a vector: a number > 0, or 'matched' (default): a = √(3·var),
   * var the variance of all the numbers in `wv`, so those rows have the pretrained ones' variance.
   */
  readonly scale?: number | 'matched';
}

export interface WordVectorTable {
  /** [words.length, wv.dim] */
  readonly table: Tensor<[number, number]>;
  /** Per vocabulary id, its row in `wv`, or −1 where the word has no vector (its row was drawn). */
  readonly source: Int32Array;
  /** How many vocabulary words have a vector. */
  readonly found: number;
  /** The a the drawn rows used. */
  readonly scale: number;
}

const OP = 'wordVectorTable';

/** √(3·var) of all the numbers of `wv` (float64 sums): the a of a uniform with the same variance. */
export const matchedScale = (wv: WordVectors): number => {
  const v = wv.vectors, n = v.length;
  if (n === 0) throw new ArgumentError(OP, 'wv', "holds no vectors, so scale 'matched' has no variance to match; give a number");
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) { s += v[i]; s2 += v[i] * v[i]; }
  const mean = s / n, variance = Math.max(s2 / n - mean * mean, 0);
  if (!(variance > 0)) throw new ArgumentError(OP, 'wv', "has zero variance, so scale 'matched' would give a = 0; give a number");
  return Math.sqrt(3 * variance);
};

/**
 * The [words.length, wv.dim] table for the vocabulary `words` (id = index): row i copies wv's
 * vector of words[i] bit for bit where wv has it; every other row is U[−a, a] from `key` (the same
 * key gives the same table). Throws an ArgumentError for a bad word list or word vectors, an
 * OptionError for a bad scale.
 */
export const wordVectorTable = (words: readonly string[], wv: WordVectors, options: WordVectorTableOptions): WordVectorTable => {
  checkOptions(OP, options, ['key', 'scale'], 'required');
  if (!Array.isArray(words) || words.length === 0) throw new ArgumentError(OP, 'words', `must be a non-empty array of words (the vocabulary, id = index), got ${describe(words)}`);
  words.forEach((w, i) => {
    if (typeof w !== 'string' || w === '') throw new ArgumentError(OP, `words[${i}]`, `is ${describe(w)}; expected a non-empty string`);
  });
  checkWordVectors(OP, wv);
  checkKey(OP, options.key);
  const s = options.scale ?? 'matched';
  if (s !== 'matched' && (typeof s !== 'number' || !(Number.isFinite(s) && s > 0))) throw new OptionError(OP, `scale must be a finite number > 0 or 'matched', got ${describe(s)}`);
  const a = s === 'matched' ? matchedScale(wv) : s;
  const V = words.length, d = wv.dim;
  const index = wordIndex(OP, wv);
  const out = uniformData(options.key, V * d, -a, a);
  const source = new Int32Array(V);
  let found = 0;
  words.forEach((w, i) => {
    const row = wordProblem(w) === undefined ? index.get(w) ?? -1 : -1; // a word with whitespace is never in a vector file
    source[i] = row;
    if (row >= 0) { out.set(wv.vectors.subarray(row * d, (row + 1) * d), i * d); found++; }
  });
  return { table: withShape(OP, fromHost(out, [V, d]), [V, d]), source, found, scale: a };
};
