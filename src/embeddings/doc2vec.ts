// Paragraph vectors (Le & Mikolov 2014) as gensim's Doc2Vec trains them, on word2vec's engine:
// PV-DBOW — a document's vector predicts each of its words (negative sampling), optionally with
// skip-gram word training interleaved (gensim's dbow_words); PV-DM — the mean of the document's
// vector and a window of word vectors predicts the centre word (by default their sum, its error
// shared out as error / count, gensim's dm_mean=0; or their mean, the error added whole, as
// word2vec's CBOW and as gensim 4.2's Doc2Vec() runs whatever dm_mean says). Vectors of unseen documents are
// inferred by training only their own vector against the frozen word and output tables.
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { nonNegative, positive } from '../optim/options.js';
import { checkKey, foldIn, split, type Key } from '../random/key.js';
import { keepPerId, perId, runPasses, type CorpusTrainerOptions, type PassSchedule } from './passes.js';
import { uniformData } from '../random/sample.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { corpus, tokenCounts, type Corpus } from './corpus.js';
import { noiseDistribution, type NoiseDistribution } from './noise.js';
import { copyRow } from './sgns-kernel.js';
import { sgnsTables } from './sgns-wasm.js';
import {
  addToContext, contextMean, drawNoise, prepareSentence, scratch, skipGramPairs, targetCount, type Scratch, type Word2vecProgress,
} from './word2vec.js';

export type Doc2vecMode = 'dbow' | 'dm';

export interface Doc2vecOptions extends CorpusTrainerOptions {
  readonly dim: number;
  /** 'dbow' (PV-DBOW) or 'dm' (PV-DM, gensim's default). Default 'dm'. */
  readonly mode?: Doc2vecMode;
  /**
   * PV-DM only: the input is the mean of the document and context vectors, each getting the whole
   * error (true), or their sum, each getting error / count (false, gensim's dm_mean=0). Default
   * false: on Brown's genres the sum scores 0.457 and the mean 0.368 (bench/doc2vec-peers.ts).
   * gensim 4.2's Doc2Vec() documents dm_mean=0 as its default but runs the mean (Word2Vec's
   * cbow_mean=1 overrides it), so its PV-DM is this option's true.
   */
  readonly dmMean?: boolean;
  /** PV-DBOW only: also train word vectors by skip-gram on the same text (gensim's dbow_words). Default false. */
  readonly trainWords?: boolean;
  /** Window reach for PV-DM and for dbow's word training. Default 5. */
  readonly window?: number;
  readonly negatives?: number;
  /** Default 10 (gensim's Doc2Vec). */
  readonly epochs?: number;
  /** Default 0.025, falling linearly to minAlpha (default 0.0001) over the run, as gensim. */
  readonly alpha?: number;
  readonly minAlpha?: number;
  readonly vocabSize?: number;
}

/** A trained model: what inference needs, plus the document vectors. */
export interface Doc2vec {
  /** `[documents, d]`. */
  readonly docs: Tensor<[number, number]>;
  /** `[V, d]` word vectors (PV-DM, or dbow with trainWords; else their random start). */
  readonly words: Tensor<[number, number]>;
  /** `[V, d]` output vectors. */
  readonly output: Tensor<[number, number]>;
  readonly mode: Doc2vecMode;
  readonly dmMean: boolean;
  readonly window: number;
  readonly negatives: number;
  readonly epochs: number;
  readonly alpha: number;
  readonly minAlpha: number;
  readonly noise: NoiseDistribution;
  /** The subsampling keep probabilities it was trained with (inference subsamples alike, as gensim's infer_vector). */
  readonly keep: Float64Array | undefined;
  readonly losses: Float64Array;
  readonly seconds: number;
}

const OP = 'trainDoc2vec';

interface Tables { readonly docs: Float32Array; readonly syn0: Float32Array; readonly syn1: Float32Array }
interface Settings { readonly d: number; readonly k: number; readonly window: number; readonly dm: boolean; readonly dmMean: boolean; readonly trainWords: boolean; readonly learnWords: boolean; readonly noise: NoiseDistribution }

/** One document with learning rate alpha: its vector (and, when learning, the word and output tables) updated. */
const trainDocument = (c: Corpus, s: number, doc: number, t: Tables, o: Settings, keep: Float64Array | undefined, key: Key, alpha: number, w: Scratch): [number, number] => {
  const { d, k } = o;
  const [subKey, reachKey, noiseKey, wordNoiseKey] = split(key, 4);
  const m = prepareSentence(c, s, keep, o.dm || o.trainWords ? o.window : 0, subKey, reachKey, w);
  if (m === 0) return [0, 0];
  const at = doc * d;
  let loss = 0, n = 0;
  if (o.dm) {
    drawNoise(o.noise, m * k, noiseKey, w);
    for (let i = 0; i < m; i++) {
      const count = contextMean(t.syn0, d, w, m, i, { table: t.docs, at }, o.dmMean);
      loss += w.step(w.h, t.syn1, d, w.kept[i], w.negatives, i * k, k, alpha, w.e, o.learnWords);
      if (!o.dmMean) for (let q = 0; q < d; q++) w.e[q] /= count;
      for (let q = 0; q < d; q++) t.docs[at + q] += w.e[q];
      if (o.learnWords) addToContext(t.syn0, d, w, m, i);
      w.e.fill(0, 0, d);
      n++;
    }
    return [loss, n];
  }
  drawNoise(o.noise, m * k, noiseKey, w);
  for (let i = 0; i < m; i++) {
    copyRow(t.docs, at, d, w.h);
    loss += w.step(w.h, t.syn1, d, w.kept[i], w.negatives, i * k, k, alpha, w.e, o.learnWords);
    for (let q = 0; q < d; q++) { t.docs[at + q] += w.e[q]; w.e[q] = 0; }
    n++;
  }
  if (o.trainWords && o.learnWords && m > 1) {
    drawNoise(o.noise, targetCount(m, w.reach, false) * k, wordNoiseKey, w);
    const [l, p] = skipGramPairs(t.syn0, t.syn1, d, k, alpha, w, m);
    loss += l; n += p;
  }
  return [loss, n];
};

/** `epochs` passes of `trainDocument` over every document (document s is row s). */
const passes = (c: Corpus, t: Tables, o: Settings, keep: Float64Array | undefined, schedule: PassSchedule, w: Scratch) => {
  return runPasses(c, schedule, (s, key, alpha) => trainDocument(c, s, s, t, o, keep, key, alpha, w));
};

/**
 * Paragraph vectors of the documents in `documents` (each a sequence of word ids). Document and
 * word vectors start uniform in ±1/d, as gensim 4's (word2vec.c's ±0.5/d scored PV-DM 3 points
 * lower on Brown's genres), output vectors at 0. Deterministic for a key.
 */
export function trainDoc2vec(documents: readonly ArrayLike<number>[], options: Doc2vecOptions): Doc2vec {
  checkOptions(OP, options, ['dim', 'mode', 'dmMean', 'trainWords', 'window', 'negatives', 'epochs', 'alpha', 'minAlpha', 'keep', 'counts', 'vocabSize', 'key', 'onProgress', 'progressEvery'], 'required');
  const { dim: d, mode = 'dm', dmMean = false, trainWords = false, window = 5, negatives: k = 5, epochs = 10 } = options;
  checkSize(OP, 'dim', d);
  checkSize(OP, 'window', window);
  checkSize(OP, 'negatives', k, 0);
  checkSize(OP, 'epochs', epochs);
  if (mode !== 'dm' && mode !== 'dbow') throw new OptionError(OP, `mode must be 'dm' or 'dbow', got ${String(mode)}`);
  if (typeof dmMean !== 'boolean') throw new OptionError(OP, `dmMean must be true or false, got ${String(dmMean)}`);
  if (typeof trainWords !== 'boolean') throw new OptionError(OP, `trainWords must be true or false, got ${String(trainWords)}`);
  const alpha = positive(OP, 'alpha', options.alpha ?? 0.025);
  const minAlpha = nonNegative(OP, 'minAlpha', options.minAlpha ?? 0.0001);
  if (minAlpha > alpha) throw new OptionError(OP, `minAlpha (${minAlpha}) must not exceed alpha (${alpha})`);
  checkFunctionOption(OP, 'onProgress', options.onProgress);
  checkKey(OP, options.key);
  const c = corpus(OP, documents, options.vocabSize);
  const V = c.vocabSize, D = documents.length;
  const keep = keepPerId(OP, options.keep, V);
  const counts = perId(OP, 'counts', options.counts, V);
  const noise = noiseDistribution(counts ?? tokenCounts(c));
  const [docKey, wordKey, trainKey] = split(options.key, 3);
  const { tables: [docs, syn0, syn1, h, e], step, rowStep } = sgnsTables([D * d, V * d, V * d, d, d], d, k);
  docs.set(uniformData(docKey, D * d, -1 / d, 1 / d));
  syn0.set(uniformData(wordKey, V * d, -1 / d, 1 / d));
  const t: Tables = { docs, syn0, syn1 };
  const settings: Settings = { d, k, window, dm: mode === 'dm', dmMean, trainWords, learnWords: true, noise };
  const r = passes(c, t, settings, keep, { epochs, alpha, minAlpha, key: trainKey, onProgress: options.onProgress, progressEvery: options.progressEvery }, scratch(d, { h, e, step, rowStep }));
  return {
    docs: fromHost(docs.slice(), [D, d]), words: fromHost(syn0.slice(), [V, d]), output: fromHost(syn1.slice(), [V, d]),
    mode, dmMean, window, negatives: k, epochs, alpha, minAlpha, noise, keep, losses: r.losses, seconds: r.seconds,
  };
}

export interface InferOptions {
  /** Default: the model's epochs. */
  readonly epochs?: number;
  /** Default: the model's alpha and minAlpha. */
  readonly alpha?: number;
  readonly minAlpha?: number;
  readonly key: Key;
}

/**
 * Vectors for unseen documents (gensim's infer_vector): each starts uniform in ±0.5/d and is trained
 * alone, the model's word and output vectors frozen, with the model's objective and subsampling. `[n, d]`.
 * Deterministic for a key: document i uses foldIn(key, i), so one document's vector does not depend on the others.
 */
export function inferDoc2vec(model: Doc2vec, documents: readonly ArrayLike<number>[], options: InferOptions): Tensor<[number, number]> {
  const op = 'inferDoc2vec';
  checkOptions(op, options, ['epochs', 'alpha', 'minAlpha', 'key'], 'required');
  checkKey(op, options.key);
  const epochs = options.epochs ?? model.epochs;
  checkSize(op, 'epochs', epochs);
  const alpha = positive(op, 'alpha', options.alpha ?? model.alpha);
  const minAlpha = nonNegative(op, 'minAlpha', options.minAlpha ?? model.minAlpha);
  const [V, d] = model.words.shape;
  const { tables: [vector, syn0, syn1, h, e], step, rowStep } = sgnsTables([d, V * d, V * d, d, d], d, model.negatives);
  syn0.set(toArray(model.words));
  syn1.set(toArray(model.output));
  const w = scratch(d, { h, e, step, rowStep });
  const out = new Float32Array(documents.length * d);
  const settings: Settings = { d, k: model.negatives, window: model.window, dm: model.mode === 'dm', dmMean: model.dmMean, trainWords: false, learnWords: false, noise: model.noise };
  documents.forEach((doc, i) => {
    const c = corpus(op, [doc], V);
    const [initKey, trainKey] = split(foldIn(options.key, i));
    vector.set(uniformData(initKey, d, -0.5 / d, 0.5 / d));
    passes(c, { docs: vector, syn0, syn1 }, settings, model.keep, { epochs, alpha, minAlpha, key: trainKey }, w);
    out.set(vector, i * d);
  });
  return fromHost(out, [documents.length, d]);
}
