// sent2vec (Pagliardini, Gupta & Jaggi 2018, "Unsupervised learning of sentence embeddings using
// compositional n-gram features") as the reference implementation (epfml/sent2vec, built on
// fastText) trains it. For each sentence and each target position i that subsampling keeps, the
// context is the whole sentence with w_i replaced by a placeholder: every unigram of it (the
// placeholder has its own input row, as the reference's <PLACEHOLDER>, word 0 there) and its hashed
// word n-grams — an n-gram over position i hashes the placeholder, so no n-gram holds the target —
// minus the n-grams over `dropoutK` positions drawn per target (the paper's "dropping K n-grams";
// unigrams are never dropped). The mean of the context rows predicts w_i against `negatives` noise
// words drawn from unigram counts^0.5 (fastText's negative table), a draw equal to the target
// redrawn (fastText's getNegative). As fastText's Model::update for sent2vec, the input gradient is
// divided by the number of context rows before it is added to each. A sentence's vector is the
// mean of its unigram and n-gram rows (FastText::textVector).
//
// Defaults are the reference's `sent2vec` command: dim 100, epoch 5, lr 0.2 (linear to 0),
// neg 10, dropoutK 2, bucket 2,000,000, t 1e-4; wordNgrams 2 (the reference's flag defaults to 1,
// the paper's uni+bigram models set 2). minCount 5 is the vocabulary's (buildVocabulary).
//
// Departures, on purpose: exact σ and ln (the reference reads tables); the K dropped positions are a
// uniform K-subset of all positions (the reference draws from 1 … L, an off-by-one that never drops
// position 0 and can index past the end); bucket ids hash our word ids, not the reference's.
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { positive } from '../optim/options.js';
import { drawAlias } from '../graph/alias.js';
import { checkKey, foldIn, split, type Key } from '../random/key.js';
import { keepPerId, perId, runPasses, type CorpusTrainerOptions } from './passes.js';
import { mulhi32, randomBits } from '../random/philox.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { keepProbabilities } from '../text/subsample.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { corpus, tokenCounts, type Corpus } from './corpus.js';
import { addRowTo, eagerRows, hashedRows, rowOffset, type HashedRows, type HashedTables } from './hashed-rows.js';
import { noiseDistribution, type NoiseDistribution } from './noise.js';
import { negativeSamplingStep } from './sgns-kernel.js';
import { MAX_BUCKET, ngramBucket } from './word-ngrams.js';
import type { Word2vecProgress } from './word2vec.js';

/** fastText's exponent for its negative table (word2vec's is 3/4). */
export const SENT2VEC_NOISE_POWER = 0.5;
/** The reference's default subsampling threshold t. */
export const SENT2VEC_SAMPLE = 1e-4;

export interface Sent2vecOptions extends CorpusTrainerOptions {
  /** Default 100. */
  readonly dim?: number;
  /** The longest word n-gram (1: unigrams only). Default 2. */
  readonly wordNgrams?: number;
  /** Hash buckets for the n-grams; rows are allocated only for buckets reached. Default 2,000,000. */
  readonly bucket?: number;
  /** Default 5. */
  readonly epochs?: number;
  /** Starting learning rate, falling linearly to 0 over all epochs' tokens. Default 0.2. */
  readonly lr?: number;
  /** Noise words per target. Default 10. */
  readonly negatives?: number;
  /** Positions whose n-grams are left out of each target's context (never leaving fewer than 2). Default 2. */
  readonly dropoutK?: number;
  /** Per id, the probability that an occurrence is a target. Default keepProbabilities(counts, 1e-4) (fastText's rule). */
  readonly keep?: ArrayLike<number>;
  /** Ids are 0 … vocabSize − 1. Default: the largest id + 1. */
  readonly vocabSize?: number;
}

/** @internal what sentence vectors read: input rows 0 … V − 1 the words, V the placeholder, V + 1 + b n-gram bucket b. */
export type Sent2vecTables = HashedTables;

export interface Sent2vec {
  readonly dim: number;
  readonly vocabSize: number;
  readonly wordNgrams: number;
  readonly bucket: number;
  /** `[vocabSize, dim]`: the unigram (input) vectors. */
  readonly words: Tensor<[number, number]>;
  /** `[vocabSize, dim]`: the output vectors. */
  readonly output: Tensor<[number, number]>;
  /** Distinct n-gram buckets reached in training. */
  readonly ngramRows: number;
  readonly losses: Float64Array;
  /** (context, target) updates made. */
  readonly targets: number;
  readonly seconds: number;
  /** @internal */
  readonly tables: Sent2vecTables;
}

const OP = 'trainSent2vec';
const TWO_32 = 2 ** 32;

/** Noise ids drawn in chunks from a key, one chunk after another (the count a sentence needs is not fixed). */
interface NoiseStream { readonly noise: NoiseDistribution; readonly key: Key; bits: Uint32Array; pos: number; round: number }

const nextNoise = (s: NoiseStream, chunk: number): number => {
  if (s.pos + 2 > s.bits.length) { s.bits = randomBits(foldIn(s.key, s.round++), 2 * chunk); s.pos = 0; }
  const n = s.noise.probabilities.length;
  const v = drawAlias(s.noise.table, 0, n, s.bits[s.pos], s.bits[s.pos + 1]);
  s.pos += 2;
  return v;
};

interface Run {
  readonly c: Corpus;
  readonly t: Sent2vecTables;
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly bucket: number;
  readonly dropoutK: number;
  readonly keep: Float64Array;
  readonly noise: NoiseDistribution;
}

interface Scratch { ctx: Int32Array; rows: Int32Array; offsets: Int32Array; dropped: Uint8Array; perm: Int32Array; readonly negatives: Int32Array; readonly h: Float32Array; readonly e: Float32Array }

const grow = (w: Scratch, L: number, n: number): void => {
  if (w.ctx.length >= L) return;
  const size = 2 * L;
  w.ctx = new Int32Array(size); w.dropped = new Uint8Array(size); w.perm = new Int32Array(size);
  w.rows = new Int32Array(size * n); w.offsets = new Int32Array(size * n);
};

/**
 * @internal The context rows of ctx[0 … L) into w.rows: the L unigrams, then for each position not
 * dropped the n-grams starting there that reach no dropped position (the reference's
 * Dictionary::addNgrams), as rows base + bucket. Returns how many.
 */
export function contextRows(ctx: Int32Array, L: number, dropped: Uint8Array, n: number, bucket: number, base: number, rows: Int32Array): number {
  for (let i = 0; i < L; i++) rows[i] = ctx[i];
  let m = L;
  for (let i = 0; i < L; i++) {
    if (dropped[i]) continue;
    for (let len = 2; len <= n && i + len <= L; len++) {
      if (dropped[i + len - 1]) break;
      rows[m++] = base + ngramBucket(ctx, i, len, bucket);
    }
  }
  return m;
}

/** Trains on sentence s with rate lr; returns [loss sum, targets]. */
const trainSentence = (r: Run, s: number, key: Key, lr: number, w: Scratch): [number, number] => {
  const { c, d, k, n, t } = r;
  const from = c.starts[s], L = c.starts[s + 1] - from;
  if (L <= 1) return [0, 0]; // the reference skips one-word lines
  const V = c.vocabSize;
  grow(w, L, n);
  const [subKey, dropKey, noiseKey] = split(key, 3);
  const sub = randomBits(subKey, L);
  const K = Math.max(0, Math.min(r.dropoutK, L - 2)); // the reference stops while more than 2 positions remain
  const drops = randomBits(dropKey, L * K);
  const stream: NoiseStream = { noise: r.noise, key: noiseKey, bits: new Uint32Array(0), pos: 0, round: 0 };
  let loss = 0, targets = 0;
  for (let i = 0; i < L; i++) {
    const target = c.tokens[from + i];
    if (!(sub[i] < r.keep[target] * TWO_32)) continue;
    for (let j = 0; j < L; j++) { w.ctx[j] = c.tokens[from + j]; w.dropped[j] = 0; w.perm[j] = j; }
    w.ctx[i] = V; // the placeholder
    for (let q = 0; q < K; q++) { // a uniform K-subset: the first K steps of a Fisher–Yates shuffle
      const pick = q + mulhi32(drops[i * K + q], L - q);
      const p = w.perm[pick]; w.perm[pick] = w.perm[q]; w.perm[q] = p;
      w.dropped[p] = 1;
    }
    const m = contextRows(w.ctx, L, w.dropped, n, r.bucket, V + 1, w.rows);
    for (let q = 0; q < m; q++) w.offsets[q] = rowOffset(t.input, w.rows[q]); // may grow input.data: read it after
    const x = t.input.data;
    w.h.fill(0);
    for (let q = 0; q < m; q++) { const at = w.offsets[q]; for (let z = 0; z < d; z++) w.h[z] += x[at + z]; }
    for (let z = 0; z < d; z++) w.h[z] /= m;
    for (let j = 0; j < k; j++) { let v = 0; do v = nextNoise(stream, L * k + 8); while (v === target); w.negatives[j] = v; }
    loss += negativeSamplingStep(w.h, t.output, d, target, w.negatives, 0, k, lr, w.e);
    for (let z = 0; z < d; z++) w.e[z] /= m; // Model::update divides for sent2vec, as for supervised
    for (let q = 0; q < m; q++) { const at = w.offsets[q]; for (let z = 0; z < d; z++) x[at + z] += w.e[z]; }
    w.e.fill(0);
    targets++;
  }
  return [loss, targets];
};

/**
 * sent2vec vectors from `sentences` (word ids). The input rows start uniform in ±1/dim, the output
 * rows at 0 (as fastText). Sentences are visited in order each epoch; sentence s of epoch e draws
 * from foldIn(foldIn(key, e), s). Deterministic for a key.
 */
export function trainSent2vec(sentences: readonly ArrayLike<number>[], options: Sent2vecOptions): Sent2vec {
  checkOptions(OP, options, ['dim', 'wordNgrams', 'bucket', 'epochs', 'lr', 'negatives', 'dropoutK', 'keep', 'counts', 'vocabSize', 'key', 'onProgress', 'progressEvery'], 'required');
  const { dim: d = 100, wordNgrams = 2, bucket = 2_000_000, epochs = 5, negatives: k = 10, dropoutK = 2, progressEvery = 100_000 } = options;
  checkSize(OP, 'dim', d);
  checkSize(OP, 'wordNgrams', wordNgrams);
  checkSize(OP, 'bucket', bucket);
  if (bucket > MAX_BUCKET) throw new OptionError(OP, `bucket must be at most ${MAX_BUCKET} (fastText's int32 ids), got ${bucket}`);
  checkSize(OP, 'epochs', epochs);
  checkSize(OP, 'negatives', k);
  checkSize(OP, 'dropoutK', dropoutK, 0);
  checkSize(OP, 'progressEvery', progressEvery);
  const lr0 = positive(OP, 'lr', options.lr ?? 0.2);
  checkFunctionOption(OP, 'onProgress', options.onProgress);
  checkKey(OP, options.key);
  const c = corpus(OP, sentences, options.vocabSize);
  const V = c.vocabSize;
  const counts = perId(OP, 'counts', options.counts, V) ?? tokenCounts(c);
  const keep = keepPerId(OP, options.keep, V) ?? keepProbabilities(counts, SENT2VEC_SAMPLE);
  const noise = noiseDistribution(counts, SENT2VEC_NOISE_POWER);
  const [inputKey, trainKey] = split(options.key);
  const t: Sent2vecTables = { input: hashedRows(inputKey, d, V + 1), output: new Float32Array(V * d) };
  const run: Run = { c, t, d, k, n: wordNgrams, bucket, dropoutK, keep, noise };
  const w: Scratch = {
    ctx: new Int32Array(0), rows: new Int32Array(0), offsets: new Int32Array(0), dropped: new Uint8Array(0), perm: new Int32Array(0),
    negatives: new Int32Array(k), h: new Float32Array(d), e: new Float32Array(d),
  };
  // fastText's schedule lr · (1 − progress) is the shared linear one with a floor of 0
  const r = runPasses(c, { epochs, alpha: lr0, minAlpha: 0, key: trainKey, onProgress: options.onProgress, progressEvery },
    (s, key, lr) => trainSentence(run, s, key, lr, w));
  return {
    dim: d, vocabSize: V, wordNgrams, bucket,
    words: fromHost(eagerRows(t.input, V), [V, d]),
    output: fromHost(t.output.slice(), [V, d]),
    ngramRows: t.input.slots.size,
    losses: r.losses,
    targets: r.updates,
    seconds: r.seconds,
    tables: t,
  };
}

/**
 * The vector of a sentence of word ids: the mean of the rows of its unigrams and all its word
 * n-grams up to the model's wordNgrams (no placeholder, nothing dropped), as the reference's
 * textVector; a bucket no training sentence reached keeps its starting row. Empty: zeros.
 */
export function sentenceVector(model: Sent2vec, tokens: ArrayLike<number>): Float32Array {
  const op = 'sentenceVector';
  if (tokens === null || typeof tokens !== 'object' || typeof tokens.length !== 'number') throw new ArgumentError(op, 'tokens', `must be an array of word ids, got ${describe(tokens)}`);
  const { dim: d, vocabSize: V } = model;
  const L = tokens.length;
  const ids = new Int32Array(L);
  for (let i = 0; i < L; i++) {
    const v = tokens[i];
    if (!Number.isInteger(v) || v < 0 || v >= V) throw new ArgumentError(op, `tokens[${i}]`, `is ${describe(v)}; expected an id in [0, ${V})`);
    ids[i] = v;
  }
  const rows = new Int32Array(L * Math.max(1, model.wordNgrams));
  const m = contextRows(ids, L, new Uint8Array(L), model.wordNgrams, model.bucket, V + 1, rows);
  const acc = new Float64Array(d);
  for (let q = 0; q < m; q++) addRowTo(model.tables.input, rows[q], acc);
  const out = new Float32Array(d);
  if (m > 0) for (let z = 0; z < d; z++) out[z] = acc[z] / m;
  return out;
}

/** `sentenceVector` of each sentence, as rows of a `[sentences.length, dim]` tensor. */
export function sentenceVectors(model: Sent2vec, sentences: readonly ArrayLike<number>[]): Tensor<[number, number]> {
  if (!Array.isArray(sentences)) throw new ArgumentError('sentenceVectors', 'sentences', `must be an array of word-id sequences, got ${describe(sentences)}`);
  const out = new Float32Array(sentences.length * model.dim);
  sentences.forEach((s, i) => out.set(sentenceVector(model, s), i * model.dim));
  return fromHost(out, [sentences.length, model.dim]);
}
