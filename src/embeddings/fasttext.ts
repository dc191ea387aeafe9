// fastText word vectors (Bojanowski et al. 2017) on word2vec's engine: a word's input vector is the
// mean of its own row and its character n-gram rows (subwords.ts), so a word never seen in training
// still gets a vector from its n-grams. As fastText's skipgram / cbow: the hidden vector is the mean
// of the input rows (all context words' subwords for CBOW), one negative-sampling step per target,
// and the hidden vector's error added, undivided, to every input row (fastText's Model::update
// divides only for the supervised model). Negatives follow unigram^0.75 and the rate falls
// linearly, as gensim's FastText (its defaults are the comparison here); `noisePower: 0.5`,
// `targetNegatives: 'redraw'` and `withEndOfLine` sentences (the '</s>' token has no n-grams) are
// fastText's own rules.
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { nonNegative, positive } from '../optim/options.js';
import { checkKey, foldIn, split, type Key } from '../random/key.js';
import { keepPerId, perId, runPasses, type CorpusTrainerOptions } from './passes.js';
import { uniformData } from '../random/sample.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { corpus, tokenCounts, type Corpus } from './corpus.js';
import { NOISE_POWER, noiseDistribution, sampleNoise, type NoiseDistribution } from './noise.js';
import { sgnsTables } from './sgns-wasm.js';
import { subwordBuckets } from './subwords.js';
import { END_OF_LINE } from '../text/end-of-line.js';
import { drawNoise, prepareSentence, scratch, targetCount, type Scratch } from './word2vec.js';

export interface FastTextOptions extends CorpusTrainerOptions {
  readonly dim: number;
  /** Default 'cbow' (gensim's FastText default; fastText's own is skipgram). */
  readonly model?: 'skipgram' | 'cbow';
  readonly window?: number;
  readonly negatives?: number;
  readonly epochs?: number;
  /** Default 0.025 (skip-gram) or 0.05 (CBOW). */
  readonly alpha?: number;
  readonly minAlpha?: number;
  /** Shortest and longest n-gram. Default 3 and 6 (fastText's minn, maxn). */
  readonly minN?: number;
  readonly maxN?: number;
  /** The power of the unigram counts negatives are drawn by. Default 0.75 (word2vec's and gensim's; fastText's own is 0.5). */
  readonly noisePower?: number;
  /**
   * A negative drawn equal to its target: 'skip' it (word2vec.c's and gensim's rule, the default) or
   * 'redraw' it until it differs (fastText's getNegative), so every target gets its k negatives.
   */
  readonly targetNegatives?: 'skip' | 'redraw';
  /** Hash buckets for n-grams. Default 200,000 (fastText and gensim use 2,000,000: 800 MB of rows at d 100). */
  readonly bucket?: number;
}

/** A trained model: what word vectors (in and out of vocabulary) are made of. */
export interface FastText {
  readonly words: readonly string[];
  /** `[V + bucket, d]`: word rows, then n-gram rows. */
  readonly input: Tensor<[number, number]>;
  /** `[V, d]`. */
  readonly output: Tensor<[number, number]>;
  /** `[V, d]`: each vocabulary word's vector, the mean of its subword rows (fastText's getWordVector). */
  readonly wordVectors: Tensor<[number, number]>;
  readonly minN: number;
  readonly maxN: number;
  readonly bucket: number;
  readonly losses: Float64Array;
  readonly seconds: number;
}

const OP = 'trainFastText';

/** A word's n-gram buckets; none for the end-of-line token (fastText's initNgrams skips it). */
const bucketsOf = (word: string, minN: number, maxN: number, bucket: number): number[] => (word === END_OF_LINE ? [] : subwordBuckets(word, minN, maxN, bucket));

/** Each vocabulary word's input rows: its own, then V + its n-gram buckets (CSR). */
const subwordTable = (words: readonly string[], minN: number, maxN: number, bucket: number) => {
  const lists = words.map((w, i) => [i, ...bucketsOf(w, minN, maxN, bucket).map((b) => words.length + b)]);
  const starts = new Int32Array(words.length + 1);
  lists.forEach((l, i) => { starts[i + 1] = starts[i] + l.length; });
  const rows = new Int32Array(starts[words.length]);
  lists.forEach((l, i) => rows.set(l, starts[i]));
  return { starts, rows };
};

interface Run {
  readonly c: Corpus; readonly d: number; readonly window: number; readonly k: number; readonly cbow: boolean;
  readonly keep: Float64Array | undefined; readonly noise: NoiseDistribution;
  readonly input: Float32Array; readonly output: Float32Array;
  readonly starts: Int32Array; readonly rows: Int32Array;
  readonly redraw: boolean;
}

/**
 * @internal fastText's getNegative: each of target t's k negatives (at `from`) that equals it is drawn again
 * from the noise, with `key` folded with a running count, until it differs. A word that is the
 * whole noise distribution keeps its draw (it has no other to take).
 */
export const redrawTargetNegatives = (noise: NoiseDistribution, negatives: Int32Array, from: number, k: number, target: number, key: Key, drawn: { n: number }): void => {
  if (noise.probabilities[target] >= 1) return;
  for (let q = from; q < from + k; q++)
    while (negatives[q] === target) negatives[q] = sampleNoise(noise, foldIn(key, drawn.n++), 1)[0];
};

/** h ← the mean of the listed input rows. */
const meanOf = (input: Float32Array, d: number, list: Int32Array, n: number, h: Float32Array): void => {
  h.fill(0, 0, d);
  for (let r = 0; r < n; r++) { const at = list[r] * d; for (let q = 0; q < d; q++) h[q] += input[at + q]; }
  for (let q = 0; q < d; q++) h[q] /= n;
};

/** Every listed input row += e; then e ← 0. */
const spread = (input: Float32Array, d: number, list: Int32Array, n: number, e: Float32Array): void => {
  for (let r = 0; r < n; r++) { const at = list[r] * d; for (let q = 0; q < d; q++) input[at + q] += e[q]; }
  e.fill(0, 0, d);
};

const trainSentence = (r: Run, s: number, key: Key, alpha: number, w: Scratch, list: { rows: Int32Array }): [number, number] => {
  const { c, d, k, starts, rows, input, output } = r;
  if (c.starts[s + 1] - c.starts[s] < 2) return [0, 0];
  const [subKey, reachKey, noiseKey, redrawKey] = split(key, 4); // split's first keys do not depend on the count
  const m = prepareSentence(c, s, r.keep, r.window, subKey, reachKey, w);
  if (m < 2) return [0, 0];
  drawNoise(r.noise, targetCount(m, w.reach, r.cbow) * k, noiseKey, w);
  const { kept, reach, negatives, e, h, step } = w;
  const drawn = { n: 0 };
  const redraw = (target: number, t: number) => { if (r.redraw) redrawTargetNegatives(r.noise, negatives, t * k, k, target, redrawKey, drawn); };
  let loss = 0, t = 0;
  for (let i = 0; i < m; i++) {
    const lo = Math.max(0, i - reach[i]), hi = Math.min(m - 1, i + reach[i]);
    if (r.cbow) {
      let n = 0;
      for (let j = lo; j <= hi; j++) if (j !== i) n += starts[kept[j] + 1] - starts[kept[j]];
      if (n === 0) continue;
      if (list.rows.length < n) list.rows = new Int32Array(2 * n);
      n = 0;
      for (let j = lo; j <= hi; j++) if (j !== i) for (let q = starts[kept[j]]; q < starts[kept[j] + 1]; q++) list.rows[n++] = rows[q];
      meanOf(input, d, list.rows, n, h);
      redraw(kept[i], t);
      loss += step(h, output, d, kept[i], negatives, t * k, k, alpha, e);
      spread(input, d, list.rows, n, e);
      t++;
    } else {
      const from = starts[kept[i]], n = starts[kept[i] + 1] - from;
      const own = rows.subarray(from, from + n);
      for (let j = lo; j <= hi; j++) {
        if (j === i) continue;
        meanOf(input, d, own, n, h); // the centre's subwords predict each context word (fastText's skipgram)
        redraw(kept[j], t);
        loss += step(h, output, d, kept[j], negatives, t * k, k, alpha, e);
        spread(input, d, own, n, e);
        t++;
      }
    }
  }
  return [loss, t];
};

/** The mean of the given input rows of a model (a word's vector). */
const vectorOf = (input: Float32Array, d: number, ids: readonly number[]): Float32Array => {
  const v = new Float32Array(d);
  for (const id of ids) for (let q = 0; q < d; q++) v[q] += input[id * d + q];
  if (ids.length > 0) for (let q = 0; q < d; q++) v[q] /= ids.length;
  return v;
};

/**
 * fastText vectors for the vocabulary `words` from `sequences` of their ids (id i is words[i]).
 * Rows start uniform in ±1/d (fastText), output rows at 0. Deterministic for a key.
 */
export function trainFastText(sequences: readonly ArrayLike<number>[], words: readonly string[], options: FastTextOptions): FastText {
  checkOptions(OP, options, ['dim', 'model', 'window', 'negatives', 'epochs', 'alpha', 'minAlpha', 'minN', 'maxN', 'bucket', 'noisePower', 'targetNegatives', 'keep', 'counts', 'key', 'onProgress', 'progressEvery'], 'required');
  const { dim: d, model = 'cbow', window = 5, negatives: k = 5, epochs = 5, minN = 3, maxN = 6, bucket = 200_000, progressEvery = 100_000 } = options;
  for (const [name, v, min] of [['dim', d, 1], ['window', window, 1], ['negatives', k, 0], ['epochs', epochs, 1], ['minN', minN, 1], ['maxN', maxN, 0], ['bucket', bucket, 0], ['progressEvery', progressEvery, 1]] as const) checkSize(OP, name, v, min);
  if (model !== 'skipgram' && model !== 'cbow') throw new OptionError(OP, `model must be 'skipgram' or 'cbow', got ${String(model)}`);
  if (!Array.isArray(words) || words.some((w) => typeof w !== 'string' || w === '')) throw new ArgumentError(OP, 'words', 'must be an array of non-empty strings, one per id');
  const { targetNegatives = 'skip' } = options;
  if (targetNegatives !== 'skip' && targetNegatives !== 'redraw') throw new OptionError(OP, `targetNegatives must be 'skip' or 'redraw', got ${String(targetNegatives)}`);
  const cbow = model === 'cbow';
  const alpha0 = positive(OP, 'alpha', options.alpha ?? (cbow ? 0.05 : 0.025));
  const minAlpha = nonNegative(OP, 'minAlpha', options.minAlpha ?? alpha0 * 1e-4);
  checkFunctionOption(OP, 'onProgress', options.onProgress);
  checkKey(OP, options.key);
  const V = words.length;
  const c = corpus(OP, sequences, V);
  const keep = keepPerId(OP, options.keep, V);
  const noise = noiseDistribution(perId(OP, 'counts', options.counts, V) ?? tokenCounts(c), nonNegative(OP, 'noisePower', options.noisePower ?? NOISE_POWER));
  const [initKey, trainKey] = split(options.key);
  const table = subwordTable(words, minN, maxN, bucket);
  const { tables: [input, output, h, e], step, rowStep } = sgnsTables([(V + bucket) * d, V * d, d, d], d, k);
  input.set(uniformData(initKey, (V + bucket) * d, -1 / d, 1 / d));
  const run: Run = { c, d, window, k, cbow, keep, noise, input, output, ...table, redraw: targetNegatives === 'redraw' };
  const w = scratch(d, { h, e, step, rowStep }), list = { rows: new Int32Array(256) };
  const r = runPasses(c, { epochs, alpha: alpha0, minAlpha, key: trainKey, onProgress: options.onProgress, progressEvery },
    (s, key, alpha) => trainSentence(run, s, key, alpha, w, list));
  const vectors = new Float32Array(V * d);
  for (let i = 0; i < V; i++) vectors.set(vectorOf(run.input, d, Array.from(table.rows.subarray(table.starts[i], table.starts[i + 1]))), i * d);
  return {
    words, input: fromHost(run.input.slice(), [V + bucket, d]), output: fromHost(run.output.slice(), [V, d]), wordVectors: fromHost(vectors, [V, d]),
    minN, maxN, bucket, losses: r.losses, seconds: r.seconds,
  };
}

/**
 * A lookup of the vector of any word: for a vocabulary word its row and n-gram rows averaged; for
 * any other the mean of its n-gram rows (zeros when it has none), fastText's getWordVector. Reads
 * the model's rows once.
 */
export function fastTextLookup(model: FastText): (word: string) => Float32Array {
  const input = toArray(model.input);
  const d = model.input.shape[1];
  const ids = new Map(model.words.map((w, i) => [w, i]));
  return (word) => {
    const grams = bucketsOf(word, model.minN, model.maxN, model.bucket).map((b) => model.words.length + b);
    const id = ids.get(word);
    return vectorOf(input, d, id === undefined ? grams : [id, ...grams]);
  };
}
