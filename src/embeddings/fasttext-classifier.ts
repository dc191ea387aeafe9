// fastText's supervised classifier (Joulin et al. 2016, "Bag of tricks for efficient text
// classification") as `fasttext supervised` trains it: a sentence's hidden vector is the mean of
// the input rows of its words and of its hashed word n-grams, the class scores are the output rows
// `[classes, d]` times it, the loss is the full softmax cross-entropy, and SGD runs one example at
// a time, in order, with a learning rate falling linearly from `lr` to 0 over the run. On the host,
// like word2vec's engine: an update is a few hundred multiply-adds, far below a kernel launch.
//
// The update is fastText's Model::update with SoftmaxLoss::forward, exactly: with p = softmax(W·h),
// for each class c in turn, α = lr·(1[c = y] − p_c), grad += α·W_c (W_c before its own update) and
// W_c += α·h; then grad is multiplied by 1 / (number of inputs) — fastText normalises the gradient
// in supervised mode only — and added to every input row (a row listed twice gets it twice). Since
// h is the mean of the rows, this is exactly −lr times the gradient of −ln p_y for every parameter.
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { positive } from '../optim/options.js';
import { checkKey, split, type Key } from '../random/key.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkOptions, describe, show } from '../shape/options.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { addRowTo, eagerRows, hashedRows, rowOffset, type HashedRows, type HashedTables } from './hashed-rows.js';
import { MAX_BUCKET, ngramBucket } from './word-ngrams.js';
import type { Word2vecProgress } from './word2vec.js';

export interface FastTextExample {
  /** Word ids in [0, vocabSize), in sentence order (an empty sentence is skipped, as fastText skips it). */
  readonly tokens: Int32Array;
  /** A class in [0, classes). */
  readonly label: number;
}

export interface FastTextClassifierOptions {
  readonly classes: number;
  /**
   * Default 10: the paper's 10 hidden units for sentiment (Joulin et al. 2016, §3.1). The
   * `fasttext supervised` command's own default (-dim) is 100.
   */
  readonly dim?: number;
  /** The longest word n-gram fed in (-wordNgrams): 1 is words alone. Default 2 (bigrams, the paper's setting; the command's default is 1). */
  readonly wordNgrams?: number;
  /**
   * Hash buckets for the n-grams (-bucket). Default 2,000,000, fastText's. Rows are allocated only for
   * the buckets an n-gram reaches, so memory follows the corpus, not this number.
   */
  readonly bucket?: number;
  /** Default 5 (-epoch). */
  readonly epochs?: number;
  /** Starting learning rate (-lr), falling linearly to 0 over all epochs' tokens. Default 0.1. */
  readonly lr?: number;
  /** Ids are 0 … vocabSize − 1. Default: the largest id + 1. */
  readonly vocabSize?: number;
  /** Seeds the input rows (uniform in ±1/dim, as fastText; the output rows start at 0). */
  readonly key: Key;
  /** `words` counts tokens, `loss` is the mean −ln p_label since the last report. */
  readonly onProgress?: (p: Word2vecProgress) => void;
  /** Tokens between reports. Default 100,000. */
  readonly progressEvery?: number;
}

/** @internal what prediction reads: the word and n-gram input rows and the [classes, d] output matrix. */
export type ClassifierTables = HashedTables;

export interface FastTextClassifier {
  readonly dim: number;
  readonly classes: number;
  readonly vocabSize: number;
  readonly wordNgrams: number;
  readonly bucket: number;
  /** `[vocabSize, dim]`: the word rows of the input matrix. */
  readonly words: Tensor<[number, number]>;
  /** `[classes, dim]`. */
  readonly output: Tensor<[number, number]>;
  /** Distinct n-gram buckets the training set reached (the rows allocated besides the words). */
  readonly ngramRows: number;
  /** The mean loss of each progress report. */
  readonly losses: Float64Array;
  /** Updates made (non-empty examples × epochs). */
  readonly updates: number;
  readonly seconds: number;
  /** @internal */
  readonly tables: ClassifierTables;
}

const OP = 'trainFastTextClassifier';
/** corpus.ts's limit: ids up to 2^24 keep bigram hashes exact in float64. */
const MAX_VOCAB = 2 ** 24;

/** @internal scratch for one example. */
export interface ExampleScratch { rows: Int32Array; offsets: Int32Array; readonly hidden: Float64Array; readonly grad: Float64Array; readonly probs: Float64Array }

/** @internal */
export const exampleScratch = (d: number, classes: number): ExampleScratch =>
  ({ rows: new Int32Array(64), offsets: new Int32Array(64), hidden: new Float64Array(d), grad: new Float64Array(d), probs: new Float64Array(classes) });

/**
 * @internal The input rows of a sentence into `w.rows`, fastText's order (Dictionary::getLine then
 * addWordNgrams): the words, then for each position i the n-grams starting there, shortest first,
 * as rows V + bucket. Returns how many.
 */
export function inputRows(tokens: Int32Array, V: number, wordNgrams: number, bucket: number, w: ExampleScratch): number {
  const L = tokens.length;
  const total = L + Math.max(0, wordNgrams - 1) * L;
  if (w.rows.length < total) { w.rows = new Int32Array(2 * total); w.offsets = new Int32Array(2 * total); }
  w.rows.set(tokens);
  let n = L;
  for (let i = 0; i < L; i++) for (let len = 2; len <= wordNgrams && i + len <= L; len++) w.rows[n++] = V + ngramBucket(tokens, i, len, bucket);
  return n;
}

/** p ← softmax(W·h) over `classes` rows of W (max subtracted, as fastText); returns nothing. */
const softmax = (output: Float32Array, d: number, classes: number, h: Float64Array, p: Float64Array): void => {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let s = 0;
    const at = c * d;
    for (let q = 0; q < d; q++) s += output[at + q] * h[q];
    p[c] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let c = 0; c < classes; c++) { p[c] = Math.exp(p[c] - max); z += p[c]; }
  for (let c = 0; c < classes; c++) p[c] /= z;
};

/**
 * @internal One example, fastText's Model::update in supervised mode over the n rows in `w.rows`:
 * the tables change in place; returns −ln p_target (before the update).
 */
export function supervisedUpdate(t: ClassifierTables, d: number, classes: number, n: number, target: number, lr: number, w: ExampleScratch): number {
  const { hidden: h, grad, probs, rows, offsets } = w;
  const { input, output } = t;
  h.fill(0);
  grad.fill(0);
  for (let r = 0; r < n; r++) offsets[r] = rowOffset(input, rows[r]); // may grow input.data: read it after
  const x = input.data;
  for (let r = 0; r < n; r++) { const at = offsets[r]; for (let q = 0; q < d; q++) h[q] += x[at + q]; }
  for (let q = 0; q < d; q++) h[q] /= n;
  softmax(output, d, classes, h, probs);
  const loss = -Math.log(probs[target]);
  for (let c = 0; c < classes; c++) {
    const alpha = lr * ((c === target ? 1 : 0) - probs[c]);
    const at = c * d;
    for (let q = 0; q < d; q++) { grad[q] += alpha * output[at + q]; output[at + q] += alpha * h[q]; }
  }
  for (let q = 0; q < d; q++) grad[q] /= n; // fastText: normalizeGradient_ is set for supervised models
  for (let r = 0; r < n; r++) { const at = offsets[r]; for (let q = 0; q < d; q++) x[at + q] += grad[q]; }
  return loss;
}

const checkExamples = (examples: unknown, classes: number, vocabSize: number | undefined): { V: number; tokens: number } => {
  if (!Array.isArray(examples) || examples.length === 0) throw new ArgumentError(OP, 'examples', `must be a non-empty array of { tokens, label }, got ${describe(examples)}`);
  const list: readonly unknown[] = examples;
  let largest = -1, tokens = 0;
  const limit = vocabSize ?? MAX_VOCAB;
  list.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || !('tokens' in e) || !('label' in e)) throw new ArgumentError(OP, `examples[${i}]`, `must be { tokens, label }, got ${describe(e)}`);
    const { tokens: ids, label } = e;
    if (!(ids instanceof Int32Array)) throw new ArgumentError(OP, `examples[${i}].tokens`, `must be an Int32Array of word ids, got ${describe(ids)}`);
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= classes) throw new ArgumentError(OP, `examples[${i}].label`, `is ${show(label)}; expected a class in [0, ${classes})`);
    for (let j = 0; j < ids.length; j++) {
      if (ids[j] < 0 || ids[j] >= limit) throw new ArgumentError(OP, `examples[${i}].tokens[${j}]`, `is ${ids[j]}; expected an id in [0, ${limit})`);
      if (ids[j] > largest) largest = ids[j];
    }
    tokens += ids.length;
  });
  if (vocabSize === undefined && largest < 0) throw new ArgumentError(OP, 'examples', 'hold no tokens: give vocabSize, or some tokens');
  return { V: vocabSize ?? largest + 1, tokens };
};

/**
 * A fastText classifier trained on `examples`, in the order given, every epoch (fastText reads its
 * file in order; shuffle the examples first when they are sorted by class). Deterministic for a key.
 */
export function trainFastTextClassifier(examples: readonly FastTextExample[], options: FastTextClassifierOptions): FastTextClassifier {
  checkOptions(OP, options, ['classes', 'dim', 'wordNgrams', 'bucket', 'epochs', 'lr', 'vocabSize', 'key', 'onProgress', 'progressEvery'], 'required');
  const { classes, dim: d = 10, wordNgrams = 2, bucket = 2_000_000, epochs = 5, progressEvery = 100_000 } = options;
  checkSize(OP, 'classes', classes, 2);
  checkSize(OP, 'dim', d);
  checkSize(OP, 'wordNgrams', wordNgrams);
  checkSize(OP, 'bucket', bucket);
  if (bucket > MAX_BUCKET) throw new OptionError(OP, `bucket must be at most ${MAX_BUCKET} (fastText's int32 ids), got ${bucket}`);
  checkSize(OP, 'epochs', epochs);
  checkSize(OP, 'progressEvery', progressEvery);
  if (options.vocabSize !== undefined) checkSize(OP, 'vocabSize', options.vocabSize);
  if ((options.vocabSize ?? 0) > MAX_VOCAB) throw new OptionError(OP, `vocabSize must be at most ${MAX_VOCAB} (n-gram hashes of larger ids are not exact), got ${options.vocabSize}`);
  const lr0 = positive(OP, 'lr', options.lr ?? 0.1);
  checkFunctionOption(OP, 'onProgress', options.onProgress);
  checkKey(OP, options.key);
  const { V, tokens: tokensPerEpoch } = checkExamples(examples, classes, options.vocabSize);
  const [inputKey] = split(options.key, 1);
  const t: ClassifierTables = { input: hashedRows(inputKey, d, V), output: new Float32Array(classes * d) };
  const w = exampleScratch(d, classes);
  const totalTokens = epochs * tokensPerEpoch;
  const losses: number[] = [];
  const started = performance.now();
  let seen = 0, updates = 0, lossSum = 0, lossN = 0, next = progressEvery, lr = lr0;
  const report = (epoch: number) => {
    losses.push(lossN > 0 ? lossSum / lossN : NaN);
    options.onProgress?.({ epoch, words: seen, totalWords: totalTokens, alpha: lr, loss: losses[losses.length - 1], wordsPerSecond: seen / ((performance.now() - started) / 1000) });
    lossSum = 0; lossN = 0;
  };
  for (let e = 0; e < epochs; e++) {
    for (const ex of examples) {
      lr = lr0 * (1 - seen / totalTokens); // fastText: lr · (1 − progress), progress in tokens
      seen += ex.tokens.length;
      if (ex.tokens.length === 0) continue;
      const n = inputRows(ex.tokens, V, wordNgrams, bucket, w);
      lossSum += supervisedUpdate(t, d, classes, n, ex.label, lr, w);
      lossN++; updates++;
      if (seen >= next) { report(e + 1); next += progressEvery; }
    }
    if (lossN > 0) report(e + 1);
  }
  return {
    dim: d, classes, vocabSize: V, wordNgrams, bucket,
    words: fromHost(eagerRows(t.input, V), [V, d]),
    output: fromHost(t.output.slice(), [classes, d]),
    ngramRows: t.input.slots.size,
    losses: Float64Array.from(losses),
    updates,
    seconds: (performance.now() - started) / 1000,
    tables: t,
  };
}

/**
 * The class probabilities softmax(W·h) of a sentence of word ids (an n-gram bucket no training
 * sentence reached keeps its starting row, as in fastText's matrix). An empty sentence gives h = 0,
 * so equal probabilities. Ids at or above the model's vocabSize are refused.
 */
export function fastTextProbabilities(model: FastTextClassifier, tokens: Int32Array): Float64Array {
  return probabilities('fastTextProbabilities', model, tokens);
}

const probabilities = (op: string, model: FastTextClassifier, tokens: Int32Array): Float64Array => {
  if (!(tokens instanceof Int32Array)) throw new ArgumentError(op, 'tokens', `must be an Int32Array of word ids, got ${describe(tokens)}`);
  const { dim: d, classes, vocabSize: V } = model;
  tokens.forEach((id, j) => { if (id < 0 || id >= V) throw new ArgumentError(op, `tokens[${j}]`, `is ${id}; expected an id in [0, ${V})`); });
  const w = exampleScratch(d, classes);
  const n = inputRows(tokens, V, model.wordNgrams, model.bucket, w);
  for (let r = 0; r < n; r++) addRowTo(model.tables.input, w.rows[r], w.hidden);
  if (n > 0) for (let q = 0; q < d; q++) w.hidden[q] /= n;
  softmax(model.tables.output, d, classes, w.hidden, w.probs);
  return w.probs;
};

/** The most probable class of a sentence (the lowest id on a tie). */
export function predictFastText(model: FastTextClassifier, tokens: Int32Array): number {
  const p = probabilities('predictFastText', model, tokens);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  return best;
}
