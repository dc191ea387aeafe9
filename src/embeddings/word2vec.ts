// word2vec (Mikolov et al. 2013) as the reference implementation trains it: skip-gram or CBOW with
// negative sampling, one update per pair, word2vec.c's dynamic windows over the subsampled
// sentence, unigram^0.75 negatives, and a learning rate falling linearly from `alpha` to `minAlpha`
// over the whole run (gensim's schedule). Every draw is keyed: a key gives the same vectors.
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { nonNegative, positive } from '../optim/options.js';
import { split, checkKey, type Key } from '../random/key.js';
import { mulhi32, randomBits } from '../random/philox.js';
import { uniformData } from '../random/sample.js';
import { drawAlias } from '../graph/alias.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { corpus, tokenCounts, type Corpus } from './corpus.js';
import { NOISE_POWER, noiseDistribution, type NoiseDistribution } from './noise.js';
import { negativeSamplingStep } from './sgns-kernel.js';
import { hostRowStep, sgnsTables, type RowStep } from './sgns-wasm.js';
import { keepPerId, perId, runPasses, type CorpusTrainerOptions, type PassProgress } from './passes.js';

/** Progress of a trainer's passes (see passes.ts). */
export type Word2vecProgress = PassProgress;

export interface Word2vecOptions extends CorpusTrainerOptions {
  readonly dim: number;
  /** 'skipgram' (default) predicts each centre word from each word in its window; 'cbow' from their mean. */
  readonly model?: 'skipgram' | 'cbow';
  /** The largest window reach; each centre draws its reach from 1 … window. Default 5. */
  readonly window?: number;
  /** Negatives per target. Default 5. */
  readonly negatives?: number;
  /** Passes over the sequences. Default 5 (gensim's; word2vec.c's is 5 too). */
  readonly epochs?: number;
  /** Starting learning rate. Default 0.025 (skip-gram) or 0.05 (CBOW), as word2vec.c. */
  readonly alpha?: number;
  /** Final learning rate. Default alpha · 1e-4. */
  readonly minAlpha?: number;
  /** The power of the unigram counts negatives are drawn by. Default 0.75 (word2vec.c's and gensim's; fastText's is 0.5). */
  readonly noisePower?: number;
  /** Ids are 0 … vocabSize − 1. Default: the largest id + 1. */
  readonly vocabSize?: number;
}

export type Word2vec = {
  /** `[V, d]`: word2vec's syn0, the word vectors. */
  readonly input: Tensor<[number, number]>;
  /** `[V, d]`: syn1neg, the context (output) vectors. */
  readonly output: Tensor<[number, number]>;
  /** The mean pair loss of each progress report. */
  readonly losses: Float64Array;
  /** (input, target) pairs trained on. */
  readonly pairs: number;
  /** Raw tokens processed (sequence tokens × epochs). */
  readonly words: number;
  readonly seconds: number;
};

const OP = 'trainWord2vec';
const TWO_32 = 2 ** 32;

/** The tables being trained and the run's fixed settings. */
interface Run {
  readonly c: Corpus;
  readonly d: number;
  readonly window: number;
  readonly k: number;
  readonly cbow: boolean;
  readonly keep: Float64Array | undefined;
  readonly noise: NoiseDistribution;
  readonly syn0: Float32Array;
  readonly syn1: Float32Array;
}

/** @internal scratch reused over sentences, and the negative-sampling step to run (the host's or the kernel's, sgns-wasm.ts). */
export interface Scratch {
  kept: Int32Array; reach: Int32Array; negatives: Int32Array; e: Float32Array; h: Float32Array;
  readonly step: typeof negativeSamplingStep; readonly rowStep: RowStep;
}

/** @internal scratch for vectors of size d; h, e and the steps from `native` where the trainer's tables are the kernel's. */
export const scratch = (d: number, native?: { readonly h: Float32Array; readonly e: Float32Array; readonly step: typeof negativeSamplingStep; readonly rowStep: RowStep }): Scratch => ({
  kept: new Int32Array(64), reach: new Int32Array(64), negatives: new Int32Array(64),
  e: native?.e ?? new Float32Array(d), h: native?.h ?? new Float32Array(d), step: native?.step ?? negativeSamplingStep, rowStep: native?.rowStep ?? hostRowStep,
});

const growInt = (a: Int32Array, n: number): Int32Array => (a.length >= n ? a : new Int32Array(Math.max(n, 2 * a.length)));

/**
 * @internal Sentence s subsampled into `w.kept` (with `subKey`; all kept without `keep`), then each
 * kept word's reach 1 … window into `w.reach` (with `reachKey`). Returns the number kept.
 * Subsampling comes first, so a window spans kept words (word2vec.c drops words before windowing).
 */
export const prepareSentence = (c: Corpus, s: number, keep: Float64Array | undefined, window: number, subKey: Key, reachKey: Key, w: Scratch): number => {
  const from = c.starts[s], n = c.starts[s + 1] - from;
  w.kept = growInt(w.kept, n);
  let m = 0;
  if (keep) {
    const bits = randomBits(subKey, n);
    for (let i = 0; i < n; i++) { const t = c.tokens[from + i]; if (bits[i] < keep[t] * TWO_32) w.kept[m++] = t; }
  } else for (let i = 0; i < n; i++) w.kept[m++] = c.tokens[from + i];
  w.reach = growInt(w.reach, m);
  if (window > 0) {
    const rb = randomBits(reachKey, m);
    for (let i = 0; i < m; i++) w.reach[i] = 1 + mulhi32(rb[i], window);
  }
  return m;
};

/** @internal `count` noise ids drawn with `key` (two words each) into `w.negatives`. */
export const drawNoise = (noise: NoiseDistribution, count: number, key: Key, w: Scratch): void => {
  w.negatives = growInt(w.negatives, count);
  if (count === 0) return;
  const bits = randomBits(key, 2 * count);
  const n = noise.probabilities.length;
  for (let i = 0; i < count; i++) w.negatives[i] = drawAlias(noise.table, 0, n, bits[2 * i], bits[2 * i + 1]);
};

/** @internal the targets a kept sentence of m words makes: one per (context, centre) pair, or one per centre with a context (CBOW). */
export const targetCount = (m: number, reach: Int32Array, perCentre: boolean): number => {
  let targets = 0;
  for (let i = 0; i < m; i++) {
    const inWindow = Math.min(reach[i], i) + Math.min(reach[i], m - 1 - i);
    targets += perCentre ? (inWindow > 0 ? 1 : 0) : inWindow;
  }
  return targets;
};

/** @internal h ← the mean (or with `mean` false the sum) of `extra` (if given) and the kept words around i within its reach (i excluded); returns how many rows went in. */
export const contextMean = (syn0: Float32Array, d: number, w: Scratch, m: number, i: number, extra?: { table: Float32Array; at: number }, mean = true): number => {
  const { kept, reach, h } = w;
  const lo = Math.max(0, i - reach[i]), hi = Math.min(m - 1, i + reach[i]);
  h.fill(0, 0, d);
  let cnt = 0;
  if (extra) { for (let q = 0; q < d; q++) h[q] += extra.table[extra.at + q]; cnt++; }
  for (let j = lo; j <= hi; j++) if (j !== i) { const at = kept[j] * d; for (let q = 0; q < d; q++) h[q] += syn0[at + q]; cnt++; }
  if (mean && cnt > 0) for (let q = 0; q < d; q++) h[q] /= cnt;
  return cnt;
};

/** @internal e added to every kept word's row around i within its reach (word2vec.c gives each context row the whole error, not divided). */
export const addToContext = (syn0: Float32Array, d: number, w: Scratch, m: number, i: number): void => {
  const { kept, reach, e } = w;
  const lo = Math.max(0, i - reach[i]), hi = Math.min(m - 1, i + reach[i]);
  for (let j = lo; j <= hi; j++) if (j !== i) { const at = kept[j] * d; for (let q = 0; q < d; q++) syn0[at + q] += e[q]; }
};

/** @internal skip-gram over the kept words: each context word's row predicts its centre. Negatives from w.negatives at t·k. Returns [loss, targets]. */
export const skipGramPairs = (syn0: Float32Array, syn1: Float32Array, d: number, k: number, alpha: number, w: Scratch, m: number, t0 = 0): [number, number] => {
  const { kept, reach, negatives, e, h, rowStep } = w;
  let loss = 0, t = t0;
  for (let i = 0; i < m; i++) {
    const lo = Math.max(0, i - reach[i]), hi = Math.min(m - 1, i + reach[i]);
    for (let j = lo; j <= hi; j++) {
      if (j === i) continue;
      loss += rowStep(syn0, kept[j] * d, syn1, d, kept[i], negatives, t * k, k, alpha, h, e);
      t++;
    }
  }
  return [loss, t - t0];
};

/** Trains on one sentence with learning rate `alpha`; returns [loss sum, targets]. */
const trainSentence = (r: Run, s: number, key: Key, alpha: number, w: Scratch): [number, number] => {
  const { c, d, window, k } = r;
  if (c.starts[s + 1] - c.starts[s] < 2) return [0, 0];
  const [subKey, reachKey, noiseKey] = split(key, 3);
  const m = prepareSentence(c, s, r.keep, window, subKey, reachKey, w);
  if (m < 2) return [0, 0];
  drawNoise(r.noise, targetCount(m, w.reach, r.cbow) * k, noiseKey, w);
  if (!r.cbow) return skipGramPairs(r.syn0, r.syn1, d, k, alpha, w, m);
  let loss = 0, t = 0;
  for (let i = 0; i < m; i++) {
    if (contextMean(r.syn0, d, w, m, i) === 0) continue;
    loss += w.step(w.h, r.syn1, d, w.kept[i], w.negatives, t * k, k, alpha, w.e);
    addToContext(r.syn0, d, w, m, i);
    w.e.fill(0, 0, d);
    t++;
  }
  return [loss, t];
};

/**
 * word2vec vectors of the ids in `sequences` (sentences of word ids, walks, documents' words).
 * syn0 starts uniform in ±0.5/d and syn1neg at 0, as word2vec.c. Sentence s of epoch e is trained
 * with keys from foldIn(foldIn(key, e), s), in order, one update per pair (no minibatches).
 */
export function trainWord2vec(sequences: readonly ArrayLike<number>[], options: Word2vecOptions): Word2vec {
  checkOptions(OP, options, ['dim', 'model', 'window', 'negatives', 'epochs', 'alpha', 'minAlpha', 'noisePower', 'keep', 'counts', 'vocabSize', 'key', 'onProgress', 'progressEvery'], 'required');
  const { dim: d, window = 5, negatives: k = 5, epochs = 5, model = 'skipgram', progressEvery = 100_000 } = options;
  checkSize(OP, 'dim', d);
  checkSize(OP, 'window', window);
  checkSize(OP, 'negatives', k, 0);
  checkSize(OP, 'epochs', epochs);
  checkSize(OP, 'progressEvery', progressEvery);
  if (model !== 'skipgram' && model !== 'cbow') throw new OptionError(OP, `model must be 'skipgram' or 'cbow', got ${String(model)}`);
  const cbow = model === 'cbow';
  const alpha0 = positive(OP, 'alpha', options.alpha ?? (cbow ? 0.05 : 0.025));
  const minAlpha = nonNegative(OP, 'minAlpha', options.minAlpha ?? alpha0 * 1e-4);
  if (minAlpha > alpha0) throw new OptionError(OP, `minAlpha (${minAlpha}) must not exceed alpha (${alpha0})`);
  checkFunctionOption(OP, 'onProgress', options.onProgress);
  checkKey(OP, options.key);
  const c = corpus(OP, sequences, options.vocabSize);
  const V = c.vocabSize;
  const keep = keepPerId(OP, options.keep, V);
  const noise = noiseDistribution(perId(OP, 'counts', options.counts, V) ?? tokenCounts(c), nonNegative(OP, 'noisePower', options.noisePower ?? NOISE_POWER));
  const [initKey, trainKey] = split(options.key);
  const { tables: [syn0, syn1, h, e], step, rowStep } = sgnsTables([V * d, V * d, d, d], d, k);
  syn0.set(uniformData(initKey, V * d, -0.5 / d, 0.5 / d));
  const run: Run = { c, d, window, k, cbow, keep, noise, syn0, syn1 };
  const work = scratch(d, { h, e, step, rowStep });
  const r = runPasses(c, { epochs, alpha: alpha0, minAlpha, key: trainKey, onProgress: options.onProgress, progressEvery },
    (s, key, alpha) => trainSentence(run, s, key, alpha, work));
  return {
    input: fromHost(run.syn0.slice(), [V, d]),
    output: fromHost(run.syn1.slice(), [V, d]),
    losses: r.losses,
    pairs: r.updates,
    words: r.words,
    seconds: r.seconds,
  };
}
