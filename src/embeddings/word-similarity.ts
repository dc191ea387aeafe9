// Word-similarity evaluation (WordSim-353 and the like): rank correlation between the cosine of
// each pair's vectors and human scores, as gensim's `KeyedVectors.evaluate_word_pairs` computes it.
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';
import { wordSimilarity } from './queries.js';
import { checkWordVectors, type WordVectors } from './vectors.js';

/** Two words and a human judgement of how similar (or related) they are. */
export interface WordPair { readonly a: string; readonly b: string; readonly score: number }

export interface WordPairsOptions {
  /** Match words case-insensitively (both sides lowercased; the first vocabulary word of a form wins). Default true, as gensim. */
  readonly lowercase?: boolean;
  /** Use only the first this many words of `wv` (files list the most frequent first). Default 300,000, as gensim. */
  readonly restrictVocab?: number;
}

export interface WordPairsResult {
  /** Spearman's ρ between the cosines and the scores over the pairs used (NaN with fewer than 2, or constant ones). */
  readonly spearman: number;
  /** Pearson's r over the same pairs. */
  readonly pearson: number;
  /** Pairs with both words in the (restricted) vocabulary. */
  readonly pairsUsed: number;
  /** Pairs skipped for a word out of the vocabulary. */
  readonly oovPairs: number;
  /** oovPairs / all pairs, in [0, 1] (gensim reports it ×100 as its "OOV ratio"). */
  readonly oovShare: number;
}

/** `xs` as finite float64 numbers, or an ArgumentError naming `op` and `argument`. */
const numbers = (op: string, argument: string, xs: ArrayLike<number>): Float64Array => {
  if (typeof xs !== 'object' || xs === null || typeof xs.length !== 'number') throw new ArgumentError(op, argument, `must be an array of numbers, got ${describe(xs)}`);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < out.length; i++) {
    const v: unknown = xs[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(op, `${argument}[${i}]`, `is ${describe(v)}, not a finite number`);
    out[i] = v;
  }
  return out;
};

const sameLength = (op: string, a: Float64Array, b: Float64Array): void => {
  if (a.length !== b.length) throw new ArgumentError(op, 'b', `has ${b.length} numbers but a has ${a.length}: one per pair`);
};

/** 1-based ranks of `x`, tied values sharing the mean of their ranks (scipy's `rankdata`, 'average'). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const v = numbers('averageRanks', 'x', x);
  const order = Array.from(v.keys()).sort((i, j) => v[i] - v[j]);
  const ranks = new Float64Array(v.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && v[order[end]] === v[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // the mean of ranks start+1 … end
    for (let t = start; t < end; t++) ranks[order[t]] = rank;
    start = end;
  }
  return ranks;
}

const pearsonOf = (a: Float64Array, b: Float64Array): number => {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN; // a constant side has no correlation (scipy says NaN too)
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
};

/** Pearson's r of two equally long lists of finite numbers; NaN with fewer than 2 or a constant list. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = numbers('pearson', 'a', a), y = numbers('pearson', 'b', b);
  sameLength('pearson', x, y);
  return pearsonOf(x, y);
}

/** Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank), as scipy's `spearmanr`. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = numbers('spearman', 'a', a), y = numbers('spearman', 'b', b);
  sameLength('spearman', x, y);
  return pearsonOf(averageRanks(x), averageRanks(y));
}

const isWordPair = (p: unknown): p is WordPair =>
  typeof p === 'object' && p !== null && 'a' in p && 'b' in p && 'score' in p &&
  typeof p.a === 'string' && typeof p.b === 'string' && typeof p.score === 'number' && Number.isFinite(p.score);

/**
 * How well the cosines of `wv` rank `pairs` as their scores do, following gensim's
 * `evaluate_word_pairs`: case-insensitive by default, over the first `restrictVocab` words, pairs
 * with a word out of that vocabulary skipped and counted (no dummy similarity for them).
 */
export function evaluateWordPairs(wv: WordVectors, pairs: readonly WordPair[], options: WordPairsOptions = {}): WordPairsResult {
  const op = 'evaluateWordPairs';
  checkOptions(op, options, ['lowercase', 'restrictVocab']);
  checkBoolean(op, 'lowercase', options.lowercase);
  checkWordVectors(op, wv);
  const { lowercase = true, restrictVocab = 300_000 } = options;
  if (typeof restrictVocab !== 'number' || !Number.isSafeInteger(restrictVocab) || restrictVocab < 1)
    throw new OptionError(op, `restrictVocab must be an integer ≥ 1, got ${describe(restrictVocab)}`);
  if (!Array.isArray(pairs)) throw new ArgumentError(op, 'pairs', `must be an array of { a, b, score }, got ${describe(pairs)}`);
  const key = (w: string): string => (lowercase ? w.toLowerCase() : w);
  // The vocabulary's form → its word; the earliest (most frequent) word of a form wins, as in gensim.
  const vocab = new Map<string, string>();
  for (const w of wv.words.slice(0, restrictVocab)) if (!vocab.has(key(w))) vocab.set(key(w), w);
  const model: number[] = [], human: number[] = [];
  pairs.forEach((p: unknown, i) => {
    if (!isWordPair(p)) throw new ArgumentError(op, `pairs[${i}]`, `must be { a: string, b: string, score: finite number }, got ${describe(p)}`);
    const a = vocab.get(key(p.a)), b = vocab.get(key(p.b));
    if (a === undefined || b === undefined) return;
    model.push(wordSimilarity(wv, a, b));
    human.push(p.score);
  });
  const oovPairs = pairs.length - model.length;
  return {
    spearman: spearman(model, human),
    pearson: pearson(model, human),
    pairsUsed: model.length,
    oovPairs,
    oovShare: pairs.length === 0 ? 0 : oovPairs / pairs.length,
  };
}
