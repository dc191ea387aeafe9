// The outer loop every per-pair trainer shares: passes over the sequences in order, sequence s of
// pass e trained with foldIn(foldIn(key, e), s), the learning rate falling linearly from alpha to
// minAlpha over all tokens of all passes (gensim's schedule), and a progress report about every
// `progressEvery` tokens and at the end of each pass.
import { foldIn, type Key } from '../random/key.js';
import { ArgumentError } from '../shape/errors.js';
import type { Corpus } from './corpus.js';

export interface PassProgress {
  readonly epoch: number;
  /** Raw tokens (before subsampling) processed so far, over all epochs. */
  readonly words: number;
  readonly totalWords: number;
  /** The learning rate now. */
  readonly alpha: number;
  /** Mean loss per update since the last report. */
  readonly loss: number;
  /** Raw tokens per second so far. */
  readonly wordsPerSecond: number;
}

/** What every corpus trainer (word2vec, doc2vec, fastText, sent2vec) takes besides its own settings. */
export interface CorpusTrainerOptions {
  /** Per id, the probability of keeping an occurrence (frequent-word subsampling; `keepProbabilities` in nn-ts/text). Default: keep all. */
  readonly keep?: ArrayLike<number>;
  /** Counts of each id, for the noise distribution (default: counted in the input). */
  readonly counts?: ArrayLike<number>;
  readonly key: Key;
  /** Called about every `progressEvery` raw tokens and at the end of each epoch. */
  readonly onProgress?: (p: PassProgress) => void;
  /** Default 100,000. */
  readonly progressEvery?: number;
}

export interface PassSchedule {
  readonly epochs: number;
  readonly alpha: number;
  readonly minAlpha: number;
  readonly key: Key;
  readonly onProgress?: (p: PassProgress) => void;
  readonly progressEvery?: number;
}

export interface PassResult {
  /** The mean update loss of each report. */
  readonly losses: Float64Array;
  /** Updates made (what `train` counted). */
  readonly updates: number;
  /** Raw tokens processed (tokens × epochs). */
  readonly words: number;
  readonly seconds: number;
}

/** Runs the passes; `train(s, key, alpha)` trains sequence s and returns [loss sum, updates]. */
export function runPasses(c: Corpus, o: PassSchedule, train: (s: number, key: Key, alpha: number) => readonly [number, number]): PassResult {
  const sequences = c.starts.length - 1;
  const totalWords = o.epochs * c.tokens.length;
  const every = o.progressEvery ?? 100_000;
  const losses: number[] = [];
  const started = performance.now();
  let words = 0, updates = 0, lossSum = 0, lossN = 0, next = every, alpha = o.alpha;
  const report = (epoch: number) => {
    losses.push(lossN > 0 ? lossSum / lossN : NaN);
    o.onProgress?.({ epoch, words, totalWords, alpha, loss: losses[losses.length - 1], wordsPerSecond: words / ((performance.now() - started) / 1000) });
    lossSum = 0; lossN = 0;
  };
  for (let e = 0; e < o.epochs; e++) {
    const epochKey = foldIn(o.key, e);
    for (let s = 0; s < sequences; s++) {
      alpha = Math.max(o.minAlpha, o.alpha - (o.alpha - o.minAlpha) * (words / totalWords));
      const [l, n] = train(s, foldIn(epochKey, s), alpha);
      lossSum += l; lossN += n; updates += n;
      words += c.starts[s + 1] - c.starts[s];
      if (words >= next) { report(e + 1); next += every; }
    }
    if (lossN > 0) report(e + 1);
  }
  return { losses: Float64Array.from(losses), updates, words, seconds: (performance.now() - started) / 1000 };
}

/** A per-id array (keep probabilities, counts) of length V, copied; an ArgumentError naming `op` and `name` otherwise. */
export function perId(op: string, name: string, v: ArrayLike<number> | undefined, V: number): Float64Array | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || v.length !== V) throw new ArgumentError(op, name, `must hold one value per id (${V})`);
  return Float64Array.from(v);
}

/** A per-id array of keep probabilities, each in [0, 1] (subsampling), copied; ArgumentErrors name `op` and the entry. */
export function keepPerId(op: string, v: ArrayLike<number> | undefined, V: number): Float64Array | undefined {
  const out = perId(op, 'keep', v, V);
  out?.forEach((p, i) => { if (!(p >= 0 && p <= 1)) throw new ArgumentError(op, `keep[${i}]`, `is ${p}; expected a probability in [0, 1]`); });
  return out;
}
